#include "cli/commands.h"

namespace sitrep::cli {
CommandFn RegisterSearch(CLI::App& app, const GlobalOptions& global) {
  app.add_subcommand("search", "TODO");
  return []() { return kExitInternal; };
}
}  // namespace sitrep::cli
