// The claim and event tokenizers and sentence splitters (claim_words.cc, event_lexicon.cc,
// events.cc) have fast paths for ASCII and two-byte characters (issue 4). This
// test keeps their plain versions as they were before those paths (a reference, linked only
// into this test) and checks that both give the same tokens and sentences on the sample
// articles and on sixty thousand random strings built from awkward pieces: elisions,
// joined and spaced hyphens, curly apostrophes, Cyrillic, combining marks, non-breaking spaces,
// invalid bytes.
#include <gtest/gtest.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "base/tsv.h"
#include "base/utf8.h"
#include "extract/ascii_words.h"
#include "extract/claim_words.h"
#include "extract/event_lexicon.h"
#include "extract/events.h"
#include "extract/utf8_fast.h"

namespace sitrep::extract {
namespace {

// ---- Reference: claim_words.cc and event_lexicon.cc tokenizers at the branch point. ----

bool ClaimWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
  if (IsCommonLetter(c)) return true;
  if (base::IsSpace(c)) return false;
  return u_isalnum(UChar32(c)) || u_getCombiningClass(UChar32(c)) != 0 ||
         u_charType(UChar32(c)) == U_NON_SPACING_MARK;
}

bool IsApostrophe(char32_t c) { return c == '\'' || c == 0x2019 || c == 0x02BC; }
bool IsJoiningHyphen(char32_t c) {
  return c == '-' || c == 0x2010 || c == 0x2011 || c == 0x2013;
}
char32_t PeekAt(std::string_view s, size_t pos) {
  if (pos >= s.size()) return 0;
  return base::DecodeOne(s, &pos);
}
bool IsElisionHead(std::string_view lower_word) {
  if (lower_word.size() == 1) return true;
  return lower_word.size() >= 2 && lower_word.substr(lower_word.size() - 2) == "qu";
}
bool IsAsciiAlnum(unsigned char b) {
  return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9');
}
void RefAppendLower(std::string_view s, std::string* out) { *out += LowerWord(s); }
void RefAppendFolded(std::string_view s, std::string* out) { *out += FoldEventWord(s); }

// The tokens of the reference tokenizer, which owned their lower-cased forms.
struct RefWordToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  std::string lower;
  uint64_t hash = 0;
  uint64_t prefix_hash = 0;
  bool word = false;
  bool digits = false;
  bool upper = false;
};

void RefTokenizeWordsInto(std::string_view text, uint32_t base, size_t max_tokens,
                       std::vector<RefWordToken>* out) {
  size_t n = 0;  // tokens written; out[n..] are spare tokens whose buffers get reused
  auto next_token = [&]() -> RefWordToken& {
    if (n == out->size()) out->emplace_back();
    RefWordToken& t = (*out)[n++];
    t.lower.clear();
    t.word = t.digits = t.upper = false;
    return t;
  };
  std::string head;  // an elision candidate, lower-cased
  size_t pos = 0;
  while (pos < text.size() && n < max_tokens) {
    size_t start = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (IsSpaceFast(c)) continue;
    if (!ClaimWordChar(c)) {
      RefWordToken& t = next_token();
      t.begin = base + uint32_t(start);
      t.end = base + uint32_t(pos);
      RefAppendLower(text.substr(start, pos - start), &t.lower);
      t.hash = WordHash(t.lower);
      t.prefix_hash = t.lower.size() >= kStemKeyBytes
                          ? WordHash(std::string_view(t.lower).substr(0, kStemKeyBytes))
                          : 0;
      continue;
    }
    size_t end = pos;
    bool ascii = c < 0x80;
    while (end < text.size()) {
      // ASCII letters and digits continue a word; other ASCII but - and ' ends it.
      auto b = static_cast<unsigned char>(text[end]);
      if (b < 0x80) {
        if (IsAsciiAlnum(b)) {
          ++end;
          continue;
        }
        if (b != '-' && b != '\'') break;
      } else {
        ascii = false;
      }
      size_t next = end;
      char32_t d = NextCodePoint(text, &next);
      if (ClaimWordChar(d)) {
        end = next;
        continue;
      }
      // Inner hyphen between word characters joins ("vingt-cinq", "45-й", "10-15").
      if (IsJoiningHyphen(d) && ClaimWordChar(PeekAt(text, next))) {
        end = next;
        continue;
      }
      // Elision: "d'une", "jusqu'à" -> "d'" + "une"; "police's" stays one word. In a table
      // phrase the elided word may end the text ("plus d'").
      if (IsApostrophe(d)) {
        head.clear();
        RefAppendLower(text.substr(start, end - start), &head);
        bool elision = IsElisionHead(head);
        if (!ClaimWordChar(PeekAt(text, next))) {
          if (elision) end = next;
          break;
        }
        end = next;
        if (elision) break;
        continue;
      }
      break;
    }
    RefWordToken& t = next_token();
    t.begin = base + uint32_t(start);
    t.end = base + uint32_t(end);
    std::string_view surface = text.substr(start, end - start);
    if (ascii) {  // no apostrophe or hyphen fold to do: bytes lower-cased in place
      t.lower.assign(surface);
      for (char& ch : t.lower) ch = ch >= 'A' && ch <= 'Z' ? char(ch + 0x20) : ch;
    } else {
      RefAppendLower(surface, &t.lower);
    }
    t.hash = WordHash(t.lower);
    t.prefix_hash = t.lower.size() >= kStemKeyBytes
                        ? WordHash(std::string_view(t.lower).substr(0, kStemKeyBytes))
                        : 0;
    t.word = true;
    t.digits = true;
    for (char ch : surface) {
      if (ch < '0' || ch > '9') {
        t.digits = false;
        break;
      }
    }
    t.upper = c < 0x80 ? (c >= 'A' && c <= 'Z') : u_isupper(UChar32(c)) != 0;
    pos = end;
  }
  out->resize(n);
}

bool EventWordChar(char32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  if (IsCommonLetter(c)) return true;
  int8_t t = u_charType(UChar32(c));
  return u_isalnum(UChar32(c)) || t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

bool IsClauseBreak(char32_t c) {
  return c == ',' || c == ';' || c == ':' || c == '(' || c == ')' || c == U'–' || c == U'—' ||
         c == '"' || c == U'«' || c == U'»' || c == U'“' || c == U'”';
}

// EventToken as it was: the folded word in the token.
struct RefEventToken {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t clause = 0;
  std::string folded;
  uint64_t hash = 0;
};

void RefTokenizeForEventsInto(std::string_view text, uint32_t base, size_t max_tokens,
                           std::vector<RefEventToken>* out_tokens) {
  std::vector<RefEventToken>& out = *out_tokens;
  size_t n = 0;  // tokens written; out[n..] are spare tokens whose buffers get reused
  uint32_t clause = 0;
  bool break_pending = false;
  size_t pos = 0;
  while (pos < text.size() && n < max_tokens) {
    size_t start = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (!EventWordChar(c)) {
      // A hyphen with spaces around it is a dash; glued to letters it joins a compound.
      bool spaced_hyphen = c == '-' && start > 0 && text[start - 1] == ' ' && pos < text.size() &&
                           text[pos] == ' ';
      if (IsClauseBreak(c) || spaced_hyphen) break_pending = true;
      continue;
    }
    size_t end = pos;
    bool ascii = c < 0x80;
    while (end < text.size()) {
      auto b = static_cast<unsigned char>(text[end]);
      if (b < 0x80) {  // ASCII: letters and digits only
        if (!((b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9'))) break;
        ++end;
        continue;
      }
      ascii = false;
      size_t next = end;
      if (!EventWordChar(NextCodePoint(text, &next))) break;
      end = next;
    }
    if (break_pending && n > 0) ++clause;
    break_pending = false;
    if (n == out.size()) out.emplace_back();
    RefEventToken& t = out[n++];
    t.begin = base + uint32_t(start);
    t.end = base + uint32_t(end);
    t.clause = clause;
    if (ascii) {
      t.folded.assign(text.substr(start, end - start));
      for (char& ch : t.folded) ch = ch >= 'A' && ch <= 'Z' ? char(ch + 0x20) : ch;
    } else {
      t.folded.clear();
      RefAppendFolded(text.substr(start, end - start), &t.folded);
    }
    t.hash = WordHash(t.folded);
    pos = end;
  }
  out.resize(n);
}

// ---- Reference: claim_words.cc and events.cc sentence splitters at the branch point. ----

std::vector<SentenceSpan> RefClaimSentences(std::string_view text, uint32_t base, size_t max_bytes) {
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
  size_t word_start = 0;  // start of the current run of non-space bytes
  while (pos < text.size()) {
    // Letters, digits and most ASCII punctuation neither end a sentence nor a word.
    auto b = static_cast<unsigned char>(text[pos]);
    if (b > ' ' && b < 0x80 && b != '.' && b != '!' && b != '?') {
      ++pos;
      continue;
    }
    // So do two-byte characters U+00C0..U+07FF (accented Latin, Cyrillic): none is a space,
    // a line or sentence end.
    if (b >= 0xC3 && b <= 0xDF && pos + 1 < text.size() &&
        (static_cast<unsigned char>(text[pos + 1]) & 0xC0) == 0x80) {
      pos += 2;
      continue;
    }
    size_t at = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (c == '\n' || c == '\r' || c == 0x2029 || c == 0x2028) {
      emit(start, at);
      start = pos;
      word_start = pos;
      continue;
    }
    if (IsSpaceFast(c)) {
      word_start = pos;
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
    // "M. Tokaïev", "J. Biden", "А. Иванов": one letter before the dot is an initial (a digit
    // is not: "ранили 6. По данным").
    if (c == '.' && word_start < at) {
      size_t w = word_start;
      const char32_t first = NextCodePoint(text, &w);
      if (w == at && u_isalpha(UChar32(first))) continue;
    }
    // A split number ("6. 1") has one or two digits before its dot.
    if (c == '.' && at > 0 && text[at - 1] >= '0' && text[at - 1] <= '9' && next >= '0' &&
        next <= '9' && !(at >= 3 && std::isdigit(static_cast<unsigned char>(text[at - 2])) &&
                         std::isdigit(static_cast<unsigned char>(text[at - 3])))) {
      continue;
    }
    emit(start, p);
    start = p;
    pos = p;
  }
  emit(start, text.size());
  return out;
}


bool IsSentenceEnd(char32_t c) { return c == '.' || c == '!' || c == '?' || c == U'…'; }
bool IsCloser(char32_t c) {
  return c == '"' || c == '\'' || c == ')' || c == ']' || c == U'»' || c == U'”' || c == U'’';
}

// The word (letters only) that ends right before byte `end` of `text`, at most 32 bytes back.
std::string_view WordBefore(std::string_view text, size_t end, size_t floor) {
  size_t b = end;
  while (b > floor && end - b < 32) {
    size_t prev = base::FloorBoundary(text, b - 1);
    size_t p = prev;
    char32_t c = base::DecodeOne(text, &p);
    if (!u_isalpha(UChar32(c))) break;
    b = prev;
  }
  return text.substr(b, end - b);
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char ch : s) n += (static_cast<unsigned char>(ch) & 0xC0) != 0x80;
  return n;
}

std::vector<ByteSpan> RefEventSentences(std::string_view text, ByteSpan span,
                                     const EventLexicon& lexicon, size_t max_bytes) {
  std::vector<ByteSpan> out;
  if (span.end > text.size() || span.begin >= span.end) return out;
  max_bytes = std::max<size_t>(max_bytes, 16);
  auto emit = [&](size_t b, size_t e) {
    std::string_view s = base::TrimSpace(text.substr(b, e - b));
    if (s.empty()) return;
    size_t sb = size_t(s.data() - text.data());
    out.push_back(ByteSpan{uint32_t(sb), uint32_t(sb + s.size())});
  };
  size_t start = span.begin;
  size_t pos = span.begin;
  while (pos < span.end) {
    // Bytes that cannot end a sentence, taken in one step (the length cut below still applies).
    while (pos < span.end && pos - start <= max_bytes) {
      auto b = static_cast<unsigned char>(text[pos]);
      if (b >= 0x80 || b == '\n' || b == '.' || b == '!' || b == '?') break;
      ++pos;
    }
    if (pos >= span.end) break;
    if (pos - start > max_bytes) {
      // No sentence end for too long: cut at the last space (or here).
      size_t cut = text.rfind(' ', pos);
      if (cut == std::string_view::npos || cut <= start) cut = base::FloorBoundary(text, pos);
      emit(start, cut);
      start = cut;
    }
    size_t at = pos;
    char32_t c = NextCodePoint(text, &pos);
    if (c == '\n') {
      emit(start, at);
      start = pos;
      continue;
    }
    if (!IsSentenceEnd(c)) continue;
    size_t q = pos;
    while (q < span.end) {
      size_t n = q;
      char32_t d = NextCodePoint(text, &n);
      if (!IsSentenceEnd(d) && !IsCloser(d)) break;
      q = n;
    }
    if (q >= span.end) break;
    size_t r = q;
    size_t spaces = 0;
    while (r < span.end && spaces < 8) {
      size_t n = r;
      char32_t d = NextCodePoint(text, &n);
      if (d == '\n' || !IsSpaceFast(d)) break;
      r = n;
      ++spaces;
    }
    if (spaces == 0) {
      pos = q;
      continue;
    }
    size_t n = r;
    char32_t next = r < span.end ? NextCodePoint(text, &n) : U' ';
    if (u_islower(UChar32(next))) {
      pos = q;
      continue;
    }
    if (c == '.') {
      std::string_view word = WordBefore(text, at, start);
      if (CodePoints(word) == 1 || lexicon.IsAbbreviation(FoldEventWord(word))) {
        pos = q;
        continue;
      }
    }
    emit(start, q);
    start = r;
    pos = r;
  }
  emit(start, span.end);
  return out;
}

// ---- The comparison. ----

std::string Show(std::string_view s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 0x20 && c < 0x7F) {
      out.push_back(char(c));
    } else {
      char buf[16];
      std::snprintf(buf, sizeof buf, "\\x%02X", unsigned(c));
      out += buf;
    }
  }
  return out;
}

template <typename Token>  // WordToken or RefWordToken
std::string Dump(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += std::to_string(t.begin) + "-" + std::to_string(t.end) + ":" + Show(t.lower) + ":" +
           std::to_string(t.hash) + ":" + std::to_string(t.prefix_hash) + ":" +
           (t.word ? "w" : "-") + (t.digits ? "d" : "-") + (t.upper ? "u" : "-") + " ";
  }
  return out;
}

template <typename Token>  // EventToken or RefEventToken
std::string DumpEvents(const std::vector<Token>& tokens) {
  std::string out;
  for (const Token& t : tokens) {
    out += std::to_string(t.begin) + "-" + std::to_string(t.end) + ":" + Show(t.folded) + ":" +
           std::to_string(t.hash) + ":c" + std::to_string(t.clause) + " ";
  }
  return out;
}

std::string Dump(const std::vector<ByteSpan>& spans) {
  std::string out;
  for (const ByteSpan& s : spans) out += std::to_string(s.begin) + "-" + std::to_string(s.end) + " ";
  return out;
}

std::string Dump(const std::vector<SentenceSpan>& spans) {
  std::string out;
  for (const SentenceSpan& s : spans) out += std::to_string(s.begin) + "-" + std::to_string(s.end) + " ";
  return out;
}

std::unique_ptr<EventLexicon> Lexicon() {
  auto cues = base::ParseTsv(
      "kind\tphrase\twindow\nabbreviation\tM.\t\nabbreviation\tгг.\t\nabbreviation\tDr.\t\n",
      "cues.tsv");
  EXPECT_TRUE(cues.has_value());
  auto lex = EventLexicon::FromTables({}, {*cues});
  EXPECT_TRUE(lex.has_value());
  return std::move(*lex);
}

// Every check on one text; false (with a failure) at the first difference.
bool SameAsReference(const std::string& text, const EventLexicon& lexicon) {
  std::vector<RefWordToken> want_words;
  std::vector<WordToken> got_words;
  std::string got_lower;
  RefTokenizeWordsInto(text, 5, 4096, &want_words);
  TokenizeWordsInto(text, 5, 4096, &got_words, &got_lower);
  if (Dump(got_words) != Dump(want_words)) {
    ADD_FAILURE() << "claim tokens of \"" << Show(text) << "\"\n got  " << Dump(got_words)
                  << "\n want " << Dump(want_words);
    return false;
  }
  // A token cap cuts both at the same place.
  RefTokenizeWordsInto(text, 0, 3, &want_words);
  TokenizeWordsInto(text, 0, 3, &got_words, &got_lower);
  if (Dump(got_words) != Dump(want_words)) {
    ADD_FAILURE() << "capped claim tokens of \"" << Show(text) << "\"";
    return false;
  }
  std::vector<RefEventToken> want_events;
  std::vector<EventToken> got_events;
  std::string got_folded;
  RefTokenizeForEventsInto(text, 5, 4096, &want_events);
  TokenizeForEventsInto(text, 5, 4096, &got_events, &got_folded);
  if (DumpEvents(got_events) != DumpEvents(want_events)) {
    ADD_FAILURE() << "event tokens of \"" << Show(text) << "\"\n got  " << DumpEvents(got_events)
                  << "\n want " << DumpEvents(want_events);
    return false;
  }
  for (size_t max_bytes : {size_t(16), size_t(2000)}) {
    std::string got = Dump(SplitSentences(text, 9, max_bytes));
    std::string want = Dump(RefClaimSentences(text, 9, max_bytes));
    if (got != want) {
      ADD_FAILURE() << "claim sentences (max " << max_bytes << ") of \"" << Show(text)
                    << "\"\n got  " << got << "\n want " << want;
      return false;
    }
  }
  if (text.empty()) return true;
  ByteSpan whole{0, uint32_t(text.size())};
  for (size_t max_bytes : {size_t(16), size_t(23), size_t(4000)}) {
    std::vector<ByteSpan> want = RefEventSentences(text, whole, lexicon, max_bytes);
    std::vector<ByteSpan> got = SplitSentences(text, whole, lexicon, max_bytes);
    if (Dump(got) != Dump(want)) {
      ADD_FAILURE() << "event sentences (max " << max_bytes << ") of \"" << Show(text)
                    << "\"\n got  " << Dump(got) << "\n want " << Dump(want);
      return false;
    }
  }
  // A span that ends inside the text, possibly inside a character.
  ByteSpan part{1, uint32_t(text.size() - text.size() / 3)};
  if (part.begin < part.end &&
      Dump(SplitSentences(text, part, lexicon, 16)) !=
          Dump(RefEventSentences(text, part, lexicon, 16))) {
    ADD_FAILURE() << "event sentences of part of \"" << Show(text) << "\"";
    return false;
  }
  return true;
}

TEST(WordScanReferenceTest, SampleArticlesScanAsBefore) {
  auto lexicon = Lexicon();
  namespace fs = std::filesystem;
  int files = 0;
  for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    SCOPED_TRACE(e.path().string());
    ASSERT_TRUE(SameAsReference(ss.str(), *lexicon));
    ++files;
  }
  EXPECT_GT(files, 0);
}

TEST(WordScanReferenceTest, AwkwardTextsScanAsBefore) {
  auto lexicon = Lexicon();
  const std::vector<std::string> kTexts = {
      "d'une jusqu'à qu'il l'OTSC police's plus d' D'après",
      "vingt-cinq 45-й 10-15 10–15 -x x- a--b a-'b 'a' ''",
      "XNUMX 12 000 1,5 +7 727 #3 $5 5% n°3 No. 1. M. Tokaïev. Dr. X",
      "ПОГИБШИХ Ёлка ёж d’une dʼune l’état",
      "a\xC3 b\xFF c\xE2\x80 d\xF0\x9F\x98\x80" "e \xC3\xA9",
      "Émeutes à Almaty, ЗАДЕРЖАНЫ 300 человек; l'état d'urgence — x – y - z",
      "e\xCC\x81te \xE0\xA4\x83x \xC3\x97\xC3\xB7 \xC2\xA0nbsp\xE2\x80\xAFthin",
      "Fin. Début! Encore? Oui… « Non. » (Si.) \"Bah.\" 3. 4. a. b.",
      "İstanbul ǅemal ΩMEGA ß ÿ Ÿ",
      // Initials after every kind of space, at the start, after invalid bytes.
      "M. A", " . B", ". C", "x M. B", "\xC2\xA0M. B", "\xE2\x80\xA8M. B", "\xE3\x80\x80M. B",
      "\xEF\xBB\xBFM. B", "\xE1\x9A\x80M. B", "é. B", "\xC2M. B", "\xE2\x80M. B", "\x80M. B",
      "\tM.\xC2\xA0" "B", "a.\xE2\x80\xAF B", "\xE2\x80\xA6 A… B", "x\rM. B\r\nC. D",
  };
  for (const std::string& t : kTexts) ASSERT_TRUE(SameAsReference(t, *lexicon));
  // Words whose folds are longer than they are ("Ⱥ" is two bytes, "ⱥ" three): the folded
  // buffer outgrows its first size and the tokens made so far move with it.
  std::string longer;
  for (int i = 0; i < 150; ++i) longer += i % 3 == 0 ? "ȺȺȺȺȺȺȺȺ " : "Ⱥ ";
  ASSERT_TRUE(SameAsReference(longer, *lexicon));
}

// The event tokenizer scans and folds two-byte characters (U+0080..U+07FF) from a table built
// at start-up: every one of them, alone, inside and around words, in capitals and lower case
// neighbours, gives the tokens of the plain tokenizer.
TEST(WordScanReferenceTest, EveryTwoByteCharacterTokenizesAsBefore) {
  for (char32_t c = 0x80; c < 0x800; ++c) {
    std::string ch;
    base::AppendUtf8(c, &ch);
    for (const std::string& text :
         {ch, "a" + ch + "b", "X" + ch, ch + "Z9", "Ё" + ch + "я", ch + ch + " " + ch + ",é",
          "- " + ch + " -x", std::string(70, 'Q') + ch + "ÉTÉ" + std::string(70, 'e')}) {
      std::vector<RefEventToken> want;
      std::vector<EventToken> got;
      std::string got_folded;
      RefTokenizeForEventsInto(text, 2, 4096, &want);
      TokenizeForEventsInto(text, 2, 4096, &got, &got_folded);
      ASSERT_EQ(DumpEvents(got), DumpEvents(want)) << "U+" << std::hex << uint32_t(c) << " in \""
                                       << Show(text) << "\"";
    }
  }
}

// The claim tokenizer scans and lower-cases two-byte characters from a table built at start-up,
// and the claim splitter skips every byte that cannot start a space, a line break or a sentence
// end: every two-byte character and the three-byte spaces, dashes, apostrophes and ellipsis,
// alone, inside and around words, before a dot and in words too long for the tokenizer's
// buffer, give the tokens and sentences of the plain versions.
TEST(WordScanReferenceTest, EveryCharacterClaimScansAsBefore) {
  std::vector<char32_t> chars;
  for (char32_t c = 0x80; c < 0x800; ++c) chars.push_back(c);
  for (char32_t c = 0x2000; c < 0x2070; ++c) chars.push_back(c);
  for (char32_t c : {0x1680, 0x180E, 0x3000, 0x3001, 0xFEFF, 0xFFFD, 0x2C65, 0x0800, 0xFFEF}) {
    chars.push_back(c);
  }
  const std::string kLong(170, 'w');
  for (char32_t c : chars) {
    std::string ch;
    base::AppendUtf8(c, &ch);
    for (const std::string& text :
         {ch, "a" + ch + "b", "X" + ch, ch + "Z9", "Ё" + ch + "я", ch + ch + " " + ch + ",é",
          "- " + ch + " -x", "d" + ch + "une", "A." + ch + "B. C", "Fin." + ch + "Début",
          std::string(70, 'Q') + ch + "ÉTÉ" + std::string(70, 'e'), kLong + ch + kLong,
          "éé" + ch + kLong + "Ж", "x" + ch + "1234567"}) {
      std::vector<RefWordToken> want;
      std::vector<WordToken> got;
      std::string got_lower;
      RefTokenizeWordsInto(text, 2, 4096, &want);
      TokenizeWordsInto(text, 2, 4096, &got, &got_lower);
      ASSERT_EQ(Dump(got), Dump(want)) << "U+" << std::hex << uint32_t(c) << " in \"" << Show(text)
                                       << "\"";
      ASSERT_EQ(Dump(SplitSentences(text, 3, 2000)), Dump(RefClaimSentences(text, 3, 2000)))
          << "U+" << std::hex << uint32_t(c) << " in \"" << Show(text) << "\"";
    }
  }
}

// The event sentence splitter skips two-byte characters sixteen bytes at a time (and the
// tokenizers take ASCII words in a tight loop): words of every length ended by every byte value,
// and two-byte characters, malformed bytes and sentence ends on both sides of every sixteen-byte
// step (a character across the step, a cut at the length limit right after one), scan as before.
TEST(WordScanReferenceTest, SixteenByteStepsScanAsBefore) {
  auto lexicon = Lexicon();
  const std::string kLetters = "aZ9qQ0zAmM5xXbB7yYcC3kKdD1wWeE8vVfF2uUgG4tTh";
  std::vector<std::string> enders;
  for (int b = 0; b < 256; ++b) enders.push_back(std::string(1, char(b)));
  for (const char* e : {"é", "Ж", "’", "…", "\xC3", "\xC2\xA0", "😀", "-x", "'s"}) enders.push_back(e);
  for (size_t offset : {0, 5, 16}) {
    for (size_t len = 1; len <= kLetters.size(); len += len < 20 ? 1 : 3) {
      for (const std::string& ender : enders) {
        const std::string text = std::string(offset, ' ') + kLetters.substr(0, len) + ender + "b";
        ASSERT_TRUE(SameAsReference(text, *lexicon));
      }
    }
  }
  const std::vector<std::string> kPieces = {
      "é", "Ж", "«", "»", "\xC2\xA0", "\x80", "\xC0\xAF", "\xC3.", "\xDF!", "…", "é ", "Ж. Б",
      "\xC3", "\xE2\x80", "😀", "\n", "ё?", "\xC2\x85"};
  const std::vector<std::string> kAfter = {
      "", " A", ". B", "! c", std::string(40, 'y') + ". Z", " жжжжжжжжжжжжжжжжжжжжжжжж. Ё",
      "ééééééééééééééééééééé ééé"};
  for (size_t k = 0; k <= 48; ++k) {
    for (const std::string& piece : kPieces) {
      for (const std::string& after : kAfter) {
        ASSERT_TRUE(SameAsReference(std::string(k, 'x') + piece + after, *lexicon));
        ASSERT_TRUE(SameAsReference(std::string(k / 2, ' ') + std::string(k - k / 2, 'x') + "ж" +
                                        piece + after,
                                    *lexicon));
      }
    }
  }
  // Long Cyrillic and accented sentences, cut at the length limits of SameAsReference (16, 23)
  // with two-byte characters across the limit.
  std::string cyr, acc;
  for (int i = 0; i < 40; ++i) {
    cyr += i % 7 == 6 ? "Жжж. " : (i % 3 == 0 ? "жжжжжжж " : "жжжжжжжжжжжж");
    acc += i % 5 == 4 ? "é! " : (i % 2 == 0 ? "xéééééééééé " : "éxééééééééé");
  }
  for (size_t cut = 0; cut < 20; ++cut) {
    ASSERT_TRUE(SameAsReference(std::string(cut, 'q') + cyr, *lexicon));
    ASSERT_TRUE(SameAsReference(std::string(cut, 'q') + acc, *lexicon));
  }
}

// The tokenizers take a run of ASCII letters and digits shorter than sixteen bytes, ended by an
// ASCII byte other than - and ', sixteen bytes at a time (ascii_words.h) when sixteen bytes are
// left from its start, and skip one space after it; both lower-case (fold) a word of ASCII and
// two-byte letters while they scan it. Runs of every length (letters, digits, both,
// Cyrillic and accented letters, cut anywhere, even inside a character) ended by every byte
// value and the awkward enders, with enough text behind for the fast path and too little,
// after nothing, a space, another word or a two-byte letter, scan as before.
TEST(WordScanReferenceTest, ShortAsciiRunsScanAsBefore) {
  auto lexicon = Lexicon();
  const std::vector<std::string> kRuns = {"aZ9qQ0zAmM5xXbB7yYcC3kKdD", "0123456789012345678901",
                                          "XNUMXxnumxXNUMXxnumx", "ZZZZZZZZZZZZZZZZZZZZ",
                                          "ЖжéÉa9ёЁяЯœŒßÿ", "éééééééééé"};
  std::vector<std::string> enders;
  // Every ASCII byte, and lead, continuation and invalid bytes.
  for (int b = 0; b < 128; ++b) enders.push_back(std::string(1, char(b)));
  for (int b : {0x80, 0xBF, 0xC0, 0xC2, 0xC3, 0xCA, 0xD0, 0xD1, 0xDF, 0xE0, 0xE2, 0xED, 0xEF, 0xF0,
                0xF4, 0xF8, 0xFF}) {
    enders.push_back(std::string(1, char(b)));
  }
  for (const char* e : {"é", "Ж", "’", "…", "\xC3", "\xC2\xA0", "😀", "-x", "'s", "  ", " \t", "«",
                        "×", "ʼ", "ʼs", "\xCC\x81", "Ω", "ǅ"}) {
    enders.push_back(e);
  }
  const std::vector<std::string> kBefore = {"", "x ", "Ж", "d'"};
  const std::vector<std::string> kAfter = {"", "b", "b cdefghijklmnopqrstuvwxyz",
                                           " 123 Abc, défg. Жжжж 4567890123456789"};
  for (const std::string& run : kRuns) {
    for (size_t len = 1; len <= run.size(); ++len) {
      for (const std::string& ender : enders) {
        for (const std::string& before : kBefore) {
          for (const std::string& after : kAfter) {
            const std::string text = before + run.substr(0, len) + ender + after;
            ASSERT_TRUE(SameAsReference(text, *lexicon));
          }
        }
      }
    }
  }
}

// AsciiWordMask16 and StoreAsciiLower16 against their definitions, every byte value at every
// position.
TEST(WordScanReferenceTest, AsciiSixteenByteHelpersMatchByteByByte) {
  for (int b = 0; b < 256; ++b) {
    for (size_t at = 0; at < 16; ++at) {
      char in[16];
      for (size_t k = 0; k < 16; ++k) in[k] = "Ab3-zZ 9'q\x80M0.a_"[k];
      in[at] = char(b);
      unsigned digits = 0;
      const unsigned word = AsciiWordMask16(in, &digits);
      for (size_t k = 0; k < 16; ++k) {
        const auto c = static_cast<unsigned char>(in[k]);
        ASSERT_EQ((word >> k) & 1, unsigned(kAsciiWordByte[c])) << b << " " << at << " " << k;
        ASSERT_EQ((digits >> k) & 1, unsigned(c >= '0' && c <= '9')) << b << " " << at << " " << k;
      }
      ASSERT_EQ(word >> 16, 0u);
      ASSERT_EQ(digits >> 16, 0u);
      for (size_t len = 0; len <= 16; ++len) {
        char out[16];
        std::memset(out, 0x55, sizeof out);
        StoreAsciiLower16(in, len, out);
        for (size_t k = 0; k < 16; ++k) {
          ASSERT_EQ(out[k], k < len ? char(in[k] | 0x20) : '\0') << b << " " << at << " " << len;
        }
      }
    }
  }
}

// PhraseSet::Match answers most tokens from bit filters of the first words (two bits of the
// word hash, a bit of the first four or six bytes for stems) before any lookup. A filter may
// let a word through, never stop one a phrase starts with: Match gives every hit of a plain
// matcher (each phrase in turn, word by word, WordPattern::Matches on the folded string), in
// the same order, at every token of the sample articles and of random texts made of the
// phrases' own words, their stems cut short and lengthened, and near misses.
struct RefPhrase {
  std::vector<WordPattern> words;
  uint32_t id;
};

std::vector<PhraseSet::Hit> RefMatch(const std::vector<RefPhrase>& phrases,
                                     const std::vector<EventToken>& tokens, size_t i) {
  std::vector<PhraseSet::Hit> hits;
  for (const RefPhrase& p : phrases) {
    if (i + p.words.size() > tokens.size()) continue;
    bool ok = true;
    for (size_t k = 0; k < p.words.size() && ok; ++k) ok = p.words[k].Matches(tokens[i + k].folded);
    if (ok) hits.push_back(PhraseSet::Hit{p.id, uint32_t(p.words.size())});
  }
  std::stable_sort(hits.begin(), hits.end(), [](const PhraseSet::Hit& a, const PhraseSet::Hit& b) {
    return a.length > b.length;
  });
  return hits;
}

std::string DumpHits(const std::vector<PhraseSet::Hit>& hits) {
  std::string out;
  for (const PhraseSet::Hit& h : hits) out += std::to_string(h.id) + "/" + std::to_string(h.length) + " ";
  return out;
}

TEST(WordScanReferenceTest, PhraseFiltersNeverHideAMatch) {
  namespace fs = std::filesystem;
  // The trigger patterns of every pack, and phrases made up for the filters' edges: stems of
  // four, five, six and more bytes (folded: "ÉÉÉÉ*" is "eeee"), exact words of one to sixteen
  // bytes, a stem whose first six bytes end inside a Cyrillic letter.
  std::vector<std::string> patterns;
  for (const char* lang : {"en", "fr", "ru"}) {
    const fs::path path = fs::path(SITREP_SOURCE_DIR) / "resources" / lang / "event_triggers.tsv";
    auto t = base::LoadTsv(path.string());
    ASSERT_TRUE(t.has_value()) << t.error().ToString();
    const int pc = t->Column("pattern");
    ASSERT_GE(pc, 0);
    for (const base::TsvRow& row : t->rows) patterns.push_back(row.fields[size_t(pc)]);
  }
  for (const char* p : {"abcd*", "abcde*", "abcdef*", "abcdefghij* zz", "a|bb|ccc|dddd", "abcdeж*",
                        "жжжж*", "жж*", "жжж* б", "xyzzyxyzzyxyzzyx", "q", "manif* d*|de prix",
                        "état d'urgence", "émeut*", "ÉÉÉÉ*"}) {
    patterns.push_back(p);
  }
  // Once as the packs have it (no stem under four bytes: the bit filters alone), once with
  // stems of one to three bytes added (the two-byte head filter too).
  for (const bool short_stems : {false, true}) {
    SCOPED_TRACE(short_stems ? "with short stems" : "without short stems");
    if (short_stems) {
      for (const char* p : {"ab*", "é*", "abc* x", "ж*"}) patterns.push_back(p);  // 2, 1, 3, 2 bytes
    }
    PhraseSet set;
    std::vector<RefPhrase> ref;
    std::vector<std::string> words;  // every word and stem of the patterns, folded
    for (size_t k = 0; k < patterns.size(); ++k) {
      if (!set.Add(patterns[k], uint32_t(k))) continue;
      ref.push_back(RefPhrase{ParseWordPatterns(patterns[k]), uint32_t(k)});
      for (const WordPattern& w : ref.back().words) {
        for (const WordPattern::Alt& a : w.alts) words.push_back(a.text);
      }
    }
    ASSERT_GT(ref.size(), 200u);
    // The first round must not have a short stem: it would send every word to the head test.
    ASSERT_EQ(short_stems, std::any_of(ref.begin(), ref.end(), [](const RefPhrase& p) {
                return std::any_of(p.words[0].alts.begin(), p.words[0].alts.end(),
                                   [](const WordPattern::Alt& a) {
                                     return a.stem && a.text.size() < kStemKeyBytes;
                                   });
              }));
    auto check = [&](const std::string& text) {
      std::vector<EventToken> toks;
      std::string folded;
      TokenizeForEventsInto(text, 0, 4096, &toks, &folded);
      for (size_t i = 0; i <= toks.size(); ++i) {
        const std::string want = DumpHits(RefMatch(ref, toks, i));
        if (DumpHits(set.Match(toks, i)) != want) {
          ADD_FAILURE() << "token " << i << " ('" << (i < toks.size() ? toks[i].folded : "")
                        << "') of \"" << Show(text.substr(0, 200)) << "\": want " << want;
          return false;
        }
        if (i < toks.size() && !want.empty() && !set.MayStartWith(toks[i])) {
          ADD_FAILURE() << "filtered out token " << i << " ('" << toks[i].folded << "') of \""
                        << Show(text.substr(0, 200)) << "\"";
          return false;
        }
      }
      return true;
    };
    int files = 0;
    for (const auto& e : fs::directory_iterator(fs::path(SITREP_SOURCE_DIR) / "examples/text")) {
      std::ifstream in(e.path(), std::ios::binary);
      std::ostringstream ss;
      ss << in.rdbuf();
      ASSERT_TRUE(check(ss.str())) << e.path();
      ++files;
    }
    EXPECT_GT(files, 0);
    // Each word alone, cut to every length, lengthened, and capitalised.
    for (const std::string& w : words) {
      for (size_t len = 1; len <= w.size(); ++len) {
        if (len < w.size() && (static_cast<unsigned char>(w[len]) & 0xC0) == 0x80) continue;
        ASSERT_TRUE(check(w.substr(0, len)));
      }
      for (const char* more : {"", "s", "x", "ies", "ение", "é", "1"}) {
        ASSERT_TRUE(check(w + more));
        ASSERT_TRUE(check("AB " + w + more + " " + w));
      }
    }
    std::mt19937 rng(20261130);
    std::uniform_int_distribution<size_t> pick(0, words.size() - 1);
    std::uniform_int_distribution<int> length(1, 12);
    for (int i = 0; i < 20000; ++i) {
      std::string text;
      for (int n = length(rng); n > 0; --n) {
        const std::string& w = words[pick(rng)];
        text += i % 3 == 0 ? w.substr(0, base::FloorBoundary(w, w.size() - w.size() / 3)) : w;
        text += i % 5 == 0 ? "e " : " ";
      }
      ASSERT_TRUE(check(text)) << "case " << i;
    }
  }
}

TEST(WordScanReferenceTest, RandomTextsScanAsBefore) {
  auto lexicon = Lexicon();
  // Pieces chosen to hit every branch of the tokenizers and the splitter.
  const std::vector<std::string> kPieces = {
      "a", "Z", "q", "qu", "d", "l", "jusqu", "x", "XNUMX", "police", "Abc", "0", "7", "12",
      "2025", "'", "’", "ʼ", "-", "‐", "‑", "–", "—", " ", "  ",
      "\t", "\n", "\r", " ", " ", " ", "　", ",", ";", ":", "(", ")", "\"",
      ".", "!", "?", "…", "«", "»", "“", "”", "[", "]", "%", "+", "$",
      "#", "&", "/", "é", "É", "à", "œ", "ß", "ÿ", "Ÿ",
      "İ", "ǅ", "Ω", "ё", "Ё", "я", "Я", "й",
      "рус", "́", "ः", "٣", "中", "😀", "\xff",
      "\xc3", "\xe2\x80", "\x80", "\xed\xa0\x80", "\xc0\xaf", "M.", "Dr.", "гг.",
  };
  std::mt19937 rng(20260314);
  std::uniform_int_distribution<size_t> piece(0, kPieces.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  for (int i = 0; i < 60000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += kPieces[piece(rng)];
    ASSERT_TRUE(SameAsReference(text, *lexicon)) << "case " << i;
  }
}

}  // namespace
}  // namespace sitrep::extract
