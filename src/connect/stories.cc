#include "connect/stories.h"

#include <algorithm>
#include <map>
#include <set>
#include <numeric>
#include <tuple>
#include <unordered_map>

#include "extract/entities.h"
#include "extract/name_key.h"

namespace sitrep::connect {

struct StoryBuilder::DocInfo {
  StoryDocument summary;
  std::optional<int32_t> day;
  CompactFeatures features;
  std::vector<uint32_t> common;  // common_ids_ of DocFeatures::common, ascending
  struct Named {
    std::string id, name;
    bool place = false;
  };
  std::vector<Named> entities;
};

namespace {

// An entity list per document is capped: a page naming 500 places says little about each.
constexpr size_t kMaxEntitiesPerDoc = 64;
constexpr size_t kMaxListed = 8;

// A person a document names by surname only ("per:abdikadirov") is the story's person of that
// surname with a full name ("per:temirlan-abdikadirov") when there is exactly one: one actor,
// counted once per document.
// The words of a person id ("per:temirlan-abdikadirov" -> {"temirlan", "abdikadirov"}).
std::vector<std::string_view> IdWords(std::string_view id) {
  std::vector<std::string_view> out;
  id.remove_prefix(std::min(id.size(), std::string_view("per:").size()));
  size_t start = 0;
  while (start <= id.size()) {
    const size_t dash = id.find('-', start);
    out.push_back(id.substr(start, dash == std::string_view::npos ? std::string_view::npos
                                                                   : dash - start));
    if (dash == std::string_view::npos) break;
    start = dash + 1;
  }
  return out;
}

bool SameWords(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (!extract::SameNameKey(a[i], b[i], extract::kMergeSimilarity)) return false;
  }
  return true;
}

// Two spellings of one full name in different documents ("Temirlan Abdykadyrov", "Témirlan
// Abdoukadyrov": ids per:temirlan-abdikadirov and per:temirlan-abdukadirov) are one actor when
// every word pair is the same name by the entity finder's own test (SameNameKey at
// kMergeSimilarity); the spelling named by more documents stays. Only the most named persons are
// compared (pairs grow with the square).
void FoldSpellingsOfOneName(std::map<std::string, StoryEntity>* actors,
                            std::map<std::string, std::set<size_t>>* docs) {
  constexpr size_t kMaxCompared = 200;
  std::vector<std::string> persons;
  for (const auto& [id, e] : *actors) {
    if (id.starts_with("per:") && id.find('-') != std::string::npos) persons.push_back(id);
  }
  std::stable_sort(persons.begin(), persons.end(), [&](const std::string& a, const std::string& b) {
    return docs->at(a).size() > docs->at(b).size();
  });
  if (persons.size() > kMaxCompared) persons.resize(kMaxCompared);
  std::vector<bool> gone(persons.size(), false);
  for (size_t i = 0; i < persons.size(); ++i) {
    if (gone[i]) continue;
    const std::vector<std::string_view> wi = IdWords(persons[i]);
    for (size_t j = i + 1; j < persons.size(); ++j) {
      if (gone[j] || !SameWords(wi, IdWords(persons[j]))) continue;
      std::set<size_t>& keep = (*docs)[persons[i]];
      const std::set<size_t>& drop = docs->at(persons[j]);
      keep.insert(drop.begin(), drop.end());
      (*actors)[persons[i]].documents = static_cast<uint32_t>(keep.size());
      actors->erase(persons[j]);
      gone[j] = true;
    }
  }
}

void FoldSurnamesIntoNames(std::map<std::string, StoryEntity>* actors,
                           const std::map<std::string, std::set<size_t>>& docs) {
  constexpr std::string_view kPerson = "per:";
  std::vector<std::string> folded;
  for (const auto& [id, e] : *actors) {
    if (!id.starts_with(kPerson) || id.find('-') != std::string::npos) continue;
    const std::string_view surname = std::string_view(id).substr(kPerson.size());
    const std::string* full = nullptr;
    int found = 0;
    for (const auto& [other, o] : *actors) {
      if (other.starts_with(kPerson) && other.find('-') != std::string::npos &&
          extract::SameNameKey(IdWords(other).back(), surname, extract::kMergeSimilarity)) {
        full = &other;
        ++found;
      }
    }
    if (found != 1) continue;
    std::set<size_t> both = docs.at(*full);
    both.insert(docs.at(id).begin(), docs.at(id).end());
    (*actors)[*full].documents = static_cast<uint32_t>(both.size());
    folded.push_back(id);
  }
  for (const std::string& id : folded) actors->erase(id);
}

}  // namespace

StoryOptions DefaultStoryOptions() {
  StoryOptions o;
  // Tuned on ../shared/data/clustering-ecbplus (scripts/score-clustering.sh; README).
  o.story.threshold = 0.14;
  // Kindred events join stories (o.kind below), so stories merge on their own only when close:
  // ECB+ topic level 0.952 at 0.15, 0.959 at 0.2 and 0.25 (riots in Brooklyn no longer one
  // story with a Brooklyn murder trial).
  o.story.merge_threshold = 0.2;
  o.story.refine_passes = 3;
  o.story.window_days = 10;
  o.story_weights = {1.0f, 2.0f, 2.0f, 0.5f, 2.0f, 0.0f};
  // Across languages, on entities, places, countries and event types alone (the bundled sample:
  // one crisis told in French, English and Russian).
  o.story.cross_language_threshold = 0.35;
  o.story.cross_language_merge_threshold = 0.35;
  o.story.query_terms = 12;  // candidates from the 12 strongest terms (ECB+ unchanged)
  // A story happens somewhere: words alike in another country count half (quakes in Iran,
  // Indonesia and California were one story of ECB+; topic precision 0.939 -> 0.974). Events
  // inside a story gain nothing from it.
  o.story.elsewhere_factor = 0.5;
  o.event.cross_language_threshold = 0.5;
  o.event.cross_language_merge_threshold = 0.5;
  o.event.threshold = 0.2;
  o.event.merge_threshold = 0.45;
  o.event.window_days = 3;
  // Years the texts give separate events of the same kind (two floods of one river in different
  // years); stories ignore them (a story can hold events years apart: a trial and its crime).
  o.event_weights = {0.6f, 1.5f, 1.5f, 0.5f, 1.0f, 4.0f};
  // Kindred events (ECB+ topic level 0.878 -> 0.959: topics told as two events with different
  // names, joined on the words of their kind). Thresholds 0.05-0.15 alike (0.958-0.959).
  o.kind.threshold = 0.1;
  o.kind.window_days = o.story.window_days;
  // Another occurrence of the same kind joins only in the same country: protests in Paris and
  // in Almaty the same week are two stories, two quakes in Indonesia one. The countries of an
  // event: those a fifth of its documents name (ECB+ 0.949 at a third, 0.959 at 0.15-0.2,
  // 0.951 at a tenth; with a factor of 0.5 instead of 0, 0.959 too).
  o.kind.elsewhere_factor = 0;
  o.kind.country_share = 0.2;
  return o;
}

StoryBuilder::~StoryBuilder() = default;
size_t StoryBuilder::size() const { return docs_.size(); }

Result<std::unique_ptr<StoryBuilder>> StoryBuilder::Create(const lang::Resources& resources,
                                                           StoryOptions options) {
  std::unique_ptr<StoryBuilder> b(new StoryBuilder());
  b->options_ = options;
  SITREP_ASSIGN_OR_RETURN(b->features_, FeatureExtractor::Create(resources));
  SITREP_ASSIGN_OR_RETURN(b->printer_, RelayPrinter::Create(resources));
  return b;
}

void StoryBuilder::Add(const Document& doc) {
  if (!seen_.insert(doc.id).second) return;
  DocInfo info;
  info.summary.id = doc.id;
  info.summary.title = doc.title;
  info.summary.outlet = doc.outlet ? doc.outlet : doc.domain;
  info.summary.published = doc.published.value;
  info.summary.language = doc.language;
  if (doc.published.value && !options_.ignore_dates) info.day = DayNumber(*doc.published.value);
  DocFeatures f = features_->Extract(doc);
  info.features = vocabulary_.Count(f);
  for (const std::string& w : f.common) {
    auto [it, fresh] = common_ids_.try_emplace(w, static_cast<uint32_t>(common_ids_.size()));
    info.common.push_back(it->second);
  }
  std::sort(info.common.begin(), info.common.end());
  for (const Entity& e : doc.entities) {
    if (info.entities.size() >= kMaxEntitiesPerDoc) break;
    // A name only a reader's comment gives is not one of the story's places or actors.
    if (ArticleMentions(doc, e) == 0) continue;
    info.entities.push_back({e.id, e.name, e.type == EntityType::kLocation});
  }
  docs_.push_back(std::move(info));
  prints_.push_back(printer_->Print(doc));
}

std::vector<uint32_t> StoryBuilder::Where(const CompactFeatures& f) const {
  float top = 0;
  for (size_t i = 0; i < f.ids.size(); ++i) {
    if (vocabulary_.Kind(f.ids[i]) == FeatureKind::kCountry) top = std::max(top, f.counts[i]);
  }
  std::vector<uint32_t> out;
  if (top < options_.where_min_places) return out;
  for (size_t i = 0; i < f.ids.size(); ++i) {
    if (vocabulary_.Kind(f.ids[i]) == FeatureKind::kCountry &&
        f.counts[i] >= top * options_.where_ratio) {
      out.push_back(f.ids[i]);
    }
  }
  return out;
}

std::vector<uint32_t> StoryBuilder::Named(const CompactFeatures& f) const {
  std::vector<uint32_t> out;
  for (uint32_t id : f.ids) {
    if (vocabulary_.Kind(id) == FeatureKind::kCountry) out.push_back(id);
  }
  return out;
}

StoryGraph StoryBuilder::Finish() {
  StoryGraph graph;
  // Canonical order: day (undated last), then id.
  std::vector<uint32_t> order(docs_.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const DocInfo& x = docs_[a];
    const DocInfo& y = docs_[b];
    return std::make_tuple(!x.day.has_value(), x.day.value_or(0), std::string_view(x.summary.id)) <
           std::make_tuple(!y.day.has_value(), y.day.value_or(0), std::string_view(y.summary.id));
  });
  std::vector<uint32_t> rank(docs_.size());  // position of each document in `order`
  for (uint32_t r = 0; r < order.size(); ++r) rank[order[r]] = r;
  graph.relays = FindRelays(prints_);

  Clusterer stories(options_.story);
  std::vector<SparseVec> vecs(docs_.size());
  // Languages numbered from 1 in order of appearance (0: unknown), for the cross-language view.
  std::map<std::string, uint32_t> language_ids;
  auto language_of = [&](const DocInfo& d) -> uint32_t {
    if (d.summary.language.empty() || d.summary.language == "und") return 0;
    auto [it, fresh] = language_ids.try_emplace(d.summary.language, 0);
    if (fresh) it->second = uint32_t(language_ids.size());
    return it->second < Clusterer::kMaxLanguages ? it->second : 0;
  };
  // Across languages a story needs a name in common (an entity, a place, a country): an event
  // type alone made protests in Iraq, Egypt and France one story in a pile of undated excerpts.
  KindWeights story_shared = options_.story_weights;
  story_shared.event = 0;
  for (uint32_t i : order) {
    vecs[i] = vocabulary_.Weigh(docs_[i].features, options_.story_weights, options_.story_top_k);
    SparseVec shared;
    if (options_.story.cross_language_threshold > 0) {
      shared = vocabulary_.WeighShared(docs_[i].features, story_shared, options_.story_top_k);
    }
    stories.Add(vecs[i], docs_[i].day, std::move(shared), language_of(docs_[i]),
                Where(docs_[i].features), Named(docs_[i].features));
  }
  stories.Finish();
  // cluster of each document (index into docs_)
  std::vector<uint32_t> story_of(docs_.size());
  std::vector<std::vector<uint32_t>> clusters = stories.Clusters();
  for (uint32_t c = 0; c < clusters.size(); ++c) {
    for (uint32_t k : clusters[c]) story_of[order[k]] = c;
  }
  // A relay belongs with what it relays.
  std::unordered_map<std::string_view, uint32_t> index_of;
  for (uint32_t i = 0; i < docs_.size(); ++i) index_of[docs_[i].summary.id] = i;
  for (const Relay& r : graph.relays) {
    if (!r.to_doc) continue;
    auto from = index_of.find(r.from), to = index_of.find(*r.to_doc);
    if (from == index_of.end() || to == index_of.end()) continue;
    story_of[from->second] = story_of[to->second];
  }
  std::vector<std::vector<uint32_t>> members(clusters.size());
  for (uint32_t i : order) members[story_of[i]].push_back(i);  // canonical order inside

  // An event seen for KindredPairs (its documents' common words, countries and days).
  auto Unit = [&](const std::vector<uint32_t>& docs) {
    KindUnitBuilder b;
    for (uint32_t i : docs) b.Add(docs_[i].common, Named(docs_[i].features), docs_[i].day);
    return b.Finish(options_.kind.country_share);
  };
  // Events inside each story: lists of documents (indices into docs_), canonical order.
  std::vector<std::vector<std::vector<uint32_t>>> events_of(members.size());
  std::vector<KindUnit> units;
  std::vector<uint32_t> unit_story;
  for (uint32_t c = 0; c < members.size(); ++c) {
    const std::vector<uint32_t>& m = members[c];
    if (m.empty()) continue;
    Clusterer events(options_.event);
    for (uint32_t i : m) {
      SparseVec shared;
      if (options_.event.cross_language_threshold > 0) {
        shared = vocabulary_.WeighShared(docs_[i].features, options_.event_weights,
                                         options_.event_top_k);
      }
      events.Add(vocabulary_.Weigh(docs_[i].features, options_.event_weights,
                                   options_.event_top_k),
                 docs_[i].day, std::move(shared), language_of(docs_[i]));
    }
    events.Finish();
    for (const std::vector<uint32_t>& e : events.Clusters()) {
      std::vector<uint32_t>& docs = events_of[c].emplace_back();
      for (uint32_t k : e) docs.push_back(m[k]);
      units.push_back(Unit(docs));
      unit_story.push_back(c);
    }
  }
  // Stories with kindred events are one story (union-find over stories).
  std::vector<uint32_t> root(members.size());
  std::iota(root.begin(), root.end(), 0);
  auto find = [&](uint32_t x) {
    while (root[x] != x) x = root[x] = root[root[x]];
    return x;
  };
  for (const auto& [a, b] : KindredPairs(units, options_.kind)) {
    const uint32_t x = find(unit_story[a]), y = find(unit_story[b]);
    if (x != y) root[std::max(x, y)] = std::min(x, y);
  }
  std::vector<std::vector<std::vector<uint32_t>>> joined(members.size());
  for (uint32_t c = 0; c < members.size(); ++c) {
    for (std::vector<uint32_t>& e : events_of[c]) joined[find(c)].push_back(std::move(e));
  }

  for (std::vector<std::vector<uint32_t>>& ev : joined) {
    if (ev.empty()) continue;
    // Documents in canonical order, events numbered by their first document.
    std::vector<uint32_t> m;
    for (const std::vector<uint32_t>& e : ev) m.insert(m.end(), e.begin(), e.end());
    std::sort(m.begin(), m.end(), [&](uint32_t a, uint32_t b) { return rank[a] < rank[b]; });
    std::sort(ev.begin(), ev.end(), [&](const auto& a, const auto& b) {
      return rank[a.front()] < rank[b.front()];
    });
    Story s;
    s.id = "s" + docs_[m.front()].summary.id.substr(1, 12);
    s.events = static_cast<uint32_t>(ev.size());
    std::unordered_map<uint32_t, std::string> event_id;  // docs_ index -> event id
    for (size_t e = 0; e < ev.size(); ++e) {
      for (uint32_t i : ev[e]) event_id[i] = s.id + "." + std::to_string(e + 1);
    }
    // Title: the member closest to the story's centroid.
    std::map<uint32_t, double> centroid;
    for (uint32_t i : m) {
      for (size_t k = 0; k < vecs[i].size(); ++k) centroid[vecs[i].ids[k]] += vecs[i].weights[k];
    }
    double best = -1;
    std::map<std::string, StoryEntity> places, actors;
    std::map<std::string, std::set<size_t>> actor_docs;  // documents (k) naming each actor
    std::vector<std::string> outlets;
    std::unordered_map<std::string_view, size_t> in_story;
    for (size_t k = 0; k < m.size(); ++k) in_story[docs_[m[k]].summary.id] = k;
    for (size_t k = 0; k < m.size(); ++k) {
      const DocInfo& d = docs_[m[k]];
      double score = 0;
      for (size_t j = 0; j < vecs[m[k]].size(); ++j) {
        score += vecs[m[k]].weights[j] * centroid[vecs[m[k]].ids[j]];
      }
      if (d.summary.title && !d.summary.title->empty() && score > best) {
        best = score;
        s.title = *d.summary.title;
      }
      for (const DocInfo::Named& e : d.entities) {
        StoryEntity& se = (e.place ? places : actors)[e.id];
        if (se.id.empty()) {
          se.id = e.id;
          se.name = e.name;
        }
        ++se.documents;
        if (!e.place) actor_docs[e.id].insert(k);
      }
      if (d.summary.outlet) outlets.push_back(*d.summary.outlet);
      if (d.day) {
        std::string day = DayString(*d.day);
        if (!s.first_day || day < *s.first_day) s.first_day = day;
        if (!s.last_day || day > *s.last_day) s.last_day = day;
      }
      StoryDocument sd = d.summary;
      sd.event = event_id[m[k]];
      s.documents.push_back(std::move(sd));
    }
    for (const Relay& r : graph.relays) {
      if (!r.to_doc) continue;
      auto from = in_story.find(r.from);
      if (from != in_story.end() && in_story.count(*r.to_doc)) {
        s.documents[from->second].relay_of = r.to_doc;
      }
    }
    auto top = [](std::map<std::string, StoryEntity>& all) {
      std::vector<StoryEntity> v;
      for (auto& [id, e] : all) v.push_back(std::move(e));
      std::stable_sort(v.begin(), v.end(), [](const StoryEntity& a, const StoryEntity& b) {
        return a.documents > b.documents;
      });
      if (v.size() > kMaxListed) v.resize(kMaxListed);
      return v;
    };
    FoldSpellingsOfOneName(&actors, &actor_docs);
    FoldSurnamesIntoNames(&actors, actor_docs);
    s.places = top(places);
    s.actors = top(actors);
    std::sort(outlets.begin(), outlets.end());
    outlets.erase(std::unique(outlets.begin(), outlets.end()), outlets.end());
    s.outlets = std::move(outlets);
    if (s.title.empty()) s.title = "(untitled)";
    graph.stories.push_back(std::move(s));
  }
  std::sort(graph.stories.begin(), graph.stories.end(), [](const Story& a, const Story& b) {
    return std::make_tuple(!a.first_day.has_value(), a.first_day.value_or(""), a.id) <
           std::make_tuple(!b.first_day.has_value(), b.first_day.value_or(""), b.id);
  });
  return graph;
}

}  // namespace sitrep::connect
