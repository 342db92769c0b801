// Text path throughput: raw text dump bytes -> Document (decode, zoning, language id, id), one
// core; with analyze:1 also entities, times, events and claims. Reports bytes/s (MB/s) and items/s (documents/s).
// BM_StagesOnSample splits the analysis time by stage (microseconds per document), the token
// layer the engine builds before the stages included (layer_us).
//   build/text_bench --benchmark_counters_tabular=true
// Input: the bundled sample text dumps (examples/text/*.txt) when present, else a generated page;
// /work/shared/seeds/*.txt as a second set when present.
#include <benchmark/benchmark.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "extract/token_layer.h"
#include "lang/resources.h"
#include "pipeline/stages.h"
#include "sitrep/engine.h"

namespace {
namespace fs = std::filesystem;

std::vector<std::string> LoadTexts(const fs::path& dir) {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return out;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() != ".txt") continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    out.push_back(ss.str());
  }
  return out;
}

std::string GeneratedPage() {
  std::string s = "Titre d'un article inventé sur une grève\n\n";
  for (int i = 0; i < 40; ++i) {
    s += "Les travailleurs du port ont poursuivi la grève pour la " + std::to_string(i) +
         "e journée, selon le syndicat, qui revendique environ 2 000 grévistes.\n\n";
  }
  s += "12 commentaires\n";
  for (int i = 1; i <= 12; ++i) {
    s += "  " + std::to_string(i) + ". +" + std::to_string(i % 5) +
         "\n    12 mars 2025 10: " + std::to_string(10 + i) +
         "\n    Un avis de lecteur sur la situation au port, sans grand intérêt.\n";
  }
  return s;
}

// analyze = 0: the cleaning path alone (issue 2's figure); 1: every analysis stage as well.
std::unique_ptr<sitrep::Engine> MakeEngine(bool analyze) {
  sitrep::EngineOptions options;
  options.analyze = analyze;
  auto engine = sitrep::Engine::Create(options);
  if (!engine) {
    std::fprintf(stderr, "cannot create engine: %s\n", engine.error().ToString().c_str());
    std::exit(1);
  }
  return std::move(*engine);
}

// A sink that counts documents (and keeps the optimiser from dropping the work).
sitrep::DocumentSink CountingSink(int64_t* docs) {
  return [docs](sitrep::Document&& d) {
    benchmark::DoNotOptimize(d.zones.data());
    ++*docs;
    return sitrep::Status::Ok();
  };
}

void RunSet(benchmark::State& state, const std::vector<std::string>& texts) {
  auto engine = MakeEngine(state.range(0) != 0);
  int64_t bytes = 0, docs = 0;
  const sitrep::DocumentSink sink = CountingSink(&docs);
  for (auto _ : state) {
    for (const std::string& t : texts) {
      sitrep::Status st = engine->RunBytes("bench.txt", t, sink, nullptr);
      if (!st.ok()) state.SkipWithError(st.ToString().c_str());
      bytes += static_cast<int64_t>(t.size());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(docs);
}

void BM_TextPathSample(benchmark::State& state) {
  std::vector<std::string> texts = LoadTexts(fs::path(SITREP_SOURCE_DIR) / "examples/text");
  if (texts.empty()) texts.push_back(GeneratedPage());
  RunSet(state, texts);
}
BENCHMARK(BM_TextPathSample)->ArgName("analyze")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// The same documents handed to the engine in one run (as `sitrep analyze examples/text` reads
// them, without the file system): the engine then runs the analysis stages stage-major over a
// batch (each stage's code and tables stay warm from one document to the next). RunSet above
// hands the engine one document per call, so there every batch is a single document.
void BM_TextPathSampleBatch(benchmark::State& state) {
  std::vector<std::string> texts = LoadTexts(fs::path(SITREP_SOURCE_DIR) / "examples/text");
  if (texts.empty()) texts.push_back(GeneratedPage());
  // Copies of the sample up to the engine's batch size (32), so that batches are full.
  std::vector<sitrep::Engine::NamedBytes> inputs;
  for (size_t i = 0; i < 32; ++i) inputs.push_back({"bench.txt", texts[i % texts.size()]});
  auto engine = MakeEngine(state.range(0) != 0);
  int64_t bytes = 0, docs = 0;
  const sitrep::DocumentSink sink = CountingSink(&docs);
  for (auto _ : state) {
    sitrep::Status st = engine->RunBytes(inputs, sink, nullptr);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    for (const auto& in : inputs) bytes += static_cast<int64_t>(in.bytes.size());
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(docs);
}
BENCHMARK(BM_TextPathSampleBatch)->ArgName("analyze")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// 982 distinct real news documents (ECB+, ../shared/data, about 2 KB each) as JSON Lines:
// batch:0 hands the engine one line per call (every batch a single document), batch:1 the whole
// file in one call (batches of 32). Distinct documents, so the batch's gain is not that of a
// stage meeting the same few texts again. Skips when the data set is absent.
void BM_EcbPlusLines(benchmark::State& state) {
  std::ifstream in(fs::path(SITREP_SOURCE_DIR) / "../shared/data/clustering-ecbplus/documents.jsonl",
                   std::ios::binary);
  if (!in) {
    state.SkipWithError("../shared/data/clustering-ecbplus not present");
    return;
  }
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string all = ss.str();
  std::vector<std::string_view> lines;
  for (size_t pos = 0; pos < all.size();) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string::npos) nl = all.size();
    if (nl > pos) lines.push_back(std::string_view(all).substr(pos, nl + 1 - pos));
    pos = nl + 1;
  }
  auto engine = MakeEngine(true);
  int64_t bytes = 0, docs = 0;
  auto sink = [&](sitrep::Document&& d) {
    benchmark::DoNotOptimize(d.zones.data());
    bytes += static_cast<int64_t>(d.text.size());
    ++docs;
    return sitrep::Status::Ok();
  };
  for (auto _ : state) {
    if (state.range(0) == 0) {
      for (std::string_view line : lines) {
        sitrep::Status st = engine->RunBytes("ecb.jsonl", line, sink, nullptr);
        if (!st.ok()) state.SkipWithError(st.ToString().c_str());
      }
    } else {
      sitrep::Status st = engine->RunBytes("ecb.jsonl", all, sink, nullptr);
      if (!st.ok()) state.SkipWithError(st.ToString().c_str());
    }
  }
  state.SetBytesProcessed(bytes);
  state.SetItemsProcessed(docs);
}
BENCHMARK(BM_EcbPlusLines)->ArgName("batch")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_TextPathSeeds(benchmark::State& state) {
  std::vector<std::string> texts = LoadTexts(fs::path(SITREP_SOURCE_DIR) / "../shared/seeds");
  if (texts.empty()) {
    state.SkipWithError("../shared/seeds not present");
    return;
  }
  RunSet(state, texts);
}
BENCHMARK(BM_TextPathSeeds)->ArgName("analyze")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

void BM_TextPathLargeDump(benchmark::State& state) {
  // One 4 MB dump: checks that zoning stays linear on long inputs.
  std::string big;
  std::string page = GeneratedPage();
  while (big.size() < (4u << 20)) big += page;
  RunSet(state, {big});
}
BENCHMARK(BM_TextPathLargeDump)->ArgName("analyze")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

// Where the full path's time goes: the analysis stages run on the cleaned sample as the engine
// runs them (document after document, each through every stage in CreateStages' order), with
// each stage's share reported as microseconds per document (counters times_us, entities_us, ...).
// Timing one stage alone over the same few documents would flatter it: the branch predictor and
// caches then learn those documents, and the stage runs two to three times faster than between
// the others.
void BM_StagesOnSample(benchmark::State& state) {
  std::vector<std::string> texts = LoadTexts(fs::path(SITREP_SOURCE_DIR) / "examples/text");
  if (texts.empty()) texts.push_back(GeneratedPage());
  auto engine = MakeEngine(false);
  std::vector<sitrep::Document> cleaned;
  for (const std::string& t : texts) {
    sitrep::Status st = engine->RunBytes("bench.txt", t, [&](sitrep::Document&& d) {
      cleaned.push_back(std::move(d));
      return sitrep::Status::Ok();
    }, nullptr);
    if (!st.ok()) state.SkipWithError(st.ToString().c_str());
  }
  auto resources = sitrep::lang::Resources::Load("");
  if (!resources) {
    state.SkipWithError(resources.error().ToString().c_str());
    return;
  }
  auto stages = sitrep::pipeline::CreateStages(*resources);
  if (!stages) {
    state.SkipWithError(stages.error().ToString().c_str());
    return;
  }
  std::vector<double> seconds(stages->size(), 0.0);
  double layer_seconds = 0;
  int64_t docs = 0;
  sitrep::extract::TokenLayer layer;
  for (auto _ : state) {
    std::vector<sitrep::Document> work = cleaned;
    double total = 0;
    for (sitrep::Document& d : work) {
      // The document's token layer, as the engine builds it before the stages (counter layer_us).
      auto layer_start = std::chrono::steady_clock::now();
      layer.Build(d);
      double ls = std::chrono::duration<double>(std::chrono::steady_clock::now() - layer_start).count();
      layer_seconds += ls;
      total += ls;
      for (size_t k = 0; k < stages->size(); ++k) {
        auto start = std::chrono::steady_clock::now();
        (*stages)[k]->RunWithLayer(d, layer);
        double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        seconds[k] += s;
        total += s;
      }
    }
    state.SetIterationTime(total);
    docs += static_cast<int64_t>(work.size());
  }
  state.SetItemsProcessed(docs);
  for (size_t k = 0; k < stages->size(); ++k) {
    state.counters[std::string((*stages)[k]->name()) + "_us"] =
        docs ? seconds[k] * 1e6 / double(docs) : 0.0;
  }
  state.counters["layer_us"] = docs ? layer_seconds * 1e6 / double(docs) : 0.0;
}
BENCHMARK(BM_StagesOnSample)->UseManualTime()->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
