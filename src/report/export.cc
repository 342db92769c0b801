#include "report/export.h"

#include <algorithm>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "report/escape.h"

namespace sitrep::report {
namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json OptD(const std::optional<double>& d) { return d ? json(*d) : json(nullptr); }

std::string Coord(const std::optional<double>& d) {
  if (!d) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.5f", *d);
  return buf;
}

std::string OneLine(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return out;
}

std::string Join(const std::vector<std::string>& v, std::string_view sep) {
  std::string out;
  for (const std::string& s : v) out += (out.empty() ? "" : std::string(sep)) + s;
  return out;
}

std::vector<std::string> Outlets(const ReportEvent& e) {
  std::vector<std::string> out;
  for (const auto& src : e.entry.sources) {
    std::string o = src.outlet.value_or("(unknown)");
    if (std::find(out.begin(), out.end(), o) == out.end()) out.push_back(o);
  }
  return out;
}

void Row(std::string& out, const std::vector<std::string>& fields, bool guard) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += CsvField(fields[i], guard);
  }
  out += "\r\n";
}

json EventJson(const ReportData& data, const ReportEvent& e) {
  json sources = json::array();
  for (size_t k = 0; k < e.entry.sources.size(); ++k) {
    const auto& src = e.entry.sources[k];
    sources.push_back({{"doc", src.doc}, {"outlet", Opt(src.outlet)}, {"start", src.start},
                       {"end", src.end}, {"relay", src.relay},
                       {"snippet", e.snippets[k] == kNoSnippet
                                       ? json(nullptr)
                                       : json(SnippetLine(data, e.snippets[k]))}});
  }
  return {{"schema", "sitrep.event/1"},
          {"story", e.entry.story},
          {"id", e.id},
          {"day", Opt(e.entry.day)},
          {"dated_by_event", e.entry.dated_by_event},
          {"type", std::string(Name(e.entry.type))},
          {"place", Opt(e.entry.place)},
          {"place_name", Opt(e.place_name)},
          {"country", Opt(e.country)},
          {"lat", OptD(e.lat)},
          {"lon", OptD(e.lon)},
          {"actors", e.actors},
          {"sources", std::move(sources)}};
}

// Lower estimate of `killed` at the event's story and place: the `total` fact when there is one,
// else the sum over groups.
int64_t Fatalities(const StoryReport& sr, const ReportEvent& e) {
  if (!e.entry.place) return 0;
  int64_t total = -1, sum = 0;
  for (const connect::Fact& f : sr.facts) {
    if (f.quantity != Quantity::kKilled || f.place != e.entry.place) continue;
    auto est = f.estimate();
    if (!est) continue;
    if (f.group == Group::kTotal) total = std::max(total, est->min);
    else sum += est->min;
  }
  return total >= 0 ? std::max(total, sum) : sum;
}

}  // namespace

std::string SnippetLine(const ReportData& data, size_t snippet) {
  if (snippet >= data.snippets.size()) return "";
  const Snippet& s = data.snippets[snippet];
  return OneLine("..." + s.before + "[" + s.match + "]" + s.after + "...");
}

Result<AcledMapping> LoadAcledMapping(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(base::TsvTable t,
                          resources.Common("acled_mapping.tsv",
                                           {"type", "disorder_type", "event_type",
                                            "sub_event_type"}));
  AcledMapping m;
  int ct = t.Column("type"), cd = t.Column("disorder_type"), ce = t.Column("event_type"),
      cs = t.Column("sub_event_type");
  for (const base::TsvRow& row : t.rows) {
    EventType type;
    if (!Parse(row.fields[ct], &type)) {
      return Corrupt(t.Where(row) + ": unknown event type '" + row.fields[ct] + "'");
    }
    m[row.fields[ct]] = {row.fields[cd], row.fields[ce], row.fields[cs]};
  }
  for (int i = 0; i <= static_cast<int>(EventType::kPriceChange); ++i) {
    std::string name(Name(static_cast<EventType>(i)));
    if (!m.count(name)) return Corrupt(t.path + ": no row for event type '" + name + "'");
  }
  return m;
}

std::string ExportJson(const ReportData& data) {
  std::string out;
  for (const StoryReport& sr : data.stories) {
    for (const ReportEvent& e : sr.events) out += Dump(EventJson(data, e)) + "\n";
  }
  for (const StoryReport& sr : data.stories) {
    for (const connect::Fact& f : sr.facts) out += connect::FactToJson(f) + "\n";
  }
  return out;
}

std::string ExportCsv(const ReportData& data) {
  std::string out;
  Row(out, std::vector<std::string>(kCsvColumns.begin(), kCsvColumns.end()), false);
  for (const StoryReport& sr : data.stories) {
    for (const ReportEvent& e : sr.events) {
      const auto* first = e.entry.sources.empty() ? nullptr : &e.entry.sources.front();
      Row(out,
          {e.entry.story, e.id, e.entry.day.value_or(""), e.entry.dated_by_event ? "1" : "0",
           std::string(Name(e.entry.type)), e.entry.place.value_or(""),
           e.place_name.value_or(""), e.country.value_or(""), Coord(e.lat), Coord(e.lon),
           Join(e.actors, "; "), std::to_string(e.entry.sources.size()), Join(Outlets(e), "; "),
           first ? first->doc : "", first ? std::to_string(first->start) : "",
           first ? std::to_string(first->end) : "",
           e.snippets.empty() ? "" : SnippetLine(data, e.snippets.front())},
          true);
    }
  }
  return out;
}

std::string ExportGeoJson(const ReportData& data, size_t* skipped) {
  json features = json::array();
  size_t left_out = 0;
  for (const StoryReport& sr : data.stories) {
    for (const ReportEvent& e : sr.events) {
      if (!e.lat || !e.lon) {
        ++left_out;
        continue;
      }
      json props = EventJson(data, e);
      props.erase("schema");
      features.push_back({{"type", "Feature"},
                          {"id", e.id},
                          {"geometry", {{"type", "Point"}, {"coordinates", {*e.lon, *e.lat}}}},
                          {"properties", std::move(props)}});
    }
  }
  if (skipped) *skipped = left_out;
  return Dump({{"type", "FeatureCollection"}, {"features", std::move(features)}}) + "\n";
}

std::string ExportAcled(const ReportData& data, const AcledMapping& mapping) {
  std::string out;
  Row(out, std::vector<std::string>(kAcledColumns.begin(), kAcledColumns.end()), false);
  for (const StoryReport& sr : data.stories) {
    for (const ReportEvent& e : sr.events) {
      std::string type(Name(e.entry.type));
      auto m = mapping.find(type);
      AcledType at = m == mapping.end() ? AcledType{} : m->second;
      std::string day = e.entry.day.value_or("");
      std::vector<std::string> outlets = Outlets(e);
      std::string actor1 = e.actors.size() > 0 ? e.actors[0] : "";
      std::string actor2 = e.actors.size() > 1 ? e.actors[1] : "";
      std::string notes = e.snippets.empty() ? "" : SnippetLine(data, e.snippets.front());
      std::map<std::string_view, std::string> f = {
          {"event_id_cnty", e.id},
          {"event_date", day},
          {"year", day.size() >= 4 ? day.substr(0, 4) : ""},
          // 1: the text dates the event to the day; 2: only the report's day is known.
          {"time_precision", day.empty() ? "" : e.entry.dated_by_event ? "1" : "2"},
          {"disorder_type", at.disorder_type},
          {"event_type", at.event_type},
          {"sub_event_type", at.sub_event_type},
          {"actor1", actor1},
          {"actor2", actor2},
          {"country", e.country.value_or("")},
          {"location", e.place_name.value_or("")},
          // A first-level region is ACLED's admin1; geo_precision 1 for a town or site, 3 for a
          // region or a country (ACLED's codebook: the event is only known to a larger area).
          {"admin1", e.place_kind == PlaceKind::kRegion ? e.place_name.value_or("") : ""},
          {"geo_precision", !e.place_kind ? ""
                            : *e.place_kind == PlaceKind::kCity || *e.place_kind == PlaceKind::kSite
                                ? "1"
                                : "3"},
          {"latitude", Coord(e.lat)},
          {"longitude", Coord(e.lon)},
          {"source", Join(outlets, "; ")},
          {"notes", notes},
          {"fatalities", std::to_string(Fatalities(sr, e))},
          {"tags", "sitrep_type=" + type + "; story=" + e.entry.story},
      };
      std::vector<std::string> fields;
      for (std::string_view col : kAcledColumns) {
        auto it = f.find(col);
        fields.push_back(it == f.end() ? "" : it->second);
      }
      Row(out, fields, true);
    }
  }
  return out;
}

}  // namespace sitrep::report
