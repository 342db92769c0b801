// Readers: one per input format. A reader turns a byte stream into RawRecords, one per news item,
// without decoding text or understanding content (that is clean/'s job).
//
// Thread safety: readers are stateless; Read() may run concurrently on different sources.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ingest/source.h"
#include "sitrep/document.h"
#include "sitrep/engine.h"
#include "sitrep/status.h"

namespace sitrep::ingest {

enum class BodyKind { kText, kHtml };

// One news item as found in the input, not yet decoded or cleaned.
struct RawRecord {
  InputFormat format = InputFormat::kText;
  std::optional<int64_t> record;  // index inside a multi-record file; absent for single files
  std::string body;               // raw bytes of the item (HTML or text), any encoding
  BodyKind body_kind = BodyKind::kText;
  // Encoding declared by the container (WARC HTTP Content-Type charset, XML declaration, "utf-8"
  // for JSON sources); empty when the container says nothing.
  std::string charset;
  // Metadata the container gives; absent when unknown. `published` is ISO 8601 when the
  // container's date could be read, else absent.
  std::optional<std::string> url, title, outlet, published;
  std::vector<Provenance> provenance;  // e.g. Telegram forwarded_from (span left empty)
};

struct RecordSink {
  std::function<void(RawRecord&&)> on_record;
  // A record that could not be read; the reader carries on with the next one when it can.
  std::function<void(Problem&&)> on_problem;
};

class Reader {
 public:
  virtual ~Reader() = default;
  virtual InputFormat format() const = 0;
  // Streams records from `in`. Bad records go to sink.on_problem and reading continues. Returns a
  // non-OK Status when the rest of the input cannot be read (truncated archive, unparseable
  // container); records emitted before that stand.
  virtual Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const = 0;
};

// The reader registry: one reader per format, filled in one place (reader_registry.cc).
const Reader* ReaderFor(InputFormat format);

// What the first bytes (and, only as a tie-breaker, the path) say the input is.
// Returns the format, or an Unsupported/Corrupt Status whose message says what the file is
// instead ("binary file (PDF)", "empty file", "gzip data that is not a WARC").
// `head` is up to the first 64 KiB of the input.
Result<InputFormat> SniffFormat(std::string_view path, std::string_view head);

}  // namespace sitrep::ingest
