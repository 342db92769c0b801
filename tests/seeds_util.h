// Shared by the tests that read ../shared/seeds (when present; they skip without it). Nothing
// from the seeds is copied into the repository: the tests only read them.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/engine.h"

namespace sitrep::seeds {

inline const std::string kSeeds = SITREP_SOURCE_DIR "/../shared/seeds";

// Every seed file through the whole engine, in file-name order.
inline std::vector<Document> RunSeeds() {
  std::vector<Document> docs;
  auto engine = Engine::Create(EngineOptions{});
  EXPECT_TRUE(engine.has_value()) << engine.error().ToString();
  if (!engine) return docs;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(kSeeds)) files.push_back(e.path());
  std::sort(files.begin(), files.end());
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    IngestSummary summary;
    Status st = (*engine)->RunBytes(path.filename().string(), ss.str(), [&](Document&& d) {
      docs.push_back(std::move(d));
      return Status::Ok();
    }, &summary);
    EXPECT_TRUE(st.ok()) << st.ToString();
  }
  return docs;
}

}  // namespace sitrep::seeds
