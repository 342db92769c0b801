// Geocoding: which gazetteer place a location mention means, or none (issue 3, DESIGN-NOTES 4).
//
// Evidence, in order of weight: the document's country context (countries and demonyms it
// mentions, its domain's country code), population, feature rank (capital, regional seat). A
// mention is resolved only when the evidence is enough: a large place, or a place in a country
// the document talks about, or a mid-size place right after a place cue ("à", "in", "в"). Else
// the result is -1 and the place keeps null coordinates: never a guess.
//
// Pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::extract {

// After a cue, a town of any size is a place of the story's country: one whose weight in the
// context is at least this share of the top country's. A country only hinted at ("russe" once in
// a Kyrgyz story: 0.125) does not make a village of 5 000 people the place after "à" (ChoosePlace).
inline constexpr double kStoryCountryShare = 0.25;
// After a cue, a town of a country the document does not name needs this many people when the
// document names others (20 000 when it names none): "arrivées à Manas" in a Kyrgyz story is
// the airport, not Manas in Dagestan (ChoosePlace).
inline constexpr uint32_t kForeignCueMinPopulation = 50000;
// An alternate name without a cue needs the story's country and this many people (ChoosePlace).
inline constexpr uint32_t kAlternateMinPopulation = 20000;
// Without a cue, a town of the story's country needs this many people (ChoosePlace): in a US
// story, the towns of 1 000 to 10 000 people named Post, Star, Ely, Cisco or Pacific were far more
// often words and names than places. A name of several words is rarely an accident ("Bayou La
// Batre", "Old Tappan"): 1 000 people.
inline constexpr uint32_t kContextMinPopulation = 10000;
inline constexpr uint32_t kContextMinPopulationWords = 1000;
// Score taken from a candidate reached through an alternate name only (ChoosePlace).
inline constexpr double kAlternatePenalty = 1.0;

// The score of a first-level region in ChoosePlace: that of a town of 100 000 people.
inline constexpr double kRegionScore = 5.0;
// A region with a region's word next to it outranks any city of its name (a capital of ten
// million scores about 8.5 with the same context).
inline constexpr double kRegionWordBonus = 4.0;

struct GeoCandidate {
  PlaceKind kind = PlaceKind::kCity;
  uint32_t population = 0;
  uint8_t feature_rank = 0;  // 3 capital, 2 first-order seat, 1 other seat, 0
  // ISO 3166-1 alpha-2, viewing the caller's storage (the gazetteer's place): a key's places
  // are many, and a string per candidate was most of the cost of choosing among them.
  std::string_view country;
  // Reached through an alternate name only (Gazetteer::IsAlternateKey), or through the primary
  // name's key with other letters ("Khan Younis" for Khān Yūnis: `folded_only`).
  bool alternate = false;
  bool folded_only = false;
  bool excluded = false;     // ruled out by the caller (never chosen)
  bool latin = true;         // the mention is in Latin script (see ChoosePlace on alternates)
  bool several_words = false;  // the mention has two words or more ("New York", "Alma-Ata")
  uint32_t key_letters = 0;  // length of the mention's key (0: unknown, never short)
  // The key is the mention's own letters (ASCII, lower-cased: "Kiev" -> "kiev"; or a word in
  // another script, "Киеве"), not a Latin spelling the folding rules made ("Yida" -> "ida").
  bool own_letters = false;
  // A region's word next to it ("Helmand province", "Херсонской области", "la région de X").
  bool region_word = false;
};
// GeoNames' alternate names include short old or foreign forms ("ala" for Alanya, "ian" for
// Ya'an, "ana" for Anna) that are inflected given names and words in other languages ("Аллу",
// "Яна", "Анну"): reached through a key of at most kShortKeyLetters letters, a place needs the
// story's country, unless a cue introduces a city of a million by its own letters, at least
// kMinOwnShortKeyLetters of them ("in Kiev", "à Alep"; three letters are too often a short form
// of a name: "Sam's Club" and Damascus's "Sam").
inline constexpr size_t kShortKeyLetters = 4;
inline constexpr size_t kMinOwnShortKeyLetters = 4;

// Country -> weight in [0, 1] (1: the story's country). Small, so a vector.
using CountryContext = std::vector<std::pair<std::string, double>>;

double ContextWeight(const CountryContext& context, std::string_view country);

// Index of the chosen candidate, or -1 when none is supported well enough. `place_cue`: a cue
// word stands right before ("à", "in", "в"). `weak_position`: one word that opens a sentence or
// is followed by another capitalised word (a first name?); then, outside the context
// countries, only places of a million people count, and inside them places of 50 000.
int ChoosePlace(std::span<const GeoCandidate> candidates, const CountryContext& context,
                bool place_cue, bool weak_position = false);

// Great-circle distance in km (tests and checks).
double DistanceKm(double lat1, double lon1, double lat2, double lon2);

}  // namespace sitrep::extract
