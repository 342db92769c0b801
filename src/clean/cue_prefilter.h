// LiteralPrefilter: which of a list of regular expressions can possibly match a text, answered
// from the literal strings ("atoms") that each pattern needs, in one pass over the text without
// running the patterns. RE2's FilteredRE2 derives the atoms and the and/or tree over them from the
// patterns themselves (no hand list); this class finds the atoms in a text with an Aho-Corasick
// automaton over case-folded characters, so a pattern compiled case-insensitively is still
// answered for any case of its words ("NEWSLETTER", "Рассылка").
//
// The answer is a superset: a pattern that matches is always among the candidates; a candidate
// may still not match. Each pattern's and/or condition over its atoms is reduced at Create to
// "the line holds one of these atoms" (see Create), which a line checks with one automaton pass
// and a few mask ORs. CueSet (zoner_cues.h) uses it to skip its RE2 sets on the many lines that
// no cue can match (issue 4: the sets read every byte of every line).
//
// Thread safety: immutable after Create(); Candidates() is const and safe for concurrent use.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean {

class LiteralPrefilter {
 public:
  // Patterns are numbered in order from 0. `case_sensitive` must be the option the patterns are
  // matched with. nullptr when a pattern does not compile or the automaton would be too large
  // (the caller then runs every pattern).
  static std::unique_ptr<LiteralPrefilter> Create(const std::vector<std::string>& patterns,
                                                  bool case_sensitive);
  ~LiteralPrefilter();
  LiteralPrefilter(const LiteralPrefilter&) = delete;
  LiteralPrefilter& operator=(const LiteralPrefilter&) = delete;

  // Sets *out to the sorted ids of the patterns that may match `text` (any UTF-8, invalid bytes
  // included); empty when none can. Linear in text.size(); allocates nothing on a text that holds
  // no atom. REQUIRES: text.size() < 2^31 (cue lines are at most 600 bytes).
  void Candidates(std::string_view text, std::vector<int>* out) const;

  // The atoms, case-folded, in their numbering. For tests.
  const std::vector<std::string>& atoms() const { return atoms_; }

 private:
  LiteralPrefilter();
  uint16_t ClassOf(char32_t c) const;

  // Patterns fit in masks of this many 64-bit words (Create gives up past 512 patterns).
  static constexpr size_t kMaxMaskWords = 8;
  using Mask = std::array<uint64_t, kMaxMaskWords>;

  size_t patterns_ = 0;
  size_t words_ = 0;  // mask words in use
  std::vector<std::string> atoms_;
  Mask unfiltered_{};  // patterns with no atom to require: always candidates
  size_t classes_ = 1;  // 0 is every character that no atom holds
  // Class of the folded form of each character below U+0800 (ASCII, Latin, Cyrillic...).
  std::vector<uint16_t> small_class_;
  std::vector<std::pair<char32_t, uint16_t>> large_class_;  // folded char -> class, sorted
  std::vector<uint16_t> delta_;  // state * classes_ + class -> next state
  uint32_t first_accepting_ = 0;  // states from here on end an atom
  std::vector<Mask> masks_;  // accepting state - first_accepting_ -> patterns it makes candidates
};

// The form in which LiteralPrefilter compares characters: Unicode simple case folding of the
// simple lower case ("É" and "é" -> "é", "K" (Kelvin sign) -> "k", "ſ" -> "s"). Two characters
// that RE2 matches case-insensitively have the same form. Exposed for tests.
char32_t FoldForPrefilter(char32_t c);

}  // namespace sitrep::clean
