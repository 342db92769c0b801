// Throughput of the entity and time stages together (issue 3, item 4: >= 20 MB/s of text on one
// core with the full city gazetteer loaded, load < 500 ms, < 600 MB resident).
//   ninja -C build sitrep_gazetteer entities_bench && build/entities_bench
// Two texts:
// - BM_EntitiesTimes/2097152: the team's own mixed fr/en/ru news prose (below), repeated to one
//   2 MB document (dense in names: a capitalised word every four or five).
// - BM_EntitiesTimes_Corpus: the 982 English news articles of ../shared/data/clustering-ecbplus
//   (2.1 MB), one Document each, so per-document costs count; skipped when absent.
// Counters: bytes_per_second is entities + times together (CPU time); entities_MBps and
// times_MBps are each stage alone and both_MBps the two together, from the thread's CPU clock
// around each stage; load_ms is EntityFinder::Create with the gazetteer; rss_MB and peak_rss_MB
// are this process (VmRSS, VmHWM).
// Timed region: the two stages only. Each iteration first copies the whole document set (the
// stages write into their Document) with the timer paused once; pausing around every document
// cost as much as a small stage (Google Benchmark warns that PauseTiming is expensive). What is
// left in bytes_per_second beyond both_MBps is the loop and two clock reads per document
// (CLOCK_THREAD_CPUTIME_ID is a system call: about 0.8 us each on the team's VM, ~1.5%).
#include <benchmark/benchmark.h>

#include <ctime>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "extract/entities.h"
#include "extract/times.h"
#include "ingest/json_util.h"
#include "lang/resources.h"

namespace {

using sitrep::extract::EntityFinder;
using sitrep::extract::TimeFinder;

long StatusKb(const char* field) {
  std::ifstream in("/proc/self/status");
  std::string line;
  const size_t n = std::strlen(field);
  while (std::getline(in, line)) {
    if (line.compare(0, n, field) == 0) return std::atol(line.c_str() + n);
  }
  return 0;
}

double CpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + double(t.tv_nsec) * 1e-9;
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
  std::unique_ptr<EntityFinder> entities;
  std::unique_ptr<TimeFinder> times;
  double load_ms = 0;
};

const Loaded& Load() {
  static Loaded* l = [] {
    auto* out = new Loaded();
    auto r = sitrep::lang::Resources::Load("");
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
      std::exit(1);
    }
    const double start = CpuSeconds();
    auto f = EntityFinder::Create(*r);
    out->load_ms = (CpuSeconds() - start) * 1000.0;
    if (!f) {
      std::fprintf(stderr, "%s\n", f.error().ToString().c_str());
      std::exit(1);
    }
    out->entities = std::move(*f);
    auto t = TimeFinder::Create(*r);
    if (!t) {
      std::fprintf(stderr, "%s\n", t.error().ToString().c_str());
      std::exit(1);
    }
    out->times = std::move(*t);
    if (!out->entities->gazetteer().has_cities()) {
      std::fprintf(stderr, "warning: no compiled gazetteer (ninja sitrep_gazetteer; scripts/build.sh)\n");
    }
    return out;
  }();
  return *l;
}

// Runs both stages over `docs` once per iteration and reports the counters above.
void RunStages(benchmark::State& state, const std::vector<sitrep::Document>& docs) {
  const Loaded& l = Load();
  size_t bytes = 0, entities = 0;
  for (const sitrep::Document& d : docs) bytes += d.text.size();
  double entity_s = 0, time_s = 0;
  std::vector<sitrep::Document> work;  // this iteration's copies; freed after the loop
  for (auto _ : state) {
    state.PauseTiming();
    work = docs;  // the previous iteration's copies are released here too, untimed
    state.ResumeTiming();
    double t0 = CpuSeconds();
    for (sitrep::Document& doc : work) {
      l.entities->Run(doc);
      const double t1 = CpuSeconds();
      l.times->Run(doc);
      const double t2 = CpuSeconds();
      entity_s += t1 - t0;
      time_s += t2 - t1;
      t0 = t2;  // one clock read between two documents, not two
      entities += doc.entities.size();
      benchmark::DoNotOptimize(doc.times.data());
    }
  }
  const double total = double(state.iterations()) * double(bytes) / 1e6;
  state.SetBytesProcessed(int64_t(state.iterations()) * int64_t(bytes));
  state.counters["docs"] = double(docs.size());
  state.counters["entities_per_pass"] = double(entities) / double(state.iterations());
  state.counters["entities_MBps"] = total / entity_s;
  state.counters["times_MBps"] = total / time_s;
  state.counters["both_MBps"] = total / (entity_s + time_s);
  state.counters["load_ms"] = l.load_ms;
  state.counters["gazetteer_keys"] = double(l.entities->gazetteer().key_count());
  state.counters["rss_MB"] = double(StatusKb("VmRSS:")) / 1024.0;
  state.counters["peak_rss_MB"] = double(StatusKb("VmHWM:")) / 1024.0;
}

void BM_EntitiesTimes(benchmark::State& state) {
  std::vector<sitrep::Document> docs(1);
  docs[0].text = Corpus(size_t(state.range(0)));
  docs[0].language = "fr";
  docs[0].published.value = "2022-01-06";
  RunStages(state, docs);
}
BENCHMARK(BM_EntitiesTimes)->Arg(64 << 10)->Arg(2 << 20)->Unit(benchmark::kMillisecond);

void BM_EntitiesTimes_Corpus(benchmark::State& state) {
  const char* path = SITREP_SOURCE_DIR "/../shared/data/clustering-ecbplus/documents.jsonl";
  std::ifstream in(path);
  if (!in) {
    state.SkipWithError("../shared/data/clustering-ecbplus/documents.jsonl not found");
    return;
  }
  std::vector<sitrep::Document> docs;
  std::string line;
  while (std::getline(in, line)) {
    auto j = sitrep::ingest::ParseJsonBounded(line, 16);
    if (!j) continue;
    std::optional<std::string> text = sitrep::ingest::JsonString(*j, "text");
    if (!text) continue;
    sitrep::Document d;
    d.text = std::move(*text);
    d.language = "en";
    d.published.value = "2022-01-06";
    docs.push_back(std::move(d));
  }
  RunStages(state, docs);
}
BENCHMARK(BM_EntitiesTimes_Corpus)->Unit(benchmark::kMillisecond);

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
