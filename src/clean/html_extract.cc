// STUB: replaced by the HTML extraction work (issue #2).
#include "clean/html_extract.h"

namespace sitrep::clean {

HtmlExtraction ExtractHtml(std::string_view html, uint32_t max_depth) {
  HtmlExtraction out;
  std::string text;
  bool in_tag = false;
  for (char c : html) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) text.push_back(c);
  }
  if (!text.empty()) out.blocks.push_back({text, ZoneKind::kBody, false, 0, -1});
  return out;
}

}  // namespace sitrep::clean
