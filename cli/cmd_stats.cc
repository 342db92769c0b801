#include "cli/commands.h"

namespace sitrep::cli {
CommandFn RegisterStats(CLI::App& app, const GlobalOptions& global) {
  app.add_subcommand("stats", "TODO");
  return []() { return kExitInternal; };
}
}  // namespace sitrep::cli
