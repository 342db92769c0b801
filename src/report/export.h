// `sitrep export` (issue 6): the events and the ledger of a ReportData as machine formats.
//
// - Json: JSON Lines; one `sitrep.event/1` object per event (story, id, day, type, place with
//   coordinates, actors, sources with snippets), then one `sitrep.ledger/1` object per fact.
// - Csv: events as CSV (RFC 4180, CRLF line ends, header row: kCsvColumns).
// - GeoJson: a FeatureCollection of the events that have coordinates (Point [lon, lat]);
//   `*skipped` receives the number left out for lack of coordinates.
// - Acled: ACLED-style CSV, columns kAcledColumns in ACLED's order, one row per event; event
//   types mapped through resources/common/acled_mapping.tsv (AcledMapping); fatalities are the
//   ledger's estimate (lower figure) of `killed` for the event's story and place, else 0.
//
// Thread safety: pure functions of their arguments.
#pragma once

#include <array>
#include <map>
#include <string>
#include <string_view>

#include "lang/resources.h"
#include "report/model.h"

namespace sitrep::report {

inline constexpr std::array<std::string_view, 17> kCsvColumns = {
    "story", "event_id", "day", "dated_by_event", "type", "place", "place_name", "country",
    "latitude", "longitude", "actors", "sources", "outlets", "doc", "start", "end", "snippet"};

inline constexpr std::array<std::string_view, 31> kAcledColumns = {
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "iso", "region", "country", "admin1", "admin2", "admin3",
    "location", "latitude", "longitude", "geo_precision", "source", "source_scale", "notes",
    "fatalities", "tags", "timestamp"};

struct AcledType {
  std::string disorder_type, event_type, sub_event_type;
};
// EventType name ("protest") -> ACLED names.
using AcledMapping = std::map<std::string, AcledType, std::less<>>;
// Loads resources/common/acled_mapping.tsv. Corrupt when a row names an unknown event type or an
// event type has no row.
Result<AcledMapping> LoadAcledMapping(const lang::Resources& resources);

std::string ExportJson(const ReportData& data);
std::string ExportCsv(const ReportData& data);
std::string ExportGeoJson(const ReportData& data, size_t* skipped);
std::string ExportAcled(const ReportData& data, const AcledMapping& mapping);

// The plain text of a snippet on one line ("... before [match] after ..."), for notes columns.
std::string SnippetLine(const ReportData& data, size_t snippet);

}  // namespace sitrep::report
