// Replays inputs through a fuzz target's LLVMFuzzerTestOneInput once each, without libFuzzer:
// linked with every fuzz/<target>_fuzzer.cc into <target>_fuzzer_replay, so that the normal test
// suite (gcc) runs each target on its seed corpus fuzz/corpus/<target>/ and on the inputs that
// once crashed it, fuzz/regressions/<target>/; the sanitizer build runs the same under ASan and
// UBSan. A crash is the target's own abort (or the sanitizer's report).
// Usage: <target>_fuzzer_replay PATH...   (a file, or a folder whose regular files are replayed
// in name order; a missing folder is skipped). Exits 1 when no input was found at all.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {
namespace fs = std::filesystem;

bool Replay(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "replay: cannot read %s\n", file.c_str());
    return false;
  }
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // A copy of exactly `size` bytes on the heap, as libFuzzer passes it, so that ASan sees a read
  // one past the end.
  std::vector<uint8_t> copy(bytes.begin(), bytes.end());
  std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), copy.size());
  LLVMFuzzerTestOneInput(copy.empty() ? nullptr : copy.data(), copy.size());
  return true;
}
}  // namespace

int main(int argc, char** argv) {
  size_t replayed = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path p(argv[i]);
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<fs::path> files;
      for (const fs::directory_entry& e : fs::directory_iterator(p, ec)) {
        if (e.is_regular_file(ec) && e.path().filename().string()[0] != '.') files.push_back(e.path());
      }
      std::sort(files.begin(), files.end());
      for (const fs::path& f : files) replayed += Replay(f) ? 1 : 0;
    } else if (fs::is_regular_file(p, ec)) {
      replayed += Replay(p) ? 1 : 0;
    } else {
      std::fprintf(stderr, "replay: %s: absent, skipped\n", argv[i]);
    }
  }
  std::printf("replay: %zu inputs, no crash\n", replayed);
  return replayed > 0 ? 0 : 1;
}
