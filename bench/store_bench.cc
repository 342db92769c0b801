// Store throughput: documents/s for Put() in batches of 1000 realistic ~5 KB documents, and the
// latency of Get() (full id, short prefix) and Search() on a store of kCorpusDocs documents.
//
//   ninja -C build-store store_bench && ./build-store/store_bench
//   SITREP_BENCH_DIR=/some/disk ./build-store/store_bench   (default: the system temp dir)
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "base/hash.h"
#include "sitrep/store.h"

namespace sitrep {
namespace {

namespace fs = std::filesystem;

constexpr int kBatch = 1000;
constexpr int kCorpusDocs = 20000;
constexpr size_t kTargetBytes = 5000;

// Function and topic words in three languages, then thousands of invented words per language
// so that a rare word is rare (a 5 KB page drawn from 40 words contains all of them).
const std::vector<std::string>& Words(int lang) {
  static const std::vector<std::vector<std::string>> kWords = {
      {"le", "la", "les", "de", "des", "et", "à", "un", "une", "dans", "pour", "sur", "crue",
       "état", "d'urgence", "région", "habitants", "évacuation", "préfecture", "barrage", "digue",
       "rivière", "niveau", "mètres", "pompiers", "autorités", "village", "route", "coupée",
       "électricité", "hôpital", "blessés", "secours", "hélicoptère", "témoins", "journalistes",
       "ministère", "décret", "manifestation", "carburant", "prix", "hausse", "gouvernement"},
      {"the", "of", "and", "to", "in", "a", "for", "on", "flood", "emergency", "region",
       "residents", "evacuation", "dam", "levee", "river", "level", "meters", "firefighters",
       "authorities", "village", "road", "closed", "power", "hospital", "injured", "rescue",
       "helicopter", "witnesses", "reporters", "ministry", "decree", "protest", "fuel", "price",
       "increase", "government", "bridge", "shelter", "water"},
      {"и", "в", "на", "не", "с", "по", "для", "паводок", "режим", "чрезвычайной", "ситуации",
       "жители", "эвакуация", "плотина", "дамба", "река", "уровень", "метров", "спасатели",
       "власти", "село", "дорога", "закрыта", "электричество", "больница", "пострадавшие",
       "вертолёт", "свидетели", "министерство", "указ", "протест", "топливо", "цены", "рост",
       "правительство", "мост", "убежище", "вода"},
  };
  return kWords[lang];
}

constexpr int kInventedWords = 4000;

// Invented word number `i` of a language: three syllables from `i`'s digits, base 20.
std::string InventedWord(int lang, int i) {
  static const char* kLatin[] = {"ka", "ro", "mi", "te", "lu", "sa", "no", "vé", "bi", "da",
                                 "fo", "gu", "pe", "zi", "lo", "ma", "ré", "tu", "ni", "cha"};
  static const char* kCyrillic[] = {"ка", "ро", "ми", "те", "лу", "са", "но", "ве", "би", "да",
                                    "фо", "гу", "пе", "зи", "ло", "ма", "ре", "ту", "ни", "ша"};
  const char** syl = lang == 2 ? kCyrillic : kLatin;
  std::string w = lang == 1 ? "x" : "";
  for (int k = 0; k < 3; ++k) {
    w += syl[i % 20];
    i /= 20;
  }
  return w + syl[(i + lang) % 20];
}
const char* kLanguages[] = {"fr", "en", "ru"};

// A document shaped like a cleaned news page: title, body paragraphs, two comments, a footer.
// Deterministic in `n`, unique text per `n`.
Document MakeDocument(uint64_t n) {
  std::mt19937_64 rng(n * 2654435761u + 17);
  const int lang = static_cast<int>(n % 3);
  const std::vector<std::string>& words = Words(lang);
  std::uniform_real_distribution<double> uniform(0, 1);
  auto word = [&]() -> std::string {
    double u = uniform(rng);
    if (uniform(rng) < 0.5) {
      // Square of a uniform variable: function words (listed first) come up more often.
      return words[static_cast<size_t>(u * u * static_cast<double>(words.size()))];
    }
    // Log-uniform rank: roughly Zipf, so low-numbered invented words are common, high rare.
    int rank = static_cast<int>(std::pow(static_cast<double>(kInventedWords), u)) - 1;
    return InventedWord(lang, rank);
  };
  auto sentence = [&](int count) {
    std::string s;
    for (int i = 0; i < count; ++i) {
      if (i) s += ' ';
      s += word();
    }
    return s + ".";
  };
  Document d;
  d.language = kLanguages[lang];
  d.input.path = "bench/feed-" + std::to_string(n / kBatch) + ".jsonl";
  d.input.format = InputFormat::kJsonl;
  d.input.record = static_cast<int64_t>(n);
  d.outlet = "Outlet " + std::to_string(n % 37);
  auto add = [&](ZoneKind kind, const std::string& text) {
    Zone z;
    z.kind = kind;
    z.span.begin = static_cast<uint32_t>(d.text.size());
    d.text += text;
    z.span.end = static_cast<uint32_t>(d.text.size());
    d.text += "\n\n";
    d.zones.push_back(z);
  };
  std::string title = sentence(8) + " #" + std::to_string(n);
  d.title = title;
  add(ZoneKind::kTitle, title);
  while (d.text.size() < kTargetBytes - 600) {
    std::string para;
    for (int i = 0; i < 4; ++i) para += sentence(12) + " ";
    add(ZoneKind::kBody, para);
  }
  for (int c = 0; c < 2; ++c) {
    add(ZoneKind::kComment, sentence(15));
    d.zones.back().comment = CommentInfo{c + 1, c, c * 3 - 1, "2024-04-07T10:2" + std::to_string(c),
                                         std::nullopt};
  }
  add(ZoneKind::kBoilerplate, "© Outlet " + std::to_string(n % 37));
  if (n % 10 == 0) d.warnings.push_back({"truncated", {0, 0}, "bench"});
  d.id = base::ContentId(d.text);
  return d;
}

// A fresh directory for one benchmark's store, removed at exit.
class TempStore {
 public:
  TempStore() {
    const char* env = std::getenv("SITREP_BENCH_DIR");
    fs::path base = env ? fs::path(env) : fs::temp_directory_path();
    std::string templ = (base / "sitrep_store_bench_XXXXXX").string();
    if (mkdtemp(templ.data()) == nullptr) {
      std::perror("mkdtemp");
      std::abort();
    }
    dir_ = templ;
    Result<std::unique_ptr<Store>> s = Store::Open((fs::path(dir_) / "store.db").string());
    if (!s) {
      std::fprintf(stderr, "%s\n", s.error().ToString().c_str());
      std::abort();
    }
    store_ = std::move(s).value();
  }
  ~TempStore() {
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  Store& store() { return *store_; }

 private:
  std::string dir_;
  std::unique_ptr<Store> store_;
};

void PutBatchOrDie(Store& store, uint64_t first, int count) {
  if (!store.Begin().ok()) std::abort();
  for (int i = 0; i < count; ++i) {
    Result<PutOutcome> r = store.Put(MakeDocument(first + static_cast<uint64_t>(i)));
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
      std::abort();
    }
  }
  if (!store.Commit().ok()) std::abort();
}

void BM_PutBatchOf1000(benchmark::State& state) {
  TempStore temp;
  uint64_t next = 0;
  int64_t bytes = 0;
  for (auto _ : state) {
    state.PauseTiming();
    std::vector<Document> docs;
    docs.reserve(kBatch);
    for (int i = 0; i < kBatch; ++i) docs.push_back(MakeDocument(next++));
    state.ResumeTiming();
    if (!temp.store().Begin().ok()) std::abort();
    for (const Document& d : docs) {
      Result<PutOutcome> r = temp.store().Put(d);
      if (!r || *r != PutOutcome::kStored) {
        std::fprintf(stderr, "put: %s\n", r ? "duplicate" : r.error().ToString().c_str());
        std::abort();
      }
      bytes += static_cast<int64_t>(d.text.size());
    }
    if (!temp.store().Commit().ok()) std::abort();
  }
  state.SetItemsProcessed(state.iterations() * kBatch);
  state.SetBytesProcessed(bytes);
  state.counters["docs_per_s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * kBatch),
                         benchmark::Counter::kIsRate);
}
BENCHMARK(BM_PutBatchOf1000)->Unit(benchmark::kMillisecond)->MinTime(3.0)->UseRealTime();

void BM_PutDuplicate(benchmark::State& state) {
  TempStore temp;
  PutBatchOrDie(temp.store(), 0, kBatch);
  std::vector<Document> docs;
  for (int i = 0; i < kBatch; ++i) docs.push_back(MakeDocument(static_cast<uint64_t>(i)));
  size_t i = 0;
  for (auto _ : state) {
    Result<PutOutcome> r = temp.store().Put(docs[i++ % docs.size()]);
    if (!r || *r != PutOutcome::kDuplicate) std::abort();
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_PutDuplicate)->Unit(benchmark::kMicrosecond)->UseRealTime();

// One corpus shared by the read benchmarks (built once: 20k documents take a few seconds).
TempStore& Corpus() {
  static TempStore temp;  // destroyed at exit, which removes its directory
  static const bool filled = [] {
    for (int b = 0; b < kCorpusDocs / kBatch; ++b) {
      PutBatchOrDie(temp.store(), static_cast<uint64_t>(b) * kBatch, kBatch);
    }
    return true;
  }();
  (void)filled;
  return temp;
}

void BM_GetById(benchmark::State& state) {
  Store& store = Corpus().store();
  const size_t prefix = static_cast<size_t>(state.range(0));  // 0: the full id
  std::vector<std::string> keys;
  for (uint64_t n = 0; n < 1000; ++n) {
    std::string id = MakeDocument(n * 19 % kCorpusDocs).id;
    keys.push_back(prefix ? id.substr(0, prefix) : id);
  }
  size_t i = 0;
  for (auto _ : state) {
    Result<Document> d = store.Get(keys[i++ % keys.size()]);
    if (!d) {
      // A 6-character prefix may be ambiguous in a large corpus; that is a result, not a bug.
      if (d.error().code() != StatusCode::kInvalidArgument) std::abort();
    }
    benchmark::DoNotOptimize(d);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_GetById)->Arg(0)->Arg(8)->Unit(benchmark::kMicrosecond)->UseRealTime();

void BM_Search(benchmark::State& state, const std::string& query) {
  Store& store = Corpus().store();
  size_t hits = 0;
  for (auto _ : state) {
    Result<std::vector<SearchHit>> r = store.Search(query, 20);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().ToString().c_str());
      std::abort();
    }
    hits = r->size();
  }
  state.counters["hits"] = static_cast<double>(hits);
  state.SetItemsProcessed(state.iterations());
}
// Queries are made before main(): InventedWord depends on no other static.
BENCHMARK_CAPTURE(BM_Search, rare_invented_word, InventedWord(0, 2500))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, common_invented_word, InventedWord(1, 3))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, common_word, std::string("the"))->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, accent_folded, std::string("helicoptere"))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, cyrillic_and, std::string("паводок AND плотина"))
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, phrase, "\"" + InventedWord(1, 1) + " " + InventedWord(1, 2) + "\"")
    ->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Search, prefix, std::string("évacu*"))->Unit(benchmark::kMicrosecond);

void BM_Stats(benchmark::State& state) {
  Store& store = Corpus().store();
  for (auto _ : state) {
    Result<StoreStats> st = store.Stats();
    if (!st) std::abort();
    benchmark::DoNotOptimize(st);
  }
}
BENCHMARK(BM_Stats)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace sitrep

BENCHMARK_MAIN();
