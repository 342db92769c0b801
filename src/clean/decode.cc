#include "clean/decode.h"

#include <unicode/bytestream.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucnv_err.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <bit>
#include <cctype>
#include <climits>
#include <cstdint>
#include <cstring>
#include <array>
#include <memory>
#include <optional>
#include <vector>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/swar.h"
#include "base/utf8.h"

namespace sitrep::clean {
namespace {

// Statistics look at a bounded sample: a page's first 64 KiB says what its encoding is, and the
// detector then costs the same on a 2 KiB page and an 8 MiB dump.
constexpr size_t kSampleBytes = 64 * 1024;
// WHATWG prescans the first 1024 bytes for <meta charset>.
constexpr size_t kPrescanBytes = 1024;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

// Maps a charset label to the canonical name we report and hand to ICU. WHATWG folds the Latin-1
// labels into windows-1252: pages labelled iso-8859-1 really use 0x80-0x9F for curly quotes and
// dashes. Unknown labels that ICU knows pass through; labels ICU does not know return nullopt.
std::optional<std::string> CanonicalCharset(std::string_view raw) {
  std::string label = Lower(base::TrimSpace(raw));
  if (size_t p = label.find("charset="); p != std::string::npos) label = label.substr(p + 8);
  while (!label.empty() && (label.front() == '"' || label.front() == '\'' || label.front() == ' '))
    label.erase(0, 1);
  while (!label.empty() && (label.back() == '"' || label.back() == '\'' || label.back() == ' ' ||
                            label.back() == ';'))
    label.pop_back();
  if (label.empty() || label.size() > 40) return std::nullopt;
  struct Alias {
    std::string_view label, name;
  };
  static constexpr std::array kAliases = {
      Alias{"utf-8", "UTF-8"},         Alias{"utf8", "UTF-8"},
      Alias{"unicode-1-1-utf-8", "UTF-8"},
      Alias{"iso-8859-1", "windows-1252"}, Alias{"iso8859-1", "windows-1252"},
      Alias{"iso_8859-1", "windows-1252"}, Alias{"latin1", "windows-1252"},
      Alias{"latin-1", "windows-1252"},    Alias{"l1", "windows-1252"},
      Alias{"ascii", "windows-1252"},      Alias{"us-ascii", "windows-1252"},
      Alias{"cp1252", "windows-1252"},     Alias{"windows-1252", "windows-1252"},
      Alias{"x-cp1252", "windows-1252"},   Alias{"cp819", "windows-1252"},
      Alias{"ibm819", "windows-1252"},     Alias{"iso-ir-100", "windows-1252"},
      Alias{"windows-1251", "windows-1251"}, Alias{"cp1251", "windows-1251"},
      Alias{"x-cp1251", "windows-1251"},   Alias{"koi8-r", "KOI8-R"},
      Alias{"koi8r", "KOI8-R"},            Alias{"koi", "KOI8-R"},
      Alias{"koi8", "KOI8-R"},             Alias{"cskoi8r", "KOI8-R"},
      Alias{"koi8-u", "KOI8-U"},           Alias{"ibm866", "IBM866"},
      Alias{"cp866", "IBM866"},            Alias{"866", "IBM866"},
      Alias{"csibm866", "IBM866"},         Alias{"utf-16", "UTF-16LE"},
      Alias{"utf-16le", "UTF-16LE"},       Alias{"utf-16be", "UTF-16BE"},
      Alias{"utf-32", "UTF-32LE"},         Alias{"utf-32le", "UTF-32LE"},
      Alias{"utf-32be", "UTF-32BE"},
  };
  for (const Alias& a : kAliases) {
    if (label == a.label) return std::string(a.name);
  }
  for (char c : label) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
              c == '.' || c == ':';
    if (!ok) return std::nullopt;
  }
  UErrorCode err = U_ZERO_ERROR;
  const char* name = ucnv_getCanonicalName(label.c_str(), "", &err);
  if (U_FAILURE(err) || name == nullptr) {
    err = U_ZERO_ERROR;
    name = ucnv_getCanonicalName(label.c_str(), "IANA", &err);
  }
  if (U_FAILURE(err) || name == nullptr) return std::nullopt;
  return label;  // ICU opens it by label; we report the label as given
}

struct CallbackContext {
  uint32_t replaced = 0;
  bool c1_for_unassigned = false;  // windows-1252: 0x81 0x8D 0x8F 0x90 0x9D are C1 (WHATWG)
};

// Counts every invalid or unmapped sequence and writes one U+FFFD for it; ICU's default
// substitution writes U+001A for some single-byte converters and does not count.
void U_CALLCONV CountingToUnicode(const void* context, UConverterToUnicodeArgs* args,
                                  const char* code_units, int32_t length,
                                  UConverterCallbackReason reason, UErrorCode* err) {
  if (reason != UCNV_UNASSIGNED && reason != UCNV_ILLEGAL && reason != UCNV_IRREGULAR) return;
  auto* ctx = static_cast<CallbackContext*>(const_cast<void*>(context));
  *err = U_ZERO_ERROR;
  UChar ch = 0xFFFD;
  if (ctx->c1_for_unassigned && reason == UCNV_UNASSIGNED && length == 1) {
    ch = static_cast<unsigned char>(code_units[0]);
  } else {
    ++ctx->replaced;
  }
  ucnv_cbToUWriteUChars(args, &ch, 1, 0, err);
}

struct Converted {
  std::string utf8;
  uint32_t replaced = 0;
  bool ok = false;  // false when ICU could not open the converter
};

// Converts `bytes` from `charset` to UTF-8 with ICU, counting replacements.
Converted ConvertWithIcu(std::string_view bytes, const std::string& charset) {
  Converted out;
  UErrorCode err = U_ZERO_ERROR;
  std::unique_ptr<UConverter, void (*)(UConverter*)> cnv(ucnv_open(charset.c_str(), &err),
                                                          ucnv_close);
  if (U_FAILURE(err) || !cnv) return out;
  CallbackContext ctx;
  ctx.c1_for_unassigned = charset == "windows-1252";
  ucnv_setToUCallBack(cnv.get(), CountingToUnicode, &ctx, nullptr, nullptr, &err);
  if (U_FAILURE(err)) return out;
  icu::UnicodeString ustr;
  std::array<UChar, 16384> buf;
  const char* src = bytes.data();
  const char* src_end = bytes.data() + bytes.size();
  while (true) {
    UChar* target = buf.data();
    err = U_ZERO_ERROR;
    ucnv_toUnicode(cnv.get(), &target, buf.data() + buf.size(), &src, src_end, nullptr, true,
                   &err);
    ustr.append(buf.data(), static_cast<int32_t>(target - buf.data()));
    if (err == U_BUFFER_OVERFLOW_ERROR) continue;
    break;
  }
  if (U_FAILURE(err)) return out;
  ustr.toUTF8String(out.utf8);
  out.replaced = ctx.replaced;
  out.ok = true;
  return out;
}

// UTF-8 decoding by hand: the common case must not pay for a round trip through UTF-16.
// One U+FFFD per invalid byte that starts no valid sequence.
Converted DecodeUtf8Lossy(std::string_view bytes) {
  Converted out;
  out.ok = true;
  out.utf8.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    size_t valid = base::ValidUtf8Prefix(bytes.substr(i));
    out.utf8.append(bytes.substr(i, valid));
    i += valid;
    if (i >= bytes.size()) break;
    out.utf8.append("\xEF\xBF\xBD");
    ++out.replaced;
    ++i;
    // Swallow the continuation bytes of the broken sequence: one replacement per sequence.
    while (i < bytes.size() && (static_cast<unsigned char>(bytes[i]) & 0xC0) == 0x80) ++i;
  }
  return out;
}

size_t CountHighBytes(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += static_cast<unsigned char>(c) >= 0x80;
  return n;
}

uint32_t CountInvalidUtf8(std::string_view s) {
  uint32_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    i += base::ValidUtf8Prefix(s.substr(i));
    if (i >= s.size()) break;
    ++n;
    ++i;
  }
  return n;
}

// Number of valid multi-byte UTF-8 sequences. Legacy single-byte text almost never forms one by
// accident (a Cyrillic or accented letter is followed by a letter or ASCII, not by a 0x80-0xBF
// continuation byte), so they are evidence of UTF-8 even when a few bytes are broken.
uint32_t CountValidMultibyte(std::string_view s) {
  uint32_t n = 0;
  size_t i = 0;
  while (i < s.size()) {
    if (static_cast<unsigned char>(s[i]) < 0x80) {
      ++i;
      continue;
    }
    size_t len = base::ValidUtf8Prefix(s.substr(i, std::min<size_t>(4, s.size() - i)));
    size_t lead = static_cast<unsigned char>(s[i]);
    size_t want = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    if (want > 1 && len >= want) {
      ++n;
      i += want;
    } else {
      ++i;
    }
  }
  return n;
}

// Mostly UTF-8 with some broken bytes: decode as UTF-8 and replace the broken bytes, rather than
// reading the whole text in a legacy encoding.
bool LooksLikeBrokenUtf8(std::string_view bytes, uint32_t invalid, size_t high) {
  if (invalid * 4 < high && high - invalid >= 8) return true;
  uint32_t sequences = CountValidMultibyte(bytes);
  return sequences >= 3 && sequences * 2 >= invalid;
}

// UTF-16 without a BOM: every other byte is the high byte of a code unit, which for Latin and
// Cyrillic text is almost always 0x00 or 0x04. Some NULs are required (spaces, digits,
// punctuation), so plain single-byte text never qualifies.
std::optional<std::string> DetectUtf16ByNuls(std::string_view bytes) {
  size_t n = std::min(bytes.size(), size_t{4096}) & ~size_t{1};
  if (n < 4) return std::nullopt;
  // Both answers need at least one NUL (pairs >= 2): text without any, nearly every input, is
  // ruled out by one memchr instead of the pair count.
  if (std::memchr(bytes.data(), 0, n) == nullptr) return std::nullopt;
  size_t even_nul = 0, odd_nul = 0, even_high = 0, odd_high = 0;
  for (size_t i = 0; i < n; i += 2) {
    auto even = static_cast<unsigned char>(bytes[i]);
    auto odd = static_cast<unsigned char>(bytes[i + 1]);
    even_nul += even == 0;
    odd_nul += odd == 0;
    even_high += even == 0 || even == 4;
    odd_high += odd == 0 || odd == 4;
  }
  size_t pairs = n / 2;
  if (odd_high * 10 >= pairs * 8 && odd_nul * 20 >= pairs && even_high * 20 <= pairs)
    return "UTF-16LE";
  if (even_high * 10 >= pairs * 8 && even_nul * 20 >= pairs && odd_high * 20 <= pairs)
    return "UTF-16BE";
  return std::nullopt;
}

// Finds a charset in <meta charset>, <meta http-equiv content="...charset=..."> or an XML
// declaration within the first 1024 bytes.
std::optional<std::string> PrescanCharset(std::string_view bytes) {
  std::string head = Lower(bytes.substr(0, kPrescanBytes));
  auto value_after = [&](size_t pos) -> std::string {
    while (pos < head.size() && (head[pos] == ' ' || head[pos] == '"' || head[pos] == '\''))
      ++pos;
    size_t end = pos;
    while (end < head.size() && (std::isalnum(static_cast<unsigned char>(head[end])) ||
                                 head[end] == '-' || head[end] == '_' || head[end] == '.' ||
                                 head[end] == ':'))
      ++end;
    return head.substr(pos, end - pos);
  };
  if (head.rfind("<?xml", 0) == 0) {
    size_t end = head.find("?>");
    size_t enc = head.find("encoding", 0);
    if (enc != std::string::npos && (end == std::string::npos || enc < end)) {
      size_t eq = head.find('=', enc);
      if (eq != std::string::npos) {
        std::string v = value_after(eq + 1);
        if (!v.empty()) return v;
      }
    }
  }
  size_t pos = 0;
  while ((pos = head.find("<meta", pos)) != std::string::npos) {
    size_t end = head.find('>', pos);
    std::string_view tag = std::string_view(head).substr(pos, end == std::string::npos
                                                                   ? std::string::npos
                                                                   : end - pos);
    size_t cs = tag.find("charset");
    if (cs != std::string_view::npos) {
      size_t eq = cs + 7;
      while (eq < tag.size() && tag[eq] == ' ') ++eq;
      if (eq < tag.size() && tag[eq] == '=') {
        std::string v = value_after(pos + eq + 1);
        if (!v.empty()) return v;
      }
    }
    if (end == std::string::npos) break;
    pos = end;
  }
  return std::nullopt;
}

// --- Cyrillic statistics -------------------------------------------------------------------
//
// windows-1251, KOI8-R and IBM866 put the same letters at different bytes; KOI8-R even swaps the
// case halves relative to windows-1251. Decoding Russian with the wrong table yields capitals in
// the middle of words, box-drawing or punctuation characters between letters, and letter pairs
// Russian does not use. We decode a sample with each table and keep the most Russian-looking
// result. This is charset knowledge, not a language pack: a few dozen frequent bigrams suffice.

bool IsCyrUpper(char32_t c) { return (c >= 0x410 && c <= 0x42F) || c == 0x401; }
bool IsCyrLower(char32_t c) { return (c >= 0x430 && c <= 0x44F) || c == 0x451; }
char32_t CyrLower(char32_t c) {
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;
  if (c == 0x401) return 0x451;
  return c;
}

const std::vector<std::pair<char32_t, char32_t>>& FrequentRussianBigrams() {
  static const std::vector<std::pair<char32_t, char32_t>> kBigrams = [] {
    constexpr std::string_view kList =
        "ст но то на ен ов ни ра во ко ал ро пр ер по го ре ос ка та ли ет не ол ом ор ва ел ан "
        "де ле ть от ес ат ин ит ла ил ие ск за ой ый ми ма ти ак ег ды ся";
    std::vector<std::pair<char32_t, char32_t>> out;
    size_t pos = 0;
    while (pos < kList.size()) {
      if (kList[pos] == ' ') {
        ++pos;
        continue;
      }
      char32_t a = base::DecodeOne(kList, &pos);
      char32_t b = base::DecodeOne(kList, &pos);
      out.emplace_back(a, b);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }();
  return kBigrams;
}

bool IsPlausibleNonLetter(char32_t c) {
  // Punctuation a Russian text legitimately takes from the high half of its code page.
  switch (c) {
    case 0xA0: case 0xAB: case 0xBB: case 0x2013: case 0x2014: case 0x201C: case 0x201D:
    case 0x201E: case 0x2116: case 0x2026: case 0xB0: case 0xB7: case 0x2019: case 0x2018:
      return true;
    default:
      return false;
  }
}

// Higher is more Russian-looking.
int64_t ScoreCyrillic(std::string_view utf8) {
  const auto& bigrams = FrequentRussianBigrams();
  int64_t score = 0;
  char32_t prev = 0;
  size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t c = base::DecodeOne(utf8, &pos);
    bool upper = IsCyrUpper(c), lower = IsCyrLower(c);
    if (lower) score += 1;
    if (upper && IsCyrLower(prev)) score -= 6;  // capital in mid-word
    if ((upper || lower) && (IsCyrUpper(prev) || IsCyrLower(prev))) {
      auto pair = std::make_pair(CyrLower(prev), CyrLower(c));
      if (std::binary_search(bigrams.begin(), bigrams.end(), pair)) score += 3;
    }
    if (c >= 0x80 && !upper && !lower && !IsPlausibleNonLetter(c)) score -= 5;
    prev = c;
  }
  return score;
}

// Cyrillic text in a single-byte code page is runs of high bytes; Western European text has
// isolated accented letters between ASCII ones ("élevé", "Ça"). Punctuation bytes shared by
// windows-1252 and windows-1251 (NBSP, guillemets, curly quotes, dashes) do not make a run:
// French "«\xA0" and "\xA0à\xA0" are not Cyrillic.
bool IsSharedPunctuationByte(unsigned char c) {
  return c == 0xA0 || c == 0xAB || c == 0xBB || c == 0x85 || (c >= 0x91 && c <= 0x97) ||
         c == 0x84;
}

bool LooksLikeCyrillicBytes(std::string_view sample) {
  auto letter_like = [&](size_t i) {
    auto c = static_cast<unsigned char>(sample[i]);
    return c >= 0x80 && !IsSharedPunctuationByte(c);
  };
  size_t high = 0, in_runs = 0;
  for (size_t i = 0; i < sample.size(); ++i) {
    if (!letter_like(i)) continue;
    ++high;
    in_runs += (i > 0 && letter_like(i - 1)) || (i + 1 < sample.size() && letter_like(i + 1));
  }
  return high >= 2 && in_runs * 2 >= high;
}

std::string DetectLegacy(std::string_view bytes) {
  std::string_view sample = bytes.substr(0, kSampleBytes);
  if (!LooksLikeCyrillicBytes(sample)) return "windows-1252";
  std::string best = "windows-1251";
  int64_t best_score = INT64_MIN;
  for (const char* cs : {"windows-1251", "KOI8-R", "IBM866"}) {
    Converted c = ConvertWithIcu(sample, cs);
    if (!c.ok) continue;
    int64_t s = ScoreCyrillic(c.utf8);
    if (s > best_score) {
      best_score = s;
      best = cs;
    }
  }
  return best;
}

// CRLF and lone CR -> LF; drops NUL, other C0 controls except \n and \t, DEL, C1 controls
// (what Latin-1 mislabelling leaves) and a leading U+FEFF. Works in place and returns at once
// when nothing needs changing, which is the common case.
// Bytes that may need cleaning: C0 controls other than \n and \t, DEL, and 0xC2 (the lead byte of
// C1 controls). One table lookup per byte on the no-change scan.
constexpr std::array<bool, 256> kMaybeControl = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 0x20; ++c) t[c] = c != '\n' && c != '\t';
  t[0x7F] = true;
  t[0xC2] = true;
  return t;
}();

bool NeedsCleaning(unsigned char c, unsigned char next) {
  return kMaybeControl[c] && (c != 0xC2 || (next >= 0x80 && next <= 0x9F));
}

// True when none of the eight bytes of `w` can be a kMaybeControl byte: none is below 0x20
// (\n and \t included: such words go to the byte loop), 0x7F or 0xC2. Exact as a yes/no
// (the classic "has zero byte" and "has byte less than" tests).
using base::HasZeroByte;
constexpr uint64_t kOnes = base::kByteOnes;
constexpr uint64_t kHighs = base::kByteHighs;
constexpr bool WordIsPlain(uint64_t w) {
  const bool below_space = ((w - kOnes * 0x20) & ~w & kHighs) != 0;
  return !below_space && !HasZeroByte(w ^ (kOnes * 0x7F)) && !HasZeroByte(w ^ (kOnes * 0xC2));
}

// Sixteen bytes at a time from `i`, exactly: a byte needs cleaning when it is a C0 control other
// than \n and \t, DEL, or 0xC2 before 0x80..0x9F (a C1 control), the next byte coming from a
// second load one byte on. Returns the first such byte (the caller's scan confirms it), or where
// it stopped, 17 bytes before the end. Line breaks, NBSP and guillemets stay on this path. Without
// SSE2, returns `i`. Not inlined: inlined, it made GCC 12 report a false maybe-uninitialized on
// the BOM test of CleanControls (-Werror).
[[gnu::noinline]] size_t SkipCleanBlocks(const unsigned char* bytes, size_t i, size_t n) {
#if defined(__SSE2__)
  const __m128i minus_one = _mm_set1_epi8(-1), space = _mm_set1_epi8(0x20);
  const __m128i lf = _mm_set1_epi8('\n'), tab = _mm_set1_epi8('\t');
  const __m128i del = _mm_set1_epi8(0x7F), c2 = _mm_set1_epi8(static_cast<char>(0xC2));
  const __m128i a0 = _mm_set1_epi8(static_cast<char>(0xA0));
  while (i + 17 <= n) {
    const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i));
    const __m128i next = _mm_loadu_si128(reinterpret_cast<const __m128i*>(bytes + i + 1));
    // Signed compares: 0x00..0x1F are 0..31; 0x80..0x9F are the bytes below 0xA0 (-96).
    const __m128i c0 =
        _mm_andnot_si128(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, tab)),
                         _mm_and_si128(_mm_cmpgt_epi8(v, minus_one), _mm_cmplt_epi8(v, space)));
    const __m128i c1 = _mm_and_si128(_mm_cmpeq_epi8(v, c2), _mm_cmplt_epi8(next, a0));
    const auto mask = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(c0, c1), _mm_cmpeq_epi8(v, del))));
    if (mask != 0) return i + static_cast<size_t>(std::countr_zero(mask));
    i += 16;
  }
#endif
  return i;
}

std::string CleanControls(std::string s) {
  // Byte-wise BOM test: GCC 12 reports a false maybe-uninitialized on string::compare here.
  const bool bom = s.size() >= 3 && static_cast<unsigned char>(s[0]) == 0xEF &&
                   static_cast<unsigned char>(s[1]) == 0xBB &&
                   static_cast<unsigned char>(s[2]) == 0xBF;
  size_t start = bom ? 3 : 0;
  size_t i = start;
  const size_t n = s.size();
  auto at = [&](size_t k) -> unsigned char {
    return k < n ? static_cast<unsigned char>(s[k]) : 0;
  };
  const auto* bytes = reinterpret_cast<const unsigned char*>(s.data());
  i = SkipCleanBlocks(bytes, i, n);
  while (i < n) {
    // Eight bytes at a time while none may need cleaning (most words of any text); a word with
    // a candidate (a line break is one) is read byte by byte.
    uint64_t w;
    if (i + 8 <= n && (std::memcpy(&w, bytes + i, 8), WordIsPlain(w))) {
      i += 8;
      continue;
    }
    const size_t stop = std::min(n, i + 8);
    while (i < stop && (!kMaybeControl[bytes[i]] || !NeedsCleaning(bytes[i], at(i + 1)))) ++i;
    if (i < stop) break;
  }
  if (i == n && start == 0) return s;
  size_t out = i - start;
  if (start > 0) std::memmove(s.data(), s.data() + start, out);
  for (; i < n; ++i) {
    unsigned char c = at(i);
    if (c == '\r') {
      s[out++] = '\n';
      if (at(i + 1) == '\n') ++i;
      continue;
    }
    if (c == 0xC2 && at(i + 1) >= 0x80 && at(i + 1) <= 0x9F) {
      ++i;
      continue;
    }
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F) continue;
    s[out++] = static_cast<char>(c);
  }
  s.resize(out);
  return s;
}

Decoded Finish(Converted c, std::string encoding, std::string how, bool declared_was_wrong) {
  Decoded d;
  d.text = CleanControls(std::move(c.utf8));  // NFC is applied by DecodeToUtf8
  d.encoding = std::move(encoding);
  d.how = std::move(how);
  d.replaced = c.replaced;
  d.declared_was_wrong = declared_was_wrong;
  return d;
}

// Bytes already known to be valid UTF-8.
Converted Utf8As(std::string_view bytes) { return Converted{std::string(bytes), 0, true}; }

Converted Convert(std::string_view bytes, const std::string& charset) {
  if (charset == "UTF-8") return DecodeUtf8Lossy(bytes);
  Converted c = ConvertWithIcu(bytes, charset);
  if (!c.ok) return DecodeUtf8Lossy(bytes);
  return c;
}

bool HasMultibyteUtf8(std::string_view bytes) { return CountHighBytes(bytes) > 0; }

// Tries a declared (container or <meta>) charset. Returns nullopt when the label is unusable or
// clearly wrong for UTF-8-declared bytes, so detection runs instead.
std::optional<Decoded> TryDeclared(std::string_view bytes, std::string_view label,
                                   const std::string& how, bool* wrong) {
  std::optional<std::string> cs = CanonicalCharset(label);
  if (!cs) return std::nullopt;
  if (how == "meta" && cs->rfind("UTF-16", 0) == 0) cs = "UTF-8";  // WHATWG: meta can't say UTF-16
  bool utf8_valid = base::IsValidUtf8(bytes);
  if (*cs == "UTF-8") {
    if (utf8_valid) return Finish(Utf8As(bytes), "UTF-8", how, false);
    uint32_t invalid = CountInvalidUtf8(bytes);
    size_t high = CountHighBytes(bytes);
    // A page labelled UTF-8 whose high bytes are mostly invalid is a legacy page mislabelled.
    if (invalid >= 3 && !LooksLikeBrokenUtf8(bytes, invalid, high)) {
      *wrong = true;
      return std::nullopt;
    }
    return Finish(DecodeUtf8Lossy(bytes), "UTF-8", how, false);
  }
  if (cs->rfind("UTF-16", 0) != 0 && cs->rfind("UTF-32", 0) != 0 && utf8_valid &&
      HasMultibyteUtf8(bytes)) {
    // Valid multi-byte UTF-8 is almost never legacy text: the label is stale.
    return Finish(Utf8As(bytes), "UTF-8", "utf8-valid", true);
  }
  Converted c = ConvertWithIcu(bytes, *cs);
  if (!c.ok) return std::nullopt;
  return Finish(std::move(c), *cs, how, false);
}

}  // namespace

namespace {

// The characters IsKnownNfc decodes: U+0000..U+07FF (one and two bytes: Latin, Greek, Cyrillic,
// Hebrew, Arabic) and U+2000..U+22FF (general punctuation, currency, letterlike symbols, arrows,
// mathematical operators). A bit is set when the character has NFC_Quick_Check=Yes and canonical
// combining class 0, as ICU's own data says.
class NfcStarters {
 public:
  NfcStarters() {
    for (UChar32 c = 0; c < 0x800; ++c) Set(c);
    for (UChar32 c = 0x2000; c < 0x2300; ++c) Set(c);
  }
  // REQUIRES: c < 0x800 or 0x2000 <= c < 0x2300.
  bool Has(char32_t c) const {
    size_t k = c < 0x800 ? c : c - 0x2000 + 0x800;
    return (bits_[k >> 6] >> (k & 63)) & 1;
  }

 private:
  void Set(UChar32 c) {
    const bool yes = u_getIntPropertyValue(c, UCHAR_NFC_QUICK_CHECK) == UNORM_YES &&
                     u_getCombiningClass(c) == 0;
    size_t k = c < 0x800 ? static_cast<size_t>(c) : static_cast<size_t>(c) - 0x2000 + 0x800;
    if (yes) bits_[k >> 6] |= uint64_t{1} << (k & 63);
  }
  std::array<uint64_t, (0x800 + 0x300) / 64> bits_{};
};

}  // namespace

bool IsKnownNfc(std::string_view utf8) {
  static const NfcStarters* const kStarters = new NfcStarters();  // never freed: no exit order
  const auto* p = reinterpret_cast<const unsigned char*>(utf8.data());
  const size_t n = utf8.size();
  size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {  // ASCII, eight bytes at a time
      uint64_t w;
      std::memcpy(&w, p + i, 8);
      if (w & kHighs) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    char32_t cp;
    if (c < 0x80) {
      ++i;
      continue;
    } else if (c >= 0xC2 && c < 0xE0) {
      // A run of two-byte characters (a Cyrillic or Greek word) in one tight loop.
      do {
        if (i + 1 >= n || (p[i + 1] & 0xC0) != 0x80) return false;
        if (!kStarters->Has((char32_t{p[i]} & 0x1F) << 6 | (p[i + 1] & 0x3F))) return false;
        i += 2;
      } while (i < n && p[i] >= 0xC2 && p[i] < 0xE0);
      continue;
    } else if (c == 0xE2 && i + 2 < n && p[i + 1] >= 0x80 && p[i + 1] < 0x8C &&
               (p[i + 2] & 0xC0) == 0x80) {
      cp = 0x2000 | (char32_t{p[i + 1]} & 0x3F) << 6 | (p[i + 2] & 0x3F);  // U+2000..U+22FF
      i += 3;
    } else {
      return false;  // another range, or not valid UTF-8: ICU decides
    }
    if (!kStarters->Has(cp)) return false;
  }
  return true;
}

std::string NormalizeNfc(std::string_view utf8) {
  if (IsKnownNfc(utf8)) return std::string(utf8);
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err) || nfc == nullptr) return std::string(utf8);
  icu::StringPiece piece(utf8.data(), static_cast<int32_t>(utf8.size()));
  if (nfc->isNormalizedUTF8(piece, err) && U_SUCCESS(err)) return std::string(utf8);
  err = U_ZERO_ERROR;
  std::string out;
  icu::StringByteSink<std::string> sink(&out, static_cast<int32_t>(utf8.size()));
  nfc->normalizeUTF8(0, piece, sink, nullptr, err);
  if (U_FAILURE(err)) return std::string(utf8);
  return out;
}

namespace {

// `*nfc_known` is set when the text is known to be NFC already (see step 5).
Decoded DecodeUnnormalised(std::string_view bytes, std::string_view declared, bool markup,
                           bool* nfc_known) {
  // 1. Byte order marks. UTF-32LE's BOM starts like UTF-16LE's, so test it first.
  struct Bom {
    std::string_view bytes;
    const char* encoding;
  };
  static constexpr std::array kBoms = {
      // Explicit lengths: the UTF-32 marks contain NUL bytes.
      Bom{std::string_view("\xFF\xFE\x00\x00", 4), "UTF-32LE"},
      Bom{std::string_view("\x00\x00\xFE\xFF", 4), "UTF-32BE"},
      Bom{std::string_view("\xEF\xBB\xBF", 3), "UTF-8"},
      Bom{std::string_view("\xFF\xFE", 2), "UTF-16LE"},
      Bom{std::string_view("\xFE\xFF", 2), "UTF-16BE"},
  };
  for (const Bom& bom : kBoms) {
    if (bytes.substr(0, bom.bytes.size()) == bom.bytes) {
      return Finish(Convert(bytes.substr(bom.bytes.size()), bom.encoding), bom.encoding, "bom",
                    false);
    }
  }
  // 2. UTF-16 without a BOM: its NUL pattern is unmistakable, and it would otherwise pass the
  // UTF-8 check as ASCII with NULs.
  if (std::optional<std::string> u16 = DetectUtf16ByNuls(bytes)) {
    return Finish(Convert(bytes, *u16), *u16, "detected", false);
  }
  bool wrong = false;
  // 3. The container's label.
  if (!declared.empty()) {
    if (auto d = TryDeclared(bytes, declared, "declared", &wrong)) return std::move(*d);
  }
  // 4. <meta charset> / XML declaration.
  if (markup && !wrong) {
    if (std::optional<std::string> meta = PrescanCharset(bytes)) {
      if (auto d = TryDeclared(bytes, *meta, "meta", &wrong)) return std::move(*d);
    }
  }
  // 5. Strict UTF-8. Text of known NFC starters only (IsKnownNfc) is valid UTF-8, and stays NFC
  // when controls are dropped from it: one scan answers both questions for most inputs.
  if (IsKnownNfc(bytes)) {
    *nfc_known = true;
    return Finish(Utf8As(bytes), "UTF-8", "utf8-valid", wrong);
  }
  if (base::IsValidUtf8(bytes)) return Finish(Utf8As(bytes), "UTF-8", "utf8-valid", wrong);
  // 6. Statistics. Mostly-valid UTF-8 with a few broken bytes stays UTF-8 with replacements.
  uint32_t invalid = CountInvalidUtf8(bytes);
  size_t high = CountHighBytes(bytes);
  if (!wrong && LooksLikeBrokenUtf8(bytes, invalid, high)) {
    return Finish(DecodeUtf8Lossy(bytes), "UTF-8", "utf8-valid", false);
  }
  std::string cs = DetectLegacy(bytes);
  return Finish(Convert(bytes, cs), cs, "detected", wrong);
}

}  // namespace

void NormalizeNfcInPlace(std::string* text) {
  if (IsKnownNfc(*text)) return;
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  if (U_FAILURE(err) || nfc == nullptr) return;
  icu::StringPiece piece(text->data(), static_cast<int32_t>(text->size()));
  if (nfc->isNormalizedUTF8(piece, err) && U_SUCCESS(err)) return;
  *text = NormalizeNfc(*text);
}

Decoded DecodeToUtf8(std::string_view bytes, std::string_view declared, bool markup) {
  bool nfc_known = false;
  Decoded d = DecodeUnnormalised(bytes, declared, markup, &nfc_known);
  // Markup is normalised after extraction, on the visible text only: a page is mostly ASCII
  // scripts and attributes, and checking them for NFC costs more than extracting them.
  if (!markup && !nfc_known) NormalizeNfcInPlace(&d.text);
  return d;
}

}  // namespace sitrep::clean
