#include "cli/commands.h"

namespace sitrep::cli {
CommandFn RegisterShow(CLI::App& app, const GlobalOptions& global) {
  app.add_subcommand("show", "TODO");
  return []() { return kExitInternal; };
}
}  // namespace sitrep::cli
