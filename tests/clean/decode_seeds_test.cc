// Encoding accuracy on real Russian and French text: seed files re-encoded into each legacy code
// page, cut into windows of several lengths, decoded back. Reads ../shared/seeds when present.
#include <gtest/gtest.h>
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/utf8.h"
#include "clean/decode.h"

namespace sitrep::clean {
namespace {
namespace fs = std::filesystem;

std::string Encode(std::string_view utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::u16string u16(utf8.size() + 1, u'\0');
  int32_t len = 0;
  u_strFromUTF8(u16.data(), static_cast<int32_t>(u16.size()), &len, utf8.data(),
                static_cast<int32_t>(utf8.size()), &err);
  u16.resize(len);
  std::string out(utf8.size() * 4 + 16, '\0');
  err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset, &err);
  ucnv_setFromUCallBack(cnv, UCNV_FROM_U_CALLBACK_STOP, nullptr, nullptr, nullptr, &err);
  int32_t n = ucnv_fromUChars(cnv, out.data(), static_cast<int32_t>(out.size()), u16.data(),
                              static_cast<int32_t>(u16.size()), &err);
  ucnv_close(cnv);
  if (U_FAILURE(err)) return "";  // not representable in this code page
  out.resize(n);
  return out;
}

bool HasCyrillic(std::string_view s) { return s.find("\xD0") != std::string_view::npos; }

TEST(DecodeSeedsTest, LegacyEncodingsRoundTripByLength) {
  fs::path dir = fs::path(SITREP_SOURCE_DIR) / ".." / "shared" / "seeds";
  if (!fs::exists(dir)) GTEST_SKIP() << "no seeds at " << dir;
  std::vector<std::string> lines;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::ifstream f(e.path());
    std::string line;
    while (std::getline(f, line)) {
      if (line.size() >= 40) lines.push_back(line);
    }
  }
  ASSERT_FALSE(lines.empty());
  struct Bucket {
    size_t bytes;
    double min_accuracy;
  };
  for (Bucket b : {Bucket{24, 0.80}, Bucket{64, 0.93}, Bucket{270, 0.98}}) {
    for (const char* cs : {"windows-1251", "KOI8-R", "IBM866", "windows-1252"}) {
      bool cyrillic = std::string_view(cs) != "windows-1252";
      size_t total = 0, right = 0;
      for (const std::string& line : lines) {
        if (HasCyrillic(line) != cyrillic) continue;
        std::string window = line.substr(0, base::FloorBoundary(line, b.bytes));
        std::string bytes = Encode(window, cs);
        if (bytes.empty() || base::IsValidUtf8(bytes)) continue;  // ASCII-only windows
        ++total;
        right += DecodeToUtf8(bytes, "", false).text == NormalizeNfc(window);
      }
      if (total == 0) continue;
      double acc = static_cast<double>(right) / total;
      std::printf("%-13s %4zu bytes: %zu/%zu = %.3f\n", cs, b.bytes, right, total, acc);
      EXPECT_GE(acc, b.min_accuracy) << cs << " at " << b.bytes << " bytes";
    }
  }
}

}  // namespace
}  // namespace sitrep::clean
