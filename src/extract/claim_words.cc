#include "extract/claim_words.h"

#include <unicode/uchar.h>

#include "base/utf8.h"

namespace sitrep::extract {
namespace {

bool IsWordChar(char32_t c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
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

// True for "d", "l", "qu", "jusqu": the elided words that end at an apostrophe in French.
bool IsElisionHead(std::string_view lower_word) {
  if (lower_word.size() == 1) return true;
  return lower_word.size() >= 2 && lower_word.substr(lower_word.size() - 2) == "qu";
}

}  // namespace

std::string LowerWord(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t pos = 0;
  while (pos < s.size()) {
    unsigned char b = static_cast<unsigned char>(s[pos]);
    if (b < 0x80) {
      out.push_back(b >= 'A' && b <= 'Z' ? char(b + 0x20) : char(b));
      ++pos;
      continue;
    }
    char32_t c = base::DecodeOne(s, &pos);
    if (IsApostrophe(c)) {
      out.push_back('\'');
      continue;
    }
    c = char32_t(u_tolower(UChar32(c)));
    if (c == U'ё') c = U'е';
    base::AppendUtf8(c, &out);
  }
  return out;
}

std::vector<WordToken> TokenizeWords(std::string_view text, uint32_t base, size_t max_tokens) {
  std::vector<WordToken> out;
  size_t pos = 0;
  while (pos < text.size() && out.size() < max_tokens) {
    size_t start = pos;
    char32_t c = base::DecodeOne(text, &pos);
    if (base::IsSpace(c)) continue;
    WordToken t;
    t.begin = base + uint32_t(start);
    if (!IsWordChar(c)) {
      t.end = base + uint32_t(pos);
      t.lower = LowerWord(text.substr(start, pos - start));
      out.push_back(std::move(t));
      continue;
    }
    size_t end = pos;
    while (end < text.size()) {
      size_t next = end;
      char32_t d = base::DecodeOne(text, &next);
      if (IsWordChar(d)) {
        end = next;
        continue;
      }
      // Inner hyphen between word characters joins ("vingt-cinq", "45-й", "10-15").
      if (IsJoiningHyphen(d) && IsWordChar(PeekAt(text, next))) {
        end = next;
        continue;
      }
      // Elision: "d'une", "jusqu'à" -> "d'" + "une"; "police's" stays one word. In a table
      // phrase the elided word may end the text ("plus d'").
      if (IsApostrophe(d) && !IsWordChar(PeekAt(text, next))) {
        if (IsElisionHead(LowerWord(text.substr(start, end - start)))) end = next;
        break;
      }
      if (IsApostrophe(d) && IsWordChar(PeekAt(text, next))) {
        std::string head = LowerWord(text.substr(start, end - start));
        if (IsElisionHead(head)) {
          end = next;
          break;
        }
        end = next;
        continue;
      }
      break;
    }
    t.end = base + uint32_t(end);
    std::string_view surface = text.substr(start, end - start);
    t.lower = LowerWord(surface);
    t.word = true;
    t.digits = true;
    for (char ch : surface) {
      if (ch < '0' || ch > '9') {
        t.digits = false;
        break;
      }
    }
    t.upper = u_isupper(UChar32(c)) != 0;
    out.push_back(std::move(t));
    pos = end;
  }
  return out;
}

bool PhraseTable::Add(std::string_view phrase, uint32_t id) {
  std::vector<WordToken> tokens = TokenizeWords(phrase, 0, 32);
  Phrase p;
  p.id = id;
  for (const WordToken& t : tokens) p.words.push_back(t.lower);
  if (p.words.empty()) return false;
  if (p.words.back() == "*") {
    p.words.pop_back();
    p.stem = true;
    if (p.words.empty()) return false;
  }
  uint32_t index = uint32_t(phrases_.size());
  if (p.stem && p.words.size() == 1) {
    if (p.words[0].size() >= kStemKeyBytes) {
      stem_by_key_[p.words[0].substr(0, kStemKeyBytes)].push_back(index);
    } else {
      short_stems_.push_back(index);
    }
  } else {
    by_first_[p.words[0]].push_back(index);
  }
  phrases_.push_back(std::move(p));
  return true;
}

bool PhraseTable::Matches(const Phrase& p, const std::vector<WordToken>& tokens, size_t i) const {
  if (i + p.words.size() > tokens.size()) return false;
  for (size_t k = 0; k < p.words.size(); ++k) {
    const std::string& have = tokens[i + k].lower;
    const std::string& want = p.words[k];
    if (p.stem && k + 1 == p.words.size()) {
      if (have.size() < want.size() || have.compare(0, want.size(), want) != 0) return false;
    } else if (have != want) {
      return false;
    }
  }
  return true;
}

PhraseTable::Hit PhraseTable::Match(const std::vector<WordToken>& tokens, size_t i) const {
  Hit best;
  if (i >= tokens.size()) return best;
  const std::string& first = tokens[i].lower;
  auto consider = [&](uint32_t index) {
    const Phrase& p = phrases_[index];
    if (p.words.size() > best.length && Matches(p, tokens, i)) {
      best.length = uint32_t(p.words.size());
      best.id = p.id;
    }
  };
  if (auto it = by_first_.find(first); it != by_first_.end()) {
    for (uint32_t index : it->second) consider(index);
  }
  if (first.size() >= kStemKeyBytes) {
    if (auto it = stem_by_key_.find(first.substr(0, kStemKeyBytes)); it != stem_by_key_.end()) {
      for (uint32_t index : it->second) consider(index);
    }
  }
  for (uint32_t index : short_stems_) consider(index);
  return best;
}

bool PhraseTable::MatchEndingAt(const std::vector<WordToken>& tokens, size_t end, uint32_t length,
                                uint32_t* id) const {
  if (length == 0 || end < length || end > tokens.size()) return false;
  size_t i = end - length;
  const std::string& first = tokens[i].lower;
  auto check = [&](const std::vector<uint32_t>& list) {
    for (uint32_t index : list) {
      const Phrase& p = phrases_[index];
      if (p.words.size() == length && Matches(p, tokens, i)) {
        *id = p.id;
        return true;
      }
    }
    return false;
  };
  if (auto it = by_first_.find(first); it != by_first_.end() && check(it->second)) return true;
  if (length == 1) {
    if (first.size() >= kStemKeyBytes) {
      if (auto it = stem_by_key_.find(first.substr(0, kStemKeyBytes));
          it != stem_by_key_.end() && check(it->second)) {
        return true;
      }
    }
    if (check(short_stems_)) return true;
  }
  return false;
}

std::vector<SentenceSpan> SplitSentences(std::string_view text, uint32_t base, size_t max_bytes) {
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
    size_t at = pos;
    char32_t c = base::DecodeOne(text, &pos);
    if (c == '\n' || c == '\r' || c == 0x2029 || c == 0x2028) {
      emit(start, at);
      start = pos;
      word_start = pos;
      continue;
    }
    if (base::IsSpace(c)) {
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
    if (!base::IsSpace(sp)) continue;
    while (q < text.size()) {
      size_t r = q;
      char32_t s2 = base::DecodeOne(text, &r);
      if (!base::IsSpace(s2) || s2 == '\n') break;
      q = r;
    }
    char32_t next = PeekAt(text, q);
    bool opener = next == 0 || next == '\n' || u_isupper(UChar32(next)) ||
                  (next >= '0' && next <= '9') || next == '"' || next == 0xAB || next == 0x201C ||
                  next == '-' || next == 0x2013 || next == 0x2014 || next == '(';
    if (!opener) continue;
    // "M. Tokaïev", "J. Biden": one letter before the dot is an initial.
    if (c == '.' && at - word_start == 1) continue;
    emit(start, p);
    start = p;
    pos = p;
  }
  emit(start, text.size());
  return out;
}

}  // namespace sitrep::extract
