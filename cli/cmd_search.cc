// sitrep search QUERY: full-text search over stored article bodies.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "sitrep/store.h"

namespace sitrep::cli {

CommandFn RegisterSearch(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::vector<std::string> words;
    std::string db = "sitrep.db";
    int limit = 20;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "search",
      "Full-text search over the bodies of stored documents (accents and case ignored).\n"
      "Syntax: words (all must match), \"a phrase\", OR, NOT, prefix*.\n"
      "Example: sitrep search 'curfew OR couvre-feu'");
  cmd->add_option("query", args->words, "search words")->required();
  cmd->add_option("--db", args->db, "store: SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_option("-n,--limit", args->limit, "most hits to show")->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", args->json, "one JSON object per hit");
  return [args]() {
    auto store = OpenStoreOrSay(args->db);
    if (!store) return kExitStore;
    std::string query;
    for (const std::string& w : args->words) query += (query.empty() ? "" : " ") + w;
    Result<std::vector<SearchHit>> hits = store->Search(query, args->limit);
    if (!hits) {
      std::fprintf(stderr, "sitrep: %s\n", hits.error().ToString().c_str());
      return hits.error().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitStore;
    }
    for (const SearchHit& h : *hits) {
      if (args->json) {
        nlohmann::ordered_json j = {{"id", h.id},
                                    {"title", h.title ? nlohmann::json(*h.title) : nullptr},
                                    {"outlet", h.outlet ? nlohmann::json(*h.outlet) : nullptr},
                                    {"language", h.language},
                                    {"snippet", h.snippet},
                                    {"rank", h.rank}};
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      } else {
        std::printf("%s  %s  [%s] %s\n    %s\n", h.id.substr(0, 12).c_str(),
                    h.outlet ? h.outlet->c_str() : "-", h.language.c_str(),
                    h.title ? h.title->c_str() : "(no title)", h.snippet.c_str());
      }
    }
    if (hits->empty()) {
      if (!args->json) std::fprintf(stderr, "sitrep: no document matches '%s'\n", query.c_str());
      return kExitNothing;
    }
    return kExitOk;
  };
}

}  // namespace sitrep::cli
