// Throughput of the claims stage (ClaimFinder::Run) on ~4 KB news-like documents of our own:
// the sentences of tests/fixtures/claims/claims.tsv (figures, hedges, artefacts, non-claims)
// mixed with plain prose, one document per language, times already found (TimeFinder runs once,
// outside the timing). Reports MB/s of text per core and claims per document.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "base/tsv.h"
#include "extract/claims.h"
#include "extract/times.h"
#include "lang/resources.h"

namespace {

const char* const kProse[] = {
    "Le gouvernement a démissionné après trois jours de manifestations dans l'ouest du pays.",
    "The airport remained closed and internet access was cut in the largest city.",
    "Власти заявили, что ситуация находится под контролем, однако интернет отключен.",
};

std::string Corpus(const std::string& lang, size_t min_bytes) {
  auto table = sitrep::base::LoadTsv(SITREP_SOURCE_DIR "/tests/fixtures/claims/claims.tsv",
                                     {"lang", "text"});
  std::string text;
  if (!table) return text;
  int lc = table->Column("lang"), tc = table->Column("text");
  size_t i = 0;
  while (text.size() < min_bytes && i < 100000) {
    const auto& row = table->rows[i % table->rows.size()];
    ++i;
    if (row.fields[size_t(lc)] != lang) continue;
    text += row.fields[size_t(tc)];
    text += (i % 3 == 0) ? std::string(" ") + kProse[i % 3] + "\n\n" : " ";
  }
  return text;
}

void BM_ClaimFinder(benchmark::State& state, const std::string& lang) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  if (!res) {
    state.SkipWithError(res.error().ToString().c_str());
    return;
  }
  auto claims = sitrep::extract::ClaimFinder::Create(*res);
  auto times = sitrep::extract::TimeFinder::Create(*res);
  if (!claims || !times) {
    state.SkipWithError("cannot create the stages");
    return;
  }
  sitrep::Document doc;
  doc.language = lang;
  doc.published.value = "2022-01-06";
  doc.text = Corpus(lang, 4096);
  (*times)->Run(doc);
  size_t warnings = doc.warnings.size();
  for (auto _ : state) {
    doc.warnings.resize(warnings);
    (*claims)->Run(doc);
    benchmark::DoNotOptimize(doc.claims.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(doc.text.size()));
  state.counters["claims_per_doc"] = double(doc.claims.size());
  state.counters["doc_bytes"] = double(doc.text.size());
}
BENCHMARK_CAPTURE(BM_ClaimFinder, fr, std::string("fr"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ClaimFinder, en, std::string("en"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_ClaimFinder, ru, std::string("ru"))->Unit(benchmark::kMicrosecond);

void BM_ClaimFinderCreate(benchmark::State& state) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  for (auto _ : state) {
    auto finder = sitrep::extract::ClaimFinder::Create(*res);
    benchmark::DoNotOptimize(finder.has_value());
  }
}
BENCHMARK(BM_ClaimFinderCreate)->Unit(benchmark::kMillisecond);

}  // namespace
BENCHMARK_MAIN();
