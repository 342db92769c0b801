#include "report/html.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "report/escape.h"

namespace sitrep::report {
namespace {

constexpr const char* kStyle = R"(
body{font:15px/1.45 system-ui,sans-serif;margin:0 auto;max-width:70em;padding:1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:2px solid #345;margin-top:2em}h3{margin-top:1.5em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em .5em;vertical-align:top;text-align:left}
.muted{color:#666}.st-conflicting{color:#b00}.st-growing{color:#a60}.st-unresolved{color:#666}
mark{background:#ffe066}.snip{border-left:3px solid #bbb;margin:.6em 0;padding:.2em .6em;font-size:.92em}
.snip:target{border-color:#e80;background:#fff8e0}ul.tl{margin:.2em 0}a.src{font-size:.85em}
svg{background:#f4f6f8;border:1px solid #ccd}
)";

std::string E(std::string_view s) { return HtmlEscape(s); }

std::string Or(const std::optional<std::string>& s, std::string_view dflt) {
  return s ? *s : std::string(dflt);
}

std::string Num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// Ids of our own making only (story ids, counters): safe as they are, escaped anyway.
std::string SnipLink(size_t snippet, std::string_view label) {
  if (snippet == kNoSnippet) return "";
  return "<a class=\"src\" href=\"#sn-" + std::to_string(snippet) + "\">" + E(label) + "</a>";
}

std::string EntitiesLine(const std::vector<StoryEntity>& v) {
  std::string s;
  for (const StoryEntity& e : v) {
    s += (s.empty() ? "" : ", ") + E(e.name) + " <span class=\"muted\">(" +
         std::to_string(e.documents) + ")</span>";
  }
  return s.empty() ? "-" : s;
}

std::string FactName(const ReportData& data, const connect::Fact& f) {
  return std::string(Name(f.quantity)) + " / " + std::string(Name(f.group)) + " / " +
         (f.place ? NameOf(data, f.place) : "(no place)");
}

void Summary(const ReportData& data, const StoryReport& sr, std::string& out) {
  const Story& s = sr.story;
  out += "<table>";
  out += "<tr><th>Span</th><td>" + E(Or(s.first_day, "?")) + " .. " + E(Or(s.last_day, "?")) +
         "</td></tr>";
  out += "<tr><th>Documents</th><td>" + std::to_string(s.documents.size()) + " from " +
         std::to_string(s.outlets.size()) + " outlets; " + std::to_string(sr.events.size()) +
         " events; " + std::to_string(sr.facts.size()) + " figures</td></tr>";
  out += "<tr><th>Places</th><td>" + EntitiesLine(s.places) + "</td></tr>";
  out += "<tr><th>Actors</th><td>" + EntitiesLine(s.actors) + "</td></tr>";
  // What changed most recently: the last dated day's events, and figures that moved.
  std::string last_day;
  for (const ReportEvent& e : sr.events) {
    if (e.entry.day && *e.entry.day > last_day) last_day = *e.entry.day;
  }
  std::string latest;
  if (!last_day.empty()) {
    std::string items;
    for (const ReportEvent& e : sr.events) {
      if (e.entry.day != last_day) continue;
      items += (items.empty() ? "" : "; ") + std::string("<a href=\"#ev-") + E(e.id) + "\">" +
               E(Name(e.entry.type)) + (e.place_name ? " at " + E(*e.place_name) : "") + "</a>";
    }
    latest += "<b>" + E(last_day) + "</b>: " + items;
  }
  for (size_t i = 0; i < sr.facts.size(); ++i) {
    const connect::Fact& f = sr.facts[i];
    if (f.estimates.size() < 2) continue;
    const connect::Estimate& a = f.estimates[f.estimates.size() - 2];
    const connect::Estimate& b = f.estimates.back();
    if (a.min == b.min && a.max == b.max) continue;
    latest += "<br><a href=\"#fact-" + E(s.id) + "-" + std::to_string(i + 1) + "\">" +
              E(FactName(data, f)) + "</a>: " + E(RangeText(a.min, a.max)) + " (" + E(a.as_of) +
              ") &rarr; " + E(RangeText(b.min, b.max)) + " (" + E(b.as_of) + ")";
  }
  out += "<tr><th>Most recently</th><td>" + (latest.empty() ? "-" : latest) + "</td></tr>";
  out += "</table>\n";
}

void Map(const StoryReport& sr, std::string& out) {
  std::vector<const ReportEvent*> pts;
  for (const ReportEvent& e : sr.events) {
    if (e.lat && e.lon && std::isfinite(*e.lat) && std::isfinite(*e.lon)) pts.push_back(&e);
  }
  out += "<h3>Map</h3>\n";
  if (pts.empty()) {
    out += "<p class=\"muted\">No event has coordinates.</p>\n";
    return;
  }
  double lat0 = 90, lat1 = -90, lon0 = 180, lon1 = -180;
  for (const ReportEvent* e : pts) {
    lat0 = std::min(lat0, *e->lat), lat1 = std::max(lat1, *e->lat);
    lon0 = std::min(lon0, *e->lon), lon1 = std::max(lon1, *e->lon);
  }
  // Pad the box by 10% (at least half a degree) so points are not on the edge.
  double pad_lat = std::max(0.5, (lat1 - lat0) * 0.1), pad_lon = std::max(0.5, (lon1 - lon0) * 0.1);
  lat0 -= pad_lat, lat1 += pad_lat, lon0 -= pad_lon, lon1 += pad_lon;
  const double w = 640;
  // Keep one degree of latitude as long as one of longitude: widen the box, never stretch it.
  double h = std::clamp(w * (lat1 - lat0) / (lon1 - lon0), 200.0, 480.0);
  double want_lat = (lon1 - lon0) * h / w, want_lon = (lat1 - lat0) * w / h;
  if (want_lat > lat1 - lat0) {
    double mid = (lat0 + lat1) / 2;
    lat0 = mid - want_lat / 2, lat1 = mid + want_lat / 2;
  } else if (want_lon > lon1 - lon0) {
    double mid = (lon0 + lon1) / 2;
    lon0 = mid - want_lon / 2, lon1 = mid + want_lon / 2;
  }
  out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(w) + "\" height=\"" + Num(h) +
         "\" viewBox=\"0 0 " + Num(w) + " " + Num(h) + "\" role=\"img\" aria-label=\"events map\">";
  std::set<std::pair<long, long>> labelled;
  for (const ReportEvent* e : pts) {
    double x = (*e->lon - lon0) / (lon1 - lon0) * w;
    double y = (lat1 - *e->lat) / (lat1 - lat0) * h;
    std::string label = e->place_name.value_or("?");
    out += "<a href=\"#ev-" + E(e->id) + "\"><circle cx=\"" + Num(x) + "\" cy=\"" + Num(y) +
           "\" r=\"5\" fill=\"#c33\" fill-opacity=\"0.7\"><title>" +
           E(Or(e->entry.day, "undated") + " " + std::string(Name(e->entry.type)) + " - " + label) +
           "</title></circle></a>";
    if (labelled.insert({std::lround(x), std::lround(y)}).second) {
      bool right = x > w * 0.7;  // labels of points near the right edge go to their left
      out += "<text x=\"" + Num(right ? x - 7 : x + 7) + "\" y=\"" + Num(y + 4) +
             "\" font-size=\"11\"" + (right ? " text-anchor=\"end\"" : "") + ">" + E(label) +
             "</text>";
    }
  }
  out += "</svg>\n<p class=\"muted\">Points placed by latitude and longitude (equirectangular, "
         "box " + Num(lat0) + ".." + Num(lat1) + " N, " + Num(lon0) + ".." + Num(lon1) +
         " E); no base map.</p>\n";
}

void Timeline(const StoryReport& sr, std::string& out) {
  out += "<h3>Events by day</h3>\n";
  if (sr.events.empty()) {
    out += "<p class=\"muted\">No events.</p>\n";
    return;
  }
  std::string day = "\x01";
  bool open = false;
  for (const ReportEvent& e : sr.events) {
    std::string d = Or(e.entry.day, "undated");
    if (d != day) {
      if (open) out += "</ul>\n";
      out += "<h4>" + E(d) + "</h4><ul class=\"tl\">\n";
      open = true;
      day = d;
    }
    out += "<li id=\"ev-" + E(e.id) + "\"><b>" + E(Name(e.entry.type)) + "</b>";
    if (e.place_name) out += " at " + E(*e.place_name);
    if (!e.actors.empty()) {
      std::string a;
      for (const std::string& s : e.actors) a += (a.empty() ? "" : ", ") + s;
      out += " <span class=\"muted\">(" + E(a) + ")</span>";
    }
    if (e.entry.day && !e.entry.dated_by_event) {
      out += " <span class=\"muted\">[day of the report]</span>";
    }
    out += " &mdash; ";
    for (size_t k = 0; k < e.entry.sources.size(); ++k) {
      const auto& src = e.entry.sources[k];
      std::string label = src.outlet.value_or(src.doc.substr(0, 12)) + (src.relay ? " (relay)" : "");
      out += (k ? ", " : "") + (e.snippets[k] == kNoSnippet ? E(label) : SnipLink(e.snippets[k], label));
    }
    out += "</li>\n";
  }
  if (open) out += "</ul>\n";
}

// A small chart of the figures over time: each counted report as a dot (lower figure), the
// estimate's lower figure as a line.
std::string Chart(const connect::Fact& f) {
  std::vector<std::string> days;
  int64_t top = 0;
  for (const connect::LedgerReport& r : f.reports) {
    if (!r.day || !r.claim.value) continue;
    if (std::find(days.begin(), days.end(), *r.day) == days.end()) days.push_back(*r.day);
    top = std::max(top, r.claim.value->max);
  }
  if (days.empty()) return "";
  std::sort(days.begin(), days.end());
  const double w = 160, h = 44, m = 5;
  auto X = [&](const std::string& d) {
    size_t i = std::find(days.begin(), days.end(), d) - days.begin();
    return days.size() == 1 ? w / 2 : m + (w - 2 * m) * static_cast<double>(i) / (days.size() - 1);
  };
  auto Y = [&](int64_t v) {
    return top <= 0 ? h - m : h - m - (h - 2 * m) * static_cast<double>(v) / static_cast<double>(top);
  };
  std::string svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"160\" height=\"44\" "
                    "viewBox=\"0 0 160 44\" role=\"img\" aria-label=\"figures over time\">";
  std::string line;
  for (const connect::Estimate& e : f.estimates) {
    if (std::find(days.begin(), days.end(), e.as_of) == days.end()) continue;
    line += (line.empty() ? "" : " ") + Num(X(e.as_of)) + "," + Num(Y(e.min));
  }
  if (!line.empty()) {
    svg += "<polyline points=\"" + line + "\" fill=\"none\" stroke=\"#357\" stroke-width=\"1.5\"/>";
  }
  for (const connect::LedgerReport& r : f.reports) {
    if (!r.day || !r.claim.value) continue;
    svg += "<circle cx=\"" + Num(X(*r.day)) + "\" cy=\"" + Num(Y(r.claim.value->min)) +
           "\" r=\"2.5\" fill=\"" + (r.counted ? "#c33" : "#aaa") + "\"><title>" +
           E(*r.day + ": " + RangeText(r.claim.value->min, r.claim.value->max)) + "</title></circle>";
  }
  svg += "<text x=\"2\" y=\"10\" font-size=\"9\" fill=\"#666\">" + std::to_string(top) + "</text>";
  return svg + "</svg>";
}

void Ledger(const ReportData& data, const StoryReport& sr, std::string& out) {
  out += "<h3>Claims ledger</h3>\n";
  if (sr.facts.empty()) {
    out += "<p class=\"muted\">No figures.</p>\n";
    return;
  }
  for (size_t i = 0; i < sr.facts.size(); ++i) {
    const connect::Fact& f = sr.facts[i];
    std::string status(connect::Name(f.status));
    std::string estimate = "no estimate";
    if (auto e = f.estimate()) estimate = "estimate " + RangeText(e->min, e->max) + " as of " + e->as_of;
    out += "<div id=\"fact-" + E(sr.story.id) + "-" + std::to_string(i + 1) + "\"><h4>" +
           E(FactName(data, f)) + ": <span class=\"st-" + E(status) + "\">" + E(status) +
           "</span>, " + E(estimate) + "</h4>" + Chart(f) + "\n<table><tr><th>day</th><th>value</th>"
           "<th>approx</th><th>outlet</th><th>according to</th><th>words</th><th>note</th><th>"
           "source</th></tr>\n";
    for (size_t k = 0; k < f.reports.size(); ++k) {
      const connect::LedgerReport& r = f.reports[k];
      const Claim& c = r.claim;
      std::string value = c.value ? RangeText(c.value->min, c.value->max)
                                  : std::string(c.artifact ? Name(*c.artifact) : "null");
      std::string note;
      if (c.zone != ZoneKind::kBody) note += "comment ";
      if (r.relay_of) note += "relay ";
      if (!r.counted) note += "not counted";
      out += "<tr><td>" + E(Or(r.day, "?")) + "</td><td>" + E(value) + "</td><td>" +
             E(Name(c.approx)) + "</td><td>" + E(Or(r.outlet, "?")) + "</td><td>" +
             (c.attribution ? E(c.attribution->name) : "") + "</td><td>" +
             (c.label ? E(*c.label) : "") + "</td><td>" + E(note) + "</td><td>" +
             SnipLink(sr.fact_snippets[i][k], "snippet") + "</td></tr>\n";
    }
    out += "</table></div>\n";
  }
}

void Sources(const StoryReport& sr, std::string& out) {
  out += "<h3>Sources</h3>\n<table><tr><th>outlet</th><th>languages</th><th>documents</th>"
         "<th>relays</th><th>words for the groups involved</th></tr>\n";
  for (const OutletSummary& o : sr.outlets) {
    std::string langs, relays, labels;
    for (const std::string& l : o.languages) langs += (langs.empty() ? "" : ", ") + l;
    for (const std::string& r : o.relays) relays += (relays.empty() ? "" : ", ") + r;
    for (const auto& [group, words] : o.labels) {
      std::string w;
      for (const std::string& s : words) w += (w.empty() ? "\"" : "\", \"") + s;
      labels += (labels.empty() ? "" : "<br>") + E(group) + ": " + E(w + "\"");
    }
    out += "<tr><td>" + E(o.name) + "</td><td>" + E(langs) + "</td><td>" +
           std::to_string(o.documents) + "</td><td>" + (relays.empty() ? "-" : E(relays)) +
           "</td><td>" + (labels.empty() ? "-" : labels) + "</td></tr>\n";
  }
  out += "</table>\n";
  // The same words side by side: one row per group, one column per outlet that labels it.
  std::vector<const OutletSummary*> cols;
  std::set<std::string> groups;
  for (const OutletSummary& o : sr.outlets) {
    if (o.labels.empty() || cols.size() >= 12) continue;
    cols.push_back(&o);
    for (const auto& [group, words] : o.labels) groups.insert(group);
  }
  if (cols.size() < 2) return;
  out += "<h4>Words for the groups involved, by outlet</h4>\n<table><tr><th>group</th>";
  for (const OutletSummary* o : cols) out += "<th>" + E(o->name) + "</th>";
  out += "</tr>\n";
  for (const std::string& g : groups) {
    out += "<tr><th>" + E(g) + "</th>";
    for (const OutletSummary* o : cols) {
      auto it = o->labels.find(g);
      std::string w;
      if (it != o->labels.end()) {
        for (const std::string& s : it->second) w += (w.empty() ? "" : ", ") + s;
      }
      out += "<td>" + (w.empty() ? std::string("-") : E(w)) + "</td>";
    }
    out += "</tr>\n";
  }
  out += "</table>\n";
}

void Warnings(const StoryReport& sr, std::string& out) {
  out += "<h3>Warnings</h3>\n";
  if (sr.warnings.empty()) {
    out += "<p class=\"muted\">None.</p>\n";
    return;
  }
  out += "<ul>\n";
  for (const ReportWarning& w : sr.warnings) {
    out += "<li><code>" + E(w.code) + "</code> " + E(w.message) + " " +
           SnipLink(w.snippet, "snippet") + "</li>\n";
  }
  out += "</ul>\n";
}

void Snippets(const ReportData& data, std::string& out) {
  out += "<h2 id=\"snippets\">Source snippets</h2>\n";
  for (size_t i = 0; i < data.snippets.size(); ++i) {
    const Snippet& s = data.snippets[i];
    out += "<div class=\"snip\" id=\"sn-" + std::to_string(i) + "\"><div class=\"muted\">" +
           E(Or(s.outlet, "(unknown outlet)")) + " &middot; " + E(Or(s.published, "undated")) +
           " &middot; " + E(s.language) + " &middot; <code>" + E(s.doc.substr(0, 16)) + "</code> [" +
           std::to_string(s.start) + ", " + std::to_string(s.end) + ")" +
           (s.title ? " &middot; " + E(*s.title) : "") + "</div>&hellip;" + E(s.before) + "<mark>" +
           E(s.match) + "</mark>" + E(s.after) + "&hellip;</div>\n";
  }
  if (data.snippets_dropped > 0) {
    out += "<p class=\"muted\">" + std::to_string(data.snippets_dropped) +
           " snippets left out (limit reached).</p>\n";
  }
}

}  // namespace

std::string RenderHtml(const ReportData& data, const HtmlOptions& options) {
  std::string out =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
      "style-src 'unsafe-inline'; img-src data:\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
      E(options.title) + "</title><style>" + kStyle + "</style></head><body>\n<h1>" +
      E(options.title) + "</h1>\n";
  if (!options.generated.empty()) {
    out += "<p class=\"muted\">Generated " + E(options.generated) + " by sitrep.</p>\n";
  }
  if (data.stories.size() > 1) {
    out += "<ul>";
    for (const StoryReport& sr : data.stories) {
      out += "<li><a href=\"#story-" + E(sr.story.id) + "\">" + E(sr.story.title) + "</a> (" +
             std::to_string(sr.story.documents.size()) + " documents)</li>";
    }
    out += "</ul>\n";
  }
  for (const StoryReport& sr : data.stories) {
    out += "<section id=\"story-" + E(sr.story.id) + "\"><h2>" + E(sr.story.title) +
           " <span class=\"muted\">" + E(sr.story.id) + "</span></h2>\n";
    Summary(data, sr, out);
    Map(sr, out);
    Timeline(sr, out);
    Ledger(data, sr, out);
    Sources(sr, out);
    Warnings(sr, out);
    out += "</section>\n";
  }
  if (data.warnings_dropped > 0) {
    out += "<p class=\"muted\">" + std::to_string(data.warnings_dropped) +
           " warnings left out (limit reached).</p>\n";
  }
  Snippets(data, out);
  out += "</body></html>\n";
  return out;
}

}  // namespace sitrep::report
