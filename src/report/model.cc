#include "report/model.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "report/escape.h"

namespace sitrep::report {
namespace {

// Moves `pos` back to a UTF-8 boundary of `text`.
size_t Boundary(std::string_view text, size_t pos) {
  pos = std::min(pos, text.size());
  while (pos > 0 && pos < text.size() && (static_cast<uint8_t>(text[pos]) & 0xC0) == 0x80) --pos;
  return pos;
}

class SnippetMaker {
 public:
  explicit SnippetMaker(ReportData* data) : data_(data) {}

  size_t Make(const Document& doc, uint32_t start, uint32_t end) {
    auto key = std::make_tuple(doc.id, start, end);
    if (auto it = seen_.find(key); it != seen_.end()) return it->second;
    if (data_->snippets.size() >= kMaxSnippets) {
      ++data_->snippets_dropped;
      return kNoSnippet;
    }
    std::string_view text = doc.text;
    size_t b = Boundary(text, start);
    size_t e = Boundary(text, std::max<size_t>(b, end));
    size_t shown_end = Boundary(text, std::min(e, b + kMaxSpanShown));
    size_t from = Boundary(text, b > kSnippetContext ? b - kSnippetContext : 0);
    size_t to = Boundary(text, std::min(text.size(), shown_end + kSnippetContext));
    Snippet s;
    s.doc = doc.id;
    s.outlet = doc.outlet ? doc.outlet : doc.domain;
    s.title = doc.title;
    s.published = doc.published.value;
    s.language = doc.language;
    s.start = start;
    s.end = end;
    s.before = std::string(text.substr(from, b - from));
    s.match = std::string(text.substr(b, shown_end - b));
    s.after = std::string(text.substr(shown_end, to - shown_end));
    data_->snippets.push_back(std::move(s));
    seen_.emplace(key, data_->snippets.size() - 1);
    return data_->snippets.size() - 1;
  }

 private:
  ReportData* data_;
  std::map<std::tuple<std::string, uint32_t, uint32_t>, size_t> seen_;
};

}  // namespace

std::string NameOf(const ReportData& data, const std::optional<std::string>& id) {
  if (!id) return "-";
  auto it = data.names.find(*id);
  return it == data.names.end() ? *id : it->second;
}

std::string RangeText(int64_t min, int64_t max) {
  return min == max ? std::to_string(min) : std::to_string(min) + "-" + std::to_string(max);
}

std::vector<Story> SplitStories(std::vector<Story>* stories, size_t max_detailed) {
  if (stories->size() <= max_detailed) return {};
  std::vector<size_t> order(stories->size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return (*stories)[a].documents.size() > (*stories)[b].documents.size();
  });
  std::vector<bool> keep(stories->size(), false);
  for (size_t i = 0; i < max_detailed; ++i) keep[order[i]] = true;
  std::vector<Story> kept, others;
  for (size_t i : order) {
    if (!keep[i]) others.push_back(std::move((*stories)[i]));
  }
  for (size_t i = 0; i < stories->size(); ++i) {
    if (keep[i]) kept.push_back(std::move((*stories)[i]));
  }
  *stories = std::move(kept);
  return others;
}

Result<ReportData> LoadReport(Store& store, const std::vector<Story>& stories) {
  ReportData data;
  SITREP_ASSIGN_OR_RETURN(std::vector<Relay> relays, store.Relays());
  std::map<std::string, std::vector<const Relay*>> relays_from;
  for (const Relay& r : relays) relays_from[r.from].push_back(&r);

  for (const Story& s : stories) data.stories.push_back(StoryReport{s, {}, {}, {}, {}, {}});

  SnippetMaker snippets(&data);
  size_t warnings_kept = 0;
  for (StoryReport& sr : data.stories) {
    // Each document of the story is read once, for the ledger, the timeline and what follows
    // (reading it once per use made the report three times slower on large stores).
    std::vector<Document> docs;
    docs.reserve(sr.story.documents.size());
    for (const StoryDocument& sd : sr.story.documents) {
      SITREP_ASSIGN_OR_RETURN(Document doc, store.Get(sd.id));
      for (const Entity& en : doc.entities) data.names.emplace(en.id, en.name);
      docs.push_back(std::move(doc));
    }
    for (connect::Fact& f : connect::StoryLedger(sr.story, docs)) {
      sr.fact_snippets.emplace_back(f.reports.size(), kNoSnippet);
      sr.facts.push_back(std::move(f));
    }
    for (connect::TimelineEntry& t : connect::StoryTimeline(sr.story, docs)) {
      ReportEvent e;
      e.id = t.story + "-" + std::to_string(sr.events.size() + 1);
      e.snippets.assign(t.sources.size(), kNoSnippet);
      e.entry = std::move(t);
      sr.events.push_back(std::move(e));
    }
    // Where each document is needed: (story event index, source index), (fact, report).
    std::map<std::string, std::vector<std::pair<size_t, size_t>>> event_refs, fact_refs;
    for (size_t i = 0; i < sr.events.size(); ++i) {
      for (size_t k = 0; k < sr.events[i].entry.sources.size(); ++k) {
        event_refs[sr.events[i].entry.sources[k].doc].emplace_back(i, k);
      }
    }
    for (size_t i = 0; i < sr.facts.size(); ++i) {
      for (size_t k = 0; k < sr.facts[i].reports.size(); ++k) {
        fact_refs[sr.facts[i].reports[k].doc].emplace_back(i, k);
      }
    }
    std::map<std::string, OutletSummary> outlets;
    std::map<std::string, std::string> outlet_of_doc;
    for (const StoryDocument& sd : sr.story.documents) {
      outlet_of_doc[sd.id] = sd.outlet.value_or("(unknown)");
    }
    for (const Document& doc : docs) {
      std::string outlet_name = doc.outlet ? *doc.outlet : doc.domain.value_or("(unknown)");
      OutletSummary& o = outlets[outlet_name];
      o.name = outlet_name;
      o.languages.insert(doc.language);
      ++o.documents;
      for (const Relay* r : relays_from[doc.id]) {
        if (r->to_outlet) o.relays.insert(*r->to_outlet);
        else if (r->to_doc) {
          auto it = outlet_of_doc.find(*r->to_doc);
          o.relays.insert(it != outlet_of_doc.end() ? it->second : r->to_doc->substr(0, 12));
        }
      }
      for (const Claim& c : doc.claims) {
        if (c.label && c.zone == ZoneKind::kBody && o.labels.size() < 64) {
          auto& set = o.labels[std::string(Name(c.group))];
          if (set.size() < 16) set.insert(*c.label);
        }
      }
      for (auto [i, k] : event_refs[doc.id]) {
        ReportEvent& e = sr.events[i];
        const auto& src = e.entry.sources[k];
        e.snippets[k] = snippets.Make(doc, src.start, src.end);
        for (const Event& ev : doc.events) {
          if (ev.span.begin != src.start || ev.span.end != src.end) continue;
          for (const std::string& a : ev.actors) {
            std::string name = NameOf(data, a);
            if (e.actors.size() < 8 &&
                std::find(e.actors.begin(), e.actors.end(), name) == e.actors.end()) {
              e.actors.push_back(name);
            }
          }
        }
        if (e.entry.place && !e.lat) {
          for (const Place& p : doc.places) {
            if (p.entity != *e.entry.place) continue;
            e.place_name = p.name;
            e.country = p.country;
            e.lat = p.lat;
            e.lon = p.lon;
            e.place_kind = p.kind;
          }
        }
      }
      for (auto [i, k] : fact_refs[doc.id]) {
        const Claim& c = sr.facts[i].reports[k].claim;
        sr.fact_snippets[i][k] = snippets.Make(doc, c.span.begin, c.span.end);
      }
      auto warn = [&](std::string code, std::string message, ByteSpan span) {
        if (warnings_kept >= kMaxWarnings) {
          ++data.warnings_dropped;
          return;
        }
        ++warnings_kept;
        sr.warnings.push_back({sr.story.id, std::move(code), std::move(message),
                               snippets.Make(doc, span.begin, span.end)});
      };
      for (const Warning& w : doc.warnings) warn(w.code, w.message, w.span);
      for (const Claim& c : doc.claims) {
        if (!c.artifact) continue;
        warn(std::string(Name(*c.artifact)),
             "a figure for " + std::string(Name(c.quantity)) + " could not be read", c.span);
      }
      for (const TimeExpr& t : doc.times) {
        if (!t.value) warn("unresolved_date", "a date in the text could not be resolved", t.span);
      }
    }
    for (auto& [name, o] : outlets) sr.outlets.push_back(std::move(o));
    std::stable_sort(sr.outlets.begin(), sr.outlets.end(),
                     [](const OutletSummary& a, const OutletSummary& b) {
                       return a.documents > b.documents;
                     });
    for (ReportEvent& e : sr.events) {
      if (!e.place_name && e.entry.place) e.place_name = NameOf(data, e.entry.place);
    }
  }
  return data;
}

}  // namespace sitrep::report
