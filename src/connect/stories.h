// StoryBuilder (issue 5): documents in, stories (with their event sub-clusters) and relays out.
//
// Add() keeps a compact summary of each document (interned features, a relay fingerprint, title,
// outlet, day, entity names), so a store of many documents is streamed, not held. Finish() works
// on the set: documents are taken in a canonical order (publication day, then id; undated last),
// relays are found (connect/relay.h), stories are clustered (connect/cluster.h) with story-level
// weights, a relay joins the story of the document it relays, each story is clustered again
// into events with weights that favour entities and places (the same kind of event at another
// place is another event), and stories holding kindred events (KindredPairs: the same kind of
// event told with other names, in the same country) are joined. The result depends on the set
// of documents, never on the order of Add() calls.
//
// Thread safety: a StoryBuilder is used from one thread.
#pragma once

#include <memory>
#include <optional>
#include <unordered_map>
#include <unordered_set>
#include <string>
#include <vector>

#include "connect/cluster.h"
#include "connect/relay.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/stories.h"

namespace sitrep::connect {

struct StoryOptions {
  ClusterOptions story;
  KindWeights story_weights;
  size_t story_top_k = 40;
  ClusterOptions event;
  KindWeights event_weights;
  size_t event_top_k = 40;
  // Stories whose events are kindred (KindredPairs) become one story.
  KindOptions kind;
  // Where a document happens (ClusterOptions::elsewhere_factor): the countries of its places
  // that have at least this share of its most represented country's places, once that one
  // has `where_min_places` (one place is too weak a sign: "Paris" may be a person's name).
  float where_min_places = 2;
  float where_ratio = 0.5f;
  // Cluster as if no document had a date (labelled sets without dates, e.g. ECB+).
  bool ignore_dates = false;
};
// The tuned defaults (scripts/score-clustering.sh).
StoryOptions DefaultStoryOptions();

struct StoryGraph {
  std::vector<Story> stories;  // by first day, then id
  std::vector<Relay> relays;
};

class StoryBuilder {
 public:
  static Result<std::unique_ptr<StoryBuilder>> Create(const lang::Resources& resources,
                                                      StoryOptions options);
  ~StoryBuilder();
  StoryBuilder(const StoryBuilder&) = delete;
  StoryBuilder& operator=(const StoryBuilder&) = delete;

  // Adding a document id twice keeps the first.
  void Add(const Document& doc);
  size_t size() const;
  StoryGraph Finish();

 private:
  struct DocInfo;
  StoryBuilder() = default;
  // The countries a document's places are in, its most mentioned ones (ids, ascending).
  std::vector<uint32_t> Where(const CompactFeatures& f) const;
  // Every country its places are in (ids, ascending).
  std::vector<uint32_t> Named(const CompactFeatures& f) const;
  StoryOptions options_;
  std::unique_ptr<FeatureExtractor> features_;
  std::unique_ptr<RelayPrinter> printer_;
  Vocabulary vocabulary_;
  std::unordered_map<std::string, uint32_t> common_ids_;  // DocFeatures::common keys
  std::vector<DocInfo> docs_;
  std::vector<RelayPrint> prints_;
  std::unordered_set<std::string> seen_;
};

}  // namespace sitrep::connect
