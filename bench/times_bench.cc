// Throughput of the time-expression stage (TimeFinder::Run) on our own text: a few hundred KB of
// French, English and Russian news-like sentences with dates, weekdays, relative expressions and
// times of day mixed into plain prose. Reports MB/s of text per core.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "extract/times.h"
#include "lang/resources.h"

namespace {

const char* const kSentences[] = {
    "Le gouvernement a démissionné mercredi 5 janvier après trois jours de manifestations.",
    "Hier, des coups de feu ont été entendus près de la mairie vers 10 h 20.",
    "Le couvre-feu restera en vigueur jusqu'au 19 janvier, selon un décret publié le 06/01/2022.",
    "Les habitants de la ville pétrolière protestent depuis dimanche contre la hausse des prix.",
    "Une nouvelle réunion est prévue lundi à Moscou, a annoncé le porte-parole du ministère.",
    "Les organisations humanitaires demandent un accès sans entrave aux régions touchées.",
    "The first protests broke out on January 2 and spread to the largest city within days.",
    "Yesterday, the cabinet resigned; a rally will be held on Saturday at 10:00 am.",
    "Prices for liquefied gas doubled last week, according to the regional energy office.",
    "Officials said the situation had stabilised, although the airport remained closed.",
    "Вчера в 10:20 у здания акимата слышалась стрельба, сообщили очевидцы.",
    "Режим чрезвычайного положения введен 5 января 2022 года и продлится до 19 января.",
    "На прошлой неделе цены на топливо выросли вдвое, что вызвало протесты в регионах.",
    "Власти заявили, что ситуация находится под контролем, однако интернет остается отключенным.",
};

std::string Corpus(size_t min_bytes) {
  std::string text;
  size_t i = 0;
  while (text.size() < min_bytes) {
    text += kSentences[i % (sizeof kSentences / sizeof kSentences[0])];
    text += (i % 5 == 4) ? "\n\n" : " ";
    ++i;
  }
  return text;
}

void BM_TimeFinder(benchmark::State& state) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  if (!res) {
    state.SkipWithError(res.error().ToString().c_str());
    return;
  }
  auto finder = sitrep::extract::TimeFinder::Create(*res);
  if (!finder) {
    state.SkipWithError(finder.error().ToString().c_str());
    return;
  }
  sitrep::Document base;
  base.language = "fr";
  base.published.value = "2022-01-06";
  base.text = Corpus(size_t(state.range(0)));
  size_t found = 0;
  for (auto _ : state) {
    sitrep::Document doc = base;
    (*finder)->Run(doc);
    found = doc.times.size();
    benchmark::DoNotOptimize(doc.times.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(base.text.size()));
  state.counters["times_per_doc"] = double(found);
}
BENCHMARK(BM_TimeFinder)->Arg(300 << 10)->Unit(benchmark::kMillisecond);

void BM_TimeFinderCreate(benchmark::State& state) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  for (auto _ : state) {
    auto finder = sitrep::extract::TimeFinder::Create(*res);
    benchmark::DoNotOptimize(finder.has_value());
  }
}
BENCHMARK(BM_TimeFinderCreate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
