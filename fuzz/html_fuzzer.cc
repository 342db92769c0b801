// libFuzzer target: ExtractHtml on the bytes made valid UTF-8 (every block non-empty and valid
// UTF-8), then the whole cleaning path on the raw bytes as "fuzz.html" (documents checked by
// ValidateDocument).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "clean/decode.h"
#include "clean/html_extract.h"
#include "fuzz_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep;  // NOLINT: fuzzer entry point
  if (size > (1 << 20)) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  clean::Decoded d = clean::DecodeToUtf8(bytes, "utf-8", /*prescan_markup=*/true);
  clean::HtmlExtraction x = clean::ExtractHtml(d.text, 64);
  for (const clean::HtmlBlock& b : x.blocks) {
    if (b.text.empty() || !base::IsValidUtf8(b.text)) std::abort();
  }
  fuzz::RunChecked(fuzz::SharedEngine(/*analyze=*/false), "fuzz.html", bytes);
  return 0;
}
