// libFuzzer target: a plain-text input through the cleaning path (decode, zoner, title and
// date cues) as the file "fuzz.txt"; every document produced must pass ValidateDocument.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 20)) return 0;
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sitrep::fuzz::RunChecked(sitrep::fuzz::SharedEngine(/*analyze=*/false), "fuzz.txt", bytes);
  return 0;
}
