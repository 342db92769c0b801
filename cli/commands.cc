#include "cli/commands.h"

#include <cstdio>
#include <map>

namespace sitrep::cli {
namespace {
std::map<CLI::App*, CommandFn>& Table() {
  static std::map<CLI::App*, CommandFn> table;
  return table;
}
}  // namespace

void AddLimitOptions(CLI::App* cmd, Limits* limits) {
  cmd->add_option("--max-document-bytes", limits->max_document_bytes,
                  "largest page or document accepted, in bytes")
      ->capture_default_str()->group("Limits");
  cmd->add_option("--max-file-bytes", limits->max_file_bytes,
                  "largest JSON/RSS/Telegram file accepted, in bytes")
      ->capture_default_str()->group("Limits");
  cmd->add_option("--max-line-bytes", limits->max_line_bytes, "longest JSON Lines line, in bytes")
      ->capture_default_str()->group("Limits");
  cmd->add_option("--max-html-depth", limits->max_html_depth,
                  "HTML elements nested deeper are flattened")
      ->capture_default_str()->group("Limits");
  cmd->add_option("--max-json-depth", limits->max_json_depth, "deepest JSON nesting accepted")
      ->capture_default_str()->group("Limits");
  cmd->add_option("--max-warc-record-bytes", limits->max_warc_record_bytes,
                  "largest WARC record accepted (decompressed), in bytes")
      ->capture_default_str()->group("Limits");
}

std::unique_ptr<Engine> MakeEngine(const GlobalOptions& global, EngineOptions options) {
  options.resources_dir = global.resources_dir;
  Result<std::unique_ptr<Engine>> engine = Engine::Create(options);
  if (!engine) {
    std::fprintf(stderr, "sitrep: cannot start: %s\n", engine.error().ToString().c_str());
    return nullptr;
  }
  return std::move(*engine);
}

void RegisterCommands(CLI::App& app, GlobalOptions& global) {
  auto add = [&](CommandFn fn) {
    // The subcommand just registered is the last one.
    Table()[app.get_subcommands({}).back()] = std::move(fn);
  };
  add(RegisterIngest(app, global));
  add(RegisterAnalyze(app, global));
  add(RegisterShow(app, global));
  add(RegisterSearch(app, global));
  add(RegisterStats(app, global));
  add(RegisterEntities(app, global));
  add(RegisterStories(app, global));
  add(RegisterLedger(app, global));
  add(RegisterTimeline(app, global));
  add(RegisterReport(app, global));
  add(RegisterExport(app, global));
  add(RegisterServe(app, global));
  add(RegisterExtract(app, global));
}

int RunSelected(CLI::App& app, const GlobalOptions& global) {
  for (auto& [sub, fn] : Table()) {
    if (sub->parsed()) return fn();
  }
  std::fprintf(stderr, "sitrep: no command given; try --help\n");
  return kExitUsage;
}

}  // namespace sitrep::cli
