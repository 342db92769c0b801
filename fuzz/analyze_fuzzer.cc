// libFuzzer target: the whole analysis (language, entities, places, times, claims, events) on a
// text input "fuzz.txt"; every document produced must pass ValidateDocument (spans inside the
// text, on UTF-8 boundaries, references resolved).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_engine.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;  // analysis is the slow path: keep executions quick
  std::string_view bytes(reinterpret_cast<const char*>(data), size);
  sitrep::fuzz::RunChecked(sitrep::fuzz::SharedEngine(/*analyze=*/true), "fuzz.txt", bytes);
  return 0;
}
