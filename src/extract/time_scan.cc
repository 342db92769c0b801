#include "extract/time_scan.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <optional>

#include "base/swar.h"
#include "base/utf8.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

// A token longer than this cannot be in any table; it is kept (so offsets stay right) but not
// lower-cased, which bounds the work on a 5 000-character "word" (issue 3, bad input).
constexpr size_t kMaxFoldedTokenBytes = 64;
// How far the tense test looks around an expression, in tokens, inside its sentence.
constexpr int kTenseLookBack = 15;
constexpr int kTenseLookAhead = 10;
// Longest phrase in any table, in tokens ("la semaine d'avant" is 6); rows longer are refused.
constexpr size_t kMaxPhraseTokens = 8;
// A future ending counts only after a stem this long: "réun" + "ira", not "Ira", "mira".
constexpr size_t kMinFutureStemBytes = 4;
// Years read from a year word alone ("протест 2022 года"), with no period word before them.
constexpr int kMinSuffixOnlyYear = 1900;
constexpr int kMaxSuffixOnlyYear = 2100;

enum class TokKind : uint8_t { kWord, kNumber, kPunct };

// Heterogeneous lookup: tables are probed with string_views into the token arena, no copies.
struct SvHash {
  using is_transparent = void;
  size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
};
template <typename V>
using SvMap = std::unordered_map<std::string, V, SvHash, std::equal_to<>>;

// 32 bytes: a text has about one token per five bytes, so this is Tokenize's memory traffic.
struct Tok {
  uint32_t begin = 0, end = 0;  // bytes in the scanned text
  uint32_t fold_begin = 0;  // lower-cased form inside the arena, or the text
  int32_t id = -1;       // the folded form's WordIds id, -1 when no table has it (set by Scan)
  int32_t digits = 0;    // kNumber: number of digits
  int32_t number = -1;   // kNumber: value, -1 when longer than 9 digits
  uint16_t fold_len = 0;  // at most a few hundred: longer tokens are not folded
  bool fold_in_src = false;  // the text's bytes are already their folded form (most tokens)
  TokKind kind = TokKind::kPunct;
  bool space_before = false;
  bool newline_before = false;
  bool capital = false;  // first letter is upper-case
  bool known = false;    // the folded form starts some table entry (set by Scan)
};
static_assert(sizeof(Tok) == 32);

// Letters and combining marks. Latin-1, Latin Extended-A and basic Cyrillic letters (most
// non-ASCII letters of fr/ru news) are answered without a call to ICU: u_isalpha is true for
// all of them (IsCommonLetter).
inline bool IsLetter(char32_t c) {
  if (IsCommonLetter(c)) return true;
  return u_isalpha(UChar32(c)) || (U_GET_GC_MASK(UChar32(c)) & U_GC_M_MASK) != 0;
}

// u_isupper || u_istitle: the first letter of a capitalised word. No title-case letter lies
// below U+01C5 nor in the basic Cyrillic block, so IsUpperFast (same result as u_isupper)
// answers alone there.
inline bool IsCapital(char32_t c) {
  return IsUpperFast(c) || (c >= 0x1C5 && (c < 0x400 || c > 0x45F) && u_istitle(UChar32(c)));
}

bool IsAsciiLetter(char32_t c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Typographic apostrophes to ', then Unicode simple lower case (ToLowerFast = u_tolower).
inline char32_t FoldChar(char32_t c) {
  if (c == U'\u2019' || c == U'\u2018' || c == U'\u02BC' || c == U'`') return U'\'';
  return ToLowerFast(c);
}

struct Tokens {
  std::vector<Tok> toks;
  std::string arena;
  std::string_view src;  // the tokenized text
  std::string_view Fold(const Tok& t) const {
    // In bounds by construction (Tokenize): no substr check on this per-token path.
    return std::string_view((t.fold_in_src ? src.data() : arena.data()) + t.fold_begin, t.fold_len);
  }
};

// Decodes one code point at *pos (ICU's U8_NEXT: never reads past the end); U+FFFD on invalid
// bytes. base::DecodeOne re-validates every call and dominated the profile.
// Decodes one code point at *pos (ICU's U8_NEXT: never reads past the end); U+FFFD on invalid
// bytes. Out of line: Next's rare case.
__attribute__((noinline)) char32_t NextSlow(std::string_view s, size_t* pos) {
  int32_t i = int32_t(*pos);
  UChar32 c;
  U8_NEXT(s.data(), i, int32_t(s.size()), c);
  *pos = size_t(i);
  return c < 0 ? U'\uFFFD' : char32_t(c);
}

// Well-formed two- and three-byte sequences (accents, Cyrillic, typographic punctuation) are
// decoded inline (E0 and ED, which may be overlong or surrogates, and four-byte sequences are
// left to U8_NEXT): the tokenizer decodes every non-ASCII character of every text.
inline __attribute__((always_inline)) char32_t Next(std::string_view s, size_t* pos) {
  const size_t p = *pos;
  const auto b0 = static_cast<unsigned char>(s[p]);
  if (b0 >= 0xC2 && b0 <= 0xDF && p + 1 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[p + 1]);
    if ((b1 & 0xC0) == 0x80) {
      *pos = p + 2;
      return (char32_t(b0 & 0x1F) << 6) | (b1 & 0x3F);
    }
  } else if (b0 >= 0xE1 && b0 <= 0xEF && b0 != 0xED && p + 2 < s.size()) {
    const auto b1 = static_cast<unsigned char>(s[p + 1]);
    const auto b2 = static_cast<unsigned char>(s[p + 2]);
    if ((b1 & 0xC0) == 0x80 && (b2 & 0xC0) == 0x80) {
      *pos = p + 3;
      return (char32_t(b0 & 0x0F) << 12) | (char32_t(b1 & 0x3F) << 6) | (b2 & 0x3F);
    }
  }
  return NextSlow(s, pos);
}

// Writes the UTF-8 of `c` (as base::AppendUtf8) at buf[n]; returns the new size.
inline size_t PutFolded(char32_t c, char* buf, size_t n) {
  if (c < 0x80) {
    buf[n] = char(c);
    return n + 1;
  }
  if (c < 0x800) {
    buf[n] = char(0xC0 | (c >> 6));
    buf[n + 1] = char(0x80 | (c & 0x3F));
    return n + 2;
  }
  if (c < 0x10000) {
    buf[n] = char(0xE0 | (c >> 12));
    buf[n + 1] = char(0x80 | ((c >> 6) & 0x3F));
    buf[n + 2] = char(0x80 | (c & 0x3F));
    return n + 3;
  }
  buf[n] = char(0xF0 | (c >> 18));
  buf[n + 1] = char(0x80 | ((c >> 12) & 0x3F));
  buf[n + 2] = char(0x80 | ((c >> 6) & 0x3F));
  buf[n + 3] = char(0x80 | (c & 0x3F));
  return n + 4;
}

// Classes of ASCII bytes, for Tokenize's fast paths (0 for the bytes of non-ASCII characters).
enum : uint8_t { kAsciiLetter = 1, kAsciiUpper = 2, kAsciiSpace = 4, kAsciiNewline = 8 };
constexpr std::array<uint8_t, 256> kAsciiClass = [] {
  std::array<uint8_t, 256> t{};
  for (int c = 'a'; c <= 'z'; ++c) t[c] = kAsciiLetter;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = kAsciiLetter | kAsciiUpper;
  for (char c : {' ', '\t', '\f', '\v'}) t[size_t(c)] = kAsciiSpace;
  t['\n'] = t['\r'] = kAsciiSpace | kAsciiNewline;
  return t;
}();

// What Tokenize needs of a well-formed two-byte character (U+0080..U+07FF: Latin-1, Latin
// Extended, Greek, Cyrillic...), computed once from IsLetter and FoldChar: whether it continues a
// word, and the UTF-8 of its fold (at most three bytes: "Ⱥ" folds to "ⱥ").
struct TwoByteChar {
  char fold[4] = {};
  uint8_t fold_len = 0;
  bool letter = false;
};
const std::array<TwoByteChar, 0x800>& TwoByteChars() {
  static const std::array<TwoByteChar, 0x800> table = [] {
    std::array<TwoByteChar, 0x800> t{};
    for (char32_t c = 0x80; c < 0x800; ++c) {
      t[c].letter = IsLetter(c);
      t[c].fold_len = uint8_t(PutFolded(FoldChar(c), t[c].fold, 0));
    }
    return t;
  }();
  return table;
}

constexpr uint64_t kHighBits = base::kByteHighs;

// Up to eight bytes of s from `at`, zeros past its end (a zero byte is no letter).
inline uint64_t LoadWord(std::string_view s, size_t at) {
  uint64_t w = 0;
  if (at + 8 <= s.size()) {
    std::memcpy(&w, s.data() + at, 8);
  } else {
    for (size_t k = 0; at + k < s.size(); ++k) w |= uint64_t(static_cast<unsigned char>(s[at + k])) << (8 * k);
  }
  return w;
}

// The high bit of every byte of `w` that is an ASCII letter. Every byte is handled on its own:
// no sum carries into the next byte.
inline uint64_t AsciiLetterBytes(uint64_t w) {
  const uint64_t y = (w | 0x2020202020202020ull) & ~kHighBits;  // lower case, high bit off
  const uint64_t from_a = y + 0x1F1F1F1F1F1F1F1Full;  // high bit set where y >= 'a'
  const uint64_t past_z = y + 0x0505050505050505ull;  // high bit set where y > 'z'
  return from_a & ~past_z & ~w & kHighBits;
}

// Splits UTF-8 into letter runs, ASCII digit runs and single other code points.
void Tokenize(std::string_view s, Tokens* out) {
  static_assert(std::endian::native == std::endian::little, "byte k of a word is bits 8k..8k+7");
  out->toks.clear();
  out->src = s;
  out->toks.reserve(s.size() / 5 + 1);
  // Folded forms are written through a pointer. A byte of text never folds to more than three
  // (an invalid byte is a U+FFFD token; a letter grows at most 1.5 times, "Ⱥ" -> "ⱥ"), and the
  // eight-byte stores below may write up to eight bytes past a fold: so much room suffices. The
  // arena only grows (stale bytes past `an` are never read).
  const size_t room = 3 * s.size() + 16;
  if (out->arena.size() < room) out->arena.resize(room);
  char* const arena = out->arena.data();
  size_t an = 0;  // arena bytes in use
  const auto& two_byte = TwoByteChars();
  size_t pos = 0;
  bool space = false, newline = false;
  while (pos < s.size()) {
    size_t start = pos;
    unsigned char b0 = static_cast<unsigned char>(s[pos]);
    char32_t c;
    if (b0 < 0x80) {
      const uint8_t k = kAsciiClass[b0];
      ++pos;
      if (k & kAsciiSpace) {
        space = true;
        if (k & kAsciiNewline) newline = true;
        continue;
      }
      c = b0;  // not a space: kAsciiClass flags every ASCII space and line break
    } else {
      c = Next(s, &pos);
      if (c == U'\u2028' || c == U'\u2029') {
        space = newline = true;
        continue;
      }
      if (base::IsSpace(c)) {
        space = true;
        continue;
      }
    }
    Tok& t = out->toks.emplace_back();  // filled in place (every path below keeps it)
    t.begin = uint32_t(start);
    t.space_before = space;
    t.newline_before = newline;
    space = newline = false;
    t.fold_begin = uint32_t(an);
    if (c >= '0' && c <= '9') {
      t.kind = TokKind::kNumber;
      size_t e = start;
      while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
      pos = e;
      t.digits = int(e - start);
      if (t.digits <= 9) {
        int64_t v = 0;
        std::from_chars(s.data() + start, s.data() + e, v);
        t.number = int32_t(v);
      }
      if (size_t(t.digits) <= kMaxFoldedTokenBytes) {
        t.fold_in_src = true;
        t.fold_begin = uint32_t(start);
        t.fold_len = uint16_t(t.digits);
      }
    } else if (IsAsciiLetter(c) || (c >= 0x80 && IsLetter(c))) {
      t.kind = TokKind::kWord;
      t.capital = c < 0x80 ? (c >= 'A' && c <= 'Z') : IsCapital(c);
      size_t e = pos;
      bool ascii = c < 0x80;
      if (ascii) {
        // ASCII fast path, most words of fr/en text, eight bytes at a time: the run of ASCII
        // letters from the word's start, and whether it holds a capital. A byte of a non-ASCII
        // character ends the run too; the word goes on when that character is a letter.
        uint64_t upper = 0;
        e = start;
        for (;;) {
          const uint64_t w = LoadWord(s, e);
          const uint64_t letters = AsciiLetterBytes(w);
          const uint64_t stop = ~letters & kHighBits;
          if (stop == 0) {
            upper |= letters & ~(w << 2);  // bit 5 (0x20, lower case) moved to the high bit
            e += 8;
            continue;
          }
          upper |= letters & ~(w << 2) & ((stop & (~stop + 1)) - 1);
          e += size_t(std::countr_zero(stop)) / 8;
          break;
        }
        if (e < s.size() && static_cast<unsigned char>(s[e]) >= 0x80) {
          size_t next = e;
          ascii = !IsLetter(Next(s, &next));
        }
        if (ascii) {
          pos = e;
          if (e - start <= kMaxFoldedTokenBytes) {
            if (upper == 0) {  // already lower case: read in place
              t.fold_in_src = true;
              t.fold_begin = uint32_t(start);
              t.fold_len = uint16_t(e - start);
            } else {
              // Lower-cased eight bytes at a time; bytes past the word are stored too, past the
              // fold, where the next one overwrites them.
              for (size_t p = start; p < e; p += 8) {
                uint64_t w = LoadWord(s, p);
                w |= (AsciiLetterBytes(w) & ~(w << 2)) >> 2;
                std::memcpy(arena + an + (p - start), &w, 8);
              }
              an += e - start;
            }
          }
        }
      }
      if (!ascii) {
        // A word with a non-ASCII letter: scanned and folded in one pass from its start (each
        // character decoded once), the fold kept when the word is short enough to be in a
        // table. Folds are written while the word is at most kMaxFoldedTokenBytes long.
        size_t a = an;
        size_t p = start;
        // Folding stops once the word is longer than kMaxFoldedTokenBytes (its fold is then
        // dropped): at the first character that ends past `fold_end`.
        const size_t fold_end = std::min(s.size(), start + kMaxFoldedTokenBytes + 1);
        while (p < fold_end) {
          const auto b = static_cast<unsigned char>(s[p]);
          if (b < 0x80) {
            if (!(kAsciiClass[b] & kAsciiLetter)) break;
            arena[a++] = char(b | 0x20);  // an ASCII letter
            ++p;
          } else if (b >= 0xC2 && b <= 0xDF && p + 1 < s.size() &&
                     (static_cast<unsigned char>(s[p + 1]) & 0xC0) == 0x80) {
            const TwoByteChar& tc =
                two_byte[(size_t(b & 0x1F) << 6) | (static_cast<unsigned char>(s[p + 1]) & 0x3F)];
            if (!tc.letter) break;
            std::memcpy(arena + a, tc.fold, 4);
            a += tc.fold_len;
            p += 2;
          } else {
            size_t next = p;
            const char32_t d = Next(s, &next);
            if (!IsLetter(d)) break;
            a = PutFolded(FoldChar(d), arena, a);
            p = next;
          }
        }
        // Past the fold limit: the rest of the word is only scanned.
        while (p < s.size()) {
          const auto b = static_cast<unsigned char>(s[p]);
          size_t next = p + 1;
          if (b < 0x80) {
            if (!(kAsciiClass[b] & kAsciiLetter)) break;
          } else {
            next = p;
            if (!IsLetter(Next(s, &next))) break;
          }
          p = next;
        }
        pos = p;
        if (p - start <= kMaxFoldedTokenBytes) an = a;
      }
    } else {
      t.kind = TokKind::kPunct;
      if (c < 0x80 && c != '`') {  // ASCII punctuation folds to itself
        t.fold_in_src = true;
        t.fold_begin = uint32_t(start);
        t.fold_len = 1;
      } else {
        an = PutFolded(FoldChar(c), arena, an);
      }
    }
    t.end = uint32_t(pos);
    if (!t.fold_in_src) t.fold_len = uint16_t(an - t.fold_begin);
  }
}

// Every folded word of every table, numbered: tokens are looked up once (Scan), then phrases
// and names compare ids. Open addressing over a small table that stays in cache.
class WordIds {
 public:
  // The id of `w`, or -1.
  int32_t Find(std::string_view w) const {
    if (w.empty() || w.size() > max_len_) return -1;
    // One byte (punctuation, a digit): a third of a text's tokens, answered from a table.
    if (w.size() == 1) return single_[static_cast<unsigned char>(w[0])];
    // Most words of a text share no first byte and length with any table word.
    if (w.size() < 64 && ((first_len_[static_cast<unsigned char>(w[0])] >> w.size()) & 1) == 0) {
      return -1;
    }
    // Common short words pass that test ("the" beside "thu"): first, last byte and length
    // together refuse most of them before hashing.
    if (const size_t sig = Signature(w); ((signatures_[sig / 64] >> (sig % 64)) & 1) == 0) {
      return -1;
    }
    for (size_t i = Hash(w) & mask_;; i = (i + 1) & mask_) {
      const int32_t id = slots_[i];
      if (id < 0) return id;
      const std::string& x = words_[size_t(id)];
      if (x.size() == w.size()) {  // compared inline: table words are short
        size_t k = 0;
        while (k < w.size() && x[k] == w[k]) ++k;
        if (k == w.size()) return id;
      }
    }
  }
  // The id of `w`, added when missing; kNever for an empty word (a token too long to fold).
  int32_t Add(std::string_view w) {
    if (w.empty()) return kNever;
    if (int32_t id = slots_.empty() ? -1 : Find(w); id >= 0) return id;
    words_.emplace_back(w);
    if (w.size() == 1) single_[static_cast<unsigned char>(w[0])] = int32_t(words_.size() - 1);
    max_len_ = std::max(max_len_, w.size());
    if (w.size() < 64) first_len_[static_cast<unsigned char>(w[0])] |= uint64_t(1) << w.size();
    const size_t sig = Signature(w);
    signatures_[sig / 64] |= uint64_t(1) << (sig % 64);
    if (2 * words_.size() > slots_.size()) {
      slots_.assign(std::max<size_t>(64, slots_.size() * 2), -1);
      mask_ = slots_.size() - 1;
      for (size_t k = 0; k < words_.size(); ++k) Put(k);
    } else {
      Put(words_.size() - 1);
    }
    return int32_t(words_.size() - 1);
  }
  size_t size() const { return words_.size(); }
  static constexpr int32_t kNever = -3;  // an id no token has

 private:
  // A bit per (first byte, last byte, length) class of a non-empty word, kSignatureBits of them.
  static constexpr size_t kSignatureBits = 8192;
  static size_t Signature(std::string_view w) {
    return (size_t(static_cast<unsigned char>(w[0])) * 131 +
            size_t(static_cast<unsigned char>(w.back())) * 17 + w.size()) &
           (kSignatureBits - 1);
  }
  static uint64_t Hash(std::string_view w) {
    uint64_t h = 1469598103934665603ull;
    for (unsigned char c : w) h = (h ^ c) * 1099511628211ull;
    return h ^ (h >> 29);
  }
  void Put(size_t id) {
    size_t i = Hash(words_[id]) & mask_;
    while (slots_[i] >= 0) i = (i + 1) & mask_;
    slots_[i] = int32_t(id);
  }
  std::vector<std::string> words_;
  std::vector<int32_t> slots_;  // id, or -1 for an empty slot
  size_t mask_ = 0;
  size_t max_len_ = 0;
  uint64_t first_len_[256] = {};  // by first byte: bit n set when a word of n < 64 bytes starts so
  uint64_t signatures_[kSignatureBits / 64] = {};  // Signature() of every word
  std::array<int32_t, 256> single_ = [] {  // id of each one-byte word, -1 when none
    std::array<int32_t, 256> t;
    t.fill(-1);
    return t;
  }();
};

// A set of phrases, each a token sequence; "{n}" in a phrase stands for any number.
class PhraseSet {
 public:
  struct Hit {
    int len = 0;        // tokens matched; 0 = no match
    int payload = 0;
    int64_t number = 0;  // value of the "#" token, when the phrase has one
  };

  // Returns false when the phrase is empty or too long. Its words get ids in `ids`.
  bool Add(std::string_view phrase, int payload, WordIds* ids) {
    Tokens t;
    Tokenize(phrase, &t);
    if (t.toks.empty() || t.toks.size() > 3 * kMaxPhraseTokens) return false;
    Entry e;
    e.payload = payload;
    for (size_t k = 0; k < t.toks.size(); ++k) {
      // "{n}" stands for a written number; stored as "#", which no token folds to when it is
      // matched against a number.
      if (k + 2 < t.toks.size() && t.Fold(t.toks[k]) == "{" && t.Fold(t.toks[k + 1]) == "n" &&
          t.Fold(t.toks[k + 2]) == "}") {
        e.words.push_back(kAnyNumber);
        e.has_number = true;
        k += 2;
        continue;
      }
      const std::string_view w = t.Fold(t.toks[k]);
      e.words.push_back(w == "#" ? kAnyNumber : ids->Add(w));
    }
    if (e.words.size() > kMaxPhraseTokens) return false;
    // Whether the list `e` joins can skip its search when token i+1 is no second word.
    const bool needs_second = e.words.size() >= 2 && e.words[1] >= 0;
    if (needs_second) {
      const size_t second = size_t(e.words[1]);
      if (second_.size() <= second) second_.resize(second + 1, 0);
      second_[second] = 1;
    }
    if (e.words[0] == kAnyNumber) {
      number_needs_second_ = (number_entries_.empty() || number_needs_second_) && needs_second;
      number_entries_.push_back(std::move(e));
    } else if (e.words[0] >= 0) {  // not WordIds::kNever
      const size_t first = size_t(e.words[0]);
      if (by_first_.size() <= first) {
        by_first_.resize(first + 1);
        needs_second_.resize(first + 1, 1);
      }
      needs_second_[first] = needs_second_[first] && needs_second;
      by_first_[first].push_back(std::move(e));
    }
    return true;
  }

  // The longest phrase starting at token i (not crossing a line break after its first token).
  // Most tokens start no phrase of this set: that answer is inline, the search is not.
  Hit Match(const Tokens& in, size_t i) const {
    if (i >= in.toks.size()) return Hit{};
    const Tok& first = in.toks[i];
    const std::vector<Entry>* entries = &number_entries_;
    bool needs_second = number_needs_second_;
    if (first.kind != TokKind::kNumber) {
      if (!first.known || first.id < 0 || size_t(first.id) >= by_first_.size()) return Hit{};
      entries = &by_first_[size_t(first.id)];
      needs_second = needs_second_[size_t(first.id)] != 0;
    }
    if (entries->empty()) return Hit{};
    // Every phrase of the list has two words or more, the second a word: the token after must
    // be the second word of some phrase of the set ("il" starts "il y a {n} jours"; a number
    // starts "{n} days ago"), which most are not.
    if (needs_second && !MaySecond(in, i + 1)) return Hit{};
    return Search(in, i, *entries);
  }

  // True if some phrase ends exactly at token `end` (exclusive), starting no earlier than
  // `floor`. Looks back at most kMaxPhraseTokens tokens.
  bool EndsAt(const Tokens& in, size_t end, size_t floor, int* payload = nullptr,
              size_t* start = nullptr) const {
    for (size_t back = 1; back <= kMaxPhraseTokens && back <= end; ++back) {
      size_t s = end - back;
      if (s < floor) break;
      Hit h = Match(in, s);
      if (h.len == int(back)) {
        if (payload) *payload = h.payload;
        if (start) *start = s;
        return true;
      }
    }
    return false;
  }

  bool empty() const { return by_first_.empty() && number_entries_.empty(); }
  // Calls f(id) for the id of every word that starts a phrase (not "{n}").
  template <typename F>
  void ForEachFirstWord(F&& f) const {
    for (size_t id = 0; id < by_first_.size(); ++id) {
      if (!by_first_[id].empty()) f(id);
    }
  }

 private:
  static constexpr int32_t kAnyNumber = -2;  // "{n}" (or a literal "#")
  struct Entry {
    std::vector<int32_t> words;  // WordIds ids, or kAnyNumber
    int payload = 0;
    bool has_number = false;
  };

  // Match's search among the phrases that start like token i.
  __attribute__((noinline)) Hit Search(const Tokens& in, size_t i,
                                       const std::vector<Entry>& entries) const {
    Hit best;
    for (const Entry& e : entries) {
      if (i + e.words.size() > in.toks.size() || int(e.words.size()) <= best.len) continue;
      bool ok = true;
      int64_t number = 0;
      for (size_t k = 0; k < e.words.size() && ok; ++k) {
        const Tok& t = in.toks[i + k];
        if (k > 0 && t.newline_before) ok = false;
        else if (e.words[k] == kAnyNumber) {
          ok = t.kind == TokKind::kNumber && t.number >= 0 && t.number <= 10000;
          number = t.number;
        } else {
          ok = t.id == e.words[k];
        }
      }
      if (ok) best = Hit{int(e.words.size()), e.payload, number};
    }
    return best;
  }

  // Whether token k (after a phrase's first) can be the second word of a phrase of the set: on
  // the same line and one of the words `second_` lists (Search would refuse it otherwise).
  bool MaySecond(const Tokens& in, size_t k) const {
    if (k >= in.toks.size()) return false;
    const Tok& t = in.toks[k];
    return !t.newline_before && t.id >= 0 && size_t(t.id) < second_.size() &&
           second_[size_t(t.id)] != 0;
  }

  std::vector<std::vector<Entry>> by_first_;  // by the id of the first word
  std::vector<Entry> number_entries_;         // phrases starting with "{n}"
  // By the id of the first word (and for number_entries_): 1 when every phrase of that list
  // has a word (not "{n}") second. second_: by id, 1 when that word is some phrase's second.
  std::vector<uint8_t> needs_second_;
  bool number_needs_second_ = false;
  std::vector<uint8_t> second_;
};

struct NameInfo {
  int value = 0;
  bool needs_capital = true;  // every table spelling was capitalised ("January", "Friday")
  bool standalone = false;    // weekdays: may stand without a date after it
  bool dot_form = false;      // the table also lists it with a final "." ("janv.")
};

struct RelativeRow {
  RelativeUnit unit = RelativeUnit::kDay;
  int offset = 0;
};

enum class NumericOrder { kDayMonth, kMonthDay };

struct Orders {
  bool day_month = true;   // "6 janvier"
  bool month_day = true;   // "January 6"
  NumericOrder numeric = NumericOrder::kDayMonth;
};

int ToInt(std::string_view s, bool* ok) {
  s = base::TrimSpace(s);
  int v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  *ok = r.ec == std::errc() && r.ptr == s.data() + s.size() && !s.empty();
  return v;
}

bool StartsUpper(std::string_view s) {
  size_t p = 0;
  if (s.empty()) return false;
  char32_t c = Next(s, &p);
  return u_isupper(UChar32(c)) || u_istitle(UChar32(c));
}

}  // namespace

std::string FoldForTimes(std::string_view s) {
  std::string out;
  size_t p = 0;
  while (p < s.size()) base::AppendUtf8(FoldChar(Next(s, &p)), &out);
  return out;
}

std::string DumpTimeTokens(std::string_view text) {
  Tokens tokens;
  Tokenize(text, &tokens);
  std::string out;
  for (const Tok& t : tokens.toks) {
    out += std::to_string(t.begin) + " " + std::to_string(t.end) + " ";
    out += t.kind == TokKind::kWord ? "W " : t.kind == TokKind::kNumber ? "N " : "P ";
    out += tokens.Fold(t);
    out += " ";
    if (t.space_before) out += 's';
    if (t.newline_before) out += 'n';
    if (t.capital) out += 'C';
    if (t.kind == TokKind::kNumber) {
      out += " " + std::to_string(t.digits) + " " + std::to_string(t.number);
    }
    out += "\n";
  }
  return out;
}

struct TimeScanner::Lexicon {
  SvMap<NameInfo> months;
  SvMap<NameInfo> weekdays;
  // Every folded word of the tables, and per id: whether it starts a table entry (a token
  // that does not skips all lookups), and its month and weekday (null if none).
  WordIds ids;
  std::vector<uint8_t> starts;
  // Per id: whether an expression may start at a word so folded (a month, a weekday or the
  // first word of a relative phrase: Scan::MatchAt tries nothing else at a word).
  std::vector<uint8_t> starts_expression;
  std::vector<const NameInfo*> month_of, weekday_of;
  std::vector<RelativeRow> relative_rows;
  PhraseSet relative;
  PhraseSet past_marker, next_marker, since, until, future_tense, period_prep, time_joiner,
      hour_marker, am, pm, ordinal_suffix, year_suffix, day_month_joiner, range_joiner;
  // Word endings that mark a future verb ("réunira", "rouvriront"): French writes the simple
  // future as one word, which no phrase list can enumerate.
  std::vector<std::string> future_suffixes;
  // What a word must have for some future suffix to end it after its stem: the last byte of a
  // suffix, and kMinFutureStemBytes plus the shortest suffix's length (HasFutureSuffix's filter).
  std::array<bool, 256> future_suffix_last{};
  size_t min_future_word = 0;
  std::unordered_map<std::string, Orders> orders;  // language -> allowed orders
  Orders any_order;                                 // for languages without a pack
};

namespace {

Status AddNames(const base::TsvTable& t, int max_value, const char* value_col,
                SvMap<NameInfo>* out) {
  int vcol = t.Column(value_col), ncol = t.Column("name"), scol = t.Column("standalone");
  if (vcol < 0 || ncol < 0) return Corrupt(t.path + ": needs columns " + value_col + ", name");
  for (const base::TsvRow& row : t.rows) {
    bool ok;
    int v = ToInt(row.fields[vcol], &ok);
    if (!ok || v < 1 || v > max_value) {
      return Corrupt(t.Where(row) + ": " + value_col + " must be 1.." + std::to_string(max_value));
    }
    std::string_view raw = base::TrimSpace(row.fields[ncol]);
    std::string name = FoldForTimes(raw);
    bool dot = false;
    if (!name.empty() && name.back() == '.') {
      name.pop_back();
      dot = true;
    }
    if (name.empty()) return Corrupt(t.Where(row) + ": empty name");
    Tokens tk;
    Tokenize(name, &tk);
    if (tk.toks.size() != 1 || tk.toks[0].kind != TokKind::kWord) {
      return Corrupt(t.Where(row) + ": a name must be one word, optionally ending in '.'");
    }
    bool standalone = scol < 0 || row.fields[scol].empty() || row.fields[scol] == "yes";
    auto [it, inserted] = out->emplace(name, NameInfo{v, StartsUpper(raw), standalone, dot});
    if (!inserted) {
      if (it->second.value != v) {
        // "mar" could be March (en) and mardi (fr abbreviated) only across tables; inside one
        // kind of table a name has one meaning.
        return Corrupt(t.Where(row) + ": '" + name + "' already means " +
                       std::to_string(it->second.value));
      }
      it->second.needs_capital = it->second.needs_capital && StartsUpper(raw);
      it->second.standalone = it->second.standalone || standalone;
      it->second.dot_form = it->second.dot_form || dot;
    }
  }
  return Status::Ok();
}

}  // namespace

TimeScanner::TimeScanner() : lex_(std::make_unique<Lexicon>()) {}
TimeScanner::~TimeScanner() = default;

Result<std::unique_ptr<TimeScanner>> TimeScanner::Create(const lang::Resources& resources) {
  std::vector<TimeTables> packs;
  for (const std::string& lang : resources.languages()) {
    TimeTables p;
    p.language = lang;
    bool any = false;
    auto load = [&](const char* file, std::vector<std::string> cols,
                    base::TsvTable* out) -> Status {
      Result<base::TsvTable> t = resources.Table(lang, file, cols);
      if (!t) {
        if (t.error().code() == StatusCode::kNotFound) return Status::Ok();
        return t.error();
      }
      *out = std::move(*t);
      any = true;
      return Status::Ok();
    };
    SITREP_RETURN_IF_ERROR(load("months.tsv", {"number", "name"}, &p.months));
    SITREP_RETURN_IF_ERROR(load("weekdays.tsv", {"number", "name"}, &p.weekdays));
    SITREP_RETURN_IF_ERROR(load("relative_days.tsv", {"phrase", "unit", "offset"}, &p.relative));
    SITREP_RETURN_IF_ERROR(load("time_cues.tsv", {"kind", "phrase"}, &p.cues));
    if (any) packs.push_back(std::move(p));
  }
  return FromTables(packs);
}

Result<std::unique_ptr<TimeScanner>> TimeScanner::FromTables(const std::vector<TimeTables>& packs) {
  std::unique_ptr<TimeScanner> s(new TimeScanner());
  Lexicon& lx = *s->lex_;
  lx.any_order = Orders{true, true, NumericOrder::kDayMonth};
  bool any_month = false;
  for (const TimeTables& p : packs) {
    if (!p.months.header.empty()) {
      SITREP_RETURN_IF_ERROR(AddNames(p.months, 12, "number", &lx.months));
      any_month = any_month || !p.months.rows.empty();
    }
    if (!p.weekdays.header.empty()) {
      SITREP_RETURN_IF_ERROR(AddNames(p.weekdays, 7, "number", &lx.weekdays));
    }
    if (!p.relative.header.empty()) {
      const base::TsvTable& t = p.relative;
      int pc = t.Column("phrase"), uc = t.Column("unit"), oc = t.Column("offset");
      if (pc < 0 || uc < 0 || oc < 0) return Corrupt(t.path + ": needs columns phrase, unit, offset");
      for (const base::TsvRow& row : t.rows) {
        RelativeRow r;
        const std::string& u = row.fields[uc];
        if (u == "day") r.unit = RelativeUnit::kDay;
        else if (u == "week") r.unit = RelativeUnit::kWeek;
        else if (u == "month") r.unit = RelativeUnit::kMonth;
        else if (u == "year") r.unit = RelativeUnit::kYear;
        else return Corrupt(t.Where(row) + ": unit must be day, week, month or year");
        bool ok;
        r.offset = ToInt(row.fields[oc], &ok);
        if (!ok || r.offset < -1000 || r.offset > 1000) {
          return Corrupt(t.Where(row) + ": offset must be an integer in -1000..1000");
        }
        if (!lx.relative.Add(row.fields[pc], int(lx.relative_rows.size()), &lx.ids)) {
          return Corrupt(t.Where(row) + ": empty or too long phrase");
        }
        lx.relative_rows.push_back(r);
      }
    }
    Orders orders{false, false, NumericOrder::kDayMonth};
    bool numeric_set = false, any_order = false;
    if (!p.cues.header.empty()) {
      const base::TsvTable& t = p.cues;
      int kc = t.Column("kind"), pc = t.Column("phrase");
      if (kc < 0 || pc < 0) return Corrupt(t.path + ": needs columns kind, phrase");
      const std::pair<const char*, PhraseSet*> kinds[] = {
          {"past_marker", &lx.past_marker},   {"next_marker", &lx.next_marker},
          {"since", &lx.since},               {"until", &lx.until},
          {"future_tense", &lx.future_tense}, {"period_prep", &lx.period_prep},
          {"time_joiner", &lx.time_joiner},   {"hour_marker", &lx.hour_marker},
          {"am", &lx.am},                     {"pm", &lx.pm},
          {"ordinal_suffix", &lx.ordinal_suffix}, {"year_suffix", &lx.year_suffix},
          {"day_month_joiner", &lx.day_month_joiner}, {"range_joiner", &lx.range_joiner}};
      for (const base::TsvRow& row : t.rows) {
        const std::string& kind = row.fields[kc];
        const std::string& phrase = row.fields[pc];
        if (kind == "future_suffix") {
          std::string suffix = FoldForTimes(base::TrimSpace(phrase));
          if (suffix.empty()) return Corrupt(t.Where(row) + ": empty suffix");
          lx.future_suffix_last[static_cast<unsigned char>(suffix.back())] = true;
          const size_t min_word = suffix.size() + kMinFutureStemBytes;
          if (lx.future_suffixes.empty() || min_word < lx.min_future_word) {
            lx.min_future_word = min_word;
          }
          lx.future_suffixes.push_back(std::move(suffix));
          continue;
        }
        if (kind == "date_order") {
          // The first order listed decides numeric dates ("06/01/2022").
          if (phrase == "day_month") {
            orders.day_month = true;
            if (!numeric_set) orders.numeric = NumericOrder::kDayMonth;
          } else if (phrase == "month_day") {
            orders.month_day = true;
            if (!numeric_set) orders.numeric = NumericOrder::kMonthDay;
          } else {
            return Corrupt(t.Where(row) + ": date_order must be day_month or month_day");
          }
          numeric_set = any_order = true;
          continue;
        }
        PhraseSet* set = nullptr;
        for (const auto& [name, ps] : kinds) {
          if (kind == name) set = ps;
        }
        if (!set) return Corrupt(t.Where(row) + ": unknown kind '" + kind + "'");
        if (!set->Add(phrase, 0, &lx.ids)) {
          return Corrupt(t.Where(row) + ": empty or too long phrase");
        }
      }
    }
    if (!any_order) orders = lx.any_order;
    lx.orders[p.language] = orders;
  }
  if (!any_month) return Corrupt("months.tsv: no month names in any language pack");
  for (const auto& [k, v] : lx.months) lx.ids.Add(k);
  for (const auto& [k, v] : lx.weekdays) lx.ids.Add(k);
  lx.starts.assign(lx.ids.size(), 0);
  lx.starts_expression.assign(lx.ids.size(), 0);
  lx.month_of.assign(lx.ids.size(), nullptr);
  lx.weekday_of.assign(lx.ids.size(), nullptr);
  for (const auto& [k, v] : lx.months) {
    const size_t id = size_t(lx.ids.Find(k));
    lx.starts[id] = lx.starts_expression[id] = 1;
    lx.month_of[id] = &v;
  }
  for (const auto& [k, v] : lx.weekdays) {
    const size_t id = size_t(lx.ids.Find(k));
    lx.starts[id] = lx.starts_expression[id] = 1;
    lx.weekday_of[id] = &v;
  }
  for (const PhraseSet* set :
       {&lx.relative, &lx.past_marker, &lx.next_marker, &lx.since, &lx.until, &lx.future_tense,
        &lx.period_prep, &lx.time_joiner, &lx.hour_marker, &lx.am, &lx.pm, &lx.ordinal_suffix,
        &lx.year_suffix, &lx.day_month_joiner, &lx.range_joiner}) {
    set->ForEachFirstWord([&](size_t id) { lx.starts[id] = 1; });
  }
  lx.relative.ForEachFirstWord([&](size_t id) { lx.starts_expression[id] = 1; });
  return s;
}

namespace {

// One scan over one text. Holds the tokens and the matching helpers; every helper takes a token
// index and returns the index after what it matched, or nullopt.
class Scan {
 public:
  // `tokens` is scratch space (its capacity is reused from one text to the next).
  Scan(const TimeScanner::Lexicon& lx, const Orders& orders, std::string_view text,
       Tokens* tokens)
      : lx_(lx), orders_(orders), in_(*tokens) {
    Tokenize(text, &in_);
    for (Tok& t : in_.toks) {
      t.id = lx_.ids.Find(in_.Fold(t));
      if (t.kind != TokKind::kNumber) t.known = t.id >= 0 && lx_.starts[size_t(t.id)];
    }
  }

  void Run(size_t max_results, std::vector<FoundTime>* out) {
    const size_t n = in_.toks.size();
    size_t i = 0;
    while (i < n && out->size() < max_results) {
      size_t before = out->size();
      std::optional<size_t> next = MatchAt(i, out);
      if (next && out->size() > before) {
        i = *next;
        last_end_ = i;
      } else {
        ++i;
      }
    }
    if (out->size() > max_results) out->resize(max_results);
  }

 private:
  using Idx = std::optional<size_t>;

  const Tok* At(size_t i) const { return i < in_.toks.size() ? &in_.toks[i] : nullptr; }
  std::string_view Fold(size_t i) const { return in_.Fold(in_.toks[i]); }
  bool IsPunct(size_t i, std::string_view p) const {
    const Tok* t = At(i);
    return t && t->kind == TokKind::kPunct &&
           (p.size() == 1 ? Is1(in_.Fold(*t), p[0]) : in_.Fold(*t) == p);
  }
  // f == the one character c, without the call to memcmp that == makes for a view whose size
  // the compiler cannot see (punctuation tests run at every number and known word).
  static bool Is1(std::string_view f, char c) { return f.size() == 1 && f[0] == c; }
  bool IsNumber(size_t i) const {
    const Tok* t = At(i);
    return t && t->kind == TokKind::kNumber;
  }
  // Adjacent: no space between token i-1 and token i.
  bool Tight(size_t i) const {
    const Tok* t = At(i);
    return t && !t->space_before;
  }
  bool SameLine(size_t i) const {
    const Tok* t = At(i);
    return t && !t->newline_before;
  }
  size_t Phrase(const PhraseSet& set, size_t i) const {
    if (!SameLine(i)) return 0;
    return size_t(set.Match(in_, i).len);
  }

  // A month name at i (respecting capitals), with its optional abbreviation dot.
  Idx MonthAt(size_t i, int* month) const {
    const Tok* t = At(i);
    if (!t || t->kind != TokKind::kWord || !t->known) return std::nullopt;
    const NameInfo* info = lx_.month_of[size_t(t->id)];
    if (!info || (info->needs_capital && !t->capital)) return std::nullopt;
    *month = info->value;
    size_t k = i + 1;
    if (info->dot_form && IsPunct(k, ".") && Tight(k)) ++k;
    return k;
  }

  Idx WeekdayAt(size_t i, int* weekday, bool* standalone) const {
    const Tok* t = At(i);
    if (!t || t->kind != TokKind::kWord || !t->known) return std::nullopt;
    const NameInfo* info = lx_.weekday_of[size_t(t->id)];
    if (!info || (info->needs_capital && !t->capital)) return std::nullopt;
    *weekday = info->value;
    *standalone = info->standalone;
    size_t k = i + 1;
    if (info->dot_form && IsPunct(k, ".") && Tight(k)) ++k;
    return k;
  }

  // A number that is not glued to a preceding number-ish token ("3.5", "1/2", "10:20").
  bool FreeNumber(size_t i, int max_digits) const {
    const Tok* t = At(i);
    if (!t || t->kind != TokKind::kNumber || t->digits > max_digits) return false;
    if (i > 0 && !t->space_before) {
      const Tok& p = in_.toks[i - 1];
      if (p.kind == TokKind::kPunct) {
        std::string_view f = in_.Fold(p);
        if (Is1(f, '.') || Is1(f, ',') || Is1(f, ':') || Is1(f, '/')) return false;
      }
      if (p.kind == TokKind::kWord) return false;  // "A10", "COVID19"
    }
    return true;
  }

  // Optional ordinal suffix right after a day number: "1er", "6th", "6-го".
  size_t SkipOrdinal(size_t k) const {
    if (Tight(k) && At(k) && At(k)->kind == TokKind::kWord && Phrase(lx_.ordinal_suffix, k) == 1) {
      return k + 1;
    }
    if (IsPunct(k, "-") && Tight(k) && Tight(k + 1) && At(k + 1) &&
        At(k + 1)->kind == TokKind::kWord && Phrase(lx_.ordinal_suffix, k + 1) == 1) {
      return k + 2;
    }
    return k;
  }

  // A year of four or more digits ("2022", "99999", "0000") plus an optional suffix ("года").
  Idx YearAt(size_t k, int* year) const {
    const Tok* t = At(k);
    if (!t || t->kind != TokKind::kNumber || t->digits < 4 || !SameLine(k)) return std::nullopt;
    if (IsPunct(k + 1, ":") || (IsPunct(k + 1, ",") && Tight(k + 1) && IsNumber(k + 2) &&
                                Tight(k + 2))) {
      return std::nullopt;  // "2022:" list labels, "2,500" numbers
    }
    *year = t->number < 0 ? -1 : int(t->number);
    size_t e = k + 1;
    if (size_t n = Phrase(lx_.year_suffix, e)) {
      e += n;
    } else if (IsPunct(e, "-") && Tight(e) && Tight(e + 1) && At(e + 1) &&
               At(e + 1)->kind == TokKind::kWord && Phrase(lx_.ordinal_suffix, e + 1) == 1) {
      e += 2;  // "2022-го": the year in an ordinal form
    }
    return e;
  }

  // A time of day at k: "10:20", "10: 20", "10 h 20", "10h", "10 heures", "10:20 pm", "10 pm".
  Idx TimeAt(size_t k, DateParts* p, bool glued_ok = false) const {
    if (!(glued_ok ? IsNumber(k) && At(k)->digits <= 2 : FreeNumber(k, 2)) || !SameLine(k)) {
      return std::nullopt;
    }
    int h = int(At(k)->number), m = 0;
    size_t e = k + 1;
    bool marked = false;
    if (IsPunct(e, ":") && SameLine(e) && IsNumber(e + 1) && At(e + 1)->digits == 2 &&
        SameLine(e + 1)) {
      m = int(At(e + 1)->number);
      e += 2;
      marked = true;
      // Seconds are read and dropped.
      if (IsPunct(e, ":") && Tight(e) && IsNumber(e + 1) && At(e + 1)->digits == 2) e += 2;
    } else if (size_t n = Phrase(lx_.hour_marker, e)) {
      e += n;
      marked = true;
      if (IsNumber(e) && At(e)->digits == 2 && SameLine(e)) {
        m = int(At(e)->number);
        ++e;
      }
    } else if (IsPunct(e, ".") && Tight(e) && IsNumber(e + 1) && At(e + 1)->digits == 2 &&
               SameLine(e + 1) && (Phrase(lx_.am, e + 2) || Phrase(lx_.pm, e + 2))) {
      // "9.35am", and "9. 35am" as copying sometimes leaves it: a dot between hour and minutes
      // counts only when an am/pm word follows ("9.35 percent", "3.50 dollars" stay numbers).
      m = int(At(e + 1)->number);
      e += 2;
    }
    size_t am = Phrase(lx_.am, e), pm = am ? 0 : Phrase(lx_.pm, e);
    if (am || pm) {
      if (h < 1 || h > 12) return std::nullopt;
      h = h % 12 + (pm ? 12 : 0);
      e += am + pm;
      marked = true;
    }
    if (!marked || h > 23 || m > 59) return std::nullopt;
    // "10:20:30:40" or "1:20.5" are not times of day.
    if ((IsPunct(e, ":") || IsPunct(e, ".")) && Tight(e) && IsNumber(e + 1) && Tight(e + 1)) {
      return std::nullopt;
    }
    p->hour = h;
    p->minute = m;
    return e;
  }

  // Optional time after a date: "[,] [à|at|в|-] 10:20".
  size_t TimeTail(size_t k, DateParts* p) const {
    size_t j = k;
    if (IsPunct(j, ",") && SameLine(j)) ++j;
    if (size_t n = Phrase(lx_.time_joiner, j)) j += n;
    DateParts tp;
    if (Idx e = TimeAt(j, &tp)) {
      p->hour = tp.hour;
      p->minute = tp.minute;
      return *e;
    }
    return k;
  }

  // Optional direction marker right after an expression: "vendredi dernier", "septembre prochain".
  size_t MarkerAfter(size_t k, DateParts* p) const {
    if (size_t n = Phrase(lx_.past_marker, k)) {
      p->direction = Direction::kLast;
      return k + n;
    }
    if (size_t n = Phrase(lx_.next_marker, k)) {
      p->direction = Direction::kNext;
      return k + n;
    }
    return k;
  }

  // Direction marker right before token i: "last Friday", "в прошлую пятницу".
  size_t MarkerBefore(size_t i, DateParts* p) const {
    size_t start;
    if (lx_.past_marker.EndsAt(in_, i, floor_lo(), nullptr, &start)) {
      p->direction = Direction::kLast;
      return start;
    }
    if (lx_.next_marker.EndsAt(in_, i, floor_lo(), nullptr, &start)) {
      p->direction = Direction::kNext;
      return start;
    }
    return i;
  }
  // Tokens before the current match that are still free (not part of an earlier expression).
  size_t floor_lo() const { return last_end_; }

  // "6 janvier [2022] [à 10:20]", "6th of January", "6 января 2022 года". Range "5 au 7 janvier"
  // emits the first day too.
  Idx DayMonthAt(size_t i, DateParts* p, std::optional<FoundTime>* range_first,
                 bool allow_range = true) const {
    if (!orders_.day_month || !FreeNumber(i, 2)) return std::nullopt;
    int d = int(At(i)->number);
    size_t k = SkipOrdinal(i + 1);
    // Range: "du 5 au 7 janvier", "5-7 January", "с 5 по 7 января". One level only, so a
    // hostile "1 au 1 au 1 au ..." cannot recurse deeply.
    if (size_t rj = allow_range ? Phrase(lx_.range_joiner, k) : 0) {
      size_t j = k + rj;
      if (FreeNumber(j, 2)) {
        DateParts second;
        std::optional<FoundTime> ignored;
        if (Idx e = DayMonthAt(j, &second, &ignored, false)) {
          DateParts first = second;
          first.day = d;
          first.hour.reset();
          first.minute.reset();
          first.weekday.reset();
          *range_first = FoundTime{in_.toks[i].begin, in_.toks[k - 1].end, first, Tense::kPast};
          *p = second;
          return e;
        }
      }
    }
    if (size_t n = Phrase(lx_.day_month_joiner, k)) k += n;
    int month;
    Idx e = MonthAt(k, &month);
    if (!e || !SameLine(k)) return std::nullopt;
    p->day = d;
    p->month = month;
    size_t j = *e;
    size_t y = j;
    if (IsPunct(y, ",") && SameLine(y)) ++y;
    int year;
    if (Idx ye = YearAt(y, &year)) {
      p->year = year;
      j = *ye;
    } else {
      j = MarkerAfter(j, p);
    }
    return TimeTail(j, p);
  }

  // "January 6[th][,] [2022] [at 10:20 am]".
  Idx MonthDayAt(size_t i, DateParts* p) const {
    if (!orders_.month_day) return std::nullopt;
    int month;
    Idx e = MonthAt(i, &month);
    if (!e) return std::nullopt;
    size_t k = *e;
    if (!FreeNumber(k, 2) || !SameLine(k)) return std::nullopt;
    int d = int(At(k)->number);
    if (d < 1) return std::nullopt;
    // "January 10:20" or "May 3 h" are not day numbers.
    if (IsPunct(k + 1, ":") || Phrase(lx_.hour_marker, k + 1)) return std::nullopt;
    size_t j = SkipOrdinal(k + 1);
    p->month = month;
    p->day = d;
    size_t y = j;
    if (IsPunct(y, ",") && SameLine(y)) ++y;
    int year;
    if (Idx ye = YearAt(y, &year)) {
      p->year = year;
      j = *ye;
    }
    return TimeTail(j, p);
  }

  // "06.01.2022", "06/01/2022", "2022-01-06[T10:20]", "2022/01/06".
  Idx NumericAt(size_t i, DateParts* p) const {
    if (!IsNumber(i) || !At(i + 4)) return std::nullopt;
    if (i > 0 && Tight(i)) {
      const Tok& prev = in_.toks[i - 1];
      if (prev.kind != TokKind::kPunct || !prev.space_before) {
        std::string_view f = in_.Fold(prev);
        if (prev.kind != TokKind::kPunct || Is1(f, '.') || Is1(f, '/') || Is1(f, '-') ||
            Is1(f, ':') || Is1(f, ',')) {
          return std::nullopt;
        }
      }
    }
    const Tok& a = in_.toks[i];
    std::string_view sep = Fold(i + 1);
    if (in_.toks[i + 1].kind != TokKind::kPunct ||
        (!Is1(sep, '.') && !Is1(sep, '/') && !Is1(sep, '-'))) {
      return std::nullopt;
    }
    if (!Tight(i + 1) || !IsNumber(i + 2) || !Tight(i + 2) || !IsPunct(i + 3, sep) ||
        !Tight(i + 3) || !IsNumber(i + 4) || !Tight(i + 4)) {
      return std::nullopt;
    }
    const Tok& b = in_.toks[i + 2];
    const Tok& c = in_.toks[i + 4];
    // "1.2.3.4" (versions, addresses) is not a date.
    if ((IsPunct(i + 5, sep) || IsPunct(i + 5, ".")) && Tight(i + 5) && IsNumber(i + 6) &&
        Tight(i + 6)) {
      return std::nullopt;
    }
    if (a.digits == 4 && !Is1(sep, '.') && b.digits <= 2 && c.digits <= 2) {
      p->year = int(a.number);
      p->month = int(b.number);
      p->day = int(c.number);
    } else if (c.digits == 4 && a.digits <= 2 && b.digits <= 2) {
      int x = int(a.number), y = int(b.number);
      bool month_first = orders_.numeric == NumericOrder::kMonthDay;
      // The order the pack prefers, unless the numbers rule it out ("25/12/2021" in en).
      if (month_first && x > 12 && y <= 12) month_first = false;
      else if (!month_first && y > 12 && x <= 12) month_first = true;
      p->year = int(c.number);
      p->month = month_first ? x : y;
      p->day = month_first ? y : x;
    } else {
      return std::nullopt;
    }
    size_t j = i + 5;
    // ISO "2022-01-06T10:20".
    if (At(j) && Tight(j) && Is1(Fold(j), 't')) {
      DateParts tp;
      if (Tight(j + 1)) {
        if (Idx e = TimeAt(j + 1, &tp, true)) {
          p->hour = tp.hour;
          p->minute = tp.minute;
          return *e;
        }
      }
    }
    return TimeTail(j, p);
  }

  Idx RelativeAt(size_t i, DateParts* p) const {
    PhraseSet::Hit h = lx_.relative.Match(in_, i);
    if (h.len == 0) return std::nullopt;
    const RelativeRow& r = lx_.relative_rows[size_t(h.payload)];
    p->relative_unit = r.unit;
    // "il y a 3 jours" = 3 x (-1 day); phrases without a number have number 0 -> factor 1.
    int64_t factor = 1;
    for (int k = 0; k < h.len; ++k) {
      if (in_.toks[i + size_t(k)].kind == TokKind::kNumber) factor = h.number;
    }
    p->relative_offset = int(std::max<int64_t>(-100000, std::min<int64_t>(100000, r.offset * factor)));
    size_t e = i + size_t(h.len);
    if (r.unit == RelativeUnit::kDay) e = TimeTail(e, p);
    return e;
  }

  bool PeriodPrepBefore(size_t i) const {
    size_t k = i;
    // "mi-janvier": skip the hyphen.
    if (k > floor_lo() && IsPunct(k - 1, "-") && Tight(k)) --k;
    return lx_.period_prep.EndsAt(in_, k, floor_lo());
  }

  Idx MonthAloneAt(size_t i, DateParts* p) const {
    int month;
    Idx e = MonthAt(i, &month);
    if (!e) return std::nullopt;
    // A day number just before is a failed day-month ("32 janvier"): not a month alone.
    if (i > 0 && IsNumber(i - 1)) return std::nullopt;
    DateParts q;
    q.month = month;
    size_t j = *e;
    int year;
    size_t y = j;
    if (IsPunct(y, ",") && SameLine(y)) ++y;
    if (Idx ye = YearAt(y, &year)) {
      q.year = year;
      *p = q;
      return *ye;
    }
    size_t after = MarkerAfter(j, &q);
    size_t before = MarkerBefore(i, &q);
    if (after == j && before == i && !PeriodPrepBefore(i)) return std::nullopt;
    *p = q;
    begin_override_ = before;
    return after;
  }

  Idx YearAloneAt(size_t i, DateParts* p) const {
    if (!FreeNumber(i, 4) || At(i)->digits != 4) return std::nullopt;
    int year;
    Idx e = YearAt(i, &year);
    if (!e) return std::nullopt;
    // A period word before it ("en 2013", "in early 2022") or a year word after it ("2022
    // года": "протест 2022 года") makes a bare four-digit number a year; with a year word alone,
    // only a year of recent history ("1500 г героина" is grams).
    if (!PeriodPrepBefore(i) &&
        (*e == i + 1 || year < kMinSuffixOnlyYear || year > kMaxSuffixOnlyYear)) {
      return std::nullopt;
    }
    // "en 2013 personnes": a year is not followed by a counted noun... we cannot tell; a
    // following number glued by a separator ("2013-2014") still reads the first year.
    p->year = year;
    return e;
  }

  // Weekday forms: "jeudi 6 janvier", "Thursday, January 6", "vendredi dernier", "в пятницу",
  // "vendredi 7", "jeudi à 10 h".
  Idx WeekdayFormsAt(size_t i, DateParts* p, std::optional<FoundTime>* range_first) const {
    int wd;
    bool standalone;
    Idx e = WeekdayAt(i, &wd, &standalone);
    if (!e) return std::nullopt;
    size_t j = *e;
    if (IsPunct(j, ",") && SameLine(j)) ++j;
    DateParts d;
    if (Idx de = DateAt(j, &d, range_first); de && SameLine(j)) {
      d.weekday = wd;
      *p = d;
      return de;
    }
    range_first->reset();
    if (!standalone) return std::nullopt;
    DateParts q;
    q.weekday = wd;
    size_t k = *e;
    // "vendredi 7": a day number with no month, when nothing word-like follows it.
    if (FreeNumber(k, 2) && SameLine(k) && At(k)->number >= 1 && At(k)->number <= 31) {
      DateParts tp;
      if (!TimeAt(k, &tp)) {
        const Tok* after = At(k + 1);
        if (!after || after->kind == TokKind::kPunct || after->newline_before) {
          q.day = int(At(k)->number);
          *p = q;
          return k + 1;
        }
      }
    }
    size_t before = MarkerBefore(i, &q);
    k = MarkerAfter(k, &q);
    k = TimeTail(k, &q);
    begin_override_ = before;
    *p = q;
    return k;
  }

  Idx DateAt(size_t i, DateParts* p, std::optional<FoundTime>* range_first) const {
    if (Idx e = NumericAt(i, p)) return e;
    if (Idx e = DayMonthAt(i, p, range_first)) return e;
    range_first->reset();
    *p = DateParts{};
    if (Idx e = MonthDayAt(i, p)) return e;
    *p = DateParts{};
    return std::nullopt;
  }

  // Tries every form at token i; on success appends to `out` and returns the next index.
  Idx MatchAt(size_t i, std::vector<FoundTime>* out) {
    const Tok& t = in_.toks[i];
    // Cheap filter: expressions start with a number or a word.
    if (t.kind == TokKind::kPunct || (t.kind == TokKind::kWord && !t.known)) return std::nullopt;
    // Most known words only start cue phrases ("à", "the", "since"): no form starts there.
    if (t.kind == TokKind::kWord && !lx_.starts_expression[size_t(t.id)]) return std::nullopt;
    begin_override_ = i;
    DateParts p;
    std::optional<FoundTime>& range_first = range_first_;
    range_first.reset();
    Idx e;
    if (t.kind == TokKind::kWord) {
      if (!(e = WeekdayFormsAt(i, &p, &range_first))) {
        begin_override_ = i;
        range_first.reset();
        p = DateParts{};
        if (!(e = MonthDayAt(i, &p))) {
          p = DateParts{};
          if (!(e = RelativeAt(i, &p))) {
            p = DateParts{};
            e = MonthAloneAt(i, &p);
          }
        }
      }
    } else {
      if (!(e = DateAt(i, &p, &range_first))) {
        range_first.reset();
        p = DateParts{};
        if (!(e = RelativeAt(i, &p))) {
          p = DateParts{};
          if (!(e = YearAloneAt(i, &p))) {
            p = DateParts{};
            e = TimeAt(i, &p);
          }
        }
      }
    }
    if (!e || *e <= i) return std::nullopt;
    size_t b = std::min(begin_override_, i);
    Tense tense = TenseFor(b, *e);
    if (range_first) {
      range_first->tense = tense;
      out->push_back(*range_first);
      // The second member of the range starts after the joiner.
      size_t k = i;
      while (k < *e && in_.toks[k].end <= range_first->end) ++k;
      while (k < *e && in_.toks[k].kind != TokKind::kNumber) ++k;
      b = k;
    }
    out->push_back(FoundTime{in_.toks[b].begin, in_.toks[*e - 1].end, p, tense});
    return e;
  }

  // A lower-case word of at least kMinFutureStemBytes bytes before a future ending
  // ("réun-ira"); capitalised words are names ("Madeira").
  bool HasFutureSuffix(const Tok& t) const {
    if (t.kind != TokKind::kWord || t.capital) return false;
    std::string_view w = in_.Fold(t);
    // Most words are too short or end otherwise than every suffix: no loop over the suffixes.
    if (w.empty() || w.size() < lx_.min_future_word ||
        !lx_.future_suffix_last[static_cast<unsigned char>(w.back())]) {
      return false;
    }
    for (const std::string& suf : lx_.future_suffixes) {
      if (w.size() >= suf.size() + kMinFutureStemBytes && w.ends_with(suf)) return true;
    }
    return false;
  }

  // Tense governing the expression at tokens [b, e): a "since" cue just before means past, an
  // "until" cue or a future-tense cue in the same sentence (within a few tokens) means future.
  Tense TenseFor(size_t b, size_t e) const {
    if (lx_.since.EndsAt(in_, b, b >= 4 ? b - 4 : 0)) return Tense::kPast;
    if (lx_.until.EndsAt(in_, b, b >= 4 ? b - 4 : 0)) return Tense::kFuture;
    if (lx_.future_tense.empty() && lx_.future_suffixes.empty()) return Tense::kPast;
    // Backwards to the sentence start.
    size_t lo = b;
    for (int n = 0; n < kTenseLookBack && lo > 0; ++n) {
      const Tok& t = in_.toks[lo - 1];
      if (t.kind == TokKind::kPunct) {
        std::string_view f = in_.Fold(t);
        if (Is1(f, '.') || Is1(f, '!') || Is1(f, '?') || Is1(f, ';')) break;
      }
      --lo;
      if (t.newline_before) break;
    }
    size_t hi = e;
    for (int n = 0; n < kTenseLookAhead && hi < in_.toks.size(); ++n) {
      const Tok& t = in_.toks[hi];
      if (t.newline_before) break;
      if (t.kind == TokKind::kPunct) {
        std::string_view f = in_.Fold(t);
        if (Is1(f, '.') || Is1(f, '!') || Is1(f, '?') || Is1(f, ';')) break;
      }
      ++hi;
    }
    for (size_t k = lo; k < hi; ++k) {
      if (k >= b && k < e) continue;
      if (lx_.future_tense.Match(in_, k).len > 0) return Tense::kFuture;
      if (HasFutureSuffix(in_.toks[k])) return Tense::kFuture;
    }
    return Tense::kPast;
  }

  const TimeScanner::Lexicon& lx_;
  const Orders& orders_;
  Tokens& in_;
  size_t last_end_ = 0;
  mutable size_t begin_override_ = 0;
  // MatchAt's first member of a range, kept here: a local one was zero-filled (96 bytes, rep
  // stos) for every number and known word.
  std::optional<FoundTime> range_first_;
};

}  // namespace

std::vector<FoundTime> TimeScanner::Find(std::string_view text, std::string_view language,
                                         size_t max_results) const {
  std::vector<FoundTime> out;
  auto it = lex_->orders.find(std::string(language));
  const Orders& orders = it == lex_->orders.end() ? lex_->any_order : it->second;
  // Token buffers per thread, kept between texts (Find stays const and thread-safe); a very
  // large text's buffers are released afterwards.
  thread_local Tokens scratch;
  Scan scan(*lex_, orders, text, &scratch);
  scan.Run(max_results, &out);
  if (scratch.toks.capacity() > (size_t(1) << 18) || scratch.arena.size() > (size_t(1) << 22)) {
    scratch = Tokens();
  }
  return out;
}

}  // namespace sitrep::extract
