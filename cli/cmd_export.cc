// sitrep export (issue 6): the events and the ledger of the stored stories as JSON Lines, CSV,
// GeoJSON or ACLED-style CSV (src/report/export.h).
#include <cstdio>

#include "cli/commands.h"
#include "lang/resources.h"
#include "report/export.h"
#include "report/model.h"
#include "sitrep/store.h"

namespace sitrep::cli {


CommandFn RegisterExport(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    StoryScope scope;
    std::string format = "json";
    std::string output;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export",
      "The events and the claims ledger of the stored stories, for other tools:\n"
      "  json     events (sitrep.event/1) then ledger facts (sitrep.ledger/1), JSON Lines\n"
      "  csv      events as CSV (RFC 4180)\n"
      "  geojson  a FeatureCollection of the events with coordinates (the others are counted\n"
      "           on stderr)\n"
      "  acled    ACLED-style CSV with ACLED's column names (resources/common/acled_mapping.tsv)\n"
      "Examples: sitrep export --db crisis.db --format geojson --output events.geojson\n"
      "          sitrep export --db crisis.db --format acled --story s0123456789ab > acled.csv");
  AddStoryScopeOptions(cmd, &args->scope);
  cmd->add_option("--format", args->format, "json, csv, geojson or acled")
      ->check(CLI::IsMember({"json", "csv", "geojson", "acled"}))
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "output file (default: stdout)");
  return [args, &global]() {
    report::AcledMapping mapping;
    if (args->format == "acled") {
      Result<lang::Resources> resources = lang::Resources::Load(global.resources_dir);
      Result<report::AcledMapping> m =
          resources ? report::LoadAcledMapping(*resources) : Result<report::AcledMapping>(resources.error());
      if (!m) {
        std::fprintf(stderr, "sitrep: %s\n", m.error().ToString().c_str());
        return kExitInternal;
      }
      mapping = std::move(*m);
    }
    std::unique_ptr<Store> store;
    int code = kExitOk;
    StorySelection selection;
    selection.require_some = true;
    auto stories = OpenAndSelectStories(args->scope, global, selection, &store, &code);
    if (!stories) return code;
    Result<report::ReportData> data = report::LoadReport(*store, *stories);
    if (!data) {
      std::fprintf(stderr, "sitrep: %s\n", data.error().ToString().c_str());
      return kExitStore;
    }
    std::string text;
    if (args->format == "json") {
      text = report::ExportJson(*data);
    } else if (args->format == "csv") {
      text = report::ExportCsv(*data);
    } else if (args->format == "geojson") {
      size_t skipped = 0;
      text = report::ExportGeoJson(*data, &skipped);
      std::fprintf(stderr, "sitrep: %zu events without coordinates left out\n", skipped);
    } else {
      text = report::ExportAcled(*data, mapping);
    }
    return WriteOutput(args->output, text) ? kExitOk : kExitStore;
  };
}

}  // namespace sitrep::cli
