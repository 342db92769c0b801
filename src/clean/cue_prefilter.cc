#include "clean/cue_prefilter.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <bit>
#include <deque>
#include <limits>
#include <map>

namespace sitrep::clean {
namespace {

// Atoms shorter than this (in bytes) are not required: RE2 then asks for longer ones, or leaves
// the pattern unfiltered. Three bytes keep "see", "don", "на" (which common short words would
// otherwise drown) while dropping one- and two-letter Latin words.
constexpr int kMinAtomBytes = 3;
// Past this many automaton states (16-bit state numbers) the prefilter is not built.
constexpr size_t kMaxStates = std::numeric_limits<uint16_t>::max();

// Decodes the UTF-8 character at s[*i] (ICU's U8_NEXT: a maximal invalid subpart is skipped and
// gives a negative value; never reads past n).
inline int32_t NextChar(const uint8_t* s, int32_t* i, int32_t n) {
  UChar32 c;
  U8_NEXT(s, *i, n, c);
  return c;
}

}  // namespace

char32_t FoldForPrefilter(char32_t c) {
  // RE2 lower-cases the atoms it returns (its prefilter's ToLowerRune) and matches
  // case-insensitively by simple case-folding orbits. Lower case first brings the odd character
  // whose lower case lies outside its folding orbit ("İ" -> "i") to the atom's form; folding then
  // gives every member of an orbit one form ("ſ", "s", "S" -> "s").
  return char32_t(u_foldCase(u_tolower(UChar32(c)), U_FOLD_CASE_DEFAULT));
}

LiteralPrefilter::LiteralPrefilter() = default;
LiteralPrefilter::~LiteralPrefilter() = default;

std::unique_ptr<LiteralPrefilter> LiteralPrefilter::Create(const std::vector<std::string>& patterns,
                                                           bool case_sensitive) {
  if (patterns.empty()) return nullptr;
  std::unique_ptr<LiteralPrefilter> pf(new LiteralPrefilter());
  pf->patterns_ = patterns.size();
  pf->words_ = (patterns.size() + 63) / 64;
  if (pf->words_ > kMaxMaskWords) return nullptr;
  RE2::Options opt;
  opt.set_case_sensitive(case_sensitive);
  opt.set_log_errors(false);

  // Per pattern, the atoms of which a matching line holds at least one. FilteredRE2 gives a
  // pattern's atoms and an and/or condition over them; evaluating that condition per line costs
  // more than it saves (a few thousand instructions a call), so it is reduced here, once, to a
  // plain "any of": the atoms outside a largest set Z on which the condition is false. A line
  // that satisfies the condition is no subset of Z, so it holds one of the others. Z is grown
  // shortest atom first, so that short, common words ("the", "said") go into Z when the
  // pattern allows it and the longer, rarer ones remain the test.
  std::map<std::string, std::vector<size_t>> atom_patterns;  // folded atom -> patterns
  for (size_t p = 0; p < patterns.size(); ++p) {
    re2::FilteredRE2 one(kMinAtomBytes);
    int id = -1;
    if (one.Add(patterns[p], opt, &id) != RE2::NoError) return nullptr;
    std::vector<std::string> atoms;
    one.Compile(&atoms);
    std::vector<int> potential;
    one.AllPotentials({}, &potential);
    if (!potential.empty() || atoms.empty()) {  // no atom to require
      pf->unfiltered_[p / 64] |= uint64_t(1) << (p % 64);
      continue;
    }
    std::vector<int> order(atoms.size());
    for (size_t k = 0; k < order.size(); ++k) order[k] = int(k);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return atoms[size_t(a)].size() < atoms[size_t(b)].size(); });
    std::vector<int> z, required;
    for (int a : order) {
      std::vector<int> with = z;
      with.push_back(a);
      std::sort(with.begin(), with.end());
      one.AllPotentials(with, &potential);
      if (potential.empty()) {
        z = std::move(with);
      } else {
        required.push_back(a);
      }
    }
    if (required.empty()) {  // the condition is never true: trust it no further
      pf->unfiltered_[p / 64] |= uint64_t(1) << (p % 64);
      continue;
    }
    for (int a : required) {
      std::string folded;
      const auto* s = reinterpret_cast<const uint8_t*>(atoms[size_t(a)].data());
      for (int32_t i = 0, n = int32_t(atoms[size_t(a)].size()); i < n;) {
        const int32_t c = NextChar(s, &i, n);
        if (c < 0) return nullptr;  // RE2 atoms are valid UTF-8
        char buf[4];
        int32_t len = 0;
        U8_APPEND_UNSAFE(buf, len, UChar32(FoldForPrefilter(char32_t(c))));
        folded.append(buf, size_t(len));
      }
      atom_patterns[folded].push_back(p);
    }
  }

  // Atoms as sequences of character classes: one class per folded character of any atom.
  std::vector<std::vector<uint16_t>> atoms;
  std::vector<std::vector<size_t>> atom_pattern_list;
  std::map<char32_t, uint16_t> folded_class;
  for (const auto& [text, pats] : atom_patterns) {
    std::vector<uint16_t> chars;
    const auto* s = reinterpret_cast<const uint8_t*>(text.data());
    for (int32_t i = 0, n = int32_t(text.size()); i < n;) {
      const char32_t f = char32_t(NextChar(s, &i, n));
      auto it = folded_class.find(f);
      if (it == folded_class.end()) {
        if (folded_class.size() + 1 >= std::numeric_limits<uint16_t>::max()) return nullptr;
        it = folded_class.emplace(f, uint16_t(folded_class.size() + 1)).first;
      }
      chars.push_back(it->second);
    }
    atoms.push_back(std::move(chars));
    atom_pattern_list.push_back(pats);
    pf->atoms_.push_back(text);
  }
  pf->classes_ = folded_class.size() + 1;
  pf->large_class_.assign(folded_class.begin(), folded_class.end());
  pf->small_class_.assign(0x800, 0);
  for (char32_t c = 0; c < 0x800; ++c) {
    auto it = folded_class.find(FoldForPrefilter(c));
    if (it != folded_class.end()) pf->small_class_[c] = it->second;
  }

  // Aho-Corasick: a trie of the atoms, then failure links and the full transition table in
  // breadth-first order. Class 0 always leads back to the root.
  std::vector<std::map<uint16_t, uint32_t>> children(1);
  std::vector<std::vector<size_t>> own(1);
  for (size_t k = 0; k < atoms.size(); ++k) {
    uint32_t node = 0;
    for (uint16_t cls : atoms[k]) {
      auto it = children[node].find(cls);
      if (it == children[node].end()) {
        if (children.size() >= kMaxStates) return nullptr;
        it = children[node].emplace(cls, uint32_t(children.size())).first;
        children.emplace_back();
        own.emplace_back();
      }
      node = it->second;
    }
    own[node].push_back(k);
  }
  const size_t states = children.size(), classes = pf->classes_;
  std::vector<uint32_t> fail(states, 0);
  std::vector<std::array<uint64_t, kMaxMaskWords>> mask(states, std::array<uint64_t, kMaxMaskWords>{});
  std::vector<uint32_t> delta(states * classes, 0);
  std::deque<uint32_t> queue;
  for (const auto& [cls, child] : children[0]) {
    delta[cls] = child;
    queue.push_back(child);
  }
  while (!queue.empty()) {
    const uint32_t u = queue.front();
    queue.pop_front();
    mask[u] = mask[fail[u]];  // atoms ending here by a shorter suffix
    for (size_t k : own[u]) {
      for (size_t p : atom_pattern_list[k]) mask[u][p / 64] |= uint64_t(1) << (p % 64);
    }
    for (size_t cls = 1; cls < classes; ++cls) {
      auto it = children[u].find(uint16_t(cls));
      if (it == children[u].end()) {
        delta[u * classes + cls] = delta[fail[u] * classes + cls];
      } else {
        fail[it->second] = delta[fail[u] * classes + cls];
        delta[u * classes + cls] = it->second;
        queue.push_back(it->second);
      }
    }
  }
  // Renumbered so that the states where an atom ends come last: the scan tests one compare.
  std::vector<uint32_t> renum(states);
  uint32_t next = 0;
  auto accepting = [&](size_t u) {
    for (uint64_t w : mask[u]) {
      if (w != 0) return true;
    }
    return false;
  };
  for (size_t u = 0; u < states; ++u) {
    if (!accepting(u)) renum[u] = next++;
  }
  pf->first_accepting_ = next;
  pf->masks_.assign(states - next, {});
  for (size_t u = 0; u < states; ++u) {
    if (accepting(u)) {
      renum[u] = next++;
      pf->masks_[renum[u] - pf->first_accepting_] = mask[u];
    }
  }
  pf->delta_.assign(states * classes, 0);
  for (size_t u = 0; u < states; ++u) {
    for (size_t cls = 0; cls < classes; ++cls) {
      pf->delta_[renum[u] * classes + cls] = uint16_t(renum[delta[u * classes + cls]]);
    }
  }
  return pf;
}

uint16_t LiteralPrefilter::ClassOf(char32_t c) const {
  if (c < 0x800) return small_class_[c];
  const char32_t f = FoldForPrefilter(c);
  auto it = std::lower_bound(large_class_.begin(), large_class_.end(), f,
                             [](const std::pair<char32_t, uint16_t>& e, char32_t x) {
                               return e.first < x;
                             });
  return it != large_class_.end() && it->first == f ? it->second : 0;
}

void LiteralPrefilter::Candidates(std::string_view text, std::vector<int>* out) const {
  out->clear();
  std::array<uint64_t, kMaxMaskWords> found = unfiltered_;
  const auto* const s = reinterpret_cast<const uint8_t*>(text.data());
  const uint8_t* p = s;
  const uint8_t* const end = s + text.size();
  const uint16_t* delta = delta_.data();
  const uint16_t* small = small_class_.data();
  const size_t classes = classes_;
  const uint32_t first_accepting = first_accepting_;
  size_t state = 0;
  while (p < end) {
    const uint32_t b = *p;
    uint32_t cls;
    if (b < 0x80) {  // most characters
      cls = small[b];
      ++p;
    } else if (b >= 0xC2 && b <= 0xDF && p + 1 < end && (p[1] & 0xC0) == 0x80) {
      cls = small[((b & 0x1F) << 6) | (p[1] & 0x3F)];
      p += 2;
    } else {
      int32_t i = int32_t(p - s);
      const int32_t c = NextChar(s, &i, int32_t(text.size()));
      p = s + i;
      cls = c < 0 ? 0 : ClassOf(char32_t(c));  // no atom goes across an invalid byte
    }
    state = delta[state * classes + cls];
    if (state >= first_accepting) [[unlikely]] {
      const Mask& m = masks_[state - first_accepting];
      for (size_t w = 0; w < kMaxMaskWords; ++w) found[w] |= m[w];
    }
  }
  for (size_t w = 0; w < words_; ++w) {
    for (uint64_t bits = found[w]; bits != 0; bits &= bits - 1) {
      out->push_back(int(w * 64 + size_t(std::countr_zero(bits))));
    }
  }
}

}  // namespace sitrep::clean
