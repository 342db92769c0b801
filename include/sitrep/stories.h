// Stories and relays (issue 5): what the store keeps about how documents connect.
//
// A Story is a group of documents about one real-world situation (clustered by words, canonical
// entities, places, event types and dates); inside it, documents are grouped again into events
// (one occurrence: the same kind of event at another place or date is another event). A Relay
// says that one document copies, excerpts or translates another document (or an outlet named by
// a provenance line): a relay is not an independent source.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

enum class RelayKind { kCopy, kExcerpt, kTranslation };
std::string_view Name(RelayKind v);
bool Parse(std::string_view name, RelayKind* out);

// `from` relays the stored document `to_doc`, or the outlet `to_outlet` named by a provenance
// line (both set when the outlet's document is stored).
struct Relay {
  std::string from;
  std::optional<std::string> to_doc;
  std::optional<std::string> to_outlet;
  RelayKind kind = RelayKind::kCopy;
  double score = 0;      // resemblance, containment or anchor coverage; 1 for a provenance line
  std::string evidence;  // one readable line saying why
};

// An entity of a story with the number of its documents that mention it.
struct StoryEntity {
  std::string id;
  std::string name;
  uint32_t documents = 0;
};

struct StoryDocument {
  std::string id;
  std::string event;  // the event (sub-cluster) id inside the story: "<story>.<n>"
  std::optional<std::string> title;
  std::optional<std::string> outlet;  // outlet, else domain
  std::optional<std::string> published;
  std::string language = "und";
  std::optional<std::string> relay_of;  // a stored document of this story it relays
};

struct Story {
  std::string id;     // "s" + 12 hex digits of its earliest document's id: stable across rebuilds
  std::string title;  // the title of its most central document
  std::optional<std::string> first_day, last_day;  // span of publication days (YYYY-MM-DD)
  std::vector<StoryEntity> places;  // most documents first, at most 8
  std::vector<StoryEntity> actors;  // persons and organisations, most documents first, at most 8
  std::vector<std::string> outlets;  // sorted
  uint32_t events = 0;               // number of event sub-clusters
  std::vector<StoryDocument> documents;  // by publication day, then id
};

}  // namespace sitrep
