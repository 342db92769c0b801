// Document: one news item, its normalised text, and standoff annotation layers.
//
// A Document owns its normalised UTF-8 `text`. Every annotation carries a half-open byte span
// [begin, end) into `text` (SCHEMA.md calls them start/end). `text` is fixed once the cleaning
// stage has produced it; later stages only add annotations. Layers are plain vectors of structs,
// sorted by `begin`; annotations refer to each other by id, never by pointer.
//
// The JSON form of a Document is `sitrep.document/1` (../shared/SCHEMA.md); see
// src/document/document_json.h.
//
// Thread safety: a Document is a value. Distinct Documents may be used from distinct threads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep {

// Closed lists from SCHEMA.md. Each has one name table (Name/Parse below), used by JSON and SQL.
enum class InputFormat { kText, kHtml, kJsonl, kWarc, kTelegram, kRss };
enum class ZoneKind { kTitle, kBody, kRelated, kComment, kBoilerplate };
enum class ProvenanceRelation { kTranslationOf, kRepublishedFrom, kExcerptOf, kQuotes };
enum class PublishedSource { kMetadata, kText, kComments, kNone };
enum class EntityType { kPerson, kOrganization, kLocation };
enum class PlaceKind { kCountry, kRegion, kCity, kSite };
enum class Granularity { kDatetime, kDay, kWeek, kMonth, kYear };
enum class EventType {
  kProtest, kRiot, kArmedClash, kAttack, kSeizure, kArrest, kSecurityOperation,
  kStateOfEmergency, kCommunicationsShutdown, kRequestForAssistance, kDeployment, kWithdrawal,
  kGovernmentChange, kPolicyAnnouncement, kPriceChange
};
enum class Quantity { kKilled, kInjured, kDetained, kDeployed, kParticipants };
enum class Group {
  kSecurityForces, kForeignTroops, kCivilians, kProtesters, kArmedGroup, kTotal, kUnspecified
};
enum class Approx { kExact, kAbout, kAtLeast, kMoreThan, kAtMost, kLessThan, kUnknown };
enum class Artifact { kMaskedNumber, kGarbledNumber };

std::string_view Name(InputFormat v);
std::string_view Name(ZoneKind v);
std::string_view Name(ProvenanceRelation v);
std::string_view Name(PublishedSource v);
std::string_view Name(EntityType v);
std::string_view Name(PlaceKind v);
std::string_view Name(Granularity v);
std::string_view Name(EventType v);
std::string_view Name(Quantity v);
std::string_view Name(Group v);
std::string_view Name(Approx v);
std::string_view Name(Artifact v);
// Parse a schema name; false if `name` is not in the list.
bool Parse(std::string_view name, InputFormat* out);
bool Parse(std::string_view name, ZoneKind* out);
bool Parse(std::string_view name, ProvenanceRelation* out);
bool Parse(std::string_view name, PublishedSource* out);
bool Parse(std::string_view name, EntityType* out);
bool Parse(std::string_view name, PlaceKind* out);
bool Parse(std::string_view name, Granularity* out);
bool Parse(std::string_view name, EventType* out);
bool Parse(std::string_view name, Quantity* out);
bool Parse(std::string_view name, Group* out);
bool Parse(std::string_view name, Approx* out);
bool Parse(std::string_view name, Artifact* out);

// Half-open byte span into Document::text.
struct ByteSpan {
  uint32_t begin = 0;
  uint32_t end = 0;
  uint32_t size() const { return end - begin; }
  bool empty() const { return begin == end; }
  friend bool operator==(const ByteSpan&, const ByteSpan&) = default;
};

// Where a document came from. `record` is the index inside a multi-record file (a JSONL line, a
// WARC record, an RSS item, a Telegram message) and is absent for single-document files.
struct InputRef {
  std::string path;
  InputFormat format = InputFormat::kText;
  std::optional<int64_t> record;
};

// What is known of one reader comment. Every field is optional: unknown stays unknown.
struct CommentInfo {
  std::optional<int32_t> index;         // the number the page shows ("3." -> 3)
  int32_t depth = 0;                    // 0 = top level, 1 = reply, ...
  std::optional<int32_t> score;         // vote score ("+4" -> 4, "-1" -> -1)
  std::optional<std::string> posted;    // ISO 8601, "2022-01-07T10:20"
  std::optional<std::string> quoted_author;  // "Citation: NAME" -> NAME
};

struct Zone {
  ZoneKind kind = ZoneKind::kBody;
  ByteSpan span;
  std::optional<CommentInfo> comment;  // set only for kComment zones
};

// A provenance statement found in the document ("source : ...", "traduction X pour Y").
struct Provenance {
  ProvenanceRelation relation = ProvenanceRelation::kRepublishedFrom;
  std::optional<std::string> outlet;
  std::optional<std::string> url;
  std::optional<std::string> translator;
  ByteSpan span;  // the line that says so; empty when it came from metadata
};

// A content problem (not an error): bad encoding, truncation, artefacts. Codes are stable
// snake_case identifiers ("invalid_utf8", "truncated", ...); docs/warnings.md lists them.
struct Warning {
  std::string code;
  ByteSpan span;
  std::string message;
};

// A person, organisation or location, with every mention in this document. `id` is stable across
// documents for the same canonical entity ("per:kassym-jomart-tokayev", "loc:almaty").
struct Entity {
  std::string id;
  EntityType type = EntityType::kPerson;
  std::string name;  // canonical form shared by every spelling and script
  std::vector<ByteSpan> mentions;
};

// A geocoded location entity. Unresolved coordinates stay empty (null), never a guess.
struct Place {
  std::string entity;  // Entity::id
  std::string name;
  std::optional<std::string> country;  // ISO 3166-1 alpha-2
  std::optional<double> lat, lon;
  std::optional<PlaceKind> kind;  // null: a place the gazetteer does not know (no kind guessed)
};

// A time expression and its resolved ISO 8601 value (null when it cannot be resolved).
struct TimeExpr {
  ByteSpan span;
  std::optional<std::string> value;
  Granularity granularity = Granularity::kDay;
};

// Who the text says a statement comes from ("selon le ministère de l'Intérieur" -> the ministry).
// `name` is the source's words as written; `entity` the canonical entity when one was recognised.
struct Attribution {
  std::string name;
  std::optional<std::string> entity;  // Entity::id
  ByteSpan span;                      // the source's words in Document::text
};

// One real-world occurrence reported by this document. Repeated mentions of the same occurrence
// are one Event: `span` is the first mention, `mentions` holds every mention (the first included).
struct Event {
  EventType type = EventType::kProtest;
  std::optional<std::string> date;   // ISO 8601 from a time expression governing the mention
  std::optional<std::string> place;  // Entity::id of a location
  std::vector<std::string> actors;   // Entity::ids
  ZoneKind zone = ZoneKind::kBody;
  ByteSpan span;
  std::vector<ByteSpan> mentions;
  std::optional<Attribution> attribution;
};

// A closed range of counts; min == max for an exact figure.
struct ValueRange {
  int64_t min = 0;
  int64_t max = 0;
  friend bool operator==(const ValueRange&, const ValueRange&) = default;
};

// Who said how many of what (SCHEMA.md "Claims"). `value` is null when the number cannot be
// recovered (then `artifact` says why); a guessed number is a bug.
struct Claim {
  Quantity quantity = Quantity::kKilled;
  Group group = Group::kUnspecified;
  std::optional<std::string> label;  // the source's words for the group, as written
  std::optional<ValueRange> value;
  Approx approx = Approx::kExact;
  std::optional<Artifact> artifact;
  std::optional<Attribution> attribution;
  std::optional<std::string> as_of;  // ISO 8601: when the figure was valid
  std::optional<std::string> place;  // Entity::id
  ZoneKind zone = ZoneKind::kBody;
  ByteSpan span;
};

struct Published {
  std::optional<std::string> value;  // ISO 8601 date or datetime
  PublishedSource source = PublishedSource::kNone;
};

struct Document {
  std::string id;  // stable content id: same text -> same id (see ContentId)
  InputRef input;
  std::optional<std::string> url;
  std::optional<std::string> domain;
  std::optional<std::string> outlet;
  std::optional<std::string> title;
  std::string language = "und";  // ISO 639-1 or "und"
  Published published;
  std::string text;
  std::vector<Zone> zones;            // sorted by span.begin, non-overlapping
  std::vector<Provenance> provenance;
  std::vector<Entity> entities;  // sorted by id
  std::vector<Place> places;     // sorted by entity
  std::vector<TimeExpr> times;   // sorted by span.begin
  std::vector<Event> events;     // sorted by span.begin
  std::vector<Claim> claims;     // sorted by span.begin
  std::vector<Warning> warnings;

  std::string_view Slice(ByteSpan s) const {
    return std::string_view(text).substr(s.begin, s.end - s.begin);
  }
};

}  // namespace sitrep
