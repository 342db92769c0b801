// Shared by the engine-driven fuzz targets (text, html, analyze): one Engine per process, built
// on first use from the source tree's resources (or $SITREP_RESOURCES), and a sink that aborts
// when a produced document breaks the output contract (document::ValidateDocument), so a stage
// writing a bad span is a crash libFuzzer reports, not a silent wrong answer.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>
#include <utility>

#include "document/validate.h"
#include "sitrep/engine.h"

namespace sitrep::fuzz {

inline const Engine* MakeEngine(bool analyze) {
  EngineOptions options;
  options.analyze = analyze;
  options.limits.max_file_bytes = 1 << 20;
  options.limits.max_document_bytes = 1 << 18;
  options.limits.max_line_bytes = 1 << 16;
  options.limits.max_warc_record_bytes = 1 << 18;
  options.limits.max_json_depth = 64;
  auto e = Engine::Create(options);
  if (!e) {
    std::fprintf(stderr, "fuzz: cannot build the engine: %s\n", e.error().ToString().c_str());
    std::abort();
  }
  return std::move(*e).release();
}

// One engine per process and per mode, built on first use.
inline const Engine& SharedEngine(bool analyze) {
  if (analyze) {
    static const Engine* with_analysis = MakeEngine(true);
    return *with_analysis;
  }
  static const Engine* cleaning_only = MakeEngine(false);
  return *cleaning_only;
}

// Runs `bytes` as the input file `path` and checks every document produced.
inline void RunChecked(const Engine& engine, std::string_view path, std::string_view bytes) {
  IngestSummary summary;
  Status s = engine.RunBytes(
      path, bytes,
      [](Document&& doc) -> Status {
        Status valid = document::ValidateDocument(doc);
        if (!valid.ok()) {
          std::fprintf(stderr, "fuzz: invalid document: %s\n", valid.ToString().c_str());
          std::abort();
        }
        return Status::Ok();
      },
      &summary);
  (void)s;
}

}  // namespace sitrep::fuzz
