// sitrep ingest PATH... [--db FILE]: read inputs into the store, with a progress bar and a summary.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "sitrep/store.h"

namespace sitrep::cli {
namespace {

// Documents per store transaction: large enough to be fast, small enough that a crash loses
// little work (a crash loses at most the open transaction, never stores half a document).
constexpr uint64_t kDefaultBatch = 500;

void PrintSummary(const IngestSummary& s, double seconds, bool json) {
  if (json) {
    nlohmann::ordered_json j;
    j["files"] = s.files;
    j["read"] = s.read;
    j["stored"] = s.stored;
    j["duplicates"] = s.duplicates;
    j["rejected"] = s.rejected;
    j["rejected_by_reason"] = s.rejected_by_reason;
    j["warnings"] = s.warnings;
    j["seconds"] = seconds;
    std::printf("%s\n", j.dump().c_str());
    return;
  }
  std::printf("files read:   %llu\n", static_cast<unsigned long long>(s.files));
  std::printf("documents:    %llu read, %llu stored, %llu duplicates (already in the store)\n",
              static_cast<unsigned long long>(s.read), static_cast<unsigned long long>(s.stored),
              static_cast<unsigned long long>(s.duplicates));
  std::printf("rejected:     %llu\n", static_cast<unsigned long long>(s.rejected));
  for (const auto& [reason, n] : s.rejected_by_reason) {
    std::printf("  %6llu  %s\n", static_cast<unsigned long long>(n), reason.c_str());
  }
  std::printf("warnings:     %llu (see `sitrep stats`)\n",
              static_cast<unsigned long long>(s.warnings));
  std::printf("time:         %.2f s\n", seconds);
}

// Another worker (PostgreSQL store) may have stored some of the batch first: they were
// duplicates after all.
void CountLateDuplicates(Store& store, IngestSummary* summary) {
  uint64_t late = store.TakeLateDuplicates();
  summary->stored -= std::min(late, summary->stored);
  summary->duplicates += late;
}

}  // namespace

Status RebuildStoryGraph(const GlobalOptions& global, Store& store);  // cmd_stories.cc

CommandFn RegisterIngest(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::vector<std::string> paths;
    std::string db = "sitrep.db";
    bool json = false;
    bool quiet = false;
    bool no_stories = false;
    uint64_t batch = kDefaultBatch;
    Limits limits;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "ingest",
      "Read files and folders (text, HTML, JSON Lines, WARC/WARC.gz, RSS/Atom, Telegram exports;\n"
      "format sniffed from content) into the store. Ingesting the same input twice changes nothing.\n"
      "Rejected inputs are listed on stderr and counted in the summary.\n"
      "Example: sitrep ingest --db crisis.db ~/crisis/ feed.xml crawl.warc.gz");
  cmd->add_option("paths", args->paths, "files or folders to read")->required();
  cmd->add_option("--db", args->db, "store: SQLite file (created if missing) or postgresql:// URL")->capture_default_str();
  cmd->add_flag("--json", args->json, "print the summary as one JSON object");
  cmd->add_flag("-q,--quiet", args->quiet, "no progress bar and no per-input messages");
  cmd->add_option("--batch", args->batch, "documents per store transaction")
      ->capture_default_str()
      ->check(CLI::Range(uint64_t{1}, uint64_t{100000}));
  cmd->add_flag("--no-stories", args->no_stories,
                "do not rebuild stories and relays afterwards (`sitrep stories --rebuild`)");
  AddLimitOptions(cmd, &args->limits);
  return [args, &global]() {
    Result<std::unique_ptr<Store>> store = Store::Open(args->db);
    if (!store) {
      std::fprintf(stderr, "sitrep: cannot open store %s: %s\n", Store::DisplayName(args->db).c_str(),
                   store.error().ToString().c_str());
      return kExitStore;
    }
    ProgressBar bar;
    EngineOptions options;
    options.limits = args->limits;
    if (!args->quiet) {
      options.on_problem = [&bar](const Problem& p) {
        bar.Finish();
        PrintProblem(p);
      };
      options.on_progress = [&bar](const Progress& p) { bar.Update(p); };
    }
    auto engine = MakeEngine(global, options);
    if (!engine) return kExitInternal;

    IngestSummary summary;
    auto start = std::chrono::steady_clock::now();
    uint64_t in_batch = 0;
    Status begin = (*store)->Begin();
    if (!begin.ok()) {
      std::fprintf(stderr, "sitrep: store %s: %s\n", Store::DisplayName(args->db).c_str(), begin.ToString().c_str());
      return kExitStore;
    }
    Status st = engine->Run(
        args->paths,
        [&](Document&& doc) -> Status {
          SITREP_ASSIGN_OR_RETURN(PutOutcome outcome, (*store)->Put(doc));
          if (outcome == PutOutcome::kStored) {
            ++summary.stored;
          } else {
            ++summary.duplicates;
          }
          if (++in_batch >= args->batch) {
            SITREP_RETURN_IF_ERROR((*store)->Commit());
            CountLateDuplicates(**store, &summary);
            SITREP_RETURN_IF_ERROR((*store)->Begin());
            in_batch = 0;
          }
          return Status::Ok();
        },
        &summary);
    if (st.ok()) st = (*store)->Commit();
    if (st.ok()) CountLateDuplicates(**store, &summary);
    // Issue 5: the story graph is a function of the stored set, rebuilt after new documents.
    if (st.ok() && summary.stored > 0 && !args->no_stories) st = RebuildStoryGraph(global, **store);
    bar.Finish();
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!st.ok()) {
      std::fprintf(stderr, "sitrep: store %s: %s\n", Store::DisplayName(args->db).c_str(), st.ToString().c_str());
      PrintSummary(summary, seconds, args->json);
      return kExitStore;
    }
    PrintSummary(summary, seconds, args->json);
    if (summary.read == 0 && summary.rejected > 0) return kExitNothing;
    return summary.rejected ? kExitPartial : kExitOk;
  };
}

}  // namespace sitrep::cli
