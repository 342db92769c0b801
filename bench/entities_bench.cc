// Entity stage throughput with the full city gazetteer loaded, plus load time and resident
// memory (issue 3, item 4: >= 20 MB/s on one core, load < 500 ms, < 600 MB resident).
//   ninja -C build sitrep_gazetteer entities_bench && build/entities_bench
// The text is the team's own mixed fr/en/ru news prose, repeated to 2 MB.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "extract/entities.h"
#include "lang/resources.h"

namespace {

using sitrep::extract::EntityFinder;

long RssKb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  }
  return 0;
}

const char* kProse[] = {
    "Le président kazakh Kassym-Jomart Tokaïev a demandé jeudi l'aide de l'OTSC après des "
    "émeutes à Almaty et à Aktau. Selon M. Tokaïev, des « terroristes » ont attaqué la mairie. ",
    "Les forces russes sont arrivées à Noursoultan vendredi, a indiqué le ministère russe de la "
    "Défense, tandis que Khabar 24 montrait des images de Janaozen et de Baïkonour. ",
    "President Tokayev said the CSTO troops would leave Kazakhstan within days. Foreign Minister "
    "Mukhtar Tileuberdi told reporters in Nur-Sultan that the UN had been informed. ",
    "Protesters in Zhanaozen and Aktau demanded lower gas prices; Reuters reported shooting in "
    "Almaty on Thursday while the internet was cut across the country. ",
    "Президент Токаев обратился к ОДКБ. В Алматы и Актау прошли митинги, сообщает ТАСС; в "
    "Казахстане введено чрезвычайное положение, а в Нур-Султане усилена охрана. ",
    "Сотрудники полиции задержали около тысячи человек, заявил аким Бакыт Султанов, добавив, "
    "что ситуация в Жанаозене остаётся спокойной. ",
};

std::string Corpus(size_t bytes) {
  std::string s;
  for (size_t i = 0; s.size() < bytes; ++i) s += kProse[i % (sizeof kProse / sizeof *kProse)];
  return s;
}

struct Loaded {
  std::unique_ptr<EntityFinder> finder;
  double load_ms = 0;
  long rss_before_kb = 0, rss_after_kb = 0;
};

const Loaded& Load() {
  static Loaded* l = [] {
    auto* out = new Loaded();
    auto r = sitrep::lang::Resources::Load("");
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
      std::exit(1);
    }
    out->rss_before_kb = RssKb();
    auto start = std::chrono::steady_clock::now();
    auto f = EntityFinder::Create(*r);
    out->load_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (!f) {
      std::fprintf(stderr, "%s\n", f.error().ToString().c_str());
      std::exit(1);
    }
    out->finder = std::move(*f);
    out->rss_after_kb = RssKb();
    if (!out->finder->gazetteer().has_cities()) {
      std::fprintf(stderr, "warning: no compiled gazetteer (ninja sitrep_gazetteer; scripts/build.sh)\n");
    }
    return out;
  }();
  return *l;
}

void BM_EntityStage(benchmark::State& state) {
  const Loaded& l = Load();
  sitrep::Document doc;
  doc.text = Corpus(size_t(state.range(0)));
  for (auto _ : state) {
    l.finder->Run(doc);
    benchmark::DoNotOptimize(doc.entities.data());
  }
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(doc.text.size()));
  state.counters["entities"] = double(doc.entities.size());
  state.counters["load_ms"] = l.load_ms;
  state.counters["rss_MB"] = double(RssKb()) / 1024.0;
  state.counters["gazetteer_MB"] = double(l.rss_after_kb - l.rss_before_kb) / 1024.0;
  state.counters["gazetteer_keys"] = double(l.finder->gazetteer().key_count());
}
BENCHMARK(BM_EntityStage)->Arg(64 << 10)->Arg(2 << 20)->Unit(benchmark::kMillisecond);

void BM_Load(benchmark::State& state) {
  auto r = sitrep::lang::Resources::Load("");
  for (auto _ : state) {
    auto f = EntityFinder::Create(*r);
    benchmark::DoNotOptimize(f.has_value());
  }
}
BENCHMARK(BM_Load)->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace

BENCHMARK_MAIN();
