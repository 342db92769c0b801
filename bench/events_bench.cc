// Throughput of the event stage (EventFinder::Run) on our own news-like text: French, English and
// Russian sentences with triggers, negations, dates and places mixed into plain prose. Times and
// entities are found once before the loop, so only the event stage is timed. Reports MB/s of
// text per core and events per document.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "extract/entities.h"
#include "extract/events.h"
#include "extract/times.h"
#include "lang/resources.h"

namespace {

const char* const kSentences[] = {
    "Mercredi, des milliers de manifestants se sont rassemblés devant l'akimat d'Almaty.",
    "La police a interpellé 40 personnes, mais aucun journaliste n'a été arrêté.",
    "Le gouvernement a décrété l'état d'urgence jusqu'au 19 janvier dans la région.",
    "Les habitants de la ville pétrolière protestent depuis dimanche contre la hausse des prix.",
    "Une nouvelle réunion est prévue lundi à Moscou, a annoncé le porte-parole du ministère.",
    "The first protests broke out on January 2 and spread to the largest city within days.",
    "Rioters set fire to the mayor's office; no arrests were reported on Thursday.",
    "Prices for liquefied gas doubled last week, according to the regional energy office.",
    "Officials said the situation had stabilised, although the airport remained closed.",
    "В среду полиция задержала более 300 человек в Алматы.",
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

// The event stage, and a French document of `bytes` with its times and entities already found
// (outside the timing). nullptr, with the bench skipped, when the resources cannot be loaded.
std::unique_ptr<sitrep::extract::EventFinder> Prepare(benchmark::State& state, size_t bytes,
                                                      sitrep::Document* doc) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  if (!res) {
    state.SkipWithError(res.error().ToString().c_str());
    return nullptr;
  }
  auto times = sitrep::extract::TimeFinder::Create(*res);
  auto entities = sitrep::extract::EntityFinder::Create(*res);
  auto events = sitrep::extract::EventFinder::Create(*res);
  if (!times || !entities || !events) {
    state.SkipWithError("cannot create the stages");
    return nullptr;
  }
  doc->language = "fr";
  doc->published.value = "2022-01-06";
  doc->text = Corpus(bytes);
  (*times)->Run(*doc);
  (*entities)->Run(*doc);
  return std::move(*events);
}

void BM_EventFinder(benchmark::State& state) {
  sitrep::Document base;
  auto events = Prepare(state, size_t(state.range(0)), &base);
  if (!events) return;
  size_t found = 0;
  for (auto _ : state) {
    sitrep::Document doc = base;
    events->Run(doc);
    found = doc.events.size();
    benchmark::DoNotOptimize(doc.events.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(base.text.size()));
  state.counters["events_per_doc"] = double(found);
}
BENCHMARK(BM_EventFinder)->Arg(4 << 10)->Arg(100 << 10)->Unit(benchmark::kMillisecond);

// The same without the Document copy BM_EventFinder makes per iteration (text, entities and
// times: about as long as the stage itself once the stage is fast), as BM_ClaimFinder does.
void BM_EventFinderInPlace(benchmark::State& state) {
  sitrep::Document doc;
  auto events = Prepare(state, size_t(state.range(0)), &doc);
  if (!events) return;
  size_t warnings = doc.warnings.size();
  for (auto _ : state) {
    doc.warnings.resize(warnings);
    events->Run(doc);
    benchmark::DoNotOptimize(doc.events.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(doc.text.size()));
  state.counters["events_per_doc"] = double(doc.events.size());
}
BENCHMARK(BM_EventFinderInPlace)->Arg(4 << 10)->Arg(100 << 10)->Unit(benchmark::kMillisecond);

void BM_EventFinderCreate(benchmark::State& state) {
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  for (auto _ : state) {
    auto finder = sitrep::extract::EventFinder::Create(*res);
    benchmark::DoNotOptimize(finder.has_value());
  }
}
BENCHMARK(BM_EventFinderCreate)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
