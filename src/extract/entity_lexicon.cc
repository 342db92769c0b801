#include "extract/entity_lexicon.h"

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <map>

#include "base/utf8.h"
#include "extract/gazetteer.h"

namespace sitrep::extract {
namespace {

bool AllCapsForm(const NameFolder& folder, const std::string& form) {
  std::vector<NameToken> t = folder.Tokenize(form, 16, 256);
  if (t.empty()) return false;
  for (const NameToken& w : t) {
    if (!w.all_caps && !w.has_digit) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<EntityLexicon>> EntityLexicon::Create(const lang::Resources& resources,
                                                             const NameFolder& folder) {
  auto lex = std::make_unique<EntityLexicon>();
  std::map<std::string, uint32_t> index_of;

  SITREP_ASSIGN_OR_RETURN(base::TsvTable orgs,
                          resources.Common("organizations.tsv", {"id", "kind", "form"}));
  const int o_id = orgs.Column("id"), o_kind = orgs.Column("kind"), o_form = orgs.Column("form");
  for (const base::TsvRow& row : orgs.rows) {
    const std::string& id = row.fields[o_id];
    const std::string& kind = row.fields[o_kind];
    const std::string& form = row.fields[o_form];
    if (id.empty() || form.empty()) return Corrupt(orgs.Where(row) + ": empty id or form");
    if (kind != "name" && kind != "acronym") {
      return Corrupt(orgs.Where(row) + ": kind must be name or acronym");
    }
    auto [it, inserted] = index_of.try_emplace("org:" + id, uint32_t(lex->known.size()));
    if (inserted) {
      lex->known.push_back(KnownEntity{"org:" + id, EntityType::kOrganization, form, ""});
    }
    std::vector<NameToken> words = folder.Tokenize(form, 16, 256);
    std::string key = folder.Key(form);
    if (key.empty() || words.empty()) return Corrupt(orgs.Where(row) + ": form has no letters");
    LexiconEntry e;
    e.known = it->second;
    e.acronym = kind == "acronym" || (AllCapsForm(folder, form) && words.size() == 1);
    e.words = uint8_t(std::min<size_t>(words.size(), 255));
    if (e.acronym) {
      for (const NameToken& w : words) e.letters += w.ascii;
    }
    lex->by_key[key].push_back(e);
    if (words.size() >= 2 && !words[0].upper_initial) {
      lex->lower_starts.insert(folder.FoldAscii(words[0].ascii));
    }
    if (words.size() >= 2 && !words.back().upper_initial) {
      lex->lower_ends.insert(folder.FoldAscii(words.back().ascii));
    }
  }

  SITREP_ASSIGN_OR_RETURN(base::TsvTable persons,
                          resources.Common("persons.tsv", {"id", "name", "surname_alone"}));
  const int p_id = persons.Column("id"), p_name = persons.Column("name"),
            p_alone = persons.Column("surname_alone"),
            p_other = persons.Column("other_spellings");  // optional
  for (const base::TsvRow& row : persons.rows) {
    const std::string& id = row.fields[p_id];
    const std::string& name = row.fields[p_name];
    std::vector<NameToken> words = folder.Tokenize(name, 16, 256);
    if (id.empty() || words.size() < 2) {
      return Corrupt(persons.Where(row) + ": a person needs an id and at least two words");
    }
    if (index_of.count("per:" + id)) return Corrupt(persons.Where(row) + ": duplicate id");
    uint32_t k = uint32_t(lex->known.size());
    index_of["per:" + id] = k;
    std::string surname = folder.FoldAscii(words.back().ascii);
    lex->known.push_back(KnownEntity{"per:" + id, EntityType::kPerson, name, surname});
    // The canonical name, then the spellings the folding rules cannot reach ("Vladimir
    // Poutine": French -ine; "Alexandre Loukachenko": French given name), each full and, with
    // surname_alone, its surname alone.
    std::vector<std::string> spellings{name};
    if (p_other >= 0) {
      std::string_view rest = row.fields[p_other];
      while (!rest.empty()) {
        const size_t comma = std::min(rest.find(','), rest.size());
        const std::string_view s = base::TrimSpace(rest.substr(0, comma));
        if (!s.empty()) spellings.emplace_back(s);
        rest.remove_prefix(std::min(comma + 1, rest.size()));
      }
    }
    std::vector<std::string> added;  // keys already pointing at this person
    auto add = [&](std::string key, LexiconEntry e) {
      if (std::find(added.begin(), added.end(), key) != added.end()) return;
      lex->by_key[key].push_back(e);
      added.push_back(std::move(key));
    };
    for (const std::string& spelling : spellings) {
      const std::vector<NameToken> sw = folder.Tokenize(spelling, 16, 256);
      if (sw.size() < 2) {
        return Corrupt(persons.Where(row) + ": a spelling needs two words: " + spelling);
      }
      LexiconEntry full;
      full.known = k;
      full.words = uint8_t(sw.size());
      add(folder.Key(spelling), full);
      if (row.fields[p_alone] == "yes") {
        LexiconEntry alone;
        alone.known = k;
        alone.surname_only = true;
        add(folder.FoldAscii(sw.back().ascii), alone);
      }
    }
  }

  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> honorifics,
                          resources.TableFromEveryPack("honorifics.tsv", {"phrase"}));
  for (const base::TsvTable& t : honorifics) {
    const int c = t.Column("phrase");
    for (const base::TsvRow& row : t.rows) {
      std::vector<NameToken> words = folder.Tokenize(row.fields[c], 8, 256);
      if (words.empty()) return Corrupt(t.Where(row) + ": empty phrase");
      lex->honorifics.insert(folder.Key(row.fields[c]));
      lex->max_honorific_words = std::max(lex->max_honorific_words, words.size());
      if (words.size() >= 2) lex->title_starts.insert(folder.FoldAscii(words[0].ascii));
    }
  }
  lex->languages = resources.languages();
  for (size_t lang = 0; lang < lex->languages.size(); ++lang) {
    Result<base::TsvTable> table =
        resources.Table(lex->languages[lang], "stopwords.tsv", {"word", "kind"});
    if (!table) {
      if (table.error().code() == StatusCode::kNotFound) continue;
      return table.error();
    }
    const base::TsvTable& t = *table;
    const int w = t.Column("word"), k = t.Column("kind");
    for (const base::TsvRow& row : t.rows) {
      std::string key = folder.Key(row.fields[w]);
      const std::string& kind = row.fields[k];
      if (key.empty()) return Corrupt(t.Where(row) + ": empty word");
      if (kind == "stop") lex->stop.insert(key);
      else if (kind == "place_cue") {
        if (lang < 32) lex->place_cue_languages[key] |= uint32_t(1) << lang;
        lex->place_cue.insert(key);
      }
      else if (kind == "org_head") lex->org_head.insert(key);
      else if (kind == "street") lex->street.insert(key);
      else if (kind == "not_initials") lex->not_initials.insert(key);
      else if (kind == "region_head") lex->region_head.insert(key);
      else if (kind == "region_link") lex->region_link.insert(key);
      else if (kind == "region_title") lex->region_title.insert(key);
      else if (kind == "press_title") lex->press_title.insert(key);
      else if (kind == "name_particle") lex->name_particle.insert(row.fields[w]);  // as written
      else if (kind == "capital_particle") lex->capital_particle.insert(row.fields[w]);
      else if (kind == "thing_word") lex->thing_word.insert(key);
      else if (kind == "org_connector") lex->org_connector.insert(key);
      else if (kind == "org_article") lex->org_article.insert(key);
      else {
        return Corrupt(t.Where(row) + ": kind must be stop, place_cue, org_head, street, "
                                      "not_initials, region_head, region_link, region_title, press_title, "
                                      "name_particle, "
                                      "capital_particle, "
                                      "thing_word, "
                                      "org_connector or org_article");
      }
    }
  }
  for (size_t lang = 0; lang < lex->languages.size() && lang < 32; ++lang) {
    Result<base::TsvTable> table =
        resources.Table(lex->languages[lang], "entity_settings.tsv", {"setting", "value"});
    if (!table) {
      if (table.error().code() == StatusCode::kNotFound) continue;
      return table.error();
    }
    const int s = table->Column("setting"), v = table->Column("value");
    for (const base::TsvRow& row : table->rows) {
      const std::string& value = row.fields[v];
      if (value != "yes" && value != "no") return Corrupt(table->Where(row) + ": value is yes or no");
      if (row.fields[s] == "respelled_place_names") {
        if (value == "yes") lex->respelling_languages |= uint32_t(1) << lang;
      } else if (row.fields[s] == "lower_case_org_names") {
        if (value == "yes") lex->lower_case_org_languages |= uint32_t(1) << lang;
      } else if (row.fields[s] == "opener_before_place") {
        if (value == "yes") lex->opener_place_languages |= uint32_t(1) << lang;
      } else {
        return Corrupt(table->Where(row) + ": unknown setting '" + row.fields[s] + "'");
      }
    }
  }
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> demonyms,
                          resources.TableFromEveryPack("demonyms.tsv", {"word", "country"}));
  for (const base::TsvTable& t : demonyms) {
    const int w = t.Column("word"), c = t.Column("country");
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[c].size() != 2) return Corrupt(t.Where(row) + ": country is ISO alpha-2");
      lex->demonyms[folder.Key(row.fields[w])] = row.fields[c];
    }
  }
  for (size_t lang = 0; lang < lex->languages.size() && lang < 32; ++lang) {
    Result<base::TsvTable> table =
        resources.Table(lex->languages[lang], "place_exonyms.tsv", {"name", "geonames_id"});
    if (!table) {
      if (table.error().code() == StatusCode::kNotFound) continue;
      return table.error();
    }
    const int n = table->Column("name"), g = table->Column("geonames_id");
    for (const base::TsvRow& row : table->rows) {
      const std::string key = folder.Key(row.fields[n]);
      char* end = nullptr;
      const unsigned long id = std::strtoul(row.fields[g].c_str(), &end, 10);
      if (key.empty() || row.fields[g].empty() || *end != 0 || id == 0 || id > UINT32_MAX) {
        return Corrupt(table->Where(row) + ": a name and a GeoNames id (digits) are needed");
      }
      lex->exonyms[key].emplace_back(uint32_t(id), uint32_t(1) << lang);
    }
  }
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> endings,
                          resources.TableFromEveryPack("name_endings.tsv", {"ending", "replacement"}));
  for (const base::TsvTable& t : endings) {
    const int e = t.Column("ending"), r = t.Column("replacement");
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[e].empty()) return Corrupt(t.Where(row) + ": empty ending");
      lex->endings.emplace_back(row.fields[e], row.fields[r]);
    }
  }
  SITREP_ASSIGN_OR_RETURN(base::TsvTable given, resources.Common("given_names.tsv", {"name"}));
  const int g_name = given.Column("name");
  for (const base::TsvRow& row : given.rows) {
    std::string key = folder.Key(row.fields[g_name]);
    if (key.empty()) return Corrupt(given.Where(row) + ": empty name");
    lex->given_names.insert(std::move(key));
  }
  auto mark = [&](const std::unordered_set<std::string>& set, uint8_t bit) {
    for (const std::string& k : set) lex->word_class[k].bits |= bit;
  };
  mark(lex->stop, kStop);
  mark(lex->place_cue, kPlaceCue);
  mark(lex->org_head, kOrgHead);
  mark(lex->street, kStreet);
  mark(lex->honorifics, kHonorific);
  mark(lex->title_starts, kTitleStart);
  mark(lex->lower_starts, kLowerStart);
  mark(lex->lower_ends, kLowerEnd);
  for (const auto& [k, country] : lex->demonyms) lex->word_class[k].demonym = &country;
  for (const std::string& k : lex->honorifics) {
    uint64_t& lens = lex->honorific_first_len_[k.empty() ? 0 : static_cast<unsigned char>(k[0])];
    lens |= (k.empty() || k.size() >= 64) ? uint64_t(1) : uint64_t(1) << k.size();
  }
  lex->IndexKeys();
  return lex;
}

bool EntityLexicon::IsGivenName(std::string_view key) const {
  return !key.empty() && given_names.count(std::string(key)) > 0;
}

void EntityLexicon::IndexKeys() {
  std::fill(std::begin(key_filter_), std::end(key_filter_), uint64_t(0));
  for (const auto& [key, entries] : by_key) {
    const uint64_t bit = extract::KeyHash(key) >> (64 - kKeyFilterLog2Bits);
    key_filter_[bit / 64] |= uint64_t(1) << (bit % 64);
  }
}

}  // namespace sitrep::extract
