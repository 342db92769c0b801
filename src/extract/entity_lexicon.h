// EntityLexicon: the curated entity data, keyed by name variant key (name_key.h).
//
// Reads resources/common/organizations.tsv and persons.tsv, and from every pack honorifics.tsv,
// stopwords.tsv, demonyms.tsv and name_endings.tsv (docs/resources.md). Every written form is
// reduced to its key once, here; lookups during Run() are hash lookups on keys.
//
// Thread safety: immutable after Create(); safe for concurrent use.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "extract/name_key.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::extract {

struct KnownEntity {
  std::string id;    // "org:csto", "per:kassym-jomart-tokayev"
  EntityType type = EntityType::kOrganization;
  std::string name;  // canonical name
  std::string surname_key;  // persons: key of the last word
};

struct LexiconEntry {
  uint32_t known = 0;        // index into EntityLexicon::known
  bool acronym = false;      // matches only all-caps text
  bool surname_only = false; // a person's surname alone
  uint8_t words = 1;         // words in the written form
  // An acronym's ASCII letters, its words' joined ("bbc", "mvd"): the text must spell them
  // exactly, the key's folding rules are for names ("BC" is not the BBC).
  std::string letters;
};

struct EntityLexicon {
  std::vector<KnownEntity> known;
  // Heterogeneous lookup: the scanner probes n-gram keys as string_views, without copies.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>()(s); }
  };
  std::unordered_map<std::string, std::vector<LexiconEntry>, KeyHash, std::equal_to<>> by_key;
  // Keys of the first word of multi-word forms that may start in lower case
  // ("ministère russe de la Défense"): a lower-case word starts a lookup only if listed here.
  std::unordered_set<std::string> lower_starts;
  // Keys of the last word of multi-word forms ending in lower case ("... sécurité collective"):
  // a multi-word lookup ending on a lower-case word is tried only if that word is listed here.
  std::unordered_set<std::string> lower_ends;
  std::unordered_set<std::string> stop, place_cue, org_head, street;  // single-word keys
  // Lower-case words after a capitalised adjective that make it a region's name, not a person's
  // ("Херсонской области", "Донецкой областной администрации"): the run before is no entity,
  // as before a lower-case org_head (stopwords.tsv `region_head`).
  std::unordered_set<std::string> region_head;
  // Lower-case words between a region's word and its name ("la région de Manguistaou", "the
  // province of Helmand"): stopwords.tsv `region_link`.
  std::unordered_set<std::string> region_link;
  // Region words that end a region's name even capitalised ("Kherson Oblast", "Hormozgan
  // Province"): stopwords.tsv `region_title`. Not "State": "Ohio State" is a university.
  std::unordered_set<std::string> region_title;
  // Capitalised words that, right after a place's name, make the two a newspaper's name, an
  // organisation ("New York Times", "Washington Post": the city is no place of the story):
  // stopwords.tsv `press_title`.
  std::unordered_set<std::string> press_title;
  // Lower-case particles inside a person's name, between its words ("de Gaulle", "al-Assad",
  // "von der Leyen", "bin Salman"): stopwords.tsv `name_particle`, as written (not by key:
  // Russian "да" would fold to the "da" of "Lula da Silva").
  std::unordered_set<std::string> name_particle;
  // Capitalised particles right after a given name, before the surname ("Robert De Niro",
  // "Bruno Le Maire", "Ursula Von Der Leyen"): stopwords.tsv `capital_particle`, lower-cased
  // as written.
  std::unordered_set<std::string> capital_particle;
  // Words that end the names of things and places, not of people ("Tony Awards", "Bruce
  // Township", "Alexander Valley"): stopwords.tsv `thing_word`.
  std::unordered_set<std::string> thing_word;
  // Lower-case words inside an organisation's name, before more of its capitalised words
  // ("Central Committee of Sudanese Doctors", "Commission nationale des droits"): stopwords.tsv
  // `org_connector`.
  std::unordered_set<std::string> org_connector;
  std::unordered_set<std::string> org_article;  // `org_article`: "the", "la" after a connector
  // Keys of given names (common/given_names.tsv): a run of two or three words opened by one is a
  // person's full name even when named once without a title.
  std::unordered_set<std::string> given_names;
  // Whether `key` (a word's name key) is a given name. Words split at hyphens, so "Jean-Luc"
  // is found by "Jean".
  bool IsGivenName(std::string_view key) const;
  // Letters that spell a word, not a name's initials (`not_initials`: "A. M.", "P. M.").
  std::unordered_set<std::string> not_initials;
  // A place cue introduces a place in its own language only: French "à" folds to "a", which
  // is no cue in "a British climber". Bit i: the cue comes from the pack languages[i].
  std::vector<std::string> languages;
  std::unordered_map<std::string, uint32_t> place_cue_languages;
  // The bit of `language` in place_cue_languages; every bit for a language without a pack.
  uint32_t LanguageBits(std::string_view language) const {
    for (size_t i = 0; i < languages.size() && i < 32; ++i) {
      if (languages[i] == language) return uint32_t(1) << i;
    }
    return ~uint32_t(0);
  }
  bool IsPlaceCueIn(const std::string& key, uint32_t language_bits) const {
    auto it = place_cue_languages.find(key);
    return it != place_cue_languages.end() && (it->second & language_bits) != 0;
  }
  // Languages whose press respells foreign place names its own way ("Janaozen", "Tchimkent" in
  // French): there, a word that reaches a place only through the folding rules is that place
  // like its own name. Bit i: languages[i] says so in entity_settings.tsv
  // (respelled_place_names yes); a language without a pack counts as one.
  uint32_t respelling_languages = 0;
  bool RespellsPlaceNames(uint32_t language_bits) const {
    return language_bits == ~uint32_t(0) || (respelling_languages & language_bits) != 0;
  }
  // Languages whose organisations' names go on in lower case after a capitalised first word
  // ("Евразийский пакт безопасности", "Объединённый гражданский фронт"): there, capitalised
  // words before a lower-case `org_head` open such a name and are no person or place. Bit i:
  // languages[i] says so in entity_settings.tsv (lower_case_org_names yes); an unknown language
  // does not.
  uint32_t lower_case_org_languages = 0;
  bool LowerCaseOrgNames(uint32_t language_bits) const {
    return language_bits != ~uint32_t(0) && (lower_case_org_languages & language_bits) != 0;
  }
  // Languages whose sentences open with a capitalised common noun before a place's name
  // ("Прокуратура Актау", "Жители Жанаозена"): there a place right after a sentence's first word
  // ends that word's run. Elsewhere (entity_settings.tsv opener_before_place no) the first word
  // and the town after it are one name ("Jared Allen, then with...", "Darius Butler returned").
  // An unknown language does (the cautious reading: no person made of an opener and a town).
  uint32_t opener_place_languages = 0;
  bool OpenerBeforePlace(uint32_t language_bits) const {
    return language_bits == ~uint32_t(0) || (opener_place_languages & language_bits) != 0;
  }
  std::unordered_map<std::string, std::string> demonyms;      // key -> ISO 3166-1 alpha-2
  std::unordered_set<std::string> honorifics;                 // phrase keys
  std::unordered_set<std::string> title_starts;  // first-word keys of honorifics of 2+ words
  size_t max_honorific_words = 1;
  // True when `key` may be in `honorifics`: false means it is not (checked before hashing, as
  // most title candidates share no first byte and length with any honorific).
  bool MaybeHonorific(std::string_view key) const {
    if (key.empty()) return honorific_first_len_[0] & 1;
    const uint64_t lens = honorific_first_len_[static_cast<unsigned char>(key[0])];
    return key.size() < 64 ? ((lens >> key.size()) & 1) != 0 : (lens & 1) != 0;
  }
  std::vector<std::pair<std::string, std::string>> endings;   // (ending, replacement), UTF-8
  // Places a language's press calls by a name of its own that GeoNames keeps only among the
  // alternate names ("Moscou", "Pékin", "Londres"): resources/<lang>/place_exonyms.tsv. Such a
  // name, in that language, is the place's own name, not a doubtful alternate.
  // key -> (GeoNames id, language bit) pairs.
  std::unordered_map<std::string, std::vector<std::pair<uint32_t, uint32_t>>> exonyms;
  bool IsExonym(const std::string& key, uint32_t geonames_id, uint32_t language_bits) const {
    const auto it = exonyms.find(key);
    if (it == exonyms.end()) return false;
    for (const auto& [id, bit] : it->second) {
      if (id == geonames_id && (bit & language_bits) != 0) return true;
    }
    return false;
  }

  // Every single-word key above with the sets it belongs to, so that a scanner describes a
  // word with one lookup instead of seven (built by Create from the tables above).
  enum WordBits : uint8_t {
    kStop = 1, kPlaceCue = 2, kOrgHead = 4, kHonorific = 8, kLowerStart = 16, kLowerEnd = 32,
    kStreet = 64,  // a street or square word next to a name ("boulevard Tchouï"): not a town
    kTitleStart = 128,  // the first word of a title of several words ("police" of "Police Chief")
  };
  struct WordClass {
    uint8_t bits = 0;
    const std::string* demonym = nullptr;  // into `demonyms`
  };
  std::unordered_map<std::string, WordClass> word_class;

  // By first byte of a key in `honorifics`: bit n set when one of n bytes (1 <= n < 64) starts
  // so; bit 0 when one of 64 bytes or more does (slot 0 also stands for the empty key).
  uint64_t honorific_first_len_[256] = {};

  // False when no key of `by_key` has KeyHash (gazetteer.h) `key_hash`; true means maybe.
  // The scanner has that hash of every n-gram key already (for the gazetteer), and most
  // n-grams name nothing: this spares their std::hash and bucket walk. Built by IndexKeys().
  bool MayHaveKeyHash(uint64_t key_hash) const {
    const uint64_t bit = key_hash >> (64 - kKeyFilterLog2Bits);
    return (key_filter_[bit / 64] >> (bit % 64)) & 1;
  }
  // Fills the filter from `by_key`; call after changing `by_key` (Create does).
  void IndexKeys();
  static constexpr int kKeyFilterLog2Bits = 14;  // 2 KB; a few hundred keys set ~3% of it
  uint64_t key_filter_[(size_t(1) << kKeyFilterLog2Bits) / 64] = {};

  // Corrupt("path:line: ...") on a malformed table; NotFound if a common table is missing.
  static Result<std::unique_ptr<EntityLexicon>> Create(const lang::Resources& resources,
                                                        const NameFolder& folder);
};

}  // namespace sitrep::extract
