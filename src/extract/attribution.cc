#include "extract/attribution.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <string>

namespace sitrep::extract {
namespace {

// Punctuation that closes a clause, so closes a source name.
bool IsClausePunct(const WordToken& t) {
  if (t.word) return false;
  static constexpr std::string_view kPunct[] = {",", ";", ":", "(", ")", "«", "»", "\"", "“",
                                                "”", "„", ".", "!", "?", "—", "–", "[", "]"};
  for (std::string_view p : kPunct) {
    if (t.lower == p) return true;
  }
  return false;
}

bool Overlaps(uint32_t b1, uint32_t e1, uint32_t b2, uint32_t e2) { return b1 < e2 && b2 < e1; }

// Quotation marks that may open or close a quoted name ('"' does both).
bool IsOpenQuote(std::string_view q) { return q == "\"" || q == "«" || q == "“" || q == "„"; }
bool IsCloseQuote(std::string_view q) { return q == "\"" || q == "»" || q == "”"; }

bool InTime(const Document& doc, const WordToken& t) {
  for (const TimeExpr& x : doc.times) {
    if (x.span.begin >= t.end) break;  // doc.times is sorted by begin
    if (Overlaps(t.begin, t.end, x.span.begin, x.span.end)) return true;
  }
  return false;
}

// Why a walk over source words stopped.
enum class Stop { kClause, kOther };

// The token after whom a source spoke to, when an addressee phrase starts at tokens[b] ("à l'AFP
// un responsable", "à Radio Free Europe le porte-parole"): the addressee word, its determiners,
// then one word, or every capitalised word of a name; else b.
size_t PastAddressee(std::span<const WordToken> tokens, size_t b, const AttributionCues& cues) {
  PhraseTable::Hit h = cues.others().Match(tokens, b);
  if (h.length == 0 || h.id != AttributionCues::kAddressee) return b;
  size_t k = b + h.length;
  while (k < tokens.size()) {
    PhraseTable::Hit d = cues.others().Match(tokens, k);
    if (d.length == 0 || d.id != AttributionCues::kDeterminer) break;
    k += d.length;
  }
  if (k >= tokens.size() || !tokens[k].word) return b;
  const bool name = tokens[k].upper;
  ++k;
  while (name && k < tokens.size() && tokens[k].word && tokens[k].upper) ++k;
  return k;
}

}  // namespace

Result<AttributionCues> AttributionCues::FromTables(const std::vector<base::TsvTable>& tables) {
  AttributionCues out;
  for (const base::TsvTable& table : tables) {
    int kind_col = table.Column("kind"), phrase_col = table.Column("phrase");
    if (kind_col < 0 || phrase_col < 0) {
      return Corrupt(table.path + ": needs columns kind, phrase");
    }
    for (const base::TsvRow& row : table.rows) {
      const std::string& kind = row.fields[size_t(kind_col)];
      const std::string& phrase = row.fields[size_t(phrase_col)];
      bool ok = false;
      if (kind == "source_after") {
        ok = out.cues_.Add(phrase, kSourceAfter);
      } else if (kind == "verb") {
        ok = out.cues_.Add(phrase, kVerb);
      } else if (kind == "telling_verb") {
        ok = out.cues_.Add(phrase, kTellingVerb);
      } else if (kind == "addressee") {
        ok = out.others_.Add(phrase, kAddressee);
      } else if (kind == "inversion") {
        ok = out.others_.Add(phrase, kInversion);
      } else if (kind == "source_agent") {
        ok = out.others_.Add(phrase, kSourceAgent);
      } else if (kind == "aside") {
        ok = out.others_.Add(phrase, kAside);
      } else if (kind == "place_link") {
        ok = out.others_.Add(phrase, kPlaceLink);
      } else if (kind == "determiner") {
        ok = out.others_.Add(phrase, kDeterminer);
      } else if (kind == "stop") {
        ok = out.others_.Add(phrase, kStop);
      } else if (kind == "adverb") {
        ok = out.others_.Add(phrase, kAdverb);
      } else if (kind == "conjunction") {
        ok = out.others_.Add(phrase, kConjunction);
      } else if (kind == "subordinator") {
        ok = out.others_.Add(phrase, kSubordinator);
      } else if (kind == "time_word") {
        ok = out.others_.Add(phrase, kTimeWord);
      } else if (kind == "adjective_after") {
        ok = out.others_.Add(phrase, kAdjectiveAfter);
      } else {
        return Corrupt(table.Where(row) + ": unknown kind '" + kind + "'");
      }
      if (!ok) return Corrupt(table.Where(row) + ": empty phrase");
    }
  }
  return out;
}

Result<AttributionCues> AttributionCues::Load(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack("claim_attribution.tsv", {"kind", "phrase"}));
  return FromTables(tables);
}

std::optional<Attribution> FindAttribution(const Document& doc, ByteSpan sentence, ByteSpan anchor,
                                           const AttributionCues& cues) {
  if (sentence.end > doc.text.size() || sentence.begin >= sentence.end) return std::nullopt;
  Words words =
      TokenizeWords(doc.Slice(sentence), sentence.begin, AttributionCues::kMaxSentenceTokens);
  return FindAttributionInTokens(doc, words.tokens, anchor, cues);
}

std::vector<AttributionCueHit> FindAttributionCues(std::span<const WordToken> tokens,
                                                   const AttributionCues& cues) {
  std::vector<AttributionCueHit> hits;
  if (cues.cues().empty()) return hits;
  for (size_t i = 0; i < tokens.size();) {
    PhraseTable::Hit h = cues.cues().Match(tokens, i);
    if (h.length == 0) {
      ++i;
      continue;
    }
    // "the confirmed death toll", "a reported 200", "the number of reported killings": after a
    // determiner or an adjective_after word the participle is an adjective, not a reporting
    // verb.
    bool adjective = false;
    if ((h.id == AttributionCues::kVerb || h.id == AttributionCues::kTellingVerb) && i > 0) {
      PhraseTable::Hit d = cues.others().Match(tokens, i - 1);
      adjective = d.length == 1 && (d.id == AttributionCues::kDeterminer ||
                                    d.id == AttributionCues::kAdjectiveAfter);
    }
    if (!adjective) hits.push_back(AttributionCueHit{i, h.length, h.id});
    i += h.length;
  }
  return hits;
}

std::optional<Attribution> FindAttributionInTokens(const Document& doc,
                                                   std::span<const WordToken> tokens,
                                                   ByteSpan anchor, const AttributionCues& cues) {
  if (cues.cues().empty() || tokens.empty()) return std::nullopt;
  return FindAttributionWithCues(doc, tokens, FindAttributionCues(tokens, cues), anchor, cues,
                                 MentionIndex(doc));
}

MentionIndex::MentionIndex(const Document& doc) : doc_(&doc) {
  for (uint32_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    for (const ByteSpan& m : e.mentions) {
      by_begin_.push_back(Mention{m.begin, m.end, i});
      if (e.type == EntityType::kPerson) person_ends_.push_back(m.end);
    }
  }
  std::sort(by_begin_.begin(), by_begin_.end(), [](const Mention& a, const Mention& b) {
    return a.begin != b.begin ? a.begin < b.begin : a.entity < b.entity;
  });
  std::sort(person_ends_.begin(), person_ends_.end());
}

const Entity* MentionIndex::SourceEntity(ByteSpan span) const {
  auto it = std::lower_bound(by_begin_.begin(), by_begin_.end(), span.begin,
                             [](const Mention& m, uint32_t at) { return m.begin < at; });
  uint32_t actor = UINT32_MAX, location = UINT32_MAX;
  for (; it != by_begin_.end() && it->begin < span.end; ++it) {
    if (it->end > span.end) continue;
    if (doc_->entities[it->entity].type != EntityType::kLocation) {
      actor = std::min(actor, it->entity);
    } else if (it->begin == span.begin) {
      location = std::min(location, it->entity);
    }
  }
  if (actor != UINT32_MAX) return &doc_->entities[actor];
  if (location != UINT32_MAX) return &doc_->entities[location];
  return nullptr;
}

bool MentionIndex::PersonEndsAt(uint32_t end) const {
  return std::binary_search(person_ends_.begin(), person_ends_.end(), end);
}

bool MentionIndex::Covers(uint32_t at) const {
  auto it = std::upper_bound(by_begin_.begin(), by_begin_.end(), at,
                             [](uint32_t o, const Mention& m) { return o < m.begin; });
  return it != by_begin_.begin() && at < std::prev(it)->end;
}

std::optional<Attribution> FindAttributionWithCues(const Document& doc,
                                                   std::span<const WordToken> tokens,
                                                   const std::vector<AttributionCueHit>& hits,
                                                   ByteSpan anchor, const AttributionCues& cues,
                                                   const MentionIndex& mentions) {
  if (cues.cues().empty() || tokens.empty()) return std::nullopt;
  if (hits.empty()) return std::nullopt;
  std::vector<bool> is_cue(tokens.size(), false);
  for (const AttributionCueHit& h : hits) {
    for (size_t k = h.begin; k < h.begin + h.length; ++k) is_cue[k] = true;
  }
  auto blocks = [&](size_t k) {
    const WordToken& t = tokens[k];
    if (!t.word) return IsClausePunct(t) ? Stop::kClause : Stop::kOther;
    return Stop::kOther;
  };
  auto is_source_word = [&](size_t k) {
    const WordToken& t = tokens[k];
    if (is_cue[k] || t.digits) return false;
    if (Overlaps(t.begin, t.end, anchor.begin, anchor.end)) return false;
    // A dash after a quoted name or before digits ends the source ("по оценке «Фонтанки.ру» -
    // полторы тысячи", "selon X - 300"); elsewhere it joins ("state - run television" in
    // text tokenized with spaces).
    if (!t.word) {
      if (t.lower == "-") {
        return !(k > 0 && IsCloseQuote(tokens[k - 1].lower)) &&
               !(k + 1 < tokens.size() && tokens[k + 1].digits);
      }
      return t.lower == "'" || t.lower == "&";
    }
    uint32_t id = 0;
    // A capitalised word after a capitalised one goes on with a name ("Access Now"), whatever
    // it is elsewhere.
    const bool in_name = t.upper && k > 0 && tokens[k - 1].word && tokens[k - 1].upper &&
                         tokens[k - 1].end < t.begin;
    if (!in_name && cues.others().MatchEndingAt(tokens, k + 1, 1, &id) &&
        (id == AttributionCues::kStop || id == AttributionCues::kPlaceLink ||
         id == AttributionCues::kAdverb ||
         id == AttributionCues::kConjunction || id == AttributionCues::kSubordinator ||
         id == AttributionCues::kInversion)) {
      return false;
    }
    return !InTime(doc, t);
  };
  // The kind of `others` word at tokens[k], if any.
  auto other_kind = [&](size_t k) -> std::optional<uint32_t> {
    uint32_t id = 0;
    if (cues.others().MatchEndingAt(tokens, k + 1, 1, &id)) return id;
    return std::nullopt;
  };
  // Forward: tokens [from, ...) while they are source words.
  // A quoted name inside a source, read forward ("selon l'agence « Interfax »"): the token
  // after the closing quote of the quote opening at tokens[open], when a source word stands
  // right before it and at most kMaxQuotedWords source words are inside; else `open`.
  // A source that is a quoted name alone ("сообщает по итогам 23 января «ОВД-Инфо»") reads the
  // same way from its opening quote (`at_start`).
  // A dot inside a word ("Фонтанка.ру", "Gazeta.ru"): part of a quoted name.
  auto glued_dot = [&](size_t k) {
    return tokens[k].lower == "." && k > 0 && k + 1 < tokens.size() && tokens[k - 1].word &&
           tokens[k + 1].word && tokens[k - 1].end == tokens[k].begin &&
           tokens[k].end == tokens[k + 1].begin;
  };
  auto quoted_name_end = [&](size_t open, bool at_start = false) {
    const std::string_view q = tokens[open].lower;
    if (!IsOpenQuote(q) ||
        (!at_start && (open == 0 || !tokens[open - 1].word || !is_source_word(open - 1)))) {
      return open;
    }
    size_t inside = 0;
    for (size_t c = open + 1; c < tokens.size() && inside <= AttributionCues::kMaxQuotedWords; ++c) {
      const WordToken& t = tokens[c];
      if (t.word) {
        if (!is_source_word(c)) return open;
        ++inside;
        continue;
      }
      if (IsCloseQuote(t.lower)) return inside > 0 ? c + 1 : open;
      if (t.lower != "-" && t.lower != "'" && !glued_dot(c)) return open;
    }
    return open;
  };
  // After a reporting verb, whom the source spoke to ends it ("a déclaré un responsable à
  // l'AFP"); after "selon" such a word may be part of a name ("selon le Haut-Commissariat aux
  // réfugiés").
  auto walk_forward = [&](size_t from, bool addressee_stops) {
    size_t end = from;
    size_t words = 0;
    while (end < tokens.size() && words < AttributionCues::kMaxSourceWords) {
      if (!is_source_word(end)) {
        const size_t after_quote = quoted_name_end(end, end == from);
        if (after_quote == end) break;
        for (size_t x = end; x < after_quote; ++x) words += tokens[x].word;
        end = after_quote;
        continue;
      }
      // A stop starting here ends it, of several words too ("quoted by Reuters as saying").
      if (PhraseTable::Hit h = cues.others().Match(tokens, end);
          h.length > 0 && (h.id == AttributionCues::kStop || h.id == AttributionCues::kPlaceLink ||
                           (addressee_stops && h.id == AttributionCues::kAddressee))) {
        break;
      }
      if (tokens[end].word) ++words;
      ++end;
    }
    return end;
  };
  // Backward: the first token of the source words ending at `to` (exclusive).
  // A quoted name inside a source ("проект "ОВД-Инфо" уточнил", "l'agence « Interfax » a
  // indiqué"): the first token of the quote that closes at tokens[close], when a source word
  // stands right before the quote and at most kMaxQuotedWords words are inside; else `close`.
  auto quoted_name_start = [&](size_t close) {
    const std::string_view q = tokens[close].lower;
    // An acronym in brackets after a name reads the same way ("The Kenya Human Rights
    // Commission (KHRC) reported").
    const bool bracket = q == ")";
    if (!IsCloseQuote(q) && !bracket) return close;
    size_t inside = 0;
    for (size_t o = close; o > 0 && inside <= AttributionCues::kMaxQuotedWords; --o) {
      const WordToken& t = tokens[o - 1];
      if (t.word) {
        if (!is_source_word(o - 1)) return close;
        ++inside;
        continue;
      }
      if (bracket ? t.lower == "(" : IsOpenQuote(t.lower)) {
        if (inside == 0 || o - 1 == 0 || !is_source_word(o - 2) || !tokens[o - 2].word) {
          return close;
        }
        return o - 1;
      }
      if (t.lower != "-" && t.lower != "'" && !glued_dot(o - 1)) return close;
    }
    return close;
  };
  // A place_link before capitalised words only, and them alone up to `to` ("official in
  // Khyber"): the walk goes on past it; unless it then ends off a clause's start, when it stops
  // there as at any stop ("Two died in Khyber officials said": "Khyber officials").
  auto walk_backward = [&](size_t to, size_t* words) {
    size_t k = to;
    size_t after_link = SIZE_MAX;
    auto only_capitals_from = [&](size_t from) {
      for (size_t x = from; x < to; ++x) {
        if (!tokens[x].word || !tokens[x].upper || tokens[x].digits) return false;
      }
      return from < to;
    };
    while (k > 0 && *words < AttributionCues::kMaxSourceWords) {
      uint32_t link = 0;
      if (after_link == SIZE_MAX && cues.others().MatchEndingAt(tokens, k, 1, &link) &&
          link == AttributionCues::kPlaceLink && only_capitals_from(k)) {
        after_link = k;
        ++*words;
        --k;
        continue;
      }
      if (!is_source_word(k - 1)) {
        const size_t open = quoted_name_start(k - 1);
        if (open == k - 1) break;
        for (size_t x = open; x < k; ++x) *words += tokens[x].word;
        k = open;
        continue;
      }
      if (tokens[k - 1].word) ++*words;
      --k;
    }
    if (after_link != SIZE_MAX && k > 0 && blocks(k - 1) != Stop::kClause) return after_link;
    return k;
  };
  // The anchor's token: the first token at or after its start (else the last token).
  size_t anchor_tok = 0;
  for (size_t k = 0; k < tokens.size(); ++k) {
    anchor_tok = k;
    if (tokens[k].begin >= anchor.begin) break;
  }
  // From token b right after a cue: past a time between the cue and the source ("a fait savoir
  // ce mardi matin le journal Nation"), with a determiner before it ("ce", "this", "по
  // итогам") and the words of a part of the day after it ("mardi matin", "Tuesday morning");
  // not past a possessive time ("said Thursday's actions were another assault"). Else b.
  auto past_time = [&](size_t b) {
    auto in_time = [&](size_t x) { return x < tokens.size() && InTime(doc, tokens[x]); };
    size_t skip = b;
    uint32_t id = 0;
    if (PhraseTable::Hit d = cues.others().Match(tokens, skip);
        d.length > 0 && d.id == AttributionCues::kDeterminer && !in_time(skip) &&
        in_time(skip + d.length)) {
      skip += d.length;
    }
    if (!in_time(skip)) return b;
    while (in_time(skip) || (skip > b && skip < tokens.size() &&
                             cues.others().MatchEndingAt(tokens, skip + 1, 1, &id) &&
                             id == AttributionCues::kTimeWord)) {
      ++skip;
    }
    const std::string_view last = tokens[skip - 1].lower;
    const bool possessive = last.ends_with("'s") || last.ends_with("\u2019s") ||
                            (skip < tokens.size() && tokens[skip].begin == tokens[skip - 1].end);
    return possessive ? b : skip;
  };
  std::optional<Attribution> best;
  size_t best_distance = size_t(-1);
  for (const AttributionCueHit& h : hits) {
    size_t b = 0, e = 0;
    if (h.kind == AttributionCues::kSourceAfter) {
      b = past_time(h.begin + h.length);  // "сообщает по итогам 23 января «ОВД-Инфо»"
      e = walk_forward(b, false);
      // "selon un bilan communiqué par la préfecture de police de Paris": who gave the figures
      // is the source.
      for (size_t x = b; x < e; ++x) {
        PhraseTable::Hit a = cues.others().Match(tokens, x);
        if (a.length > 0 && a.id == AttributionCues::kSourceAgent && x + a.length < tokens.size()) {
          b = x + a.length;
          e = walk_forward(b, false);
          break;
        }
      }
    } else {
      // Backward to the clause start: "Police said", "Le ministère a déclaré"; adverbs right
      // before the verb are passed over ("the ministry now says").
      size_t verb = h.begin;
      uint32_t adverb = 0;
      while (verb > 0 && cues.others().MatchEndingAt(tokens, verb, 1, &adverb) &&
             adverb == AttributionCues::kAdverb) {
        --verb;
      }
      size_t words = 0;
      size_t k = walk_backward(verb, &words);
      bool at_clause_start = k == 0 || blocks(k - 1) == Stop::kClause;
      const std::optional<uint32_t> before = k > 0 && k < verb ? other_kind(k - 1) : std::nullopt;
      if (before == AttributionCues::kSubordinator ||
          (k == verb && k > 0 && other_kind(k - 1) == AttributionCues::kInversion)) {
        // "This comes after police said", "..., but officials said"; after an inversion word
        // the source follows the verb ("Как пишет РИА Новости").
        at_clause_start = true;
      } else if (before == AttributionCues::kConjunction) {
        // Before a conjunction, from the clause start:
        // - one word joins the source ("Security and medical officials said");
        // - a name joins it too when capitalised words stand on both sides ("The Ministry of
        //   Health and Social Services said");
        // - other words leave it unknown: a clause ("Clashes erupted and police said") or a
        //   name in lower case ("Министерство труда и социальной защиты сообщило").
        // When a word that is no source word ends the walk first, a clause lies before the
        // conjunction and the source starts after it ("He was arrested and police said").
        size_t joined_words = 0;
        const size_t j = walk_backward(k - 1, &joined_words);
        const bool from_clause_start = j == 0 || blocks(j - 1) == Stop::kClause;
        const bool name_across = k - 1 > 0 && tokens[k - 2].word && tokens[k - 2].upper &&
                                 tokens[k].word && tokens[k].upper;
        if (joined_words == 0 || !from_clause_start) {
          at_clause_start = true;
        } else if (joined_words <= AttributionCues::kMaxJoinedWords || name_across) {
          k = j;
          at_clause_start = true;
        }
      }
      // An apposition between commas right before the verb, after a name: the apposition
      // ("Fauzi, an official from the agency, told AFP": "official from the agency"; the
      // determiner goes below).
      size_t apposition = verb;
      if (k == verb && at_clause_start && verb >= 3 && tokens[verb - 1].lower == ",") {
        size_t apposition_words = 0;
        const size_t j = walk_backward(verb - 1, &apposition_words);
        // It opens in lower case ("an official", "le porte-parole", "представитель МВД"); a name
        // there is more likely a place's ("in Almaty, Kazakhstan, ...").
        if (apposition_words > 1 && j >= 2 && tokens[j - 1].lower == "," && tokens[j - 2].word &&
            tokens[j].word && !tokens[j].upper) {
          apposition = j;
        }
      }
      if (k < verb && at_clause_start) {
        b = k;
        e = verb;
      } else if (k == h.begin && at_clause_start && h.kind == AttributionCues::kVerb) {
        // "..., said the spokesman", "..., сообщил представитель МВД".
        b = PastAddressee(tokens, past_time(h.begin + h.length), cues);
        e = walk_forward(b, true);
      }
      // The apposition only when no source follows the verb ("Almaty, a city of two million,
      // said the police": the police).
      bool words_after = false;
      for (size_t x = b; x < e && !words_after; ++x) words_after = tokens[x].word;
      if (!words_after && apposition < verb) {
        b = apposition;
        e = verb - 1;
      }
      // An aside after a comma, right before the verb (a comma at most between), names no source
      // ("pleading anonymity", `aside`): the words before that comma do, from their clause's
      // start ("A security official, pleading anonymity, said"); with none there, no source.
      size_t aside_end = verb;
      if (aside_end > 0 && tokens[aside_end - 1].lower == ",") --aside_end;
      // The longest aside first ("s'exprimant sous couvert d'anonymat" holds another).
      for (uint32_t len = AttributionCues::kMaxAsideWords; len >= 1; --len) {
        if (len >= aside_end) continue;
        uint32_t id = 0;
        if (!cues.others().MatchEndingAt(tokens, aside_end, len, &id) ||
            id != AttributionCues::kAside) {
          continue;
        }
        const size_t aside = aside_end - len;
        b = e = 0;
        if (aside >= 2 && tokens[aside - 1].lower == ",") {
          size_t before_words = 0;
          const size_t j = walk_backward(aside - 1, &before_words);
          if (j < aside - 1 && (j == 0 || blocks(j - 1) == Stop::kClause)) {
            b = j;
            e = aside - 1;
          }
        }
        break;
      }
    }
    // Drop leading determiners ("le", "the", "des"), but not one that opens a title in capitals
    // inside the sentence ("selon Le Monde", "according to The Ledger").
    while (b < e) {
      PhraseTable::Hit d = cues.others().Match(tokens, b);
      if (d.length == 0 || d.id != AttributionCues::kDeterminer || b + d.length > e) break;
      if (b > 0 && tokens[b].upper && b + d.length < e && tokens[b + d.length].upper) break;
      b += d.length;
    }
    while (e > b && !tokens[e - 1].word) --e;
    // Leading punctuation goes, but not the opening quote of a quoted name the source holds
    // ('the "Kurier" newspaper').
    while (b < e && !tokens[b].word) {
      const std::string_view q = tokens[b].lower;
      bool opens_name = false;
      if (IsOpenQuote(q)) {
        for (size_t c = b + 1; c < e && !opens_name; ++c) {
          opens_name = !tokens[c].word && quoted_name_start(c) == b;
        }
      }
      if (opens_name) break;
      ++b;
    }
    // Nor a determiner at the end ("selon un dernier bilan communiqué ce vendredi": "ce").
    while (e > b) {
      uint32_t id = 0;
      if (!cues.others().MatchEndingAt(tokens, e, 1, &id) || id != AttributionCues::kDeterminer) {
        break;
      }
      --e;
    }
    while (e > b && !tokens[e - 1].word) --e;
    // A quoted name at the end keeps its closing quote ("проект "ОВД-Инфо"").
    if (e < tokens.size() && b < e && quoted_name_start(e) < e && quoted_name_start(e) >= b) ++e;
    if (b >= e) continue;
    size_t cue_pos = h.begin;
    size_t distance = cue_pos > anchor_tok ? cue_pos - anchor_tok : anchor_tok - cue_pos;
    if (best && distance >= best_distance) continue;
    Attribution a;
    a.span = ByteSpan{tokens[b].begin, tokens[e - 1].end};
    a.name = std::string(doc.Slice(a.span));
    best_distance = distance;
    best = std::move(a);
  }
  if (!best) return std::nullopt;
  // The entity: a person or organisation mentioned inside the source; else a location that
  // opens it ("Kazakhstan said" but not "ministère de l'Intérieur du Kazakhstan").
  if (const Entity* e = mentions.SourceEntity(best->span)) best->entity = e->id;
  return best;
}

}  // namespace sitrep::extract
