// sitrep: the command-line tool. A thin shell over libsitrep: flags -> options, call the library,
// render, map Status to an exit code. One file per subcommand (cli/cmd_*.cc).
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{
      "sitrep: crisis news in, a situation report you can trust out.\n"
      "Reads web pages, text dumps, JSON Lines, WARC, RSS/Atom and Telegram exports; separates\n"
      "article bodies from comments and boilerplate; keeps every fact traceable to its source.",
      "sitrep"};
  app.require_subcommand(1);
  app.set_version_flag("--version", std::string("sitrep ") + SITREP_VERSION);
  app.footer(sitrep::cli::kExitCodesHelp);
  sitrep::cli::GlobalOptions global;
  app.add_option("--resources", global.resources_dir,
                 "folder with the language packs (default: found next to the binary)");
  sitrep::cli::RegisterCommands(app, global);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int rc = app.exit(e);
    return rc == 0 ? 0 : sitrep::cli::kExitUsage;
  }
  try {
    return sitrep::cli::RunSelected(app, global);
  } catch (const std::exception& e) {
    std::fprintf(stderr, "sitrep: internal error: %s\n", e.what());
    return sitrep::cli::kExitInternal;
  }
}
