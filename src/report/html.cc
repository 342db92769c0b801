#include "report/html.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <numbers>
#include <map>
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
svg{background:#f4f6f8;border:1px solid #ccd}svg.map{background:#dbe7ef}
ul.legend{list-style:none;padding:0;margin:.3em 0}ul.legend li{display:inline-block;margin-right:1em}ul.legend svg{border:0;background:none;vertical-align:middle}
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
              E(FactName(data, f)) + "</a>: " + E(RangeText(a.min, a.max)) + " (" + E(connect::AsOfText(a)) +
              ") &rarr; " + E(RangeText(b.min, b.max)) + " (" + E(connect::AsOfText(b)) + ")";
  }
  out += "<tr><th>Most recently</th><td>" + (latest.empty() ? "-" : latest) + "</td></tr>";
  out += "</table>\n";
}

// One colour per event type (indexed by the enum's value), for points and legend.
constexpr const char* kTypeColours[] = {
    "#1f77b4", "#ff7f0e", "#d62728", "#8c1c13", "#6b4c9a", "#9467bd", "#8c564b", "#e377c2",
    "#c2185b", "#17becf", "#2ca02c", "#98a62c", "#7f7f7f", "#5d6d7e", "#bcbd22"};

const char* TypeColour(EventType t) {
  size_t i = static_cast<size_t>(t);
  return i < std::size(kTypeColours) ? kTypeColours[i] : "#444";
}

// A point's radius from its number of reports: 4 px for one, growing with the square root
// (area with the count), at most 14.
double Radius(size_t reports) {
  return std::min(14.0, 4.0 + 2.5 * std::sqrt(static_cast<double>(reports > 0 ? reports - 1 : 0)));
}

// Web Mercator, scaled to a w x h box that shows [lon0, lon1] x [lat0, lat1].
struct MapView {
  double w = 640, h = 360;
  double x0 = 0, x1 = 1, y0 = 0, y1 = 1;  // in projected units (radians, Mercator y)
  static double Mx(double lon) { return lon * std::numbers::pi / 180; }
  static double My(double lat) {
    lat = std::clamp(lat, -85.0, 85.0);
    return std::log(std::tan(std::numbers::pi / 4 + lat * std::numbers::pi / 360));
  }
  static double Lat(double y) { return std::atan(std::sinh(y)) * 180 / std::numbers::pi; }
  double X(double lon) const { return (Mx(lon) - x0) / (x1 - x0) * w; }
  double Y(double lat) const { return (y1 - My(lat)) / (y1 - y0) * h; }
  double lon0() const { return x0 * 180 / std::numbers::pi; }
  double lon1() const { return x1 * 180 / std::numbers::pi; }
  double lat0() const { return Lat(y0); }
  double lat1() const { return Lat(y1); }
};

// The view of the points' bounding box with a margin (15%, at least 1.5 degrees: enough of the
// country around a single town to recognise it), never stretched: the shorter side grows.
MapView ViewOf(double lat0, double lat1, double lon0, double lon1) {
  double pad_lat = std::max(1.5, (lat1 - lat0) * 0.15), pad_lon = std::max(1.5, (lon1 - lon0) * 0.15);
  lat0 = std::max(-85.0, lat0 - pad_lat), lat1 = std::min(85.0, lat1 + pad_lat);
  lon0 = std::max(-180.0, lon0 - pad_lon), lon1 = std::min(180.0, lon1 + pad_lon);
  MapView v;
  v.x0 = MapView::Mx(lon0), v.x1 = MapView::Mx(lon1);
  v.y0 = MapView::My(lat0), v.y1 = MapView::My(lat1);
  double h = v.w * (v.y1 - v.y0) / (v.x1 - v.x0);
  v.h = std::clamp(h, 240.0, 480.0);
  if (h > v.h) {  // too tall: widen
    double want = (v.y1 - v.y0) * v.w / v.h, mid = (v.x0 + v.x1) / 2;
    v.x0 = mid - want / 2, v.x1 = mid + want / 2;
  } else if (h < v.h) {  // too flat: heighten
    double want = (v.x1 - v.x0) * v.h / v.w, mid = (v.y0 + v.y1) / 2;
    v.y0 = mid - want / 2, v.y1 = mid + want / 2;
  }
  return v;
}

using Pt = std::pair<double, double>;

// Sutherland-Hodgman: the part of polygon `in` inside [lo, hi] on axis `axis` (0 x, 1 y).
std::vector<Pt> ClipAxis(const std::vector<Pt>& in, int axis, double lo, double hi) {
  std::vector<Pt> out = in;
  for (int side = 0; side < 2; ++side) {
    std::vector<Pt> src;
    src.swap(out);
    if (src.empty()) break;
    auto coord = [&](const Pt& p) { return axis == 0 ? p.first : p.second; };
    auto inside = [&](const Pt& p) { return side == 0 ? coord(p) >= lo : coord(p) <= hi; };
    double edge = side == 0 ? lo : hi;
    for (size_t i = 0; i < src.size(); ++i) {
      const Pt& a = src[(i + src.size() - 1) % src.size()];
      const Pt& b = src[i];
      bool ia = inside(a), ib = inside(b);
      if (ia != ib) {
        double t = (edge - coord(a)) / (coord(b) - coord(a));
        out.emplace_back(a.first + t * (b.first - a.first), a.second + t * (b.second - a.second));
      }
      if (ib) out.push_back(b);
    }
  }
  return out;
}

// The country outlines seen in `view`, as one <path> per country (rings projected, clipped a
// little beyond the view, points closer than half a pixel merged).
std::string BaseMapPaths(const Basemap& map, const MapView& view) {
  const double margin = 8;
  double vlon0 = view.lon0(), vlon1 = view.lon1(), vlat0 = view.lat0(), vlat1 = view.lat1();
  std::vector<std::pair<std::string, std::string>> paths;  // country name, d
  std::map<std::string, size_t> index;
  for (const BasemapPolygon& p : map.polygons) {
    if (p.maxlon < vlon0 || p.minlon > vlon1 || p.maxlat < vlat0 || p.minlat > vlat1) continue;
    std::string d;
    for (const auto& ring : p.rings) {
      std::vector<Pt> pts;
      pts.reserve(ring.size());
      for (const auto& [lon, lat] : ring) pts.emplace_back(view.X(lon), view.Y(lat));
      pts = ClipAxis(pts, 0, -margin, view.w + margin);
      pts = ClipAxis(pts, 1, -margin, view.h + margin);
      if (pts.size() < 3) continue;
      std::string r;
      Pt last{1e18, 1e18};
      size_t kept = 0;
      for (const Pt& q : pts) {
        if (std::abs(q.first - last.first) < 0.5 && std::abs(q.second - last.second) < 0.5) continue;
        r += (kept == 0 ? "M" : "L") + Num(q.first) + " " + Num(q.second);
        last = q;
        ++kept;
      }
      if (kept >= 3) d += r + "Z";
    }
    if (d.empty()) continue;
    auto [it, fresh] = index.emplace(p.name, paths.size());
    if (fresh) paths.emplace_back(p.name, "");
    paths[it->second].second += d;
  }
  std::string out = "<g fill=\"#f2efe6\" stroke=\"#a9a392\" stroke-width=\"0.6\" fill-rule=\"evenodd\">";
  for (const auto& [name, d] : paths) {
    out += "<path d=\"" + d + "\"><title>" + E(name) + "</title></path>";
  }
  return out + "</g>";
}

// The base maps of one report together stay under this size: a store of thousands of stories
// would otherwise carry their outlines thousands of times. Later maps show points only.
constexpr size_t kBaseMapBudget = 4u << 20;

void Map(const StoryReport& sr, const Basemap* basemap, size_t* budget, std::string& out) {
  std::vector<const ReportEvent*> pts;
  for (const ReportEvent& e : sr.events) {
    if (e.lat && e.lon && std::isfinite(*e.lat) && std::isfinite(*e.lon) && std::abs(*e.lat) <= 90 &&
        std::abs(*e.lon) <= 180) {
      pts.push_back(&e);
    }
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
  MapView view = ViewOf(lat0, lat1, lon0, lon1);
  out += "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + Num(view.w) +
         "\" height=\"" + Num(view.h) + "\" viewBox=\"0 0 " + Num(view.w) + " " + Num(view.h) +
         "\" role=\"img\" aria-label=\"events map\">";
  bool drawn = false;
  if (basemap && *budget > 0) {
    std::string paths = BaseMapPaths(*basemap, view);
    if (paths.size() <= *budget) {
      *budget -= paths.size();
      out += paths;
      drawn = true;
    } else {
      *budget = 0;
    }
  }
  // Larger points first, so that small ones stay clickable on top of them.
  std::vector<const ReportEvent*> order = pts;
  std::stable_sort(order.begin(), order.end(), [](const ReportEvent* a, const ReportEvent* b) {
    return a->entry.sources.size() > b->entry.sources.size();
  });
  std::map<EventType, size_t> types;
  for (const ReportEvent* e : order) {
    double x = view.X(*e->lon), y = view.Y(*e->lat);
    size_t n = e->entry.sources.size();
    ++types[e->entry.type];
    out += "<a href=\"#ev-" + E(e->id) + "\"><circle class=\"ev\" cx=\"" + Num(x) + "\" cy=\"" +
           Num(y) + "\" r=\"" + Num(Radius(n)) + "\" fill=\"" + TypeColour(e->entry.type) +
           "\" fill-opacity=\"0.75\" stroke=\"#fff\" stroke-width=\"0.8\"><title>" +
           E(Or(e->entry.day, "undated") + " " + std::string(Name(e->entry.type)) + " - " +
             e->place_name.value_or("?") + " (" + std::to_string(n) +
             (n == 1 ? " report)" : " reports)")) +
           "</title></circle></a>";
  }
  // One label per place, never over another label (approximate text boxes: 6.5 px a character).
  std::vector<std::array<double, 4>> boxes;
  std::set<std::string> labelled;
  for (const ReportEvent* e : pts) {
    double x = view.X(*e->lon), y = view.Y(*e->lat);
    std::string name = e->place_name.value_or("?");
    if (!labelled.insert(name).second) continue;
    bool right = x > view.w * 0.7;  // labels of points near the right edge go to their left
    double off = Radius(e->entry.sources.size()) + 3;
    size_t chars = name.size() - std::count_if(name.begin(), name.end(), [](char c) {
                     return (static_cast<uint8_t>(c) & 0xC0) == 0x80;  // continuation bytes
                   });
    double len = 6.5 * static_cast<double>(chars);
    std::array<double, 4> box = {right ? x - off - len : x + off, y - 8, right ? x - off : x + off + len,
                                 y + 4};
    bool overlaps = std::any_of(boxes.begin(), boxes.end(), [&](const std::array<double, 4>& b) {
      return box[0] < b[2] && b[0] < box[2] && box[1] < b[3] && b[1] < box[3];
    });
    if (overlaps) continue;
    boxes.push_back(box);
    out += "<text x=\"" + Num(right ? x - off : x + off) + "\" y=\"" + Num(y + 4) +
           "\" font-size=\"11\"" + (right ? " text-anchor=\"end\"" : "") + ">" +
           E(name) + "</text>";
  }
  out += "</svg>\n<ul class=\"legend\">";
  for (const auto& [type, count] : types) {
    out += "<li><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"12\" height=\"12\" "
           "viewBox=\"0 0 12 12\"><circle cx=\"6\" cy=\"6\" r=\"5\" fill=\"" +
           std::string(TypeColour(type)) + "\"/></svg> " + E(Name(type)) + " (" +
           std::to_string(count) + ")</li>";
  }
  out += "</ul>\n<p class=\"muted\">Point size: number of reports. Web Mercator, " +
         Num(view.lat0()) + ".." + Num(view.lat1()) + " N, " + Num(view.lon0()) + ".." +
         Num(view.lon1()) + " E. ";
  out += drawn     ? "Base map: Natural Earth (public domain), via world-atlas.</p>\n"
         : basemap ? "Base map left out: the report's base maps reached their size limit.</p>\n"
                   : "No base map data (resources/basemap.tsv was not built).</p>\n";
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
    if (!e.as_of || std::find(days.begin(), days.end(), *e.as_of) == days.end()) continue;
    line += (line.empty() ? "" : " ") + Num(X(*e.as_of)) + "," + Num(Y(e.min));
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
    if (auto e = f.estimate()) estimate = "estimate " + RangeText(e->min, e->max) + " " + connect::AsOfText(*e);
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
  if (!data.others.empty()) {
    out += "<p class=\"muted\">The " + std::to_string(data.stories.size()) +
           " largest stories in full; " + std::to_string(data.others.size()) +
           " more are <a href=\"#other-stories\">listed at the end</a> (sitrep report --story ID "
           "for one of them).</p>\n";
  }
  if (data.stories.size() > 1) {
    out += "<ul>";
    for (const StoryReport& sr : data.stories) {
      out += "<li><a href=\"#story-" + E(sr.story.id) + "\">" + E(sr.story.title) + "</a> (" +
             std::to_string(sr.story.documents.size()) + " documents)</li>";
    }
    out += "</ul>\n";
  }
  size_t basemap_budget = kBaseMapBudget;
  for (const StoryReport& sr : data.stories) {
    out += "<section id=\"story-" + E(sr.story.id) + "\"><h2>" + E(sr.story.title) +
           " <span class=\"muted\">" + E(sr.story.id) + "</span></h2>\n";
    Summary(data, sr, out);
    Map(sr, options.basemap, &basemap_budget, out);
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
  if (!data.others.empty()) {
    out += "<h2 id=\"other-stories\">Other stories</h2>\n<table><tr><th>story</th><th>title</th>"
           "<th>span</th><th>documents</th><th>outlets</th></tr>\n";
    for (const Story& s : data.others) {
      out += "<tr><td><code>" + E(s.id) + "</code></td><td>" + E(s.title) + "</td><td>" +
             E(Or(s.first_day, "?")) + " .. " + E(Or(s.last_day, "?")) + "</td><td>" +
             std::to_string(s.documents.size()) + "</td><td>" + std::to_string(s.outlets.size()) +
             "</td></tr>\n";
    }
    out += "</table>\n";
  }
  Snippets(data, out);
  out += "</body></html>\n";
  return out;
}

}  // namespace sitrep::report
