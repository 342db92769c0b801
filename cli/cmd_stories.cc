// sitrep stories | ledger | timeline (issue 5): the story graph of the store, the claims ledger
// and the events by day. All three read the story tables that `sitrep ingest` rebuilds (or
// `sitrep stories --rebuild`); the ledger and the timeline are derived from the stored documents
// on the fly (src/connect/store_graph.h).
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "cli/commands.h"
#include "cli/output.h"
#include "connect/store_graph.h"
#include "lang/resources.h"
#include "sitrep/store.h"

namespace sitrep::cli {

namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
std::string Or(const std::optional<std::string>& s, const char* dflt) { return s ? *s : dflt; }

std::string NameOf(const std::map<std::string, std::string>& names,
                   const std::optional<std::string>& id) {
  if (!id) return "(no place)";
  auto it = names.find(*id);
  return it == names.end() ? *id : it->second + " (" + *id + ")";
}


json EntitiesJson(const std::vector<StoryEntity>& v) {
  json a = json::array();
  for (const StoryEntity& e : v) a.push_back({{"id", e.id}, {"name", e.name}, {"documents", e.documents}});
  return a;
}

std::string EntitiesLine(const std::vector<StoryEntity>& v) {
  std::string s;
  for (const StoryEntity& e : v) s += (s.empty() ? "" : ", ") + e.name + " (" + std::to_string(e.documents) + ")";
  return s.empty() ? "-" : s;
}

}  // namespace

Status RebuildStoryGraph(const GlobalOptions& global, Store& store) {
  SITREP_ASSIGN_OR_RETURN(lang::Resources resources, lang::Resources::Load(global.resources_dir));
  return connect::RebuildStories(store, resources, connect::DefaultStoryOptions()).error();
}

void AddStoryScopeOptions(CLI::App* cmd, StoryScope* scope) {
  cmd->add_option("--db", scope->db, "store: SQLite file or postgresql:// URL")
      ->capture_default_str();
  cmd->add_option("--story", scope->story, "only this story id");
}

std::optional<std::vector<Story>> SelectStories(Store& store, const GlobalOptions& global,
                                                const StorySelection& selection, int* exit_code) {
  *exit_code = kExitStore;
  Result<std::vector<Story>> stories = store.Stories();
  if (stories && (selection.rebuild || stories->empty())) {
    Result<lang::Resources> resources = lang::Resources::Load(global.resources_dir);
    if (!resources) {
      std::fprintf(stderr, "sitrep: %s\n", resources.error().ToString().c_str());
      return std::nullopt;
    }
    connect::StoryOptions options = connect::DefaultStoryOptions();
    options.ignore_dates = selection.ignore_dates;
    Result<connect::RebuildSummary> built = connect::RebuildStories(store, *resources, options);
    if (!built) {
      std::fprintf(stderr, "sitrep: rebuilding stories: %s\n", built.error().ToString().c_str());
      return std::nullopt;
    }
    stories = store.Stories();
  }
  if (!stories) {
    std::fprintf(stderr, "sitrep: %s\n", stories.error().ToString().c_str());
    return std::nullopt;
  }
  *exit_code = kExitNothing;
  if (!selection.story.empty()) {
    std::erase_if(*stories, [&](const Story& s) { return s.id != selection.story; });
    if (stories->empty()) {
      std::fprintf(stderr, "sitrep: no story '%s'\n", selection.story.c_str());
      return std::nullopt;
    }
  }
  if (selection.require_some && stories->empty()) {
    std::fprintf(stderr, "sitrep: no stories: the store has no documents\n");
    return std::nullopt;
  }
  *exit_code = kExitOk;
  return std::move(*stories);
}

std::optional<std::vector<Story>> OpenAndSelectStories(const StoryScope& scope,
                                                       const GlobalOptions& global,
                                                       StorySelection selection,
                                                       std::unique_ptr<Store>* store,
                                                       int* exit_code) {
  *store = OpenStoreOrSay(scope.db);
  if (!*store) {
    *exit_code = kExitStore;
    return std::nullopt;
  }
  selection.story = scope.story;
  return SelectStories(**store, global, selection, exit_code);
}

CommandFn RegisterStories(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    std::string db = "sitrep.db";
    bool json = false;
    bool rebuild = false;
    bool documents = false;
    bool ignore_dates = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "stories",
      "Stories in the store: documents grouped by what they report (words, entities, places,\n"
      "event types, dates; across languages), each with its span, places, actors, outlets and\n"
      "documents, and the relays (copies, excerpts, translations) found between documents.\n"
      "`sitrep ingest` rebuilds them; --rebuild does it again.\n"
      "Example: sitrep stories --db crisis.db --documents");
  cmd->add_option("--db", args->db, "store: SQLite file or postgresql:// URL")->capture_default_str();
  cmd->add_flag("--json", args->json, "one JSON object per story (with its documents and relays)");
  cmd->add_flag("--rebuild", args->rebuild, "rebuild stories and relays from the stored documents");
  cmd->add_flag("-d,--documents", args->documents, "list each story's documents");
  cmd->add_flag("--ignore-dates", args->ignore_dates,
                "with --rebuild: cluster as if documents had no dates (labelled sets)");
  return [args, &global]() {
    auto store = OpenStoreOrSay(args->db);
    if (!store) return kExitStore;
    int code = kExitOk;
    StorySelection selection;
    selection.rebuild = args->rebuild;
    selection.ignore_dates = args->ignore_dates;
    auto stories = SelectStories(*store, global, selection, &code);
    if (!stories) return code;
    Result<std::vector<Relay>> relays = store->Relays();
    if (!relays) {
      std::fprintf(stderr, "sitrep: %s\n", relays.error().ToString().c_str());
      return kExitStore;
    }
    std::map<std::string, std::vector<const Relay*>> relays_from;
    for (const Relay& r : *relays) relays_from[r.from].push_back(&r);
    for (const Story& s : *stories) {
      if (args->json) {
        json docs = json::array();
        for (const StoryDocument& d : s.documents) {
          json rel = json::array();
          for (const Relay* r : relays_from[d.id]) {
            rel.push_back({{"kind", std::string(Name(r->kind))}, {"to_doc", Opt(r->to_doc)},
                           {"to_outlet", Opt(r->to_outlet)}, {"score", r->score},
                           {"evidence", r->evidence}});
          }
          docs.push_back({{"id", d.id}, {"event", d.event}, {"title", Opt(d.title)},
                          {"outlet", Opt(d.outlet)}, {"published", Opt(d.published)},
                          {"language", d.language}, {"relay_of", Opt(d.relay_of)},
                          {"relays", std::move(rel)}});
        }
        std::printf("%s\n", Dump({{"schema", "sitrep.story/1"},
                                  {"id", s.id},
                                  {"title", s.title},
                                  {"first_day", Opt(s.first_day)},
                                  {"last_day", Opt(s.last_day)},
                                  {"events", s.events},
                                  {"places", EntitiesJson(s.places)},
                                  {"actors", EntitiesJson(s.actors)},
                                  {"outlets", s.outlets},
                                  {"documents", std::move(docs)}})
                                .c_str());
        continue;
      }
      std::printf("%s  %s\n", s.id.c_str(), s.title.c_str());
      std::printf("    %s .. %s, %zu documents, %u events, %zu outlets\n",
                  Or(s.first_day, "?").c_str(), Or(s.last_day, "?").c_str(), s.documents.size(),
                  s.events, s.outlets.size());
      std::printf("    places: %s\n", EntitiesLine(s.places).c_str());
      std::printf("    actors: %s\n", EntitiesLine(s.actors).c_str());
      if (!args->documents) continue;
      for (const StoryDocument& d : s.documents) {
        std::printf("      %-10s %s  %s  [%s] %s\n", Or(d.published, "?").substr(0, 10).c_str(),
                    d.id.substr(0, 12).c_str(), d.event.c_str(), Or(d.outlet, "?").c_str(),
                    Clip(Or(d.title, ""), 80).c_str());
        for (const Relay* r : relays_from[d.id]) {
          std::printf("          relays %s %s (%s): %s\n", std::string(Name(r->kind)).c_str(),
                      r->to_doc ? r->to_doc->substr(0, 12).c_str() : "",
                      Or(r->to_outlet, "-").c_str(), r->evidence.c_str());
        }
      }
    }
    if (stories->empty()) {
      if (!args->json) std::fprintf(stderr, "sitrep: no stories: the store has no documents\n");
      return kExitNothing;
    }
    return kExitOk;
  };
}

CommandFn RegisterLedger(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    StoryScope scope;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "ledger",
      "The claims ledger: per story, each figure (killed, injured, detained, deployed,\n"
      "participants x group x place) with every report of it in date order (outlet, source,\n"
      "as of), a status (consistent, growing, conflicting, unresolved) and a conservative\n"
      "estimate. Reader comments and relays are listed but never counted.\n"
      "Example: sitrep ledger --db crisis.db --json");
  AddStoryScopeOptions(cmd, &args->scope);
  cmd->add_flag("--json", args->json, "one sitrep.ledger/1 object per line (SCHEMA.md)");
  return [args, &global]() {
    std::unique_ptr<Store> store;
    int code = kExitOk;
    auto stories = OpenAndSelectStories(args->scope, global, {}, &store, &code);
    if (!stories) return code;
    std::map<std::string, std::string> names;
    Result<std::vector<connect::Fact>> facts = connect::StoreLedger(*store, *stories, &names);
    if (!facts) {
      std::fprintf(stderr, "sitrep: %s\n", facts.error().ToString().c_str());
      return kExitStore;
    }
    std::map<std::string, const Story*> by_id;
    for (const Story& s : *stories) by_id[s.id] = &s;
    std::string last_story;
    for (const connect::Fact& f : *facts) {
      if (args->json) {
        std::printf("%s\n", connect::FactToJson(f).c_str());
        continue;
      }
      if (f.story != last_story) {
        last_story = f.story;
        std::printf("%s  %s\n", f.story.c_str(), by_id[f.story]->title.c_str());
      }
      std::string estimate = "no estimate";
      if (auto e = f.estimate()) {
        estimate = "estimate " + std::to_string(e->min) +
                   (e->max != e->min ? "-" + std::to_string(e->max) : "") + " " +
                   connect::AsOfText(*e);
      }
      std::printf("  %s / %s / %s: %s, %s\n", std::string(Name(f.quantity)).c_str(),
                  std::string(Name(f.group)).c_str(), NameOf(names, f.place).c_str(),
                  std::string(connect::Name(f.status)).c_str(), estimate.c_str());
      for (const connect::LedgerReport& r : f.reports) {
        const Claim& c = r.claim;
        std::string value = c.value ? std::to_string(c.value->min) +
                                          (c.value->max != c.value->min
                                               ? "-" + std::to_string(c.value->max)
                                               : "")
                                    : std::string(c.artifact ? Name(*c.artifact) : "null");
        std::string note;
        if (c.zone != ZoneKind::kBody) note += " [comment]";
        if (r.relay_of) note += " [relay of " + r.relay_of->substr(0, 12) + "]";
        if (!r.counted && note.empty()) note = " [not counted]";
        std::printf("    %-10s %-12s %-9s %s %s%s%s\n", Or(r.day, "?").c_str(), value.c_str(),
                    std::string(Name(c.approx)).c_str(), Column(Or(r.outlet, "?"), 24).c_str(),
                    c.attribution ? ("according to " + c.attribution->name).c_str() : "",
                    c.label ? (" \"" + *c.label + "\"").c_str() : "", note.c_str());
      }
    }
    if (facts->empty()) {
      if (!args->json) std::fprintf(stderr, "sitrep: no claims in the stored stories\n");
      return kExitNothing;
    }
    return kExitOk;
  };
}

CommandFn RegisterTimeline(CLI::App& app, const GlobalOptions& global) {
  struct Args {
    StoryScope scope;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "timeline",
      "Events by day for each story (protests, arrests, deployments, ...), with the documents\n"
      "that report them. The day is the event's own date when the text gives one, else the\n"
      "report's publication day.\n"
      "Example: sitrep timeline --db crisis.db");
  AddStoryScopeOptions(cmd, &args->scope);
  cmd->add_flag("--json", args->json, "one JSON object per (story, day, event type, place)");
  return [args, &global]() {
    std::unique_ptr<Store> store;
    int code = kExitOk;
    auto stories = OpenAndSelectStories(args->scope, global, {}, &store, &code);
    if (!stories) return code;
    std::map<std::string, std::string> names;
    Result<std::vector<connect::TimelineEntry>> entries =
        connect::StoreTimeline(*store, *stories, &names);
    if (!entries) {
      std::fprintf(stderr, "sitrep: %s\n", entries.error().ToString().c_str());
      return kExitStore;
    }
    std::map<std::string, const Story*> by_id;
    for (const Story& s : *stories) by_id[s.id] = &s;
    std::string last_story, last_day = "\x01";
    for (const connect::TimelineEntry& t : *entries) {
      if (args->json) {
        json sources = json::array();
        for (const auto& src : t.sources) {
          sources.push_back({{"doc", src.doc}, {"outlet", Opt(src.outlet)}, {"start", src.start},
                             {"end", src.end}, {"relay", src.relay}});
        }
        std::printf("%s\n", Dump({{"schema", "sitrep.timeline/1"},
                                  {"story", t.story},
                                  {"day", Opt(t.day)},
                                  {"dated_by_event", t.dated_by_event},
                                  {"type", std::string(Name(t.type))},
                                  {"place", Opt(t.place)},
                                  {"sources", std::move(sources)}})
                                .c_str());
        continue;
      }
      if (t.story != last_story) {
        last_story = t.story;
        last_day = "\x01";
        std::printf("%s  %s\n", t.story.c_str(), by_id[t.story]->title.c_str());
      }
      std::string day = Or(t.day, "undated");
      if (day != last_day) {
        std::printf("  %s\n", day.c_str());
        last_day = day;
      }
      std::string sources;
      for (const auto& src : t.sources) {
        sources += (sources.empty() ? "" : ", ") + Or(src.outlet, src.doc.substr(0, 12).c_str()) +
                   (src.relay ? " (relay)" : "");
      }
      std::printf("    %-24s %s %s\n", std::string(Name(t.type)).c_str(),
                  Column(NameOf(names, t.place), 36).c_str(), sources.c_str());
    }
    if (entries->empty()) {
      if (!args->json) std::fprintf(stderr, "sitrep: no events in the stored stories\n");
      return kExitNothing;
    }
    return kExitOk;
  };
}

}  // namespace sitrep::cli
