// Tests of src/report: escaping, HTML/Markdown rendering of hostile text, and the exports'
// formats (GeoJSON parses, CSV round-trips through an RFC 4180 reader, ACLED columns in order).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <optional>
#include <cctype>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "lang/resources.h"
#include "report/basemap.h"
#include "report/escape.h"
#include "report/export.h"
#include "report/html.h"
#include "report/markdown.h"
#include "report/model.h"

namespace sitrep::report {
namespace {

const std::string kHostile =
    "<script>alert(1)</script> <img src=x onerror=\"alert(2)\"> <a href='javascript:alert(3)'>x</a>"
    " </textarea> & \"quoted\", [link](javascript:x) **bold** `code` \x01";

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

// A small RFC 4180 reader: fields, quotes doubled inside quoted fields, CRLF or LF row ends.
std::vector<std::vector<std::string>> ReadCsv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
      continue;
    }
    if (c == '"') {
      EXPECT_TRUE(field.empty()) << "quote inside an unquoted field";
      quoted = true;
      any = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field += c;
    }
  }
  EXPECT_FALSE(quoted) << "unterminated quoted field";
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  (void)any;
  return rows;
}

// A story with one event (with coordinates), one without, and a fact, all full of hostile text.
ReportData HostileData() {
  ReportData d;
  Snippet sn;
  sn.doc = "d1234567890abcdef";
  sn.outlet = kHostile;
  sn.title = kHostile;
  sn.published = "2025-03-14";
  sn.language = "fr";
  sn.start = 10;
  sn.end = 20;
  sn.before = kHostile;
  sn.match = "<script>alert('m')</script>";
  sn.after = "\n\"after\", ok";
  d.snippets.push_back(sn);

  StoryReport sr;
  sr.story.id = "s0123456789ab";
  sr.story.title = kHostile;
  sr.story.first_day = "2025-03-13";
  sr.story.last_day = "2025-03-14";
  sr.story.places.push_back({"loc:x", kHostile, 2});
  sr.story.actors.push_back({"per:y", kHostile, 1});
  sr.story.outlets = {kHostile};
  for (int i = 0; i < 2; ++i) {
    ReportEvent e;
    e.id = sr.story.id + "-" + std::to_string(i + 1);
    e.entry.story = sr.story.id;
    e.entry.day = i == 0 ? "2025-03-13" : "2025-03-14";
    e.entry.dated_by_event = i == 0;
    e.entry.type = i == 0 ? EventType::kProtest : EventType::kArrest;
    e.entry.place = "loc:x";
    e.entry.sources.push_back({"d1234567890abcdef", kHostile, 10, 20, false});
    e.snippets.push_back(0);
    e.place_name = kHostile;
    e.actors = {kHostile};
    if (i == 0) {
      e.lat = 42.87;
      e.lon = 74.59;
      e.country = "KG";
      e.place_kind = PlaceKind::kCity;
    } else {
      e.country = "KG";
      e.place_kind = PlaceKind::kRegion;  // a first-level region: no coordinates
    }
    sr.events.push_back(e);
  }
  connect::Fact f;
  f.story = sr.story.id;
  f.quantity = Quantity::kKilled;
  f.group = Group::kProtesters;
  f.place = "loc:x";
  connect::LedgerReport r;
  r.doc = "d1234567890abcdef";
  r.outlet = kHostile;
  r.claim.value = ValueRange{3, 3};
  r.claim.label = kHostile;
  r.claim.attribution = Attribution{kHostile, std::nullopt, {}};
  r.counted = true;
  r.day = "2025-03-13";
  f.reports.push_back(r);
  r.claim.value = ValueRange{5, 5};
  r.day = "2025-03-14";
  f.reports.push_back(r);
  f.status = connect::FactStatus::kGrowing;
  f.estimates = {{3, 3, "2025-03-13"}, {5, 5, "2025-03-14"}};
  sr.facts.push_back(f);
  sr.fact_snippets.push_back({0, 0});
  OutletSummary o;
  o.name = kHostile;
  o.languages = {"fr"};
  o.documents = 1;
  o.relays = {kHostile};
  o.labels["protesters"] = {"manifestants", kHostile};
  sr.outlets.push_back(o);
  o.name = "Second outlet";
  o.labels.clear();
  o.labels["protesters"] = {"terroristes"};
  sr.outlets.push_back(o);
  sr.warnings.push_back({sr.story.id, "masked_number", kHostile, 0});
  d.stories.push_back(sr);
  d.names["loc:x"] = kHostile;
  return d;
}

TEST(Escape, Html) {
  EXPECT_EQ(HtmlEscape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(HtmlEscape("&lt;"), "&amp;lt;");
  EXPECT_EQ(HtmlEscape("Бишкек é"), "Бишкек é");
  EXPECT_EQ(HtmlEscape("x\x01y"), "x\xEF\xBF\xBDy");
  EXPECT_EQ(HtmlEscape("bad\xC3"), "bad\xEF\xBF\xBD");       // truncated sequence
  EXPECT_EQ(HtmlEscape("\xED\xA0\x80"), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");  // surrogate
  std::string out = HtmlEscape(kHostile);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find('>'), std::string::npos);
  EXPECT_EQ(out.find('"'), std::string::npos);
  EXPECT_EQ(out.find('\''), std::string::npos);
}

TEST(Escape, Markdown) {
  EXPECT_EQ(MarkdownEscape("*a* [b](c) <i>"), "\\*a\\* \\[b\\]\\(c\\) &lt;i&gt;");
  EXPECT_EQ(MarkdownEscape("line\none"), "line one");
  EXPECT_EQ(MarkdownEscape("# h | t"), "\\# h \\| t");
  std::string out = MarkdownEscape(kHostile);
  EXPECT_EQ(out.find('<'), std::string::npos);
  EXPECT_EQ(out.find("]("), std::string::npos);
  EXPECT_EQ(out.find('\n'), std::string::npos);
}

TEST(Escape, Csv) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  EXPECT_EQ(CsvField("=1+1", true), "'=1+1");
  EXPECT_EQ(CsvField("=1+1", false), "=1+1");
  EXPECT_EQ(CsvField("-74.59000", true), "-74.59000");
  EXPECT_EQ(CsvField("-1+2", true), "'-1+2");
  EXPECT_EQ(Utf8Prefix("éé", 3), "é");
}

TEST(Html, HostileTextIsInert) {
  HtmlOptions options;
  options.title = "<script>t</script>";
  options.generated = "now";
  std::string html = RenderHtml(HostileData(), options);
  std::string low = Lower(html);
  EXPECT_EQ(low.find("<script"), std::string::npos);
  EXPECT_EQ(low.find("<img"), std::string::npos);
  EXPECT_EQ(low.find("<textarea"), std::string::npos);
  EXPECT_EQ(low.find("</textarea"), std::string::npos);
  EXPECT_EQ(low.find("href=\"javascript"), std::string::npos);
  EXPECT_EQ(low.find("href='javascript"), std::string::npos);
  // Inside every tag we wrote: no event handler, no javascript: URL (as text they may appear).
  size_t tags = 0;
  for (size_t p = low.find('<'); p != std::string::npos; p = low.find('<', p + 1)) {
    std::string tag = low.substr(p, low.find('>', p) - p);
    ++tags;
    EXPECT_EQ(tag.find(" on"), std::string::npos) << tag;
    EXPECT_EQ(tag.find("javascript:"), std::string::npos) << tag;
  }
  EXPECT_GT(tags, 50u);
  EXPECT_NE(html.find("onerror=&quot;alert(2)&quot;"), std::string::npos);  // inert text
  // Every href is an anchor in the same file, and every anchor it names exists.
  for (size_t p = html.find("href=\""); p != std::string::npos; p = html.find("href=\"", p + 1)) {
    ASSERT_EQ(html[p + 6], '#') << html.substr(p, 40);
    std::string target = html.substr(p + 7, html.find('"', p + 7) - p - 7);
    EXPECT_NE(html.find("id=\"" + target + "\""), std::string::npos) << target;
  }
  // The snippet's span is highlighted, escaped.
  EXPECT_NE(html.find("<mark>&lt;script&gt;alert(&#39;m&#39;)&lt;/script&gt;</mark>"),
            std::string::npos);
  EXPECT_NE(html.find("<svg"), std::string::npos);  // map and chart
  EXPECT_NE(html.find("id=\"sn-0\""), std::string::npos);
  EXPECT_NE(html.find("manifestants"), std::string::npos);  // words per outlet
  EXPECT_NE(html.find("&rarr; 5"), std::string::npos);     // what changed most recently
  // Words side by side: the protesters row holds both outlets' words.
  size_t row = html.find("<tr><th>protesters</th>");
  ASSERT_NE(row, std::string::npos);
  std::string line = html.substr(row, html.find("</tr>", row) - row);
  EXPECT_NE(line.find("manifestants"), std::string::npos) << line;
  EXPECT_NE(line.find("<td>terroristes</td>"), std::string::npos) << line;
}

// A base map file of three polygons: a square round the event (42.87 N, 74.59 E) with a hole,
// one far away, and one across the antimeridian (two copies, as tools/basemap.mjs writes it).
std::string WriteBasemap(const std::string& name, const std::string& body) {
  std::string path = ::testing::TempDir() + "/" + name;
  std::ofstream(path) << body;
  return path;
}

constexpr const char* kBasemapFile =
    "# test\n"
    "417\tNear <script>\t70 40 80 46\t70,40 80,40 80,46 70,46;74,42 75,42 75,43 74,43\n"
    "032\tFar\t-70 -40 -60 -30\t-70,-40 -60,-40 -60,-30 -70,-30\n"
    "242\tFiji\t178 -17 181 -16\t178,-17 181,-17 181,-16 178,-16\n"
    "242\tFiji\t-182 -17 -179 -16\t-182,-17 -179,-17 -179,-16 -182,-16\n";

TEST(Basemap, LoadsAndRejectsBadLines) {
  Result<Basemap> m = LoadBasemap(WriteBasemap("bm-ok.tsv", kBasemapFile));
  ASSERT_TRUE(m) << m.error().ToString();
  ASSERT_EQ(m->polygons.size(), 4u);
  EXPECT_EQ(m->polygons[0].name, "Near <script>");
  ASSERT_EQ(m->polygons[0].rings.size(), 2u);  // outline and hole
  EXPECT_EQ(m->polygons[0].rings[1].size(), 4u);
  EXPECT_FLOAT_EQ(m->polygons[3].rings[0][0].first, -182.0f);
  for (const char* bad : {"1\tX\t0 0 1 1\n",                         // no rings field
                          "1\tX\t0 0 1\t0,0 1,0 1,1\n",               // bad box
                          "1\tX\t0 0 1 1\t0,0 1,0\n",                 // ring of two points
                          "1\tX\t0 0 1 1\t0,0 1,zero 1,1\n",          // not a number
                          "1\tX\t0 0 1 1\t0,0 1,95 1,1\n",            // latitude out of range
                          "# only a comment\n"}) {
    Result<Basemap> r = LoadBasemap(WriteBasemap("bm-bad.tsv", bad));
    ASSERT_FALSE(r) << bad;
    EXPECT_EQ(r.error().code(), StatusCode::kCorrupt) << bad;
  }
  EXPECT_FALSE(LoadBasemap(::testing::TempDir() + "/no-such-basemap.tsv"));
}

TEST(Basemap, MapDrawsTheCountriesAroundThePoints) {
  Result<Basemap> m = LoadBasemap(WriteBasemap("bm-ok2.tsv", kBasemapFile));
  ASSERT_TRUE(m);
  ReportData d = HostileData();
  HtmlOptions options;
  std::string without = RenderHtml(d, options);
  EXPECT_NE(without.find("No base map data"), std::string::npos);
  EXPECT_EQ(without.find("<path"), std::string::npos);
  options.basemap = &*m;
  std::string html = RenderHtml(d, options);
  size_t map = html.find("<svg class=\"map\"");
  ASSERT_NE(map, std::string::npos);
  std::string svg = html.substr(map, html.find("</svg>", map) - map);
  // The square round the point is drawn (outline and hole: two subpaths), its name escaped; the
  // far polygon and Fiji are not in view.
  EXPECT_EQ(std::count(svg.begin(), svg.end(), 'M'), 2) << svg;
  EXPECT_NE(svg.find("<title>Near &lt;script&gt;</title>"), std::string::npos);
  EXPECT_EQ(svg.find("Far"), std::string::npos);
  EXPECT_EQ(svg.find("Fiji"), std::string::npos);
  EXPECT_NE(html.find("Natural Earth"), std::string::npos);
  // The point: inside the view, coloured by type, in the legend with its count.
  EXPECT_NE(svg.find("<circle class=\"ev\""), std::string::npos);
  EXPECT_NE(html.find("protest (1)</li>"), std::string::npos);
  // Every path coordinate lies within the view (clipped) plus its small margin.
  double w = 0, h = 0;
  ASSERT_EQ(std::sscanf(svg.c_str(), "<svg class=\"map\" xmlns=\"http://www.w3.org/2000/svg\" "
                        "width=\"%lf\" height=\"%lf\"", &w, &h), 2);
  size_t d0 = svg.find(" d=\"");
  ASSERT_NE(d0, std::string::npos);
  std::string path = svg.substr(d0 + 4, svg.find('"', d0 + 4) - d0 - 4);
  for (char& c : path) {
    if (c == 'M' || c == 'L' || c == 'Z') c = ' ';
  }
  double x = 0, y = 0;
  int n = 0, used = 0;
  const char* p = path.c_str();
  while (std::sscanf(p, "%lf %lf%n", &x, &y, &used) == 2) {
    EXPECT_GE(x, -8.01);
    EXPECT_LE(x, w + 8.01);
    EXPECT_GE(y, -8.01);
    EXPECT_LE(y, h + 8.01);
    p += used;
    ++n;
  }
  EXPECT_GE(n, 8);  // 4 points of the outline (clipped) + 4 of the hole
}

TEST(Basemap, AntimeridianCopyIsDrawnOnTheRightSide) {
  Result<Basemap> m = LoadBasemap(WriteBasemap("bm-ok3.tsv", kBasemapFile));
  ASSERT_TRUE(m);
  ReportData d = HostileData();
  d.stories[0].events[0].lat = -16.5;
  d.stories[0].events[0].lon = -179.5;  // east of the antimeridian: Fiji's western copy
  HtmlOptions options;
  options.basemap = &*m;
  std::string html = RenderHtml(d, options);
  size_t map = html.find("<svg class=\"map\"");
  std::string svg = html.substr(map, html.find("</svg>", map) - map);
  EXPECT_NE(svg.find("<title>Fiji</title>"), std::string::npos) << svg;
  EXPECT_EQ(svg.find("Near"), std::string::npos);
}

TEST(Report, LargeStoresShowTheLargestStoriesInFull) {
  std::vector<Story> stories;
  for (size_t n : {1, 5, 3, 5, 2}) {
    Story s;
    s.id = "s" + std::to_string(stories.size());
    s.title = "story <" + s.id + ">";
    s.documents.resize(n);
    stories.push_back(s);
  }
  std::vector<Story> others = SplitStories(&stories, 2);
  ASSERT_EQ(stories.size(), 2u);
  EXPECT_EQ(stories[0].id, "s1");  // the two largest, in their given order
  EXPECT_EQ(stories[1].id, "s3");
  ASSERT_EQ(others.size(), 3u);
  EXPECT_EQ(others[0].id, "s2");  // the rest, largest first
  EXPECT_EQ(others[1].id, "s4");
  EXPECT_EQ(others[2].id, "s0");
  EXPECT_TRUE(SplitStories(&stories, 2).empty());
  ReportData d = HostileData();
  d.others = others;
  std::string html = RenderHtml(d, HtmlOptions{});
  EXPECT_NE(html.find("id=\"other-stories\""), std::string::npos);
  EXPECT_NE(html.find("href=\"#other-stories\""), std::string::npos);
  EXPECT_NE(html.find("story &lt;s4&gt;"), std::string::npos);
  std::string md = RenderMarkdown(d, "R");
  EXPECT_NE(md.find("## Other stories"), std::string::npos);
  EXPECT_NE(md.find("`s0`"), std::string::npos);
}

TEST(Markdown, HostileTextIsInert) {
  std::string md = RenderMarkdown(HostileData(), "Report");
  EXPECT_EQ(md.find('<'), std::string::npos);
  EXPECT_EQ(md.find("]("), std::string::npos);
  EXPECT_NE(md.find("## "), std::string::npos);
  EXPECT_NE(md.find("| killed"), std::string::npos);
  EXPECT_NE(md.find("growing"), std::string::npos);
}

TEST(Export, GeoJsonIsFeatureCollection) {
  size_t skipped = 99;
  std::string text = ExportGeoJson(HostileData(), &skipped);
  nlohmann::json j = nlohmann::json::parse(text);
  EXPECT_EQ(j["type"], "FeatureCollection");
  ASSERT_EQ(j["features"].size(), 1u);
  EXPECT_EQ(skipped, 1u);
  const auto& f = j["features"][0];
  EXPECT_EQ(f["type"], "Feature");
  EXPECT_EQ(f["geometry"]["type"], "Point");
  EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][0].get<double>(), 74.59);  // lon first
  EXPECT_DOUBLE_EQ(f["geometry"]["coordinates"][1].get<double>(), 42.87);
  EXPECT_EQ(f["properties"]["type"], "protest");
}

TEST(Export, JsonLines) {
  std::string text = ExportJson(HostileData());
  std::vector<std::string> schemas;
  size_t start = 0;
  for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', start)) {
    nlohmann::json j = nlohmann::json::parse(text.substr(start, nl - start));
    schemas.push_back(j["schema"]);
    start = nl + 1;
  }
  EXPECT_EQ(schemas, (std::vector<std::string>{"sitrep.event/1", "sitrep.event/1",
                                               "sitrep.ledger/1"}));
}

// Python's csv module reads `csv` (written to a file): its rows, or nullopt without python3.
std::optional<std::vector<std::vector<std::string>>> PythonCsv(const std::string& csv) {
  if (std::system("python3 -c pass >/dev/null 2>&1") != 0) return std::nullopt;
  std::string in = ::testing::TempDir() + "/export.csv", out = ::testing::TempDir() + "/rows.json";
  std::ofstream(in, std::ios::binary) << csv;
  std::string cmd = "python3 -c \"import csv, json, sys; json.dump(list(csv.reader(open(sys.argv[1], "
                    "encoding='utf-8', newline=''))), open(sys.argv[2], 'w'))\" '" + in + "' '" + out + "'";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  std::ifstream f(out);
  return nlohmann::json::parse(f).get<std::vector<std::vector<std::string>>>();
}

TEST(Export, CsvRoundTrips) {
  ReportData d = HostileData();
  // Hostile fields: a formula, quotes, commas and a newline in the actors column.
  d.stories[0].events[1].actors = {"=HYPERLINK(\"http://evil.example\",\"x\")", "two\nlines, \"q\""};
  std::string csv = ExportCsv(d);
  auto rows = ReadCsv(csv);
  if (auto py = PythonCsv(csv)) {
    EXPECT_EQ(*py, rows);  // a real CSV parser reads the same fields
  }
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[2][10], "'=HYPERLINK(\"http://evil.example\",\"x\"); two\nlines, \"q\"");
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0], std::vector<std::string>(kCsvColumns.begin(), kCsvColumns.end()));
  for (const auto& r : rows) EXPECT_EQ(r.size(), kCsvColumns.size());
  EXPECT_EQ(rows[1][4], "protest");
  EXPECT_EQ(rows[1][6], kHostile);  // the place name comes back byte for byte
  EXPECT_EQ(rows[1][8], "42.87000");
  EXPECT_NE(rows[1][16].find("[<script>alert('m')</script>]"), std::string::npos);
}

TEST(Export, AcledColumnsAndMapping) {
  Result<lang::Resources> res = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
  ASSERT_TRUE(res) << res.error().ToString();
  Result<AcledMapping> m = LoadAcledMapping(*res);
  ASSERT_TRUE(m) << m.error().ToString();
  EXPECT_EQ(m->size(), 15u);
  EXPECT_EQ(m->at("riot").event_type, "Riots");
  EXPECT_EQ(m->at("riot").sub_event_type, "Violent demonstration");
  EXPECT_EQ(m->at("withdrawal").sub_event_type, "Non-violent transfer of territory");
  auto rows = ReadCsv(ExportAcled(HostileData(), *m));
  ASSERT_EQ(rows.size(), 3u);
  const std::vector<std::string> documented = {
      "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
      "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
      "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
      "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
      "source_scale", "notes", "fatalities", "tags", "timestamp"};
  EXPECT_EQ(rows[0], documented);
  auto col = [&](const char* name) {
    return std::find(documented.begin(), documented.end(), name) - documented.begin();
  };
  EXPECT_EQ(rows[1][col("event_date")], "2025-03-13");
  EXPECT_EQ(rows[1][col("year")], "2025");
  EXPECT_EQ(rows[1][col("time_precision")], "1");
  EXPECT_EQ(rows[2][col("time_precision")], "2");
  EXPECT_EQ(rows[1][col("event_type")], "Protests");
  EXPECT_EQ(rows[1][col("sub_event_type")], "Peaceful protest");
  EXPECT_EQ(rows[2][col("sub_event_type")], "Arrests");
  EXPECT_EQ(rows[1][col("fatalities")], "5");  // the ledger estimate at the same place
  EXPECT_EQ(rows[1][col("latitude")], "42.87000");
  EXPECT_EQ(rows[2][col("latitude")], "");
  EXPECT_EQ(rows[1][col("admin1")], "");  // a town
  EXPECT_EQ(rows[1][col("geo_precision")], "1");
  EXPECT_EQ(rows[2][col("admin1")], kHostile);  // a region is ACLED's admin1
  EXPECT_EQ(rows[2][col("geo_precision")], "3");
  EXPECT_NE(rows[1][col("notes")].find("alert('m')"), std::string::npos);
}

}  // namespace
}  // namespace sitrep::report
