// The sitrep subcommands. Each lives in its own cli/cmd_<name>.cc and registers itself here.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sitrep/engine.h"
#include "sitrep/store.h"

namespace sitrep::cli {

// Exit codes, documented in --help and README.
inline constexpr int kExitOk = 0;
inline constexpr int kExitPartial = 1;   // done, but some inputs were rejected (see the summary)
inline constexpr int kExitUsage = 2;     // bad command line
inline constexpr int kExitNothing = 3;   // no input could be read at all, or ID/query not found
inline constexpr int kExitStore = 4;     // the store could not be opened or written
inline constexpr int kExitInternal = 70; // a bug: please report it with the input

inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 finished but some inputs were rejected (listed on stderr and in the\n"
    "summary); 2 bad command line; 3 nothing could be read, or the ID / query was not found;\n"
    "4 store error (cannot open, locked, corrupt); 70 internal error (a bug: please report it).";

struct GlobalOptions {
  std::string resources_dir;
};

// Limits shared by every command that reads input (--max-document-bytes, ...).
void AddLimitOptions(CLI::App* cmd, Limits* limits);
// Creates the engine or prints why not. Returns nullptr on failure (message already printed).
std::unique_ptr<Engine> MakeEngine(const GlobalOptions& global, EngineOptions options);

// Opens the store or prints why not (nullptr then). cmd_show.cc.
std::unique_ptr<Store> OpenStoreOrSay(const std::string& db);

// Which stories a command works on. cmd_stories.cc.
struct StorySelection {
  bool rebuild = false;       // rebuild stories and relays first (else only when there are none)
  bool ignore_dates = false;  // with a rebuild: cluster as if documents had no dates
  std::string story;          // only this story id when not empty
  bool require_some = false;  // an empty store is "nothing" (exit 3) rather than an empty list
};
// The selected stories, or nullopt with the reason printed and the exit code in `*exit_code`
// (kExitStore when the store fails, kExitNothing for an unknown id or, with require_some, no
// stories at all).
std::optional<std::vector<Story>> SelectStories(Store& store, const GlobalOptions& global,
                                                const StorySelection& selection, int* exit_code);

// --db and --story: the store and the story a reading command works on.
struct StoryScope {
  std::string db = "sitrep.db";
  std::string story;  // only this story id when not empty
};
void AddStoryScopeOptions(CLI::App* cmd, StoryScope* scope);
// Opens scope.db into *store and selects its stories (only scope.story when set; `selection`
// gives the rest), or nullopt with the reason printed and the exit code in *exit_code.
std::optional<std::vector<Story>> OpenAndSelectStories(const StoryScope& scope,
                                                       const GlobalOptions& global,
                                                       StorySelection selection,
                                                       std::unique_ptr<Store>* store,
                                                       int* exit_code);

// Writes `text` to `path`, or stdout when `path` is empty or "-". False (message printed) on
// failure. cmd_report.cc.
bool WriteOutput(const std::string& path, const std::string& text);

void RegisterCommands(CLI::App& app, GlobalOptions& global);
int RunSelected(CLI::App& app, const GlobalOptions& global);

// Registration hooks, one per cmd_*.cc. Each returns the function to run when selected.
using CommandFn = std::function<int()>;
CommandFn RegisterAnalyze(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterExtract(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterIngest(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterShow(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterSearch(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterStats(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterEntities(CLI::App& app, const GlobalOptions& global);
CommandFn RegisterStories(CLI::App& app, const GlobalOptions& global);   // cmd_stories.cc
CommandFn RegisterLedger(CLI::App& app, const GlobalOptions& global);    // cmd_stories.cc
CommandFn RegisterTimeline(CLI::App& app, const GlobalOptions& global);  // cmd_stories.cc
CommandFn RegisterReport(CLI::App& app, const GlobalOptions& global);    // cmd_report.cc
CommandFn RegisterExport(CLI::App& app, const GlobalOptions& global);    // cmd_export.cc
CommandFn RegisterServe(CLI::App& app, const GlobalOptions& global);     // cmd_serve.cc

}  // namespace sitrep::cli
