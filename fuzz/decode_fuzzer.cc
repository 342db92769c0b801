// libFuzzer target: DecodeToUtf8 and SniffFormat on arbitrary bytes; the output must be valid
// UTF-8 whatever the input.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "clean/decode.h"
#include "ingest/reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // The first byte picks a declared label and whether markup prescan runs.
  static constexpr std::string_view kLabels[] = {"", "utf-8", "windows-1251", "koi8-r",
                                                 "iso-8859-1", "utf-16", "ibm866", "bogus"};
  unsigned char sel = size > 0 ? data[0] : 0;
  sitrep::clean::Decoded d = sitrep::clean::DecodeToUtf8(bytes, kLabels[sel & 7], sel & 8);
  if (!sitrep::base::IsValidUtf8(d.text)) std::abort();
  auto f = sitrep::ingest::SniffFormat("fuzz", bytes.substr(0, 64 * 1024));
  (void)f;
  return 0;
}
