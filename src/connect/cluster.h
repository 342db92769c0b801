// Story clustering (issue 5): documents -> compact signatures -> incremental clusters.
//
// A document becomes a DocFeatures: counted keys in four namespaces, the same whatever the
// language when the extractors agree: canonical entity ids ("e:per:..."), place ids
// ("p:loc:..."), the countries of those places ("c:KZ"), event types ("t:arrest"), the years of
// the dates the text gives ("y:2013": the same kind of event in another year is another event,
// whether or not the document has a publication date), and folded
// words ("w:earthquake": lower-case ASCII
// through NameFolder, so "Токаев" and "Tokayev" meet; stop words of every pack dropped). Title
// and body zones only: comments, related teasers and boilerplate are not what the article is
// about. A Vocabulary interns the keys, counts document frequencies and turns features into a
// SparseVec: (1 + log tf) * idf * kind weight, the top_k strongest kept, L2-normalised.
//
// The Clusterer is single-pass (Yang, Pierce, Carbonell 1998): a new vector joins the most
// similar cluster (cosine to the cluster's centroid, a truncated sum of its members) when the
// similarity reaches `threshold` and the day fits the cluster's span widened by `window_days`,
// else it opens a new cluster. Candidates come from an inverted index over each centroid's
// strongest terms, so a document is compared with a bounded number of clusters and the cost is
// linear in the number of documents. Finish() makes the result depend on the set of documents
// rather than their order, as far as a greedy method can: every vector is re-assigned to its best
// centroid, then clusters whose centroids are similar are merged, in a fixed order.
//
// Thread safety: FeatureExtractor is immutable after Create() and safe for concurrent use.
// Vocabulary and Clusterer are single-threaded values.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {
class NameFolder;
}

namespace sitrep::connect {

// Whether `offset` (into Document::text) lies in a title or body zone: what the article says, not
// its comments, teasers or boilerplate. A document without zones is all article.
bool InArticle(const Document& doc, uint32_t offset);
// How many of the entity's mentions are in the article (InArticle).
size_t ArticleMentions(const Document& doc, const Entity& e);

// Days since 1970-01-01 of an ISO 8601 date or datetime ("2022-01-06", "2022-01-06T10:20"), or
// nullopt when `iso` does not start with a valid YYYY-MM-DD.
std::optional<int32_t> DayNumber(std::string_view iso);
// The inverse: "2022-01-06".
std::string DayString(int32_t day);

enum class FeatureKind : uint8_t { kWord, kEntity, kPlace, kEvent, kCountry, kYear };

struct DocFeatures {
  std::string doc;                // Document::id
  std::optional<int32_t> day;     // publication day, DayNumber()
  // (kind, key, count); keys are unique per kind.
  struct Term {
    FeatureKind kind;
    std::string key;
    float count;
  };
  std::vector<Term> terms;
  // The kind of what happened, apart from who and where: the folded words of the title and body
  // outside entity mentions, once each, sorted ("w:" keys as in `terms`). Read by
  // KindredPairs, not by the Vocabulary.
  std::vector<std::string> common;
};

class FeatureExtractor {
 public:
  // Reads the `stop` rows of every pack's stopwords.tsv and the name folding rules.
  static Result<std::unique_ptr<FeatureExtractor>> Create(const lang::Resources& resources);
  ~FeatureExtractor();
  FeatureExtractor(const FeatureExtractor&) = delete;
  FeatureExtractor& operator=(const FeatureExtractor&) = delete;

  // At most kMaxWords words are read from a document.
  static constexpr size_t kMaxWords = 3000;
  DocFeatures Extract(const Document& doc) const;

 private:
  FeatureExtractor() = default;
  std::unique_ptr<extract::NameFolder> folder_;
  std::unordered_set<std::string> stop_;  // folded ASCII
};

// A sparse vector: ids ascending, one weight each.
struct SparseVec {
  std::vector<uint32_t> ids;
  std::vector<float> weights;
  size_t size() const { return ids.size(); }
};
double Dot(const SparseVec& a, const SparseVec& b);

struct KindWeights {
  float word = 1.0f;
  float entity = 1.0f;
  float place = 1.0f;
  float event = 0.5f;
  float country = 1.0f;
  float year = 0.0f;
  float Of(FeatureKind k) const;
};

// A document's features with interned keys: what the clusterer keeps per document.
struct CompactFeatures {
  std::vector<uint32_t> ids;  // ascending
  std::vector<float> counts;
};

class Vocabulary {
 public:
  // Interns the document's keys, counts each once (document frequency) and returns them.
  CompactFeatures Count(const DocFeatures& f);
  size_t documents() const { return documents_; }
  // The weighted, normalised vector: (1 + log count) * log((N + 1) / df) * kind weight, the
  // top_k strongest. Keys seen in a single document are skipped (they cannot link two
  // documents and only dilute the norm).
  SparseVec Weigh(const CompactFeatures& f, const KindWeights& weights, size_t top_k) const;
  // The language-independent vector (Clusterer::Add's `shared`): Weigh with words at 0, what
  // documents in different languages can share.
  SparseVec WeighShared(const CompactFeatures& f, KindWeights weights, size_t top_k) const {
    weights.word = 0;
    return Weigh(f, weights, top_k);
  }
  // The key of an interned id ("" when unknown).
  const std::string& Key(uint32_t id) const;
  FeatureKind Kind(uint32_t id) const { return kinds_[id]; }

 private:
  std::unordered_map<std::string, uint32_t> ids_;
  std::vector<std::string> keys_;
  std::vector<FeatureKind> kinds_;
  std::vector<uint32_t> df_;
  size_t documents_ = 0;
};

struct ClusterOptions {
  double threshold = 0.2;       // join when cosine >= threshold
  double merge_threshold = 0.35;  // Finish(): merge clusters whose centroids are this close
  int window_days = 10;         // a dated document joins clusters within this many days
  size_t centroid_terms = 150;  // a centroid keeps its strongest terms only
  size_t index_terms = 12;      // terms of a centroid in the inverted index
  size_t postings_scanned = 64;  // most recent entries read per term
  size_t candidates_scored = 12;  // exact cosine for this many best candidates
  size_t query_terms = 0;         // postings read for this many of a query's strongest terms (0: all)
  int refine_passes = 2;
  // Across languages words cannot meet, so a document and a cluster with no document of its
  // language are also compared on their language-independent vectors (Add's `shared`:
  // entities, places, countries, and for events event types; StoryBuilder leaves event types
  // out of the story level): joined at this cosine, merged at the second. 0 disables it.
  double cross_language_threshold = 0;
  double cross_language_merge_threshold = 0;
  // Where a document happens (Add's `where`: the countries most of its places are in; `named`:
  // every country its places are in): a document that says where and names none of a cluster's
  // countries is compared at this factor of its cosine (1: no effect), and two clusters whose
  // countries are disjoint are merged at it too. A cluster's places: those given by at least
  // `where_share` of its members that say where.
  double elsewhere_factor = 1.0;
  double where_share = 0.3;
};

// Whether both sides say where (ascending place or country ids) and share none.
bool Elsewhere(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b);

class Clusterer {
 public:
  explicit Clusterer(ClusterOptions options) : options_(options) {}

  // Adds the next vector (index = number of earlier Add calls). Returns its cluster.
  // `shared`: the document's language-independent vector; `language`: a small number for its
  // language (0: unknown; below kMaxLanguages), both only read for cross-language comparisons.
  uint32_t Add(SparseVec v, std::optional<int32_t> day, SparseVec shared = {},
               uint32_t language = 0, std::vector<uint32_t> where = {},
               std::vector<uint32_t> named = {});
  static constexpr uint32_t kMaxLanguages = 64;
  // Re-assignment and merge passes (see the file comment). Add() may be called again after.
  void Finish();
  // Members (Add indices, ascending) of every non-empty cluster, clusters ordered by their
  // first member.
  std::vector<std::vector<uint32_t>> Clusters() const;
  size_t size() const { return docs_.size(); }
  // Passes the last Finish() ran (it stops early when a pass changes nothing).
  int passes() const { return passes_; }

 private:
  struct Cluster {
    SparseVec centroid;  // sum of members, truncated to centroid_terms; not normalised
    double norm = 0;
    SparseVec shared;    // sum of the members' shared vectors, likewise
    double shared_norm = 0;
    uint64_t languages = 0;  // bit l: a member in language l (l > 0)
    std::vector<uint32_t> indexed;  // term ids currently in the inverted index
    std::optional<int32_t> first_day, last_day;
    uint32_t members = 0;
    bool alive = true;
    std::vector<std::pair<uint32_t, uint32_t>> where_votes;  // place id -> members giving it
    uint32_t where_members = 0;   // members that say where
    std::vector<uint32_t> where;  // places of at least where_share of them, ascending
  };
  struct Doc {
    SparseVec v;
    std::optional<int32_t> day;
    uint32_t cluster = 0;
    SparseVec shared;
    uint32_t language = 0;
    std::vector<uint32_t> where;  // ascending
    std::vector<uint32_t> named;  // ascending; where's countries at least
  };
  // Best cluster for `v` among the index candidates, with its cosine; nullopt if none fits.
  // `near`: scan the postings around this cluster number (Finish(): after Rebuild() clusters are
  // numbered in time order and postings sorted, so neighbours in time are neighbours in the
  // list) instead of the most recent ones.
  // `skip`: a cluster left out (a document alone in its cluster looks for another one).
  std::optional<std::pair<uint32_t, double>> Best(const Doc& d,
                                                  std::optional<uint32_t> near = std::nullopt,
                                                  std::optional<uint32_t> skip = std::nullopt);
  // Cosine of `d` to cluster c: the full vectors, or across languages the shared ones scaled so
  // that cross_language_threshold meets threshold, whichever is higher.
  double Similarity(const Doc& d, const Cluster& c) const;
  // Whether a comparison spans languages: the two sides together hold more than one language.
  // A cluster that already mixes languages is one too: its centroid's words are partly in
  // languages the document's words cannot meet, so the words alone undervalue it.
  bool CrossLanguage(uint64_t languages, const Cluster& c) const {
    return options_.cross_language_threshold > 0 && languages != 0 && c.languages != 0 &&
           __builtin_popcountll(languages | c.languages) >= 2;
  }
  // Words of some languages meet only the part of a mixed cluster's centroid made of terms seen
  // in documents of those languages: a word cosine is scaled by the centroid's norm over that
  // part's norm, as if measured against that part alone (names, numbers and words shared by two
  // languages stay in both parts). 1 when the comparison is not across languages.
  double WordScale(uint64_t languages, const Cluster& c) const;
  // The slice of a posting list to scan: the most recent entries, or those around `near`.
  std::pair<size_t, size_t> Window(const std::vector<uint32_t>& list,
                                   std::optional<uint32_t> near) const;
  // Adds d to cluster c's centroid; `reindex`: update the inverted index now (Rebuild() indexes
  // every cluster once at the end instead).
  void AddTo(uint32_t c, const Doc& d, bool reindex = true);
  void Reindex(uint32_t c);
  double Cosine(const SparseVec& v, const Cluster& c) const;
  static double Cosine(const SparseVec& v, const SparseVec& centroid, double norm);
  bool DayFits(std::optional<int32_t> day, const Cluster& c) const;
  void Rebuild();  // clusters and index from docs_[i].cluster

  ClusterOptions options_;
  std::vector<Doc> docs_;
  std::vector<Cluster> clusters_;
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings_;
  std::vector<uint32_t> stamp_;  // per cluster: last query that saw it
  std::vector<float> hits_;      // per cluster: candidate score of the current query
  std::vector<uint32_t> query_order_;  // StrongestTerms scratch (Best, Reindex)
  uint32_t query_ = 0;
  std::vector<uint64_t> term_languages_;  // per term id: bit l when a document in language l has it
  int passes_ = 0;
};

// Kindred events (issue 5's stories). A story of ECB+ holds two occurrences of one kind of event
// (two celebrities entering rehab, two quakes in one country) told with different names, so the
// documents of the two share little beyond the words of the kind ("rehab", "checked",
// "treatment"). A KindUnit is one event cluster seen that way: the share of its documents
// writing each common word, and the countries at least `country_share` of them name.
// KindredPairs pairs units that are each other's most similar unit (cosine of share * idf over
// units, a word written by under `min_share` of a unit's documents ignored;
// times `elsewhere_factor` when both say where and their countries are disjoint) at `threshold`
// or more: a mutual nearest neighbour is a strong sign, where a chain of nearest neighbours
// drifts from rehab to deaths to murders. Candidates come from an inverted index over each
// unit's `index_terms` strongest words, each posting list read for its `postings_scanned` most
// recent units, so the cost stays linear in the number of units. Units whose day spans lie more
// than `window_days` apart are never paired. A straggler, a unit of at most
// `straggler_documents` documents, also pairs with its most similar unit when that one has
// another favourite: one or two articles are too little to stand as a story of their own.
struct KindOptions {
  double threshold = 0;  // 0: no pairs
  double min_share = 0.1;
  // A word's unit frequency counts as at least this: with a handful of units every word looks
  // rare, and an idf of log(units / 1) would make any two of them alike on their few shared
  // words (three invented crises of one country, flood, strike and wildfire, were paired at 1).
  // Below this many units nothing pairs.
  double idf_floor = 5;
  double elsewhere_factor = 0.5;
  double country_share = 0.3;
  int window_days = 10;
  size_t index_terms = 12;
  size_t postings_scanned = 256;
  uint32_t straggler_documents = 2;
};

struct KindUnit {
  std::vector<uint32_t> words;  // ascending ids
  std::vector<float> shares;    // share of the unit's documents writing each word, (0, 1]
  std::vector<uint32_t> countries;  // ascending ids
  std::optional<int32_t> first_day, last_day;
  uint32_t documents = 0;
};

// Sums an event's documents into a KindUnit: Add each document's common words and countries
// (ids, each once per document) and day, then Finish with KindOptions::country_share.
class KindUnitBuilder {
 public:
  void Add(const std::vector<uint32_t>& words, const std::vector<uint32_t>& countries,
           std::optional<int32_t> day);
  KindUnit Finish(double country_share) const;

 private:
  std::map<uint32_t, uint32_t> words_, countries_;  // id -> documents
  std::optional<int32_t> first_day_, last_day_;
  uint32_t documents_ = 0;
};

// Pairs (a, b), a < b, ascending, of mutually most similar units and stragglers (see above).
// Ties go to the lower index, so the result depends only on the units and their order.
std::vector<std::pair<uint32_t, uint32_t>> KindredPairs(const std::vector<KindUnit>& units,
                                                        const KindOptions& options);

}  // namespace sitrep::connect
