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

constexpr std::array<std::pair<EventType, std::string_view>, 15> kEventTypes{{
    {EventType::kProtest, "protest"},
    {EventType::kRiot, "riot"},
    {EventType::kArmedClash, "armed_clash"},
    {EventType::kAttack, "attack"},
    {EventType::kSeizure, "seizure"},
    {EventType::kArrest, "arrest"},
    {EventType::kSecurityOperation, "security_operation"},
    {EventType::kStateOfEmergency, "state_of_emergency"},
    {EventType::kCommunicationsShutdown, "communications_shutdown"},
    {EventType::kRequestForAssistance, "request_for_assistance"},
    {EventType::kDeployment, "deployment"},
    {EventType::kWithdrawal, "withdrawal"},
    {EventType::kGovernmentChange, "government_change"},
    {EventType::kPolicyAnnouncement, "policy_announcement"},
    {EventType::kPriceChange, "price_change"},
}};
constexpr std::array<std::pair<Quantity, std::string_view>, 5> kQuantities{{
    {Quantity::kKilled, "killed"},
    {Quantity::kInjured, "injured"},
    {Quantity::kDetained, "detained"},
    {Quantity::kDeployed, "deployed"},
    {Quantity::kParticipants, "participants"},
}};
constexpr std::array<std::pair<Group, std::string_view>, 7> kGroups{{
    {Group::kSecurityForces, "security_forces"},
    {Group::kForeignTroops, "foreign_troops"},
    {Group::kCivilians, "civilians"},
    {Group::kProtesters, "protesters"},
    {Group::kArmedGroup, "armed_group"},
    {Group::kTotal, "total"},
    {Group::kUnspecified, "unspecified"},
}};
constexpr std::array<std::pair<Approx, std::string_view>, 7> kApprox{{
    {Approx::kExact, "exact"},
    {Approx::kAbout, "about"},
    {Approx::kAtLeast, "at_least"},
    {Approx::kMoreThan, "more_than"},
    {Approx::kAtMost, "at_most"},
    {Approx::kLessThan, "less_than"},
    {Approx::kUnknown, "unknown"},
}};
constexpr std::array<std::pair<Artifact, std::string_view>, 2> kArtifacts{{
    {Artifact::kMaskedNumber, "masked_number"},
    {Artifact::kGarbledNumber, "garbled_number"},
}};

}  // namespace

std::string_view Name(EventType v) { return NameFrom(kEventTypes, v); }
std::string_view Name(Quantity v) { return NameFrom(kQuantities, v); }
std::string_view Name(Group v) { return NameFrom(kGroups, v); }
std::string_view Name(Approx v) { return NameFrom(kApprox, v); }
std::string_view Name(Artifact v) { return NameFrom(kArtifacts, v); }
bool Parse(std::string_view n, EventType* out) { return ParseFrom(kEventTypes, n, out); }
bool Parse(std::string_view n, Quantity* out) { return ParseFrom(kQuantities, n, out); }
bool Parse(std::string_view n, Group* out) { return ParseFrom(kGroups, n, out); }
bool Parse(std::string_view n, Approx* out) { return ParseFrom(kApprox, n, out); }
bool Parse(std::string_view n, Artifact* out) { return ParseFrom(kArtifacts, n, out); }
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
