// sitrep report (issue 6): the situation report of the store's stories, as one self-contained
// HTML file or as Markdown. Reads the story tables (`sitrep ingest` rebuilds them) and derives
// the rest from the stored documents (src/report/model.h).
#include <cstdio>
#include <ctime>
#include <optional>

#include "cli/commands.h"
#include "connect/store_graph.h"
#include "lang/resources.h"
#include "report/basemap.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/model.h"
#include "sitrep/store.h"

namespace sitrep::cli {

// Writes `text` to `path`, or stdout when `path` is empty or "-". False (message printed) on
// failure.
bool WriteOutput(const std::string& path, const std::string& text) {
  if (path.empty() || path == "-") {
    return std::fwrite(text.data(), 1, text.size(), stdout) == text.size();
  }
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) {
    std::fprintf(stderr, "sitrep: cannot write %s\n", path.c_str());
    return false;
  }
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) std::fprintf(stderr, "sitrep: cannot write %s\n", path.c_str());
  return ok;
}

CommandFn RegisterReport(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    StoryScope scope;
    std::string html;
    std::string format = "html";
    std::string output;
    std::string title = "Situation report";
    size_t max_stories = 100;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "The situation report of the stored stories: summary (span, places, actors, what changed\n"
      "most recently), map of events, events by day, claims ledger with a chart per figure,\n"
      "sources (outlets, languages, relays, the words each uses for the groups involved) and\n"
      "warnings; every item links to its source snippet. HTML is one self-contained file (no\n"
      "script, no network); Markdown pastes into a chat or a ticket.\n"
      "Examples: sitrep report --db crisis.db --html out/sitrep.html\n"
      "          sitrep report --db crisis.db --format md --story s0123456789ab");
  AddStoryScopeOptions(cmd, &args->scope);
  cmd->add_option("--html", args->html, "write the HTML report to this file");
  cmd->add_option("--format", args->format, "html or md (with --output, or stdout)")
      ->check(CLI::IsMember({"html", "md"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "output file (default: stdout)");
  cmd->add_option("--title", args->title, "report title")->capture_default_str();
  cmd->add_option("--max-stories", args->max_stories,
                  "stories shown in full (the largest); the others are listed")
      ->check(CLI::Range(size_t{1}, size_t{1000000}))
      ->capture_default_str();
  return [args, &global]() {
    std::unique_ptr<Store> store;
    int code = kExitOk;
    StorySelection selection;
    selection.require_some = true;
    auto stories = OpenAndSelectStories(args->scope, global, selection, &store, &code);
    if (!stories) return code;
    std::vector<Story> others = report::SplitStories(&*stories, args->max_stories);
    Result<report::ReportData> data = report::LoadReport(*store, *stories);
    if (!data) {
      std::fprintf(stderr, "sitrep: %s\n", data.error().ToString().c_str());
      return kExitStore;
    }
    data->others = std::move(others);
    std::string path = !args->html.empty() ? args->html : args->output;
    std::string text;
    if (!args->html.empty() || args->format == "html") {
      report::HtmlOptions options;
      options.title = args->title;
      // The base map (country outlines, built from Natural Earth by tools/basemap.mjs). Without
      // it the map still shows the points, and the report says why there is no base map.
      std::optional<report::Basemap> basemap;
      Result<lang::Resources> resources = lang::Resources::Load(global.resources_dir);
      std::string map_path = report::FindBasemap(resources ? resources->root() : std::string());
      if (!map_path.empty()) {
        Result<report::Basemap> loaded = report::LoadBasemap(map_path);
        if (loaded) {
          basemap = std::move(*loaded);
          options.basemap = &*basemap;
        } else {
          std::fprintf(stderr, "sitrep: %s; the map has no base map\n",
                       loaded.error().ToString().c_str());
        }
      } else {
        std::fprintf(stderr, "sitrep: no base map (resources/basemap.tsv; build target "
                             "sitrep_basemap); the map shows points only\n");
      }
      std::time_t now = std::time(nullptr);
      char buf[32];
      if (std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M UTC", std::gmtime(&now))) {
        options.generated = buf;
      }
      text = report::RenderHtml(*data, options);
    } else {
      text = report::RenderMarkdown(*data, args->title);
    }
    if (!WriteOutput(path, text)) return kExitStore;
    if (!path.empty() && path != "-") {
      std::fprintf(stderr, "sitrep: report of %zu stories written to %s\n", data->stories.size(),
                   path.c_str());
    }
    return kExitOk;
  };
}

}  // namespace sitrep::cli
