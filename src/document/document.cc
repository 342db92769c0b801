#include "sitrep/document.h"

#include <array>
#include <utility>

namespace sitrep {
namespace {

template <typename E, size_t N>
bool ParseFrom(const std::array<std::pair<E, std::string_view>, N>& table, std::string_view name,
               E* out) {
  for (const auto& [value, n] : table) {
    if (n == name) {
      *out = value;
      return true;
    }
  }
  return false;
}

template <typename E, size_t N>
std::string_view NameFrom(const std::array<std::pair<E, std::string_view>, N>& table, E v) {
  for (const auto& [value, n] : table) {
    if (value == v) return n;
  }
  return "?";
}

constexpr std::array<std::pair<InputFormat, std::string_view>, 6> kFormats{{
    {InputFormat::kText, "text"},
    {InputFormat::kHtml, "html"},
    {InputFormat::kJsonl, "jsonl"},
    {InputFormat::kWarc, "warc"},
    {InputFormat::kTelegram, "telegram"},
    {InputFormat::kRss, "rss"},
}};
constexpr std::array<std::pair<ZoneKind, std::string_view>, 5> kZones{{
    {ZoneKind::kTitle, "title"},
    {ZoneKind::kBody, "body"},
    {ZoneKind::kRelated, "related"},
    {ZoneKind::kComment, "comment"},
    {ZoneKind::kBoilerplate, "boilerplate"},
}};
constexpr std::array<std::pair<ProvenanceRelation, std::string_view>, 4> kRelations{{
    {ProvenanceRelation::kTranslationOf, "translation_of"},
    {ProvenanceRelation::kRepublishedFrom, "republished_from"},
    {ProvenanceRelation::kExcerptOf, "excerpt_of"},
    {ProvenanceRelation::kQuotes, "quotes"},
}};
constexpr std::array<std::pair<PublishedSource, std::string_view>, 4> kPublished{{
    {PublishedSource::kMetadata, "metadata"},
    {PublishedSource::kText, "text"},
    {PublishedSource::kComments, "comments"},
    {PublishedSource::kNone, "none"},
}};

constexpr std::array<std::pair<EntityType, std::string_view>, 3> kEntityTypes{{
    {EntityType::kPerson, "person"},
    {EntityType::kOrganization, "organization"},
    {EntityType::kLocation, "location"},
}};
constexpr std::array<std::pair<PlaceKind, std::string_view>, 4> kPlaceKinds{{
    {PlaceKind::kCountry, "country"},
    {PlaceKind::kRegion, "region"},
    {PlaceKind::kCity, "city"},
    {PlaceKind::kSite, "site"},
}};
constexpr std::array<std::pair<Granularity, std::string_view>, 5> kGranularities{{
    {Granularity::kDatetime, "datetime"},
    {Granularity::kDay, "day"},
    {Granularity::kWeek, "week"},
    {Granularity::kMonth, "month"},
    {Granularity::kYear, "year"},
}};

}  // namespace

std::string_view Name(EntityType v) { return NameFrom(kEntityTypes, v); }
std::string_view Name(PlaceKind v) { return NameFrom(kPlaceKinds, v); }
std::string_view Name(Granularity v) { return NameFrom(kGranularities, v); }
bool Parse(std::string_view n, EntityType* out) { return ParseFrom(kEntityTypes, n, out); }
bool Parse(std::string_view n, PlaceKind* out) { return ParseFrom(kPlaceKinds, n, out); }
bool Parse(std::string_view n, Granularity* out) { return ParseFrom(kGranularities, n, out); }
std::string_view Name(InputFormat v) { return NameFrom(kFormats, v); }
std::string_view Name(ZoneKind v) { return NameFrom(kZones, v); }
std::string_view Name(ProvenanceRelation v) { return NameFrom(kRelations, v); }
std::string_view Name(PublishedSource v) { return NameFrom(kPublished, v); }
bool Parse(std::string_view n, InputFormat* out) { return ParseFrom(kFormats, n, out); }
bool Parse(std::string_view n, ZoneKind* out) { return ParseFrom(kZones, n, out); }
bool Parse(std::string_view n, ProvenanceRelation* out) { return ParseFrom(kRelations, n, out); }
bool Parse(std::string_view n, PublishedSource* out) { return ParseFrom(kPublished, n, out); }

}  // namespace sitrep
