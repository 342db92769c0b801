#include "clean/cue_prefilter.h"

#include <re2/filtered_re2.h>
#include <re2/re2.h>
#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <algorithm>
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
  if (patterns.empty()) return nullptr;  // FilteredRE2 refuses to compile nothing
  std::unique_ptr<LiteralPrefilter> pf(new LiteralPrefilter());
  pf->filter_ = std::make_unique<re2::FilteredRE2>(kMinAtomBytes);
  RE2::Options opt;
  opt.set_case_sensitive(case_sensitive);
  opt.set_log_errors(false);
  for (const std::string& p : patterns) {
    int id = -1;
    if (pf->filter_->Add(p, opt, &id) != RE2::NoError) return nullptr;
  }
  std::vector<std::string> raw_atoms;
  pf->filter_->Compile(&raw_atoms);
  pf->filter_->AllPotentials({}, &pf->unfiltered_);

  // Atoms as sequences of folded characters.
  std::vector<std::vector<char32_t>> atoms;
  std::map<char32_t, uint16_t> folded_class;
  for (const std::string& a : raw_atoms) {
    std::vector<char32_t> chars;
    std::string folded;
    const auto* s = reinterpret_cast<const uint8_t*>(a.data());
    for (int32_t i = 0, n = int32_t(a.size()); i < n;) {
      const int32_t c = NextChar(s, &i, n);
      if (c < 0) return nullptr;  // RE2 atoms are valid UTF-8
      const char32_t f = FoldForPrefilter(char32_t(c));
      chars.push_back(f);
      char buf[4];
      int32_t len = 0;
      U8_APPEND_UNSAFE(buf, len, UChar32(f));
      folded.append(buf, size_t(len));
      if (!folded_class.count(f)) {
        if (folded_class.size() + 1 >= std::numeric_limits<uint16_t>::max()) return nullptr;
        folded_class.emplace(f, uint16_t(folded_class.size() + 1));
      }
    }
    atoms.push_back(std::move(chars));
    pf->atoms_.push_back(std::move(folded));
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
  std::vector<std::vector<int>> own(1);
  for (size_t k = 0; k < atoms.size(); ++k) {
    uint32_t node = 0;
    for (char32_t f : atoms[k]) {
      const uint16_t cls = folded_class.at(f);
      auto it = children[node].find(cls);
      if (it == children[node].end()) {
        if (children.size() >= kMaxStates) return nullptr;
        it = children[node].emplace(cls, uint32_t(children.size())).first;
        children.emplace_back();
        own.emplace_back();
      }
      node = it->second;
    }
    own[node].push_back(int(k));
  }
  const size_t states = children.size(), classes = pf->classes_;
  std::vector<uint32_t> fail(states, 0);
  std::vector<std::vector<int>> outs(states);
  pf->delta_.assign(states * classes, 0);
  std::deque<uint32_t> queue;
  outs[0] = own[0];
  for (const auto& [cls, child] : children[0]) {
    pf->delta_[cls] = uint16_t(child);
    queue.push_back(child);
  }
  while (!queue.empty()) {
    const uint32_t u = queue.front();
    queue.pop_front();
    outs[u] = own[u];
    outs[u].insert(outs[u].end(), outs[fail[u]].begin(), outs[fail[u]].end());
    for (size_t cls = 1; cls < classes; ++cls) {
      auto it = children[u].find(uint16_t(cls));
      if (it == children[u].end()) {
        pf->delta_[u * classes + cls] = pf->delta_[fail[u] * classes + cls];
      } else {
        fail[it->second] = pf->delta_[fail[u] * classes + cls];
        pf->delta_[u * classes + cls] = uint16_t(it->second);
        queue.push_back(it->second);
      }
    }
  }
  pf->accepts_.assign(states, 0);
  pf->out_begin_.assign(states + 1, 0);
  for (size_t u = 0; u < states; ++u) {
    pf->accepts_[u] = outs[u].empty() ? 0 : 1;
    pf->out_begin_[u] = uint32_t(pf->out_atoms_.size());
    pf->out_atoms_.insert(pf->out_atoms_.end(), outs[u].begin(), outs[u].end());
  }
  pf->out_begin_[states] = uint32_t(pf->out_atoms_.size());
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
  std::vector<int> found;  // atoms seen; allocated only on the first one
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = int32_t(text.size());
  const uint16_t* delta = delta_.data();
  const uint16_t* small = small_class_.data();
  const uint8_t* accepts = accepts_.data();
  const size_t classes = classes_;
  uint32_t state = 0;
  for (int32_t i = 0; i < n;) {
    const uint8_t b = s[i];
    uint16_t cls;
    if (b < 0x80) {
      cls = small[b];
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF && i + 1 < n && (s[i + 1] & 0xC0) == 0x80) {
      cls = small[(char32_t(b & 0x1F) << 6) | (s[i + 1] & 0x3F)];
      i += 2;
    } else {
      const int32_t c = NextChar(s, &i, n);
      cls = c < 0 ? 0 : ClassOf(char32_t(c));  // no atom goes across an invalid byte
    }
    state = delta[state * classes + cls];
    if (accepts[state]) {
      found.insert(found.end(), out_atoms_.begin() + out_begin_[state],
                   out_atoms_.begin() + out_begin_[state + 1]);
    }
  }
  if (found.empty()) {
    *out = unfiltered_;
    return;
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  filter_->AllPotentials(found, out);  // sorted, unfiltered patterns included
}

}  // namespace sitrep::clean
