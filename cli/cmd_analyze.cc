// sitrep analyze FILE...: one sitrep.document/1 JSON object per line on stdout, no store.
#include <cstdio>

#include "cli/commands.h"
#include "cli/output.h"
#include "document/document_json.h"

namespace sitrep::cli {

CommandFn RegisterAnalyze(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::vector<std::string> paths;
    Limits limits;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "analyze",
      "Print one sitrep.document/1 JSON object per line for every document in FILE... "
      "(files or folders), without touching a store.\nExample: sitrep analyze page.html | jq .zones");
  cmd->add_option("paths", args->paths, "files or folders to read")->required();
  AddLimitOptions(cmd, &args->limits);
  return [args, &global]() {
    EngineOptions options;
    options.limits = args->limits;
    options.on_problem = PrintProblem;
    auto engine = MakeEngine(global, options);
    if (!engine) return kExitInternal;
    IngestSummary summary;
    Status st = engine->Run(
        args->paths,
        [](Document&& doc) {
          std::string line = document::ToJson(doc);
          line.push_back('\n');
          std::fwrite(line.data(), 1, line.size(), stdout);
          return Status::Ok();
        },
        &summary);
    std::fflush(stdout);
    if (!st.ok()) {
      std::fprintf(stderr, "sitrep: %s\n", st.ToString().c_str());
      return kExitInternal;
    }
    if (summary.read == 0) return kExitNothing;
    return summary.rejected ? kExitPartial : kExitOk;
  };
}

// sitrep extract FILE...: the body text only, for scoring main-content extraction.
CommandFn RegisterExtract(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::vector<std::string> paths;
    std::string zone = "body";
    Limits limits;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "extract",
      "Print the text of one kind of zone (default: body) of every document, zones separated by "
      "blank lines.\nExample: sitrep extract --zone comment page.html");
  cmd->add_option("paths", args->paths, "files or folders to read")->required();
  cmd->add_option("--zone", args->zone, "title, body, related, comment or boilerplate")
      ->capture_default_str();
  AddLimitOptions(cmd, &args->limits);
  return [args, &global]() {
    ZoneKind kind;
    if (!Parse(args->zone, &kind)) {
      std::fprintf(stderr, "sitrep: --zone: unknown zone kind '%s'\n", args->zone.c_str());
      return kExitUsage;
    }
    EngineOptions options;
    options.limits = args->limits;
    options.on_problem = PrintProblem;
    auto engine = MakeEngine(global, options);
    if (!engine) return kExitInternal;
    IngestSummary summary;
    Status st = engine->Run(
        args->paths,
        [kind](Document&& doc) {
          std::string out;
          for (const Zone& z : doc.zones) {
            if (z.kind != kind) continue;
            out.append(doc.Slice(z.span));
            out += "\n\n";
          }
          std::fwrite(out.data(), 1, out.size(), stdout);
          return Status::Ok();
        },
        &summary);
    if (!st.ok()) return kExitInternal;
    if (summary.read == 0) return kExitNothing;
    return summary.rejected ? kExitPartial : kExitOk;
  };
}

}  // namespace sitrep::cli
