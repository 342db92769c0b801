// stories_bench N [DAYS]: story clustering of N generated documents (issue 5), one core.
// DAYS (default 3650): the span the crises start in. With the default, doubling N doubles the
// crises per day (a denser stream); with DAYS doubled too, the stream is twice as long.
//
// Documents are generated from our own fixture sentences (tests/connect: floods, strikes, fires,
// and more kinds below) about invented places: N / 40 crises, each with a kind, a place name made
// of syllables, a start day spread over ten years, and documents spread over its first days.
// Each document goes through the real path: FeatureExtractor (tokenising, folding), Vocabulary
// (document frequencies), then the Clusterer (Add for each, in date order, then Finish), then the
// kindred join (KindredPairs over the clusters, the units StoryBuilder takes from events). Prints
// the time of each phase, documents per second, peak RSS, and B-cubed F1 against the generated
// crises. Run it for N and 2N to see the growth (bench/README in docs/ARCHITECTURE.md).
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "connect/cluster.h"
#include "connect/stories.h"
#include "lang/resources.h"

namespace {

using sitrep::Document;

struct Kind {
  std::vector<const char*> sentences;  // "@" is replaced by the place name
};

const std::vector<Kind>& Kinds() {
  static const std::vector<Kind> kKinds = {
      {{"The river burst its banks and flooded the lower town of @ overnight.",
        "Rescue boats evacuated families from flooded streets in @ as the water rose.",
        "The mayor of @ said the flood was the worst since the dam was built.",
        "Rain is expected to continue and the river may rise again near the dam.",
        "Shelters in schools hold the evacuated families; the flooded bridge is closed."}},
      {{"Miners at the @ coal pits walked out on strike over unpaid wages.",
        "Police arrested strike leaders after protesters blocked the mine gates in @.",
        "The union demanded the release of the arrested miners of @.",
        "Protesters marched to the town hall and the strike spread to a second pit.",
        "Riot police dispersed protesters with tear gas near the mine gates."}},
      {{"A wildfire swept through the pine forest of @ and reached the first farms.",
        "Firefighters and water bombers fought the blaze as wind pushed flames north of @.",
        "Villages near the burning forest were evacuated and a highway was closed by smoke.",
        "The fire chief said dry weather and strong wind fuelled the forest fire.",
        "The blaze has burned thousands of hectares of pine forest around @."}},
      {{"An earthquake of magnitude six shook @ before dawn and toppled old houses.",
        "Rescuers dug through rubble in @ looking for survivors after the quake.",
        "Aftershocks rattled the region and families slept outside in tents.",
        "The hospital of @ treated hundreds of injured people after the earthquake.",
        "Engineers checked bridges and schools for cracks after the tremor."}},
      {{"Troops were deployed to @ after armed men seized the airport.",
        "Soldiers and armed men clashed near the airport of @ for several hours.",
        "The government declared a state of emergency and a curfew in @.",
        "Internet access was cut across the region as the clashes went on.",
        "The interior ministry said dozens of attackers were detained."}},
  };
  return kKinds;
}

std::string PlaceName(uint32_t k) {
  static const char* kSyl[] = {"ka", "ve", "lo", "ri", "dor", "vas", "mel", "tan", "sur",
                               "bel", "no", "zar", "pol", "qui", "ma", "den", "ro", "shi"};
  std::string s;
  // Three or four syllables from the crisis number: distinct names for distinct crises.
  for (int i = 0; i < 4; ++i) {
    s += kSyl[k % 18];
    k /= 18;
    if (i >= 2 && k == 0) break;
  }
  s[0] = static_cast<char>(s[0] - 'a' + 'A');
  return s;
}

double Now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

}  // namespace

int main(int argc, char** argv) {
  const size_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 100000;
  const uint32_t span_days =
      argc > 2 ? std::max<uint32_t>(1, uint32_t(std::strtoul(argv[2], nullptr, 10))) : 3650;
  const size_t per_crisis = 40;
  const size_t crises = std::max<size_t>(1, n / per_crisis);
  auto resources = sitrep::lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
  if (!resources) {
    std::fprintf(stderr, "%s\n", resources.error().ToString().c_str());
    return 1;
  }
  auto fx = sitrep::connect::FeatureExtractor::Create(*resources);
  if (!fx) {
    std::fprintf(stderr, "%s\n", fx.error().ToString().c_str());
    return 1;
  }
  std::mt19937_64 rng(42);
  const int32_t day0 = *sitrep::connect::DayNumber("2020-01-01");
  std::vector<int32_t> start(crises);
  std::vector<uint32_t> kind(crises);
  for (size_t c = 0; c < crises; ++c) {
    start[c] = day0 + static_cast<int32_t>(rng() % span_days);
    kind[c] = static_cast<uint32_t>(rng() % Kinds().size());
  }
  // Documents in date order, as a stream would bring them.
  struct Gen {
    int32_t day;
    uint32_t crisis;
  };
  std::vector<Gen> gens(n);
  for (size_t i = 0; i < n; ++i) {
    uint32_t c = static_cast<uint32_t>(rng() % crises);
    gens[i] = {start[c] + static_cast<int32_t>(rng() % 4), c};
  }
  std::sort(gens.begin(), gens.end(), [](const Gen& a, const Gen& b) {
    return a.day != b.day ? a.day < b.day : a.crisis < b.crisis;
  });

  double t0 = Now();
  sitrep::connect::Vocabulary vocab;
  std::vector<sitrep::connect::CompactFeatures> feats;
  feats.reserve(n);
  // For the kindred join: each document's kind words and country, interned.
  std::unordered_map<std::string, uint32_t> word_ids, country_ids;
  std::vector<std::vector<uint32_t>> common(n);
  std::vector<uint32_t> country(n);
  size_t bytes = 0;
  for (size_t i = 0; i < n; ++i) {
    const Gen& g = gens[i];
    const Kind& k = Kinds()[kind[g.crisis]];
    const std::string place = PlaceName(g.crisis);
    Document d;
    d.id = "d" + std::to_string(i);
    d.published.value = sitrep::connect::DayString(g.day);
    for (int s = 0; s < 3; ++s) {
      std::string sentence = k.sentences[(rng() % k.sentences.size())];
      for (size_t at = sentence.find('@'); at != std::string::npos; at = sentence.find('@')) {
        sentence.replace(at, 1, place);
      }
      d.text += sentence + " ";
    }
    const std::string id = "loc:" + place;
    size_t pos = d.text.find(place);
    if (pos != std::string::npos) {
      d.entities.push_back({id, sitrep::EntityType::kLocation, place,
                            {{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + place.size())}}});
    }
    // A named official and the country: what tells two floods of the same week apart.
    const std::string person = PlaceName(g.crisis * 7 + 3) + " " + PlaceName(g.crisis + 11);
    const uint32_t before = static_cast<uint32_t>(d.text.size());
    d.text += "Regional official " + person + " spoke to reporters in " + place + ".";
    d.entities.push_back({"per:" + person, sitrep::EntityType::kPerson, person,
                          {{before + 18, static_cast<uint32_t>(before + 18 + person.size())}}});
    std::sort(d.entities.begin(), d.entities.end(),
              [](const sitrep::Entity& a, const sitrep::Entity& b) { return a.id < b.id; });
    sitrep::Place pl;
    pl.entity = id;
    pl.name = place;
    pl.country = std::string{static_cast<char>('A' + g.crisis % 26),
                             static_cast<char>('A' + (g.crisis / 26) % 26)};
    d.places.push_back(pl);
    bytes += d.text.size();
    sitrep::connect::DocFeatures f = (*fx)->Extract(d);
    feats.push_back(vocab.Count(f));
    for (const std::string& w : f.common) {
      common[i].push_back(word_ids.try_emplace(w, uint32_t(word_ids.size())).first->second);
    }
    std::sort(common[i].begin(), common[i].end());
    country[i] = country_ids.try_emplace(*pl.country, uint32_t(country_ids.size())).first->second;
  }
  double t1 = Now();
  sitrep::connect::StoryOptions o = sitrep::connect::DefaultStoryOptions();
  sitrep::connect::Clusterer clusterer(o.story);
  // As StoryBuilder does: the language-independent vector too, documents labelled in three
  // languages in turn (a mixed stream: the cross-language comparisons run).
  for (size_t i = 0; i < n; ++i) {
    clusterer.Add(vocab.Weigh(feats[i], o.story_weights, o.story_top_k), gens[i].day,
                  vocab.WeighShared(feats[i], o.story_weights, o.story_top_k),
                  static_cast<uint32_t>(1 + i % 3));
    sitrep::connect::CompactFeatures().ids.swap(feats[i].ids);  // free as we go
    sitrep::connect::CompactFeatures().counts.swap(feats[i].counts);
  }
  double t2 = Now();
  clusterer.Finish();
  double t3 = Now();
  std::vector<std::vector<uint32_t>> clusters = clusterer.Clusters();
  // Kindred clusters joined, as StoryBuilder does (there with event clusters as the units).
  std::vector<sitrep::connect::KindUnit> units(clusters.size());
  for (size_t c = 0; c < clusters.size(); ++c) {
    sitrep::connect::KindUnitBuilder b;
    for (uint32_t m : clusters[c]) b.Add(common[m], {country[m]}, gens[m].day);
    units[c] = b.Finish(o.kind.country_share);
  }
  std::vector<std::pair<uint32_t, uint32_t>> pairs = sitrep::connect::KindredPairs(units, o.kind);
  std::vector<uint32_t> root(clusters.size());
  for (uint32_t c = 0; c < root.size(); ++c) root[c] = c;
  auto find = [&](uint32_t x) {
    while (root[x] != x) x = root[x] = root[root[x]];
    return x;
  };
  for (const auto& [a, b] : pairs) root[std::max(find(a), find(b))] = std::min(find(a), find(b));
  std::vector<std::vector<uint32_t>> joined(clusters.size());
  for (uint32_t c = 0; c < clusters.size(); ++c) {
    std::vector<uint32_t>& to = joined[find(c)];
    to.insert(to.end(), clusters[c].begin(), clusters[c].end());
  }
  std::erase_if(joined, [](const std::vector<uint32_t>& j) { return j.empty(); });
  const size_t before_join = clusters.size();
  clusters = std::move(joined);
  double t4 = Now();

  // B-cubed against the generated crises.
  std::unordered_map<uint32_t, size_t> crisis_size;
  for (const Gen& g : gens) ++crisis_size[g.crisis];
  double p = 0, r = 0;
  for (const auto& members : clusters) {
    std::unordered_map<uint32_t, size_t> in;
    for (uint32_t m : members) ++in[gens[m].crisis];
    for (const auto& [c, k] : in) {
      p += static_cast<double>(k) * k / members.size();
      r += static_cast<double>(k) * k / crisis_size[c];
    }
  }
  p /= n;
  r /= n;
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  std::printf("documents %zu (%.1f MB of text), crises %zu, clusters %zu (%zu before %zu "
              "kindred pairs joined)\n",
              n, bytes / 1e6, crisis_size.size(), clusters.size(), before_join, pairs.size());
  std::printf("features %.2f s, clustering: add %.2f s + finish %.2f s (%d passes) + kindred "
              "join %.2f s = %.2f s (%.0f docs/s)\n",
              t1 - t0, t2 - t1, t3 - t2, clusterer.passes(), t4 - t3, t4 - t1, n / (t4 - t1));
  std::printf("total %.2f s, peak RSS %.0f MB, B3 P %.3f R %.3f F1 %.3f\n", t4 - t0,
              ru.ru_maxrss / 1024.0, p, r, 2 * p * r / (p + r));
  return 0;
}
