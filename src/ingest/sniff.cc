// STUB: replaced by the readers work (issue #2).
#include "ingest/reader.h"

namespace sitrep::ingest {

Result<InputFormat> SniffFormat(std::string_view path, std::string_view head) {
  if (head.empty()) return Corrupt("empty file");
  if (head.find("<html") != std::string_view::npos || head.find("<HTML") != std::string_view::npos)
    return InputFormat::kHtml;
  return InputFormat::kText;
}

}  // namespace sitrep::ingest
