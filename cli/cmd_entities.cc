// sitrep entities [QUERY]: the cross-document entity table of the store (issue 3): one line per
// entity with its type, how many documents mention it, and every spelling seen.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "sitrep/store.h"

namespace sitrep::cli {

CommandFn RegisterEntities(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::vector<std::string> words;
    std::string db = "sitrep.db";
    int limit = 50;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "entities",
      "Persons, organisations and places across all stored documents, most documents first,\n"
      "each with every spelling seen (Tokayev, Tokaïev, Токаев: one entity).\n"
      "QUERY keeps the entities whose id is QUERY or whose name or a spelling contains it.\n"
      "Example: sitrep entities --db news.db tokayev");
  cmd->add_option("query", args->words, "words an entity's name or spelling contains");
  cmd->add_option("--db", args->db, "store: SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_option("-n,--limit", args->limit, "most entities to show")->capture_default_str()
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", args->json, "one JSON object per entity");
  return [args]() {
    auto store = OpenStoreOrSay(args->db);
    if (!store) return kExitStore;
    std::string query;
    for (const std::string& w : args->words) query += (query.empty() ? "" : " ") + w;
    Result<std::vector<EntityRecord>> entities = store->Entities(query, args->limit);
    if (!entities) {
      std::fprintf(stderr, "sitrep: %s\n", entities.error().ToString().c_str());
      return entities.error().code() == StatusCode::kInvalidArgument ? kExitUsage : kExitStore;
    }
    for (const EntityRecord& e : *entities) {
      if (args->json) {
        nlohmann::ordered_json variants = nlohmann::ordered_json::array();
        for (const EntityVariant& v : e.variants) {
          variants.push_back(
              {{"text", v.text}, {"mentions", v.mentions}, {"documents", v.documents}});
        }
        nlohmann::ordered_json j = {{"id", e.id},
                                    {"type", std::string(Name(e.type))},
                                    {"name", e.name},
                                    {"documents", e.documents},
                                    {"mentions", e.mentions},
                                    {"variants", std::move(variants)}};
        std::printf("%s\n", j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace).c_str());
        continue;
      }
      std::printf("%s  %s  %s  (%llu docs, %llu mentions)\n", e.id.c_str(),
                  std::string(Name(e.type)).c_str(), e.name.c_str(),
                  static_cast<unsigned long long>(e.documents),
                  static_cast<unsigned long long>(e.mentions));
      std::string line;
      for (const EntityVariant& v : e.variants) {
        if (!line.empty()) line += ", ";
        line += v.text + " (" + std::to_string(v.mentions) + ")";
      }
      if (!line.empty()) std::printf("    %s\n", line.c_str());
    }
    if (entities->empty()) {
      if (!args->json) {
        if (query.empty()) std::fprintf(stderr, "sitrep: no entities stored in %s\n", Store::DisplayName(args->db).c_str());
        else std::fprintf(stderr, "sitrep: no entity matches '%s'\n", query.c_str());
      }
      return kExitNothing;
    }
    return kExitOk;
  };
}

}  // namespace sitrep::cli
