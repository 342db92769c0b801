// Terminal output helpers shared by the subcommands: problem lines, the progress bar, summaries.
#pragma once

#include <cstdio>
#include <string>

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

}  // namespace sitrep::cli
