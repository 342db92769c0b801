#include "connect/store_graph.h"

#include <algorithm>
#include <tuple>

namespace sitrep::connect {
namespace {

void RememberNames(const Document& doc, std::map<std::string, std::string>* names) {
  if (!names) return;
  for (const Entity& e : doc.entities) names->emplace(e.id, e.name);
}

}  // namespace

Result<RebuildSummary> RebuildStories(Store& store, const lang::Resources& resources,
                                      const StoryOptions& options) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<StoryBuilder> builder,
                          StoryBuilder::Create(resources, options));
  SITREP_RETURN_IF_ERROR(store.ForEachDocument([&](Document&& doc) {
    builder->Add(doc);
    return Status::Ok();
  }));
  RebuildSummary summary;
  summary.documents = builder->size();
  StoryGraph graph = builder->Finish();
  summary.stories = graph.stories.size();
  summary.relays = graph.relays.size();
  SITREP_RETURN_IF_ERROR(store.ReplaceStories(graph.stories, graph.relays));
  return summary;
}

namespace {

// Reads the documents of `s` in order (names remembered on the way).
Result<std::vector<Document>> ReadStory(Store& store, const Story& s,
                                        std::map<std::string, std::string>* names) {
  std::vector<Document> docs;
  docs.reserve(s.documents.size());
  for (const StoryDocument& sd : s.documents) {
    SITREP_ASSIGN_OR_RETURN(Document doc, store.Get(sd.id));
    RememberNames(doc, names);
    docs.push_back(std::move(doc));
  }
  return docs;
}

}  // namespace

std::vector<Fact> StoryLedger(const Story& s, const std::vector<Document>& docs) {
  std::vector<LedgerReport> reports;
  for (size_t i = 0; i < s.documents.size() && i < docs.size(); ++i) {
    const StoryDocument& sd = s.documents[i];
    const Document& doc = docs[i];
    for (const Claim& c : doc.claims) {
      if (reports.size() >= kMaxReportsPerStory) break;
      LedgerReport r;
      r.doc = doc.id;
      r.outlet = doc.outlet ? doc.outlet : doc.domain;
      r.published = doc.published.value;
      r.claim = c;
      r.relay_of = sd.relay_of;
      reports.push_back(std::move(r));
    }
  }
  return BuildLedger(s.id, std::move(reports));
}

std::vector<TimelineEntry> StoryTimeline(const Story& s, const std::vector<Document>& docs) {
  using Key = std::tuple<bool, std::string, int, std::string>;
  std::map<Key, TimelineEntry> entries;
  for (size_t i = 0; i < s.documents.size() && i < docs.size(); ++i) {
    const StoryDocument& sd = s.documents[i];
    const Document& doc = docs[i];
    for (const Event& e : doc.events) {
      if (e.zone != ZoneKind::kBody && e.zone != ZoneKind::kTitle) continue;
      std::optional<std::string> day;
      bool by_event = false;
      if (e.date && e.date->size() >= 10 && (*e.date)[4] == '-' && (*e.date)[7] == '-') {
        day = e.date->substr(0, 10);
        by_event = true;
      } else if (doc.published.value && doc.published.value->size() >= 10) {
        day = doc.published.value->substr(0, 10);
      }
      Key key{!day.has_value(), day.value_or(""), static_cast<int>(e.type),
              e.place.value_or("")};
      TimelineEntry& t = entries[key];
      if (t.sources.empty()) {
        t.story = s.id;
        t.day = day;
        t.type = e.type;
        t.place = e.place;
      }
      t.dated_by_event = t.dated_by_event || by_event;
      // One source line per document and entry.
      if (!t.sources.empty() && t.sources.back().doc == doc.id) continue;
      t.sources.push_back({doc.id, doc.outlet ? doc.outlet : doc.domain, e.span.begin,
                           e.span.end, sd.relay_of.has_value()});
    }
  }
  std::vector<TimelineEntry> out;
  out.reserve(entries.size());
  for (auto& [k, t] : entries) out.push_back(std::move(t));
  return out;
}

Result<std::vector<Fact>> StoreLedger(Store& store, const std::vector<Story>& stories,
                                      std::map<std::string, std::string>* names) {
  std::vector<Fact> out;
  for (const Story& s : stories) {
    SITREP_ASSIGN_OR_RETURN(std::vector<Document> docs, ReadStory(store, s, names));
    for (Fact& f : StoryLedger(s, docs)) out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<TimelineEntry>> StoreTimeline(Store& store, const std::vector<Story>& stories,
                                                 std::map<std::string, std::string>* names) {
  std::vector<TimelineEntry> out;
  for (const Story& s : stories) {
    SITREP_ASSIGN_OR_RETURN(std::vector<Document> docs, ReadStory(store, s, names));
    for (TimelineEntry& t : StoryTimeline(s, docs)) out.push_back(std::move(t));
  }
  return out;
}

}  // namespace sitrep::connect
