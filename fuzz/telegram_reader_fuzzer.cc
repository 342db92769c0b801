// libFuzzer target: the telegram reader on arbitrary bytes, then decoding of every record body.
// Build: CC=clang CXX=clang++ cmake -DSITREP_BUILD_FUZZ=ON ...; run: ./telegram_reader_fuzzer corpus/
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "clean/decode.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep;  // NOLINT: fuzzer entry point
  if (size > (1 << 20)) return 0;  // cap first, like re2's fuzzer
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  Limits limits;
  limits.max_file_bytes = 1 << 20;
  limits.max_document_bytes = 1 << 18;
  limits.max_line_bytes = 1 << 16;
  limits.max_warc_record_bytes = 1 << 18;
  limits.max_json_depth = 64;
  auto src = ingest::MemorySource("fuzz", bytes);
  ingest::RecordSink sink;
  sink.on_record = [](ingest::RawRecord&& r) {
    clean::Decoded d =
        clean::DecodeToUtf8(r.body, r.charset, r.body_kind == ingest::BodyKind::kHtml);
    (void)d;
  };
  sink.on_problem = [](Problem&&) {};
  Status s = ingest::ReaderFor(InputFormat::kTelegram)->Read(*src, limits, sink);
  (void)s;
  return 0;
}
