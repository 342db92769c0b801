#include "extract/claim_words.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "base/utf8.h"
#include "extract/ascii_words.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

// ASCII byte classes for the tokenizer's fast path.
enum : uint8_t { kAsciiSpace = 1, kAsciiAlnum = 2 };
constexpr std::array<uint8_t, 128> kAsciiClass = [] {
  std::array<uint8_t, 128> t{};
  for (int b = 0; b < 128; ++b) {
    if (b == ' ' || (b >= 9 && b <= 13)) t[size_t(b)] = kAsciiSpace;  // as IsSpaceFast
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z')) t[size_t(b)] = kAsciiAlnum;
    if (b >= '0' && b <= '9') t[size_t(b)] = kAsciiAlnum;
  }
  return t;
}();

// The bytes SplitSentences stops at: line breaks, . ! ?, and E2, the lead byte of U+2026 (…),
// U+2028 and U+2029. Every other byte is skipped alone: it is not a character the splitter acts
// on, or a continuation byte (which never starts one); a character that starts with a stop byte
// is decoded as before, since decoding never swallows an ASCII or a lead byte into another
// character.
constexpr std::array<bool, 256> kSentenceStop = [] {
  std::array<bool, 256> t{};
  for (int b : {int('\n'), int('\r'), int('.'), int('!'), int('?'), 0xE2}) t[size_t(b)] = true;
  return t;
}();

#if defined(__SSE2__)
// Bit k set if byte k of p[0..16) is a kSentenceStop byte.
inline unsigned SentenceStopMask16(const char* p) {
  __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  __m128i a = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')),
                           _mm_cmpeq_epi8(v, _mm_set1_epi8('\r')));
  __m128i b = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')),
                           _mm_cmpeq_epi8(v, _mm_set1_epi8('!')));
  __m128i c = _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('?')),
                           _mm_cmpeq_epi8(v, _mm_set1_epi8(char(0xE2))));
  return unsigned(_mm_movemask_epi8(_mm_or_si128(_mm_or_si128(a, b), c)));
}
#endif

// Whether a character of base::IsSpace ends exactly at byte `e` (> 0) of `text`, as a forward
// decoding (NextCodePoint from the start) reads it: such a character starts with an ASCII or a
// lead byte, which a forward decoding always starts a character at.
bool SpaceEndsAt(std::string_view text, size_t e) {
  auto b = static_cast<unsigned char>(text[e - 1]);
  if (b < 0x80) return IsSpaceFast(b);
  if (e >= 2 && static_cast<unsigned char>(text[e - 2]) == 0xC2) return b == 0xA0;
  if (e >= 3) {
    auto lead = static_cast<unsigned char>(text[e - 3]);
    if (lead == 0xE1 || lead == 0xE2 || lead == 0xE3 || lead == 0xEF) {
      size_t p = e - 3;
      char32_t c = NextCodePoint(text, &p);
      return p == e && IsSpaceFast(c);
    }
  }
  return false;
}

// True if exactly one letter lies between the dot at `at` and the end of the last space or line
// break before it (or the start of the text): the dot of an initial ("M. Tokaïev", "А. Иванов").
// A digit is no initial ("ранили 6. По данным...", "killed 6. Police said" end a sentence); a
// dot that starts the text has nothing before it.
bool InitialBefore(std::string_view text, size_t at) {
  if (at == 0 || SpaceEndsAt(text, at)) return false;  // nothing between
  const auto last = static_cast<unsigned char>(text[at - 1]);
  if (last < 0x80) {
    return ((last >= 'A' && last <= 'Z') || (last >= 'a' && last <= 'z')) &&
           (at == 1 || SpaceEndsAt(text, at - 1));
  }
  // A letter of several bytes (Latin with accents, Cyrillic, Greek...): back to its lead byte.
  size_t b = at - 1;
  while (b > 0 && at - b < 4 && (static_cast<unsigned char>(text[b]) & 0xC0) == 0x80) --b;
  size_t p = b;
  const char32_t c = NextCodePoint(text, &p);
  if (p != at || !u_isalpha(UChar32(c))) return false;
  return b == 0 || SpaceEndsAt(text, b);
}

// A byte of a letter: ASCII letters and every byte of a multi-byte character (abbreviations
// before a dot are words of letters: "Dr", "ген").
bool IsAsciiLetterOrHigh(char ch) {
  const auto b = static_cast<unsigned char>(ch);
  return b >= 0x80 || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

bool IsWordCharSlow(char32_t c) {
  if (base::IsSpace(c)) return false;
  return u_isalnum(UChar32(c)) || u_getCombiningClass(UChar32(c)) != 0 ||
         u_charType(UChar32(c)) == U_NON_SPACING_MARK;
}

inline bool IsWordChar(char32_t c) {
  if (c < 0x80) return (kAsciiClass[c] & kAsciiAlnum) != 0;
  if (IsCommonLetter(c)) return true;
  return IsWordCharSlow(c);
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
bool IsJoiningHyphen(char32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013;
}

char32_t PeekAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  return NextCodePoint(s, &pos);
}

// True for "d", "l", "qu", "jusqu": the elided words that end at an apostrophe in French.
bool IsElisionHead(std::string_view lower_word) {
  if (lower_word.size() == 1) return true;
  return lower_word.size() >= 2 && lower_word.substr(lower_word.size() - 2) == "qu";
}

// Appends the lower-cased `s` to `*out` (the folds of LowerWord).
void AppendLower(std::string_view s, std::string* out) {
  ByteSink sink(out);
  size_t pos = 0;
  while (pos < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      sink.Put(b >= 'A' && b <= 'Z' ? char(b + 0x20) : char(b));
      ++pos;
      continue;
    }
    char32_t c = NextCodePoint(s, &pos);
    if (IsApostrophe(c)) {
      sink.Put('\'');
      continue;
    }
    c = ToLowerFast(c);
    if (c == U'ё') c = U'е';
    sink.PutCodePoint(c);
  }
}

}  // namespace

std::string LowerWord(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  AppendLower(s, &out);
  return out;
}

uint32_t WordIndex::Insert(std::string_view word, uint32_t value) {
  if (uint32_t v = Find(word); v != kNone) return v;
  if ((keys_.size() + 1) * 2 > slots_.size()) {
    std::vector<Slot> old = std::move(slots_);
    slots_.assign(old.empty() ? 16 : old.size() * 2, Slot());
    size_t mask = slots_.size() - 1;
    for (const Slot& s : old) {
      if (s.value == kNone) continue;
      size_t i = size_t(s.hash) & mask;
      while (slots_[i].value != kNone) i = (i + 1) & mask;
      slots_[i] = s;
    }
  }
  uint64_t hash = WordHash(word);
  size_t mask = slots_.size() - 1;
  size_t i = size_t(hash) & mask;
  while (slots_[i].value != kNone) i = (i + 1) & mask;
  slots_[i] = Slot{hash, uint32_t(keys_.size()), value};
  filter_[hash >> 58] |= uint64_t(1) << ((hash >> 52) & 63);
  keys_.emplace_back(word);
  return value;
}

namespace {

// What TokenizeWordsInto needs to know of a two-byte character (U+0080..U+07FF: accented Latin,
// Cyrillic, NBSP, « »), computed once from IsWordChar, IsSpaceFast, IsUpperFast and AppendLower,
// so a word of such letters is scanned, then lower-cased, with one table load per character.
struct TwoByteChar {
  char lower[3];  // the lower-cased UTF-8 bytes (AppendLower of the character)
  uint8_t bits;   // kLowerLenMask: how many of `lower`; kTwoByte* flags
};
enum : uint8_t {
  kLowerLenMask = 3,
  kTwoByteWord = 4,      // IsWordChar
  kTwoByteSpace = 8,     // IsSpaceFast
  kTwoByteUpper = 16,    // IsUpperFast
  kTwoByteLongLower = 32 // lower case longer than three bytes: AppendLower it
};

class TwoByteTable {
 public:
  TwoByteTable() {
    for (char32_t c = 0x80; c < 0x800; ++c) {
      TwoByteChar& e = chars_[c - 0x80];
      const char utf8[2] = {char(0xC0 | (c >> 6)), char(0x80 | (c & 0x3F))};
      std::string lower;
      AppendLower(std::string_view(utf8, 2), &lower);
      size_t len = lower.size() <= 3 ? lower.size() : 0;
      std::copy(lower.begin(), lower.begin() + ptrdiff_t(len), e.lower);
      e.bits = uint8_t(len) | (IsWordChar(c) ? kTwoByteWord : 0) |
               (IsSpaceFast(c) ? kTwoByteSpace : 0) | (IsUpperFast(c) ? kTwoByteUpper : 0) |
               (lower.size() > 3 ? kTwoByteLongLower : 0);
    }
  }
  const TwoByteChar& operator[](char32_t c) const { return chars_[c - 0x80]; }

 private:
  std::array<TwoByteChar, 0x800 - 0x80> chars_{};
};

const TwoByteTable& TwoByteChars() {
  static const TwoByteTable table;
  return table;
}


// WordHash of each one-byte word (the tokenizer's ASCII symbols).
const struct SymbolHashes {
  SymbolHashes() {
    for (uint64_t b = 0; b < 128; ++b) hash[b] = WordHashOfShort(b, 1);
  }
  uint64_t hash[128];
} kSymbolHashes;

// WordHash of the first kStemKeyBytes bytes of a word of n >= kStemKeyBytes bytes whose first
// eight bytes (zero-padded) are `first8`.
inline uint64_t PrefixHashOf(uint64_t first8) {
  static_assert(kStemKeyBytes == 4);
  return WordHashOfShort(first8 & 0xFFFFFFFFull, kStemKeyBytes);
}

}  // namespace

void TokenizeWordsInto(std::string_view text, uint32_t base, size_t max_tokens,
                       std::vector<WordToken>* out, std::string* lower_buffer) {
  static_assert(std::endian::native == std::endian::little, "WordHash loads little-endian");
  const TwoByteTable& two = TwoByteChars();
  std::vector<WordToken>& tokens = *out;
  size_t n = 0;  // tokens written; tokens[n..] are spare ones, reused
  const char* s = text.data();
  const size_t size = text.size();
  size_t pos = 0;
  // The lower-cased words, one after the other, each followed by room for eight zero bytes (the
  // hash loads whole words). A lower case is at most 1.5 times as long as its word (a two-byte
  // letter lowers to at most three bytes), so the buffer rarely grows; when it does, the tokens
  // made so far are moved to the new one.
  std::string& buffer = *lower_buffer;
  if (buffer.size() < text.size() * 3 / 2 + 64) buffer.resize(text.size() * 3 / 2 + 64);
  char* lb = buffer.data();
  size_t used = 0;
  // Room for `bytes` more bytes at lb + used. Call before next_token().
  auto room = [&](size_t bytes) __attribute__((always_inline)) {
    if (used + bytes <= buffer.size()) return;
    const char* old = lb;
    buffer.resize(std::max(2 * buffer.size(), used + bytes));
    lb = buffer.data();
    for (size_t i = 0; i < n; ++i) {
      tokens[i].lower = std::string_view(lb + (tokens[i].lower.data() - old), tokens[i].lower.size());
    }
  };
  // tokens.size() in a local: stores through the tokens would otherwise make it a reload each.
  size_t spare = tokens.size();
  auto next_token = [&]() __attribute__((always_inline)) -> WordToken& {
    if (n == spare) {
      // Room for about as many tokens as the rest of the text holds (a word and a space every
      // five bytes or so) in one resize, not one emplace_back call per token; the resize at the
      // end drops those left over.
      tokens.resize(std::min(max_tokens, n + (size - pos) / 4 + 16));
      spare = tokens.size();
    }
    WordToken& t = tokens[n++];
    t.word = t.digits = t.upper = false;
    return t;
  };
  // t.lower = the `len` bytes at lb + used, followed by eight zero bytes; hashes them.
  auto set_lower = [&](WordToken& t, size_t len) __attribute__((always_inline)) {
    const char* p = lb + used;
    t.lower = std::string_view(p, len);
    t.hash = WordHashOfPadded(p, len);
    if (len >= kStemKeyBytes) {
      uint64_t w;
      std::memcpy(&w, p, 8);
      t.prefix_hash = PrefixHashOf(w);
    } else {
      t.prefix_hash = 0;
    }
    used += len;
  };
  std::string slow;  // a lower case made the plain way (AppendLower)
  // Lower-cases `surface` the plain way into the buffer, for t = next_token().
  auto lower_slow = [&](std::string_view surface) -> WordToken& {
    slow.clear();
    AppendLower(surface, &slow);
    room(slow.size() + 16);
    WordToken& t = next_token();
    std::memcpy(lb + used, slow.data(), slow.size());
    std::memset(lb + used + slow.size(), 0, 8);
    set_lower(t, slow.size());
    return t;
  };
  // The table entry of a well-formed two-byte character at s[i], else nullptr.
  auto two_byte_at = [&](size_t i) -> const TwoByteChar* {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0xC2 || b > 0xDF || i + 1 >= size) return nullptr;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b1 & 0xC0) != 0x80) return nullptr;
    return &two[(char32_t(b & 0x1F) << 6) | (b1 & 0x3F)];
  };
  std::string head;  // an elision candidate, lower-cased
  while (pos < size && n < max_tokens) {
    size_t start = pos;
    auto b0 = static_cast<unsigned char>(s[pos]);
    bool upper = false;
    bool skip_fused = false;  // the one-pass scan below would stop where it cannot end a word
    if (b0 < 0x80) {
      // ASCII, most of the text: one table load says space, word start or symbol.
      uint8_t cls = kAsciiClass[b0];
      ++pos;
      if (cls & kAsciiSpace) continue;
      if (!(cls & kAsciiAlnum)) {  // a symbol is its own lower case
        room(16);
        WordToken& t = next_token();
        t.begin = base + uint32_t(start);
        t.end = base + uint32_t(pos);
        lb[used] = char(b0);
        t.lower = std::string_view(lb + used, 1);
        t.hash = kSymbolHashes.hash[b0];  // set_lower's hash, made once
        t.prefix_hash = 0;
        ++used;
        pos += pos < size && s[pos] == ' ';  // a space after it gives no token
        continue;
      }
      upper = b0 >= 'A' && b0 <= 'Z';
      // Most words: ASCII letters and digits, fewer than sixteen, then an ASCII byte that
      // neither joins (-) nor elides ('): found, lower-cased and classified sixteen bytes at a
      // time. Others take the general scan below.
      if (start + 16 <= size) {
        unsigned digit_mask;
        const unsigned word_mask = AsciiWordMask16(s + start, &digit_mask);
        const size_t len = size_t(std::countr_zero(~word_mask));  // >= 1: b0 is a word byte
        if (len < 16) {
          const auto b = static_cast<unsigned char>(s[start + len]);
          if (b < 0x80 && b != '-' && b != '\'') {
            room(32);
            WordToken& t = next_token();
            StoreAsciiLower16(s + start, len, lb + used);  // zeros after: set_lower's padding
            set_lower(t, len);
            t.begin = base + uint32_t(start);
            t.end = base + uint32_t(start + len);
            t.word = true;
            const unsigned first_len = (1u << len) - 1;
            t.digits = (digit_mask & first_len) == first_len;
            t.upper = upper;
            pos = start + len + (b == ' ');  // a space after the word gives no token
            continue;
          }
          skip_fused = b < 0x80;  // - or ': a joined word or an elision
        }
      }
    } else if (const TwoByteChar* e = two_byte_at(pos)) {
      pos += 2;
      if (e->bits & kTwoByteSpace) continue;
      if (!(e->bits & kTwoByteWord)) {
        if (e->bits & kTwoByteLongLower) {
          WordToken& t = lower_slow(text.substr(start, 2));
          t.begin = base + uint32_t(start);
          t.end = base + uint32_t(pos);
        } else {
          room(16);
          WordToken& t = next_token();
          t.begin = base + uint32_t(start);
          t.end = base + uint32_t(pos);
          std::memset(lb + used, 0, 16);
          std::memcpy(lb + used, e->lower, 3);
          set_lower(t, e->bits & kLowerLenMask);
        }
        continue;
      }
      upper = (e->bits & kTwoByteUpper) != 0;
    } else {
      char32_t c = NextCodePoint(text, &pos);
      if (IsSpaceFast(c)) continue;
      if (!IsWordChar(c)) {
        WordToken& t = lower_slow(text.substr(start, pos - start));
        t.begin = base + uint32_t(start);
        t.end = base + uint32_t(pos);
        continue;
      }
      upper = IsUpperFast(c);
    }
    // A word of ASCII letters and digits and two-byte letters the table lower-cases (Cyrillic,
    // accented Latin), ended by the text's end, ASCII other than - and ', or a two-byte
    // character that is no letter: found and lower-cased in one pass. Others (three-byte
    // letters, joining hyphens, elisions, malformed bytes) take the general scan below.
    if (!skip_fused) {
      room((size - start) + (size - start) / 2 + 16);
      char* f = lb + used;
      size_t k = 0;
      size_t end = start;
      bool complete = false;
      bool only_ascii = true;
      while (true) {
        if (end == size) {
          complete = true;
          break;
        }
        const auto b = static_cast<unsigned char>(s[end]);
        if (b < 0x80) {
          if (kAsciiWordByte[b]) {
            f[k++] = char(b | 0x20);
            ++end;
            continue;
          }
          complete = b != '-' && b != '\'';
          break;
        }
        const TwoByteChar* e = two_byte_at(end);
        if (e == nullptr || (e->bits & kTwoByteLongLower)) break;
        if (!(e->bits & kTwoByteWord)) {
          // Ends the word unless it is an apostrophe (U+02BC is a letter: never here).
          size_t next = end;
          complete = !IsApostrophe(NextCodePoint(text, &next));
          break;
        }
        std::memcpy(f + k, e->lower, 3);
        k += e->bits & kLowerLenMask;
        end += 2;
        only_ascii = false;
      }
      if (complete) {
        std::memset(f + k, 0, 8);
        WordToken& t = next_token();
        set_lower(t, k);
        t.begin = base + uint32_t(start);
        t.end = base + uint32_t(end);
        t.word = true;
        t.digits = only_ascii;
        if (only_ascii) {
          for (size_t i = start; i < end; ++i) {
            if (s[i] < '0' || s[i] > '9') {
              t.digits = false;
              break;
            }
          }
        }
        t.upper = upper;
        pos = end + (end < size && s[end] == ' ');  // a space after the word gives no token
        continue;
      }
    }
    // A word starts at `start` and runs at least to `pos`: find its end, noting whether it is
    // all ASCII and whether every other character is a two-byte one the table lower-cases.
    size_t end = pos;
    bool ascii = b0 < 0x80;
    bool tabled = ascii;
    if (const TwoByteChar* e = ascii ? nullptr : two_byte_at(start)) {
      tabled = !(e->bits & kTwoByteLongLower);
    }
    while (end < size) {
      // ASCII letters and digits, the most of a word, in a tight loop.
      while (end < size && kAsciiWordByte[static_cast<unsigned char>(s[end])]) ++end;
      if (end == size) break;
      auto b = static_cast<unsigned char>(s[end]);
      // Other ASCII but - and ' ends the word.
      if (b < 0x80 && b != '-' && b != '\'') break;
      if (b >= 0x80) {
        if (const TwoByteChar* e = two_byte_at(end); e != nullptr && (e->bits & kTwoByteWord)) {
          if (e->bits & kTwoByteLongLower) tabled = false;
          ascii = false;
          end += 2;
          continue;
        }
        ascii = false;
      }
      size_t next = end;
      char32_t d = NextCodePoint(text, &next);
      if (IsWordChar(d)) {
        end = next;
        tabled = false;
        continue;
      }
      // Inner hyphen between word characters joins ("vingt-cinq", "45-й", "10-15").
      if (IsJoiningHyphen(d) && IsWordChar(PeekAt(text, next))) {
        if (d != '-') tabled = false;
        end = next;
        continue;
      }
      // Elision: "d'une", "jusqu'à" -> "d'" + "une"; "police's" stays one word. In a table
      // phrase the elided word may end the text ("plus d'").
      if (IsApostrophe(d)) {
        head.clear();
        AppendLower(text.substr(start, end - start), &head);
        bool elision = IsElisionHead(head);
        if (d != '\'') tabled = false;
        if (!IsWordChar(PeekAt(text, next))) {
          if (elision) end = next;
          break;
        }
        end = next;
        if (elision) break;
        continue;
      }
      break;
    }
    std::string_view surface = text.substr(start, end - start);
    const size_t len = surface.size();
    WordToken* tp;
    if (ascii && len <= 8 && start + 8 <= size) {
      // A short ASCII word in one register: only letters, digits, '-' and '\'' here, and
      // OR-ing 0x20 lower-cases the letters and leaves the others as they are.
      room(16);
      tp = &next_token();
      uint64_t w;
      std::memcpy(&w, s + start, 8);
      w |= 0x2020202020202020ull;
      if (len < 8) w &= (uint64_t(1) << (8 * len)) - 1;
      std::memcpy(lb + used, &w, 8);
      std::memset(lb + used + 8, 0, 8);
      set_lower(*tp, len);
    } else if (tabled) {
      // ASCII and two-byte letters whose lower case the table has.
      room(len + len / 2 + 16);
      tp = &next_token();
      char* f = lb + used;
      size_t k = 0;
      for (size_t i = 0; i < len;) {
        auto b = static_cast<unsigned char>(surface[i]);
        if (b < 0x80) {
          f[k++] = char(b | 0x20);
          ++i;
          continue;
        }
        const TwoByteChar& e =
            two[(char32_t(b & 0x1F) << 6) | (static_cast<unsigned char>(surface[i + 1]) & 0x3F)];
        std::memcpy(f + k, e.lower, 3);
        k += e.bits & kLowerLenMask;
        i += 2;
      }
      std::memset(f + k, 0, 8);
      set_lower(*tp, k);
    } else {
      tp = &lower_slow(surface);
    }
    WordToken& t = *tp;
    t.begin = base + uint32_t(start);
    t.end = base + uint32_t(end);
    t.word = true;
    // Only ASCII digits; a word starting with a letter is answered by its first byte.
    t.digits = true;
    for (char ch : surface) {
      if (ch < '0' || ch > '9') {
        t.digits = false;
        break;
      }
    }
    t.upper = upper;
    pos = end;
  }
  tokens.resize(n);
}

Words TokenizeWords(std::string_view text, uint32_t base, size_t max_tokens) {
  Words out;
  TokenizeWordsInto(text, base, max_tokens, &out.tokens, &out.lower);
  return out;
}

bool PhraseTable::Add(std::string_view phrase, uint32_t id) {
  Words tokens = TokenizeWords(phrase, 0, 32);
  Phrase p;
  p.id = id;
  for (const WordToken& t : tokens.tokens) p.words.emplace_back(t.lower);
  if (p.words.empty()) return false;
  if (p.words.back() == "*") {
    p.words.pop_back();
    p.stem = true;
    if (p.words.empty()) return false;
  }
  for (const std::string& w : p.words) p.hashes.push_back(WordHash(w));
  uint32_t index = uint32_t(phrases_.size());
  auto add_to = [&](WordIndex& by, std::string_view key, uint64_t second_bits) {
    uint32_t list = by.Insert(key, uint32_t(lists_.size()));
    if (list == lists_.size()) {
      lists_.emplace_back();
      second_bits_.push_back(0);
    }
    lists_[list].push_back(index);
    second_bits_[list] |= second_bits;
  };
  constexpr uint64_t kAnySecond = ~uint64_t(0);
  if (p.stem && p.words.size() == 1) {
    if (p.words[0].size() >= kStemKeyBytes) {
      add_to(stem_by_key_, std::string_view(p.words[0]).substr(0, kStemKeyBytes), kAnySecond);
    } else {
      short_stems_.push_back(index);
    }
  } else {
    const bool exact_second = p.words.size() >= 3 || (p.words.size() == 2 && !p.stem);
    add_to(by_first_, p.words[0],
           exact_second ? uint64_t(1) << (p.hashes[1] >> 58) : kAnySecond);
  }
  phrases_.push_back(std::move(p));
  return true;
}

bool PhraseTable::Matches(const Phrase& p, std::span<const WordToken> tokens, size_t i,
                          size_t from) const {
  if (i + p.words.size() > tokens.size()) return false;
  for (size_t k = from; k < p.words.size(); ++k) {
    const WordToken& t = tokens[i + k];
    std::string_view have = t.lower;
    const std::string& want = p.words[k];
    if (p.stem && k + 1 == p.words.size()) {
      if (have.size() < want.size() || have.compare(0, want.size(), want) != 0) return false;
    } else if (t.hash != p.hashes[k] || have != want) {  // t.hash is WordHash(t.lower)
      return false;
    }
  }
  return true;
}

PhraseTable::Hit PhraseTable::MatchSlow(std::span<const WordToken> tokens, size_t i) const {
  Hit best;
  std::string_view first = tokens[i].lower;
  auto consider = [&](uint32_t index, size_t from) {
    const Phrase& p = phrases_[index];
    if (p.words.size() > best.length && Matches(p, tokens, i, from)) {
      best.length = uint32_t(p.words.size());
      best.id = p.id;
    }
  };
  // by_first_ compared the first word itself: its phrases are matched from their second, unless
  // none of them can (second_bits_).
  if (uint32_t list = by_first_.Find(first, tokens[i].hash); list != WordIndex::kNone) {
    const uint64_t second = second_bits_[list];
    if (second == ~uint64_t(0) ||
        (i + 1 < tokens.size() && ((second >> (tokens[i + 1].hash >> 58)) & 1) != 0)) {
      for (uint32_t index : lists_[list]) consider(index, 1);
    }
  }
  if (first.size() >= kStemKeyBytes && !stem_by_key_.empty()) {
    if (uint32_t list = stem_by_key_.Find(std::string_view(first).substr(0, kStemKeyBytes),
                                          tokens[i].prefix_hash);
        list != WordIndex::kNone) {
      for (uint32_t index : lists_[list]) consider(index, 0);
    }
  }
  for (uint32_t index : short_stems_) consider(index, 0);
  return best;
}

bool PhraseTable::MatchEndingAtSlow(std::span<const WordToken> tokens, size_t end,
                                    uint32_t length, uint32_t* id) const {
  size_t i = end - length;
  std::string_view first = tokens[i].lower;
  auto check = [&](const std::vector<uint32_t>& list, size_t from) {
    for (uint32_t index : list) {
      const Phrase& p = phrases_[index];
      if (p.words.size() == length && Matches(p, tokens, i, from)) {
        *id = p.id;
        return true;
      }
    }
    return false;
  };
  if (uint32_t list = by_first_.Find(first, tokens[i].hash);
      list != WordIndex::kNone && check(lists_[list], 1)) {  // first word compared by Find
    return true;
  }
  if (length == 1) {
    if (first.size() >= kStemKeyBytes && !stem_by_key_.empty()) {
      if (uint32_t list = stem_by_key_.Find(std::string_view(first).substr(0, kStemKeyBytes),
                                            tokens[i].prefix_hash);
          list != WordIndex::kNone && check(lists_[list], 0)) {
        return true;
      }
    }
    if (check(short_stems_, 0)) return true;
  }
  return false;
}

std::vector<SentenceSpan> SplitSentences(
    std::string_view text, uint32_t base, size_t max_bytes,
    const std::function<bool(std::string_view word)>& is_abbreviation) {
  std::vector<SentenceSpan> out;
  auto emit = [&](size_t b, size_t e) {
    std::string_view s = base::TrimSpace(text.substr(b, e - b));
    if (s.empty()) return;
    size_t sb = size_t(s.data() - text.data());
    size_t se = sb + s.size();
    // Over-long "sentences" (lists, tables, missing punctuation) are cut at a space.
    while (se - sb > max_bytes) {
      size_t cut = sb + max_bytes;
      while (cut > sb && text[cut] != ' ') --cut;
      if (cut == sb) cut = base::FloorBoundary(text, sb + max_bytes);
      if (cut == sb) break;
      out.push_back(SentenceSpan{base + uint32_t(sb), base + uint32_t(cut)});
      sb = cut;
      while (sb < se && text[sb] == ' ') ++sb;
    }
    if (se > sb) out.push_back(SentenceSpan{base + uint32_t(sb), base + uint32_t(se)});
  };
  size_t start = 0;
  size_t pos = 0;
  const size_t size = text.size();
  while (pos < size) {
    // Up to the next stop byte (kSentenceStop): most text neither breaks a line nor ends a
    // sentence.
#if defined(__SSE2__)
    while (pos + 16 <= size) {
      unsigned mask = SentenceStopMask16(text.data() + pos);
      if (mask != 0) {
        pos += size_t(std::countr_zero(mask));
        break;
      }
      pos += 16;
    }
#endif
    while (pos < size && !kSentenceStop[static_cast<unsigned char>(text[pos])]) ++pos;
    if (pos >= size) break;
    size_t at = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (c == '\n' || c == '\r' || c == 0x2029 || c == 0x2028) {
      emit(start, at);
      start = pos;
      continue;
    }
    if (c != '.' && c != '!' && c != '?' && c != 0x2026) continue;
    // Need a space, then a sentence opener.
    size_t p = pos;
    while (p < text.size() && (text[p] == '.' || text[p] == '!' || text[p] == '?' ||
                               text[p] == '"' || text[p] == ')')) {
      ++p;
    }
    size_t q = p;
    if (q >= text.size()) continue;
    char32_t sp = PeekAt(text, q);
    if (!IsSpaceFast(sp)) continue;
    while (q < text.size()) {
      size_t r = q;
      char32_t s2 = NextCodePoint(text, &r);
      if (!IsSpaceFast(s2) || s2 == '\n') break;
      q = r;
    }
    char32_t next = PeekAt(text, q);
    bool opener = next == 0 || next == '\n' || u_isupper(UChar32(next)) ||
                  (next >= '0' && next <= '9') || next == '"' || next == 0xAB || next == 0x201C ||
                  next == '-' || next == 0x2013 || next == 0x2014 || next == '(';
    if (!opener) continue;
    // "M. Tokaïev", "J. Biden": one letter before the dot is an initial; "Dr. Pandey", "Jan. 5":
    // an abbreviation.
    if (c == '.' && InitialBefore(text, at)) continue;
    // "magnitude 6. 1": digits on both sides of a dot are a number split by a tokenizer (or a
    // list "1. 2."), not a sentence end, when one or two digits stand before the dot (a longer
    // run is a figure ending its sentence: "в Петербурге — 327. 95 человек задержали").
    if (c == '.' && at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9' && next >= '0' &&
        next <= '9') {
      size_t run = 0;
      while (run < at && run < 3 && text[at - 1 - run] >= '0' && text[at - 1 - run] <= '9') ++run;
      if (run <= 2) continue;
    }
    // Only an abbreviation in capitals ("Dr.", "Gen.", "Jan.") or one before a digit ("janv.
    // 2022") keeps the sentence going: "etc.", "г." and "sept." also end sentences.
    if (c == '.' && is_abbreviation) {
      size_t b = at;
      while (b > start && at - b < 16 && IsAsciiLetterOrHigh(text[b - 1])) --b;
      const bool capital_or_digit =
          b < at && ((text[b] >= 'A' && text[b] <= 'Z') || (next >= '0' && next <= '9') ||
                     (static_cast<unsigned char>(text[b]) >= 0x80 &&
                      u_isupper(UChar32(PeekAt(text, b)))));
      if (capital_or_digit && is_abbreviation(text.substr(b, at - b))) continue;
    }
    emit(start, p);
    start = p;
    pos = p;
  }
  emit(start, text.size());
  return out;
}

}  // namespace sitrep::extract
