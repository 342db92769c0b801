#include "report/basemap.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>

namespace sitrep::report {
namespace {

namespace fs = std::filesystem;

bool ParseDouble(std::string_view s, double* out) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), *out);
  return ec == std::errc() && p == s.data() + s.size();
}

// Splits on `sep`; empty pieces are kept.
std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t from = 0;
  while (true) {
    size_t at = s.find(sep, from);
    out.push_back(s.substr(from, at == std::string_view::npos ? std::string_view::npos : at - from));
    if (at == std::string_view::npos) return out;
    from = at + 1;
  }
}

bool ParseRing(std::string_view text, std::vector<std::pair<float, float>>* ring) {
  for (std::string_view pt : Split(text, ' ')) {
    if (pt.empty()) continue;
    size_t comma = pt.find(',');
    double lon = 0, lat = 0;
    if (comma == std::string_view::npos || !ParseDouble(pt.substr(0, comma), &lon) ||
        !ParseDouble(pt.substr(comma + 1), &lat) || lon < -540 || lon > 540 || lat < -90 ||
        lat > 90) {
      return false;
    }
    ring->emplace_back(static_cast<float>(lon), static_cast<float>(lat));
  }
  return ring->size() >= 3;
}

}  // namespace

Result<Basemap> LoadBasemap(const std::string& path) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return NotFound("base map " + path + " does not exist");
  auto size = fs::file_size(path, ec);
  if (ec) return IoError("cannot read base map " + path);
  if (size > kMaxBasemapBytes) {
    return Corrupt("base map " + path + " is larger than " + std::to_string(kMaxBasemapBytes) +
                   " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return IoError("cannot read base map " + path);
  Basemap map;
  map.path = path;
  std::string line;
  size_t lineno = 0;
  while (std::getline(in, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    auto bad = [&](const char* what) {
      return Corrupt("base map " + path + " line " + std::to_string(lineno) + ": " + what +
                     " (rebuild it: ninja -C build sitrep_basemap)");
    };
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() != 4) return bad("expected 4 tab-separated fields");
    BasemapPolygon p;
    p.name = std::string(f[1]);
    std::vector<std::string_view> box = Split(f[2], ' ');
    if (box.size() != 4 || !ParseDouble(box[0], &p.minlon) || !ParseDouble(box[1], &p.minlat) ||
        !ParseDouble(box[2], &p.maxlon) || !ParseDouble(box[3], &p.maxlat) ||
        p.minlon > p.maxlon || p.minlat > p.maxlat) {
      return bad("bad bounding box");
    }
    for (std::string_view r : Split(f[3], ';')) {
      std::vector<std::pair<float, float>> ring;
      if (!ParseRing(r, &ring)) return bad("bad ring");
      p.rings.push_back(std::move(ring));
    }
    map.polygons.push_back(std::move(p));
  }
  if (in.bad()) return IoError("cannot read base map " + path);
  if (map.polygons.empty()) return Corrupt("base map " + path + " holds no polygon");
  return map;
}

std::string FindBasemap(const std::string& resources_root) {
  if (const char* env = std::getenv("SITREP_BASEMAP"); env && *env) return env;
  std::vector<std::string> candidates;
  if (!resources_root.empty()) candidates.push_back(resources_root + "/basemap.tsv");
#ifdef SITREP_BASEMAP_DEFAULT
  candidates.push_back(SITREP_BASEMAP_DEFAULT);
#endif
  std::error_code ec;
  for (const std::string& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c;
  }
  return std::string();
}

}  // namespace sitrep::report
