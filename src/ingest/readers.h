// The concrete readers. Each is documented in docs/formats.md.
#pragma once

#include "ingest/reader.h"

namespace sitrep::ingest {

// A whole file is one document (text dump or HTML page).
class TextReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kText; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

class HtmlReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kHtml; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

}  // namespace sitrep::ingest
