// The base map of the HTML report (issue 6): country outlines from Natural Earth (public domain),
// through the npm package world-atlas (ISC), turned at build time by tools/basemap.mjs into
// <build>/resources/basemap.tsv (format in that script's header). Nothing is fetched at run time;
// without the file the report's map shows its points on a plain background and says so.
//
// Bounds: the file is a build artefact, but it is parsed defensively: at most kMaxBasemapBytes,
// and a malformed line is Corrupt with its line number, never a crash.
//
// Thread safety: LoadBasemap and FindBasemap are reentrant; a Basemap is an immutable value.
#pragma once

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::report {

inline constexpr size_t kMaxBasemapBytes = 64u << 20;

struct BasemapPolygon {
  std::string name;  // country name ("Kazakhstan")
  double minlon = 0, minlat = 0, maxlon = 0, maxlat = 0;
  // The first ring is the outline, the others holes; points are (lon, lat) in degrees.
  // Longitudes may leave [-180, 180] for polygons across the antimeridian (then the file has a
  // second copy shifted by 360 degrees).
  std::vector<std::vector<std::pair<float, float>>> rings;
};

struct Basemap {
  std::string path;
  std::vector<BasemapPolygon> polygons;
};

// Errors: NotFound / IoError (cannot read), Corrupt (too large, or a line that does not parse).
Result<Basemap> LoadBasemap(const std::string& path);

// Where the base map is looked for: $SITREP_BASEMAP, <resources_root>/basemap.tsv (when
// resources_root is not empty), then the build tree's resources/basemap.tsv (compiled in as
// SITREP_BASEMAP_DEFAULT). Empty when none exists.
std::string FindBasemap(const std::string& resources_root);

}  // namespace sitrep::report
