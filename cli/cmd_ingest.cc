#include "cli/commands.h"

namespace sitrep::cli {
CommandFn RegisterIngest(CLI::App& app, const GlobalOptions& global) {
  app.add_subcommand("ingest", "TODO");
  return []() { return kExitInternal; };
}
}  // namespace sitrep::cli
