// Throughput of the HTML path: ExtractHtml alone (tokenizer + tree + zoning) and the whole
// path through Engine::RunBytes (decode, extract, zone, language id, validation).
// Reads ../shared/data/extraction-dev/html (or $SITREP_HTML_BENCH_DIR) when present, else one
// generated news-like page.
// Reports bytes/s and items/s (= pages/s), one thread.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "clean/html_extract.h"
#include "sitrep/engine.h"

namespace {

std::string GeneratedPage() {
  std::string page =
      "<!doctype html><html lang=\"en\"><head><title>Floods close the river port | Daily "
      "Example</title><script>var x = 1; for (var i = 0; i < 10; i++) {}</script>"
      "<style>.a{color:red}</style></head><body><nav><ul>";
  for (int i = 0; i < 30; ++i) page += "<li><a href=\"/s" + std::to_string(i) + "\">Section</a></li>";
  page += "</ul></nav><article class=\"story\"><h1>Floods close the river port</h1>";
  for (int i = 0; i < 25; ++i) {
    page += "<p class=\"para\" data-i=\"" + std::to_string(i) +
            "\">Water rose overnight along the quays, officials said, and the port authority "
            "closed the northern docks until further notice, while residents moved cars uphill.</p>";
  }
  page += "</article><section class=\"comments\">";
  for (int i = 0; i < 20; ++i) page += "<div class=\"comment\"><p>Stay safe everyone, the road is shut.</p></div>";
  page += "</section><footer>&copy; Daily Example</footer></body></html>";
  return page;
}

const std::vector<std::string>& Pages() {
  static const std::vector<std::string> pages = [] {
    std::vector<std::string> out;
    std::filesystem::path dir =
        std::filesystem::path(SITREP_SOURCE_DIR) / "../shared/data/extraction-dev/html";
    if (const char* d = std::getenv("SITREP_HTML_BENCH_DIR")) dir = d;
    std::error_code ec;
    if (std::filesystem::is_directory(dir, ec)) {
      for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
        std::ifstream f(e.path(), std::ios::binary);
        std::stringstream s;
        s << f.rdbuf();
        out.push_back(s.str());
      }
    }
    if (out.empty()) out.push_back(GeneratedPage());
    return out;
  }();
  return pages;
}

void BM_ExtractHtml(benchmark::State& state) {
  const auto& pages = Pages();
  size_t bytes = 0, items = 0, k = 0;
  for (auto _ : state) {
    const std::string& p = pages[k++ % pages.size()];
    auto ext = sitrep::clean::ExtractHtml(p, 512);
    benchmark::DoNotOptimize(ext.blocks.data());
    bytes += p.size();
    ++items;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(items));
}
BENCHMARK(BM_ExtractHtml);

void BM_EngineRunBytesHtml(benchmark::State& state) {
  sitrep::EngineOptions options;
  options.analyze = state.range(0) != 0;  // 0: cleaning path alone; 1: every stage
  if (const char* r = std::getenv("SITREP_RESOURCES")) options.resources_dir = r;
  else options.resources_dir = std::string(SITREP_SOURCE_DIR) + "/resources";
  auto engine = sitrep::Engine::Create(options);
  if (!engine.has_value()) {
    state.SkipWithError("Engine::Create failed (resources?)");
    return;
  }
  const auto& pages = Pages();
  size_t bytes = 0, items = 0, k = 0;
  for (auto _ : state) {
    const std::string& p = pages[k++ % pages.size()];
    sitrep::IngestSummary summary;
    sitrep::Status st = (*engine)->RunBytes(
        "page.html", p,
        [](sitrep::Document&& doc) {
          benchmark::DoNotOptimize(doc.text.data());
          return sitrep::Status::Ok();
        },
        &summary);
    benchmark::DoNotOptimize(st);
    bytes += p.size();
    ++items;
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(items));
}
BENCHMARK(BM_EngineRunBytesHtml)->ArgName("analyze")->Arg(0)->Arg(1);

}  // namespace

BENCHMARK_MAIN();
