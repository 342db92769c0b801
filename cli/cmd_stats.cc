// sitrep stats [--json]: what the store holds.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "sitrep/store.h"

namespace sitrep::cli {

namespace {
void PrintTable(const char* title, const std::map<std::string, uint64_t>& m) {
  std::printf("%s\n", title);
  if (m.empty()) std::printf("  (none)\n");
  for (const auto& [k, v] : m) {
    std::printf("  %8llu  %s\n", static_cast<unsigned long long>(v), k.c_str());
  }
}
}  // namespace

CommandFn RegisterStats(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string db = "sitrep.db";
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "stats",
      "Counts of stored documents by format, language, outlet, zone kind and warning code.\n"
      "With --json: one object whose `documents` field is the number of stored documents.");
  cmd->add_option("--db", args->db, "store: SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_flag("--json", args->json, "print one JSON object");
  return [args]() {
    auto store = OpenStoreOrSay(args->db);
    if (!store) return kExitStore;
    Result<StoreStats> s = store->Stats();
    if (!s) {
      std::fprintf(stderr, "sitrep: %s\n", s.error().ToString().c_str());
      return kExitStore;
    }
    if (args->json) {
      nlohmann::ordered_json j;
      j["documents"] = s->documents;
      j["zones"] = s->zones;
      j["warnings"] = s->warnings;
      j["schema_version"] = store->schema_version();
      j["by_format"] = s->by_format;
      j["by_language"] = s->by_language;
      j["by_outlet"] = s->by_outlet;
      j["by_zone_kind"] = s->by_zone_kind;
      j["by_warning_code"] = s->by_warning_code;
      std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
      return kExitOk;
    }
    std::printf("store:     %s (schema v%d)\n", Store::DisplayName(args->db).c_str(), store->schema_version());
    std::printf("documents: %llu   zones: %llu   warnings: %llu\n",
                static_cast<unsigned long long>(s->documents),
                static_cast<unsigned long long>(s->zones),
                static_cast<unsigned long long>(s->warnings));
    PrintTable("by format:", s->by_format);
    PrintTable("by language:", s->by_language);
    PrintTable("by outlet:", s->by_outlet);
    PrintTable("by zone kind:", s->by_zone_kind);
    PrintTable("by warning code:", s->by_warning_code);
    return kExitOk;
  };
}

}  // namespace sitrep::cli
