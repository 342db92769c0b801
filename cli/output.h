// Terminal output helpers shared by the subcommands: problem lines, the progress bar, summaries.
#pragma once

#include <cstdio>
#include <string>
#include <string_view>

#include "sitrep/engine.h"

namespace sitrep::cli {

// "sitrep: rejected PATH (record N): REASON" on stderr.
void PrintProblem(const Problem& p);

// Draws a one-line progress bar on stderr when stderr is a terminal; silent otherwise.
class ProgressBar {
 public:
  ProgressBar();
  void Update(const Progress& p);
  void Finish();  // clears the line

 private:
  bool enabled_;
  long long last_ms_ = 0;
  bool drawn_ = false;
};

// Human-readable byte count: "12.3 MB".
std::string HumanBytes(uint64_t bytes);

// At most `max` characters (code points) of `s`, cut on a character boundary with "…" at the
// cut: a byte cut would split a UTF-8 sequence (an invalid terminal line).
std::string Clip(std::string_view s, size_t max);
// Clip(s, width) padded with spaces to `width` characters: aligned table columns whatever the
// script.
std::string Column(std::string_view s, size_t width);

}  // namespace sitrep::cli
