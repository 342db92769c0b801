// The reader registry: one line per format.
#include "ingest/reader.h"
#include "ingest/readers.h"

namespace sitrep::ingest {

const Reader* ReaderFor(InputFormat format) {
  static const TextReader text;
  static const HtmlReader html;
  switch (format) {
    case InputFormat::kText: return &text;
    case InputFormat::kHtml: return &html;
    default: return nullptr;
  }
}

}  // namespace sitrep::ingest
