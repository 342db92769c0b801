// The whole Engine on ../shared/seeds/ (when present): the Kazakh president is one entity across
// the five pages, and the places of the January 2022 events are geocoded (issue 3, item 2).
// Nothing from the seeds is copied here; the test only reads them.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "extract/geocode.h"
#include "sitrep/document.h"
#include "sitrep/engine.h"
#include "seeds_util.h"

namespace sitrep {
namespace {

using seeds::kSeeds;
using seeds::RunSeeds;

bool HasCities(const std::vector<Document>& docs) {
  for (const Document& d : docs) {
    for (const Place& p : d.places) {
      if (p.entity.starts_with("loc:gn")) return true;
    }
  }
  return false;
}

TEST(SeedsEntitiesTest, KazakhPresidentIsOneEntityAcrossPages) {
  if (!std::filesystem::is_directory(kSeeds)) GTEST_SKIP() << "no " << kSeeds;
  std::vector<Document> docs = RunSeeds();
  ASSERT_EQ(docs.size(), 5u);
  std::set<std::string> ids;
  size_t pages_with_him = 0;
  for (const Document& d : docs) {
    bool here = false;
    for (const Entity& e : d.entities) {
      for (const ByteSpan& m : e.mentions) {
        std::string_view s = d.Slice(m);
        // Every spelling of the surname in the seeds: Tokayev, Tokaïev, Токаев.
        if (s.find("Tokay") != s.npos || s.find("Toka\xC3\xAF") != s.npos ||
            s.find("\xD0\xA2\xD0\xBE\xD0\xBA\xD0\xB0\xD0\xB5\xD0\xB2") != s.npos) {
          ids.insert(e.id);
          here = true;
          EXPECT_EQ(e.type, EntityType::kPerson) << s;
        }
      }
    }
    if (here) ++pages_with_him;
  }
  EXPECT_EQ(pages_with_him, 5u);
  EXPECT_EQ(ids, std::set<std::string>{"per:kassym-jomart-tokayev"});
}

TEST(SeedsEntitiesTest, EventPlacesAreGeocodedWithin25Km) {
  if (!std::filesystem::is_directory(kSeeds)) GTEST_SKIP() << "no " << kSeeds;
  std::vector<Document> docs = RunSeeds();
  if (!HasCities(docs)) {
    if (std::getenv("CI")) FAIL() << "compiled gazetteer missing in CI";
    GTEST_SKIP() << "no compiled gazetteer: run scripts/build.sh (sitrep_gazetteer)";
  }
  // True positions (facts): city centres.
  const struct {
    const char* name;
    double lat, lon;
  } kTruth[] = {
      {"Almaty", 43.2567, 76.9286},   {"Nur-Sultan", 51.1694, 71.4491},
      {"Baikonur", 45.6167, 63.3167}, {"Zhanaozen", 43.3412, 52.8619},
      {"Aktau", 43.6481, 51.1722},
  };
  for (const auto& t : kTruth) {
    SCOPED_TRACE(t.name);
    bool found = false;
    for (const Document& d : docs) {
      for (const Place& p : d.places) {
        if (!p.lat || !p.lon) continue;
        if (extract::DistanceKm(*p.lat, *p.lon, t.lat, t.lon) < 25.0) found = true;
      }
    }
    EXPECT_TRUE(found) << "no place of the seeds geocoded within 25 km of " << t.name;
  }
  // And nothing that the seeds call by these names is placed far away: every place whose
  // mention is spelled like one of them lies within 25 km.
  for (const Document& d : docs) {
    for (const Entity& e : d.entities) {
      if (e.type != EntityType::kLocation) continue;
      for (const auto& t : kTruth) {
        bool named = false;
        for (const ByteSpan& m : e.mentions) named = named || d.Slice(m) == t.name;
        if (!named) continue;
        for (const Place& p : d.places) {
          if (p.entity != e.id) continue;
          ASSERT_TRUE(p.lat.has_value()) << t.name << " unresolved";
          EXPECT_LT(extract::DistanceKm(*p.lat, *p.lon, t.lat, t.lon), 25.0) << t.name << " -> " << e.id;
        }
      }
    }
  }
}

}  // namespace
}  // namespace sitrep
