#include "ingest/readers.h"

namespace sitrep::ingest {
namespace {

Status ReadWhole(ByteSource& in, const Limits& limits, const RecordSink& sink, InputFormat format,
                 BodyKind kind) {
  // Refuse before reading: a 200 MB "page" must not cost 200 MB of memory.
  if (in.size_hint() > limits.max_document_bytes) {
    return TooLarge("page of " + std::to_string(in.size_hint()) + " bytes exceeds the limit of " +
                    std::to_string(limits.max_document_bytes) + " bytes (raise --max-document-bytes)");
  }
  SITREP_ASSIGN_OR_RETURN(std::string bytes,
                          ReadAll(in, limits.max_document_bytes, "--max-document-bytes"));
  RawRecord r;
  r.format = format;
  r.body = std::move(bytes);
  r.body_kind = kind;
  sink.on_record(std::move(r));
  return Status::Ok();
}

}  // namespace

Status TextReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  return ReadWhole(in, limits, sink, InputFormat::kText, BodyKind::kText);
}

Status HtmlReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  return ReadWhole(in, limits, sink, InputFormat::kHtml, BodyKind::kHtml);
}

}  // namespace sitrep::ingest
