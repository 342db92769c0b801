// EntityFinder: the entity stage. Fills Document::entities (persons, organisations, locations)
// and Document::places (geocoded locations) from every zone but boilerplate (issue 3).
//
// How, in one pass over word tokens per zone (DESIGN-NOTES 4):
// - Known names: at each word, the longest run of up to kMaxNameWords words whose variant key
//   (name_key.h) is a curated organisation or person (entity_lexicon.h) or a gazetteer place
//   (gazetteer.h). Acronyms match only in capitals; places and persons must start and end with
//   a capital; Russian case endings are undone from name_endings.tsv when the form is not found.
// - Unknown capitalised runs (at most kMaxRunWords words, stop words excluded): a person after a
//   title ("le président X", "M. X", "президент X"), an organisation when a word is an org head
//   ("Ministry"), a person when its last word recurs alone in the document, an unresolved
//   location after a place cue ("à X", "в X"). Anything else is left alone.
// - Variants merge onto one entity: same key, or same consonant skeleton and edit similarity
//   >= kMergeSimilarity; a surname alone refers back to the person with that surname.
// - Locations are geocoded by ChoosePlace (geocode.h) with the document's country context, one
//   sense per name per document; an unsupported place keeps null coordinates.
// Ids: curated "org:<id>" / "per:<id>", gazetteer "loc:<country>" / "loc:gn<geonames id>",
// others "per:<word keys>", "org:<word keys>", "loc:<word keys>" (stable across documents).
//
// Speed: each distinct word is described (transliterated, folded, looked up) once per thread, in
// a cache kept across documents (at most 64k words; cleared when full or used by another finder).
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "extract/entity_lexicon.h"
#include "extract/gazetteer.h"
#include "extract/name_key.h"
#include "lang/resources.h"
#include "pipeline/stage.h"
#include "sitrep/status.h"

namespace sitrep::extract {

struct EntityLimits {
  size_t max_tokens = size_t(1) << 21;  // words scanned per document
  size_t max_mentions = 50000;          // mentions kept per document
  size_t max_entities = 5000;           // entities kept per document
};

inline constexpr size_t kMaxNameWords = 6;
inline constexpr size_t kMaxRunWords = 4;
// Initials before a surname ("J.R.R" is one word; "Д. А. В." three): at most this many.
inline constexpr size_t kMaxInitials = 3;
inline constexpr double kMergeSimilarity = 0.85;
// A city of this many people, named by its own name, is a place even right before another
// capitalised word; a smaller one there may be a person's name ("Bettie Page").
inline constexpr uint32_t kProminentPopulation = 100000;

struct EntityResult {
  std::vector<Entity> entities;  // sorted by id
  std::vector<Place> places;     // sorted by entity
  bool truncated = false;        // a limit was hit
};

// The pure core: entities in `text` restricted to `spans` (absolute byte spans, any order).
// `domain` (may be empty) adds its country-code TLD to the country context; `language` (empty:
// unknown) selects the place cues that count ("à" is one in French, "a" none in English).
EntityResult FindEntities(std::string_view text, std::span<const ByteSpan> spans,
                          std::string_view domain, const NameFolder& folder,
                          const EntityLexicon& lexicon, const Gazetteer& gazetteer,
                          const EntityLimits& limits = {}, std::string_view language = "");

class EntityFinder : public pipeline::Stage {
 public:
  // Loads the folding rules, the curated tables and the gazetteer (countries from ICU; cities
  // from the compiled file found by Gazetteer::FindCompiled). A missing compiled file is not an
  // error: the stage runs with countries and curated names only and has_cities() is false
  // (docs/resources.md). A stale or corrupt one is an error naming the command that rebuilds it.
  static Result<std::unique_ptr<EntityFinder>> Create(const lang::Resources& resources);
  EntityFinder(std::unique_ptr<NameFolder> folder, std::unique_ptr<EntityLexicon> lexicon,
               std::unique_ptr<Gazetteer> gazetteer);

  std::string_view name() const override { return "entities"; }
  // Replaces doc.entities and doc.places; adds a warning when a limit was hit.
  void Run(Document& doc) const override;

  const Gazetteer& gazetteer() const { return *gazetteer_; }
  const NameFolder& folder() const { return *folder_; }
  const EntityLexicon& lexicon() const { return *lexicon_; }

 private:
  std::unique_ptr<NameFolder> folder_;
  std::unique_ptr<EntityLexicon> lexicon_;
  std::unique_ptr<Gazetteer> gazetteer_;
  uint64_t serial_;  // names this finder's per-thread word cache (Run)
};

}  // namespace sitrep::extract
