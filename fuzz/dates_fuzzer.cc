// libFuzzer target: TimeScanner::Find on a valid UTF-8 input, then ResolveDate of every
// expression against an anchor taken from the input's first line (ParseAnchor on arbitrary
// text). Expressions must be sorted, non-overlapping and inside the text; a resolved value must
// never come with an invalid_date warning.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "extract/date_resolve.h"
#include "extract/time_scan.h"
#include "lang/resources.h"

namespace {
const sitrep::extract::TimeScanner& Scanner() {
  static const sitrep::extract::TimeScanner* scanner = [] {
    auto res = sitrep::lang::Resources::Load("");
    if (!res) std::abort();
    auto s = sitrep::extract::TimeScanner::Create(*res);
    if (!s) {
      std::fprintf(stderr, "fuzz: %s\n", s.error().ToString().c_str());
      std::abort();
    }
    return std::move(*s).release();
  }();
  return *scanner;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep;  // NOLINT: fuzzer entry point
  if (size < 1 || size > (1 << 16)) return 0;
  static constexpr std::string_view kLanguages[] = {"fr", "en", "ru", "und"};
  std::string_view language = kLanguages[data[0] & 3];
  const extract::Tense tense = (data[0] & 4) ? extract::Tense::kFuture : extract::Tense::kPast;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  std::string_view first_line = text.substr(0, text.find('\n'));
  std::optional<extract::Anchor> anchor = extract::ParseAnchor(first_line);
  if (anchor && !anchor->day.ok()) std::abort();
  if (!base::IsValidUtf8(text)) return 0;
  std::vector<extract::FoundTime> found = Scanner().Find(text, language, 1000);
  size_t prev_end = 0;
  for (const extract::FoundTime& f : found) {
    if (f.begin < prev_end || f.begin >= f.end || f.end > text.size()) std::abort();
    prev_end = f.end;
    extract::ResolvedTime r = extract::ResolveDate(f.parts, anchor, tense);
    if (r.value && r.warning_code == "invalid_date") std::abort();
    extract::ResolvedTime r2 = extract::ResolveDate(f.parts, anchor, f.tense);
    (void)r2;
  }
  return 0;
}
