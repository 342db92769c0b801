#include "extract/event_lexicon.h"

#include <unicode/uchar.h>

#include <algorithm>
#include <array>
#include <bit>
#include <charconv>
#include <cstring>
#include <filesystem>

#include "base/utf8.h"
#include "extract/ascii_words.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

// Latin letters with diacritics as French, English and transliterated names write them.
std::string_view StripLatin(char32_t c) {
  switch (c) {
    case U'à': case U'á': case U'â': case U'ä': case U'ã': case U'å': case U'ā': return "a";
    case U'ç': case U'ć': case U'č': return "c";
    case U'é': case U'è': case U'ê': case U'ë': case U'ē': case U'ė': case U'ę': return "e";
    case U'î': case U'ï': case U'í': case U'ì': case U'ī': return "i";
    case U'ô': case U'ö': case U'ó': case U'ò': case U'õ': case U'ø': case U'ō': return "o";
    case U'ù': case U'û': case U'ü': case U'ú': case U'ū': return "u";
    case U'ÿ': case U'ý': return "y";
    case U'ñ': case U'ń': return "n";
    case U'š': case U'ś': return "s";
    case U'ž': case U'ź': case U'ż': return "z";
    case U'œ': return "oe";
    case U'æ': return "ae";
    case U'ß': return "ss";
    default: return {};
  }
}

// ASCII letters and digits, and the ASCII clause breaks of IsClauseBreak, for the tokenizer's
// fast path.
enum : uint8_t { kAsciiAlnum = 1, kAsciiClauseBreak = 2 };
constexpr std::array<uint8_t, 128> kAsciiClass = [] {
  std::array<uint8_t, 128> t{};
  for (int b = 0; b < 128; ++b) {
    if ((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')) {
      t[size_t(b)] = kAsciiAlnum;
    }
  }
  for (char b : {',', ';', ':', '(', ')', '"'}) t[size_t(b)] = kAsciiClauseBreak;
  return t;
}();

bool IsWordCharSlow(char32_t c) {
  int8_t t = u_charType(UChar32(c));
  return u_isalnum(UChar32(c)) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

inline bool IsWordChar(char32_t c) {
  if (c < 0x80) return (kAsciiClass[c] & kAsciiAlnum) != 0;
  if (IsCommonLetter(c)) return true;
  return IsWordCharSlow(c);
}

// Punctuation that closes a clause inside a sentence.
bool IsClauseBreak(char32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == U'–' || c == U'—' ||
         c == '"' || c == U'«' || c == U'»' || c == U'“' || c == U'”';
}

Status Bad(const base::TsvTable& t, const base::TsvRow& row, const std::string& why) {
  return Corrupt(t.Where(row) + ": " + why);
}

// "near=a,b*;not_near=c;window=5"
Status ParseContext(std::string_view s, TriggerRule* rule) {
  size_t pos = 0;
  int items = 0;
  while (pos <= s.size() && items++ < 16) {
    size_t semi = s.find(';', pos);
    std::string_view item = base::TrimSpace(s.substr(pos, semi == std::string_view::npos ? semi : semi - pos));
    pos = semi == std::string_view::npos ? s.size() + 1 : semi + 1;
    if (item.empty()) continue;
    size_t eq = item.find('=');
    if (eq == std::string_view::npos) return Corrupt("context item without '=': " + std::string(item));
    std::string_view key = base::TrimSpace(item.substr(0, eq));
    std::string_view value = base::TrimSpace(item.substr(eq + 1));
    if (key == "window") {
      uint32_t w = 0;
      auto r = std::from_chars(value.data(), value.data() + value.size(), w);
      if (r.ec != std::errc() || r.ptr != value.data() + value.size() || w == 0 || w > 50) {
        return Corrupt("window must be 1..50: " + std::string(value));
      }
      rule->window = w;
      continue;
    }
    std::vector<WordPattern>* list = key == "near" ? &rule->near
                                     : key == "not_near" ? &rule->not_near : nullptr;
    if (!list) return Corrupt("unknown context key: " + std::string(key));
    size_t p = 0;
    while (p <= value.size()) {
      size_t comma = value.find(',', p);
      std::string_view word = value.substr(p, comma == std::string_view::npos ? comma : comma - p);
      p = comma == std::string_view::npos ? value.size() + 1 : comma + 1;
      std::vector<WordPattern> w = ParseWordPatterns(word);
      if (w.size() > 1) return Corrupt("context words are single words: " + std::string(word));
      if (!w.empty()) list->push_back(std::move(w[0]));
    }
    if (list->empty()) return Corrupt("empty context list: " + std::string(key));
  }
  return Status();
}

}  // namespace

namespace {

void AppendFolded(std::string_view word, std::string* out) {
  ByteSink sink(out);
  size_t pos = 0;
  while (pos < word.size()) {
    auto b = static_cast<unsigned char>(word[pos]);
    if (b < 0x80) {
      sink.Put(b >= 'A' && b <= 'Z' ? char(b + 0x20) : char(b));
      ++pos;
      continue;
    }
    char32_t c = NextCodePoint(word, &pos);
    c = ToLowerFast(c);
    if (c == U'ё') c = U'е';
    if (c < 0x400) {  // StripLatin knows Latin letters only
      if (std::string_view s = StripLatin(c); !s.empty()) {
        sink.Put(s);
        continue;
      }
    }
    sink.PutCodePoint(c);
  }
}

}  // namespace

std::string FoldEventWord(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  AppendFolded(word, &out);
  return out;
}

namespace {

// An abbreviation row's phrase as IsAbbreviation compares it: folded, without its final dots.
std::string FoldAbbreviation(std::string_view phrase) {
  std::string f = FoldEventWord(base::TrimSpace(phrase));
  while (!f.empty() && f.back() == '.') f.pop_back();
  return f;
}

}  // namespace

std::vector<EventToken> TokenizeForEvents(std::string_view text, uint32_t base, size_t max_tokens,
                                          std::string* folded) {
  std::vector<EventToken> out;
  TokenizeForEventsInto(text, base, max_tokens, &out, folded);
  return out;
}

namespace {

// What the tokenizer needs to know of a two-byte character (U+0080..U+07FF: accented Latin,
// Cyrillic, « »), computed once from IsWordChar, IsClauseBreak and the folding of
// AppendFolded, so a word of such letters is scanned, then folded, with one table load per
// character.
struct TwoByteChar {
  char folded[3];  // the folded UTF-8 bytes (a lower-case letter may take three)
  uint8_t bits;    // kFoldLenMask: how many of `folded`; kTwoByteWord, kTwoByteClauseBreak,
                   // kTwoByteLongFold (a fold longer than three bytes: fold it the slow way)
};
enum : uint8_t { kFoldLenMask = 3, kTwoByteWord = 4, kTwoByteClauseBreak = 8, kTwoByteLongFold = 16 };

class TwoByteTable {
 public:
  TwoByteTable() {
    for (char32_t c = 0x80; c < 0x800; ++c) {
      TwoByteChar& e = chars_[c - 0x80];
      std::string f;
      char buf[4];
      size_t n = 0;
      buf[n++] = char(0xC0 | (c >> 6));
      buf[n++] = char(0x80 | (c & 0x3F));
      AppendFolded(std::string_view(buf, n), &f);
      size_t len = f.size() <= 3 ? f.size() : 0;
      std::copy(f.begin(), f.begin() + ptrdiff_t(len), e.folded);
      e.bits = uint8_t(len) | (IsWordChar(c) ? kTwoByteWord : 0) |
               (IsClauseBreak(c) ? kTwoByteClauseBreak : 0) | (f.size() > 3 ? kTwoByteLongFold : 0);
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


}  // namespace

void TokenizeForEventsInto(std::string_view text, uint32_t base, size_t max_tokens,
                           std::vector<EventToken>* out_tokens, std::string* folded) {
  std::vector<EventToken>& out = *out_tokens;
  const TwoByteTable& two = TwoByteChars();
  // The folded words, one after the other. A fold is at most 1.5 times as long as its word (a
  // two-byte letter folds to at most three bytes), so the buffer rarely grows; when it does,
  // the tokens made so far are moved to the new one.
  std::string& buffer = *folded;
  if (buffer.size() < text.size() * 3 / 2 + 64) buffer.resize(text.size() * 3 / 2 + 64);
  char* d = buffer.data();
  size_t used = 0;
  auto grow = [&](size_t bytes, size_t tokens) {
    const char* old = d;
    buffer.resize(std::max(2 * buffer.size(), used + bytes));
    d = buffer.data();
    for (size_t i = 0; i < tokens; ++i) {
      out[i].folded = std::string_view(d + (out[i].folded.data() - old), out[i].folded.size());
    }
  };
  size_t n = 0;  // tokens written; out[n..] are spare tokens whose buffers get reused
  size_t spare = out.size();
  uint32_t clause = 0;
  bool break_pending = false;
  // The next token, spanning [start, end), in the clause a pending break opens.
  auto next_token = [&](size_t start, size_t end) __attribute__((always_inline)) -> EventToken& {
    if (break_pending && n > 0) ++clause;
    break_pending = false;
    if (n == spare) {  // out.size(), kept here: stores below would make it a reload per token
      out.emplace_back();
      ++spare;
    }
    EventToken& t = out[n++];
    t.begin = base + uint32_t(start);
    t.end = base + uint32_t(end);
    t.clause = clause;
    return t;
  };
  const char* s = text.data();
  const size_t size = text.size();
  size_t pos = 0;
  // Two-byte characters come from the table; longer ones (and malformed bytes) take
  // NextCodePoint and the ICU-backed IsWordChar.
  auto two_byte_at = [&](size_t i) -> const TwoByteChar* {
    auto b = static_cast<unsigned char>(s[i]);
    if (b < 0xC2 || b > 0xDF || i + 1 >= size) return nullptr;
    auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((b1 & 0xC0) != 0x80) return nullptr;
    return &two[(char32_t(b & 0x1F) << 6) | (b1 & 0x3F)];
  };
  while (pos < size && n < max_tokens) {
    size_t start = pos;
    auto b0 = static_cast<unsigned char>(s[pos]);
    if (b0 < 0x80) {
      // ASCII, most of the text: one table load says word start, clause break or neither.
      uint8_t cls = kAsciiClass[b0];
      if (!(cls & kAsciiAlnum)) {
        ++pos;
        if (cls & kAsciiClauseBreak) {
          break_pending = true;
        } else if (b0 == '-') {
          // A hyphen with spaces around it is a dash; glued to letters it joins a compound.
          if (start > 0 && s[start - 1] == ' ' && pos < size && s[pos] == ' ') {
            break_pending = true;
          }
        }
        continue;
      }
      // Most words: ASCII letters and digits, fewer than sixteen, then another ASCII byte
      // (which ends an event word, - and ' too): found, folded (lower-cased) and zero-padded
      // sixteen bytes at a time. Others take the general scan below.
      if (start + 16 <= size) {
        unsigned digits;
        const size_t len = size_t(std::countr_zero(~AsciiWordMask16(s + start, &digits)));
        if (len < 16 && static_cast<unsigned char>(s[start + len]) < 0x80) {
          EventToken& t = next_token(start, start + len);
          if (used + 16 > buffer.size()) grow(16, n - 1);
          char* f = d + used;
          StoreAsciiLower16(s + start, len, f);
          t.folded = std::string_view(f, len);
          t.hash = WordHashOfPadded(f, len);
          used += len;
          pos = start + len + (s[start + len] == ' ');  // a space after the word: nothing
          continue;
        }
      }
    } else if (const TwoByteChar* e = two_byte_at(pos)) {
      if (!(e->bits & kTwoByteWord)) {
        pos += 2;
        if (e->bits & kTwoByteClauseBreak) break_pending = true;
        continue;
      }
    } else {
      size_t next = pos;
      char32_t c = NextCodePoint(text, &next);
      if (!IsWordChar(c)) {
        pos = next;
        if (IsClauseBreak(c)) break_pending = true;
        continue;
      }
    }
    // A word of ASCII letters and digits and two-byte letters the table folds (Cyrillic,
    // accented Latin), ended by the text's end, any ASCII byte or a two-byte character that is
    // no letter: found and folded in one pass. Others (three-byte letters, malformed bytes)
    // take the general scan below.
    if (used + (size - start) + (size - start) / 2 + 16 > buffer.size()) {
      grow((size - start) + (size - start) / 2 + 16, n);
    }
    {
      char* f = d + used;
      size_t k = 0;
      size_t end = start;
      bool complete = false;
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
          complete = true;
          break;
        }
        const TwoByteChar* e = two_byte_at(end);
        if (e == nullptr || (e->bits & kTwoByteLongFold)) break;
        if (!(e->bits & kTwoByteWord)) {
          complete = true;
          break;
        }
        std::memcpy(f + k, e->folded, 3);
        k += e->bits & kFoldLenMask;
        end += 2;
      }
      if (complete) {
        EventToken& t = next_token(start, end);
        std::memset(f + k, 0, 8);
        t.folded = std::string_view(f, k);
        t.hash = WordHashOfPadded(f, k);
        used += k;
        pos = end + (end < size && s[end] == ' ');  // a space after the word: nothing
        continue;
      }
    }
    // A word starts at `start`: find its end, noting whether it is all ASCII and whether every
    // other character is a two-byte one the table folds.
    size_t end = start;
    bool ascii = true;
    bool tabled = true;
    while (end < size) {
      // ASCII letters and digits, the most of a word, in a tight loop.
      while (end < size && kAsciiWordByte[static_cast<unsigned char>(s[end])]) ++end;
      if (end == size || static_cast<unsigned char>(s[end]) < 0x80) break;
      if (const TwoByteChar* e = two_byte_at(end)) {
        if (!(e->bits & kTwoByteWord)) break;
        if (e->bits & kTwoByteLongFold) tabled = false;
        ascii = false;
        end += 2;
        continue;
      }
      size_t next = end;
      if (!IsWordChar(NextCodePoint(text, &next))) break;
      ascii = false;
      tabled = false;
      end = next;
    }
    EventToken& t = next_token(start, end);
    std::string_view word(s + start, end - start);
    if (used + word.size() + word.size() / 2 + 8 > buffer.size()) {
      grow(word.size() + word.size() / 2 + 8, n - 1);
    }
    char* f = d + used;
    size_t k = 0;
    if constexpr (std::endian::native == std::endian::little) {
      if (ascii && word.size() <= 8 && start + 8 <= size) {
        // A short ASCII word in one register: folded, stored (the buffer has room for eight
        // bytes) and hashed without a loop.
        uint64_t w;
        std::memcpy(&w, s + start, 8);
        w |= 0x2020202020202020ull;  // lower-cases letters, keeps digits (bytes past the word
        std::memcpy(f, &w, 8);       // are not part of the token)
        k = word.size();
        used += k;
        t.folded = std::string_view(f, k);
        t.hash = WordHashOfShort(k == 8 ? w : w & ((uint64_t(1) << (8 * k)) - 1), k);
        pos = end;
        continue;
      }
    }
    if (ascii) {
      // Letters and digits only: OR-ing 0x20 lower-cases the letters, keeps the digits.
      for (; k < word.size(); ++k) f[k] = char(word[k] | 0x20);
    } else if (tabled) {
      // ASCII and table characters.
      for (size_t i = 0; i < word.size();) {
        auto b = static_cast<unsigned char>(word[i]);
        if (b < 0x80) {
          f[k++] = char(b | 0x20);
          ++i;
          continue;
        }
        const TwoByteChar& e = two[(char32_t(b & 0x1F) << 6) | (static_cast<unsigned char>(word[i + 1]) & 0x3F)];
        size_t len = e.bits & kFoldLenMask;
        for (size_t j = 0; j < len; ++j) f[k + j] = e.folded[j];
        k += len;
        i += 2;
      }
    } else {
      std::string slow;
      AppendFolded(word, &slow);
      if (used + slow.size() > buffer.size()) grow(slow.size(), n - 1);
      f = d + used;
      std::copy(slow.begin(), slow.end(), f);
      k = slow.size();
    }
    t.folded = std::string_view(f, k);
    bool hashed = false;
    if constexpr (std::endian::native == std::endian::little) {
      // A fold of eight bytes or fewer with eight bytes of buffer behind it (always, but for
      // the slow path): one load.
      if (k >= 1 && k <= 8 && used + 8 <= buffer.size() && f == d + used) {
        uint64_t w;
        std::memcpy(&w, f, 8);
        t.hash = WordHashOfShort(k == 8 ? w : w & ((uint64_t(1) << (8 * k)) - 1), k);
        hashed = true;
      }
    }
    if (!hashed) t.hash = WordHash(t.folded);
    used += k;
    pos = end;
  }
  out.resize(n);
}

namespace {

// Whether the claim tokenizer's lower case of the word `surface` is its event fold, and the word
// one event token: ASCII letters and digits, and basic Cyrillic (U+0400..U+047F, which both
// lower-case alike and fold ё -> е alike); no accent to strip, no apostrophe or hyphen inside.
bool LowerIsEventFold(std::string_view surface) {
  const auto* p = reinterpret_cast<const unsigned char*>(surface.data());
  const size_t n = surface.size();
  for (size_t i = 0; i < n;) {
    const unsigned char b = p[i];
    if (b < 0x80) {
      if (!(kAsciiClass[b] & kAsciiAlnum)) return false;
      ++i;
    } else if ((b == 0xD0 || b == 0xD1) && i + 1 < n && (p[i + 1] & 0xC0) == 0x80) {
      i += 2;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

bool EventTokensFromWords(std::string_view text, ByteSpan sentence,
                          std::span<const WordToken> words, bool words_complete,
                          size_t max_tokens, std::vector<EventToken>* out, std::string* folded,
                          EventTokenScratch* scratch) {
  out->clear();
  // Folds of words split again are copied here; a fold is at most 1.5 times its word, so the
  // buffer sized once never moves under the views.
  const size_t room = size_t(sentence.end - sentence.begin) * 3 / 2 + 64;
  if (folded->size() < room) folded->resize(room);
  char* const arena = folded->data();
  size_t used = 0;
  uint32_t clause = 0;
  bool break_pending = false;  // as TokenizeForEventsInto: a break before the first token is none
  // A spacing mark is a letter to the events and punctuation to the claims (none lies below
  // U+0903: the typographic quotes and dashes of fr/ru/en text skip the ICU call).
  auto spacing_mark = [&](const WordToken& w) {
    if (static_cast<unsigned char>(text[w.begin]) < 0xE0) return false;
    size_t at = w.begin;
    const char32_t c = NextCodePoint(text, &at);
    return c >= 0x900 && u_charType(UChar32(c)) == U_COMBINING_SPACING_MARK;
  };
  for (const WordToken& w : words) {
    if (out->size() >= max_tokens) {
      // Full, unless a spacing mark glued to the last word makes that word longer.
      return out->empty() || !(!w.word && w.begin == out->back().end && spacing_mark(w));
    }
    if (!w.word) {
      // One punctuation character: a clause break, a spaced hyphen, or nothing to the events.
      const auto b = static_cast<unsigned char>(text[w.begin]);
      if (b < 0x80) {
        if (kAsciiClass[b] & kAsciiClauseBreak) {
          break_pending = true;
        } else if (b == '-' && w.begin > sentence.begin && text[w.begin - 1] == ' ' &&
                   w.begin + 1 < sentence.end && text[w.begin + 1] == ' ') {
          break_pending = true;
        }
        continue;
      }
      if (spacing_mark(w)) return false;
      size_t at = w.begin;
      if (IsClauseBreak(NextCodePoint(text, &at))) break_pending = true;
      continue;
    }
    if (break_pending && !out->empty()) ++clause;
    break_pending = false;
    const std::string_view surface = text.substr(w.begin, w.end - w.begin);
    // Most words: ASCII letters and digits only, answered sixteen bytes at a time.
    bool same = false;
    if (surface.size() <= 16 && w.begin + 16 <= text.size()) {
      unsigned digits;
      same = std::countr_zero(~AsciiWordMask16(surface.data(), &digits)) >= int(surface.size());
    }
    if (same || LowerIsEventFold(surface)) {
      out->push_back(EventToken{w.begin, w.end, clause, w.lower, w.hash});
      continue;
    }
    // Accents, apostrophes, hyphens, other scripts: the word through the event tokenizer. A
    // claim word holds no character that ends an event word except ' ’ and the joining
    // hyphens, and an en dash among them is a clause break inside the word ("10–15").
    TokenizeForEventsInto(surface, w.begin, max_tokens - out->size(), &scratch->tokens,
                          &scratch->folded);
    for (const EventToken& t : scratch->tokens) {
      std::memcpy(arena + used, t.folded.data(), t.folded.size());
      out->push_back(EventToken{t.begin, t.end, clause + t.clause,
                                std::string_view(arena + used, t.folded.size()), t.hash});
      used += t.folded.size();
    }
    if (!scratch->tokens.empty()) clause += scratch->tokens.back().clause;
  }
  // The words stopped at their own cap before the events' cap: the rest is unknown.
  return words_complete || out->size() >= max_tokens;
}

bool WordPattern::Matches(std::string_view folded) const {
  for (const Alt& a : alts) {
    if (a.stem ? folded.starts_with(a.text) : folded == a.text) return true;
  }
  return false;
}

std::vector<WordPattern> ParseWordPatterns(std::string_view phrase) {
  // Words are split where the text tokenizer splits them (spaces, apostrophes, hyphens), so a
  // pattern "état d'urgence" lines up with the tokens of the text; '|' and '*' are syntax.
  std::vector<WordPattern> out;
  WordPattern cur;
  std::string alt;
  bool stem = false;
  auto end_alt = [&] {
    if (!alt.empty()) {
      std::string folded = FoldEventWord(alt);
      uint64_t hash = WordHash(folded);
      cur.alts.push_back(WordPattern::Alt{std::move(folded), stem, hash});
    }
    alt.clear();
    stem = false;
  };
  auto end_word = [&] {
    end_alt();
    if (!cur.alts.empty()) out.push_back(std::move(cur));
    cur = WordPattern();
  };
  size_t pos = 0;
  while (pos < phrase.size()) {
    size_t start = pos;
    char32_t c = base::DecodeOne(phrase, &pos);
    if (c == '|') {
      end_alt();
    } else if (c == '*') {
      stem = true;
    } else if (IsWordChar(c)) {
      alt.append(phrase.substr(start, pos - start));
    } else {
      end_word();
    }
  }
  end_word();
  return out;
}

bool PhraseSet::Add(std::string_view phrase, uint32_t id) {
  std::vector<WordPattern> words = ParseWordPatterns(phrase);
  if (words.empty()) return false;
  uint32_t index = uint32_t(phrases_.size());
  for (const WordPattern::Alt& a : words[0].alts) {
    heads_[Head(a.text)] = true;
    if (a.stem && a.text.size() < 2) one_byte_stem_ = true;
    if (a.stem) {
      if (a.text.size() < kStemKeyBytes) {
        short_stem_ = true;
      } else if (a.text.size() < 6) {
        SetBit(stem4_bits_, PrefixKey4(a.text.data()));
      } else {
        SetBit(stem6_bits_, PrefixKey6(a.text.data()));
      }
    } else {
      SetBit(exact_bits_, a.hash >> 50);
      SetBit(exact_bits_, (a.hash >> 36) & (kFilterBits - 1));
    }
    if (a.text.size() >= kStemKeyBytes) SetBit(prefix4_bits_, PrefixKey4(a.text.data()));
    WordIndex& by = a.stem ? stem_first_ : exact_first_;
    uint32_t list = by.Insert(a.text, uint32_t(lists_.size()));
    if (list == lists_.size()) lists_.emplace_back();
    lists_[list].push_back(index);
    if (a.stem) {
      size_t li = size_t(std::find(stem_lengths_.begin(), stem_lengths_.end(), a.text.size()) -
                         stem_lengths_.begin());
      if (li == stem_lengths_.size()) stem_lengths_.push_back(a.text.size());
      if (li < 64) {
        stem_lengths_by_head_[HeadSlot(Head(a.text))] |= uint64_t(1) << li;
      } else {
        many_stem_lengths_ = true;
      }
    }
  }
  phrases_.push_back(Phrase{std::move(words), id, index});
  return true;
}

std::vector<PhraseSet::Hit> PhraseSet::Match(const std::vector<EventToken>& tokens, size_t i) const {
  std::vector<Hit> hits;
  MatchInto(tokens, i, &hits);
  return hits;
}

void PhraseSet::MatchSlow(const std::vector<EventToken>& tokens, size_t i,
                          std::vector<Hit>* hits) const {
  std::string_view first = tokens[i].folded;
  if (!one_byte_stem_ && !heads_[Head(first)]) return;
  // Per-thread scratch: Match is const and called for most tokens of every sentence.
  thread_local std::vector<uint32_t> candidates;
  candidates.clear();
  if (uint32_t list = exact_first_.Find(first, tokens[i].hash); list != WordIndex::kNone) {
    candidates.insert(candidates.end(), lists_[list].begin(), lists_[list].end());
  }
  // Stems are probed only if one may start the word (when all have kStemKeyBytes bytes, the
  // bit of its first four bytes says so). One-byte stems match words whose second byte the head
  // filter cannot know.
  const bool may_stem = short_stem_ || MayStartLongStem(first);
  uint64_t lengths = !may_stem ? 0
                     : one_byte_stem_ || many_stem_lengths_
                         ? ~uint64_t(0)
                         : stem_lengths_by_head_[HeadSlot(Head(first))];
  auto probe = [&](size_t li) {
    size_t len = stem_lengths_[li];
    if (len > first.size()) return;
    if (uint32_t list = stem_first_.Find(first.substr(0, len)); list != WordIndex::kNone) {
      candidates.insert(candidates.end(), lists_[list].begin(), lists_[list].end());
    }
  };
  // Only the lengths whose bit is set (most words have none or one), then any past the 64th.
  size_t count = stem_lengths_.size();
  if (count < 64) lengths &= (uint64_t(1) << count) - 1;
  for (; lengths != 0; lengths &= lengths - 1) probe(size_t(std::countr_zero(lengths)));
  for (size_t li = 64; may_stem && li < count; ++li) probe(li);
  if (candidates.empty()) return;
  if (candidates.size() > 1) {
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  }
  for (uint32_t c : candidates) {
    const Phrase& p = phrases_[c];
    if (i + p.words.size() > tokens.size()) continue;
    bool ok = true;
    for (size_t k = 1; k < p.words.size() && ok; ++k) ok = p.words[k].Matches(tokens[i + k]);
    if (ok) hits->push_back(Hit{p.id, uint32_t(p.words.size())});
  }
  // Candidates are in insertion order; a stable sort keeps it among equal lengths (and would
  // allocate its buffer even for one hit).
  if (hits->size() > 1) {
    std::stable_sort(hits->begin(), hits->end(),
                     [](const Hit& a, const Hit& b) { return a.length > b.length; });
  }
}

Result<std::unique_ptr<EventLexicon>> EventLexicon::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> triggers,
                          resources.TableFromEveryPack("event_triggers.tsv", {"pattern", "type"}));
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> cues,
                          resources.TableFromEveryPack("event_cues.tsv", {"kind", "phrase"}));
  return FromTables(triggers, cues);
}

Result<std::unique_ptr<EventLexicon>> EventLexicon::FromTables(
    const std::vector<base::TsvTable>& triggers, const std::vector<base::TsvTable>& cues) {
  std::unique_ptr<EventLexicon> lex(new EventLexicon());
  for (const base::TsvTable& t : triggers) {
    int pc = t.Column("pattern"), tc = t.Column("type"), cc = t.Column("context");
    // resources/<lang>/event_triggers.tsv: the pack is the folder's name.
    const std::string pack =
        t.path.empty() ? "" : std::filesystem::path(t.path).parent_path().filename().string();
    if (pc < 0 || tc < 0) return Corrupt(t.path + ": needs columns pattern and type");
    for (const base::TsvRow& row : t.rows) {
      TriggerRule rule;
      rule.where = t.Where(row);
      rule.lang = pack;
      if (!pack.empty() && !lex->HasPack(pack)) lex->packs_.push_back(pack);
      const std::string& type = row.fields[size_t(tc)];
      if (type != "-") {
        EventType et;
        if (!Parse(type, &et)) return Bad(t, row, "unknown event type '" + type + "'");
        rule.type = et;
      }
      if (cc >= 0) {
        if (Status s = ParseContext(row.fields[size_t(cc)], &rule); !s.ok()) {
          return Bad(t, row, s.message());
        }
      }
      for (const WordPattern& w : rule.near) rule.near_filter.Add(w);
      for (const WordPattern& w : rule.not_near) rule.not_near_filter.Add(w);
      uint32_t id = uint32_t(lex->rules_.size());
      if (!lex->triggers_.Add(row.fields[size_t(pc)], id)) return Bad(t, row, "empty pattern");
      lex->rules_.push_back(std::move(rule));
    }
  }
  for (const base::TsvTable& t : cues) {
    int kc = t.Column("kind"), pc = t.Column("phrase"), wc = t.Column("window");
    const int uc = t.Column("unless_after");
    if (kc < 0 || pc < 0) return Corrupt(t.path + ": needs columns kind and phrase");
    for (const base::TsvRow& row : t.rows) {
      const std::string& kind = row.fields[size_t(kc)];
      const std::string& phrase = row.fields[size_t(pc)];
      const bool suppressor = kind == "negation" || kind == "hypothetical";
      if (!suppressor && uc >= 0 && !row.fields[size_t(uc)].empty()) {
        return Bad(t, row, "unless_after is for negation and hypothetical cues");
      }
      if (suppressor) {
        uint32_t window = 4;
        if (wc >= 0 && !row.fields[size_t(wc)].empty()) {
          const std::string& w = row.fields[size_t(wc)];
          auto r = std::from_chars(w.data(), w.data() + w.size(), window);
          if (r.ec != std::errc() || r.ptr != w.data() + w.size() || window == 0 || window > 20) {
            return Bad(t, row, "window must be 1..20");
          }
        }
        if (!lex->suppressors_.Add(phrase, uint32_t(lex->cue_windows_.size()))) {
          return Bad(t, row, "empty phrase");
        }
        lex->cue_windows_.push_back(window);
        lex->cue_unless_.push_back(uc >= 0 ? ParseWordPatterns(row.fields[size_t(uc)])
                                           : std::vector<WordPattern>{});
      } else if (kind == "place_prep") {
        if (!lex->place_preps_.Add(phrase, 0)) return Bad(t, row, "empty phrase");
      } else if (kind == "scope_end") {
        std::vector<WordPattern> words = ParseWordPatterns(phrase);
        if (words.empty()) return Bad(t, row, "empty phrase");
        lex->scope_ends_.insert(lex->scope_ends_.end(), words.begin(), words.end());
      } else if (kind == "date_exclude") {
        if (!lex->date_excludes_.Add(phrase, 0)) return Bad(t, row, "empty phrase");
      } else if (kind == "abbreviation") {
        std::string f = FoldAbbreviation(phrase);
        if (f.empty()) return Bad(t, row, "empty phrase");
        lex->abbreviations_.push_back(std::move(f));
      } else {
        return Bad(t, row, "unknown cue kind '" + kind + "'");
      }
    }
  }
  std::sort(lex->abbreviations_.begin(), lex->abbreviations_.end());
  return lex;
}

Result<std::vector<std::string>> EventLexicon::LoadAbbreviations(
    const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack("event_cues.tsv", {"kind", "phrase"}));
  std::vector<std::string> out;
  for (const base::TsvTable& t : tables) {
    const int kind_col = t.Column("kind"), phrase_col = t.Column("phrase");
    if (kind_col < 0 || phrase_col < 0) return Corrupt(t.path + ": needs columns kind and phrase");
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[size_t(kind_col)] != "abbreviation") continue;
      std::string f = FoldAbbreviation(row.fields[size_t(phrase_col)]);
      if (f.empty()) return Corrupt(t.Where(row) + ": empty phrase");
      out.push_back(std::move(f));
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

bool EventLexicon::IsAbbreviation(std::string_view folded) const {
  return std::binary_search(abbreviations_.begin(), abbreviations_.end(), folded);
}

}  // namespace sitrep::extract
