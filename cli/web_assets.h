// The web UI of `sitrep serve`, compiled into the binary: web/*.{html,js,css} and, from
// node_modules, d3-array + d3-geo (projection), topojson-client and world-atlas countries-110m
// (Natural Earth). The source defining WebAssets() is generated at build time by
// cmake/embed_assets.cmake; nothing is read from disk or the network at run time.
#pragma once

#include <cstddef>
#include <span>

namespace sitrep::cli {

struct WebAsset {
  const char* path;          // URL path: "/", "/app.js", "/vendor/d3-geo.min.js", ...
  const unsigned char* data;
  size_t size;
  bool missing;              // the file was absent at build time (empty body)
};

std::span<const WebAsset> WebAssets();

}  // namespace sitrep::cli
