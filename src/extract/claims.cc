#include "extract/claims.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "extract/event_lexicon.h"

namespace sitrep::extract {
namespace {

bool IsClausePunct(const WordToken& t) {
  if (t.word) return false;
  static constexpr std::string_view kPunct[] = {",", ";", ":", "(", ")", "«", "»", "\"",
                                                "“",  "”", "—", "–", "!", "?", "."};
  for (std::string_view p : kPunct) {
    if (t.lower == p) return true;
  }
  return false;
}

// A quotation mark of any kind (straight, curly, guillemets).
bool IsQuoteMark(const WordToken& t) {
  if (t.word) return false;
  static constexpr std::string_view kQuotes[] = {"\"", "“", "”", "„", "«", "»", "'", "’"};
  for (std::string_view q : kQuotes) {
    if (t.lower == q) return true;
  }
  return false;
}

// An opening quotation mark at tokens[j]: a group may be quoted ("19 «вооружённых
// погромщиков»"). '"' and '“' also close a quote ("... 45\" said police"): they open one only
// glued to the word after and not to the token before.
bool IsOpeningQuote(std::span<const WordToken> tokens, size_t j) {
  const WordToken& t = tokens[j];
  if (t.word) return false;
  if (t.lower == "«" || t.lower == "„") return true;
  if (t.lower != "\"" && t.lower != "“") return false;
  return j > 0 && j + 1 < tokens.size() && tokens[j - 1].end < t.begin &&
         t.end == tokens[j + 1].begin;
}

bool Overlaps(ByteSpan a, ByteSpan b) { return a.begin < b.end && b.begin < a.end; }

std::optional<std::string> DatePart(const std::string& value) {
  if (value.size() >= 10 && value[4] == '-' && value[7] == '-') return value.substr(0, 10);
  if (value.empty()) return std::nullopt;
  return value;
}

// Oldest age written as a bare number in apposition.
constexpr int64_t kMaxApposedAge = 120;

// "John Smith, 23, was arrested", "killing Ann Lee, 40.": a bare number right after a name and a
// comma, followed by a comma or the end of the clause, is the person's age. The name is a
// person mention of doc.entities, two capitalised words, or any capitalised word when a comma
// closes the number too (the recogniser misses some names; "Almaty, 12 were killed" stays a
// count).
bool IsAgeInApposition(const MentionIndex& mentions, std::span<const WordToken> tokens,
                       const NumberRead& n) {
  if (n.spelled || !n.value || n.value->min != n.value->max || n.value->max > kMaxApposedAge ||
      n.first_token < 2) {
    return false;
  }
  const WordToken& comma = tokens[n.first_token - 1];
  const WordToken& name = tokens[n.first_token - 2];
  if (comma.word || comma.lower != "," || !name.word || !name.upper) return false;
  const bool closed_by_comma = n.end_token < tokens.size() && tokens[n.end_token].lower == ",";
  const bool clause_end = n.end_token >= tokens.size() ||
                          (!tokens[n.end_token].word && tokens[n.end_token].lower != "%" &&
                           tokens[n.end_token].lower != "(");
  if (!clause_end) return false;
  if (closed_by_comma) return true;
  // "killing Benjamin David Banky, 40.": two capitalised words end the name (a missed person).
  if (n.first_token >= 3 && tokens[n.first_token - 3].word && tokens[n.first_token - 3].upper) {
    return true;
  }
  return mentions.PersonEndsAt(name.end);
}

struct LocationMention {
  ByteSpan span;
  const std::string* id = nullptr;
};

// Reads `file` from every pack and hands each row (with its table) to `add`.
template <typename Fn>
Status ForEachRow(const lang::Resources& resources, const std::string& file,
                  const std::vector<std::string>& required, Fn add) {
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack(file, required));
  for (const base::TsvTable& table : tables) {
    std::vector<int> cols;
    for (const std::string& name : required) cols.push_back(table.Column(name));
    for (const base::TsvRow& row : table.rows) {
      std::vector<std::string_view> fields;
      for (int c : cols) fields.push_back(row.fields[size_t(c)]);
      SITREP_RETURN_IF_ERROR(add(table, row, fields));
    }
  }
  return Status();
}

}  // namespace

struct ClaimFinder::SentenceContext {
  ByteSpan sentence;
  ZoneKind zone = ZoneKind::kBody;
  std::optional<std::string> fallback_date;
  // The sentence's tokens: a range of the document's token layer, or `tokens` when the
  // sentence was tokenized here.
  std::span<const WordToken> words;
  std::vector<WordToken> tokens;  // reused from sentence to sentence
  std::string lower;              // the tokens' lower-cased forms
  // Likewise reused (FindInSentence).
  std::vector<uint32_t> clause_breaks;
  std::vector<uint32_t> relatives;  // like clause_breaks, for relative cues
  std::vector<NumberRead> numbers;
  std::vector<char> chained;
  std::vector<char> whole;
  std::vector<char> own_noun;
  // item_word[k]: the token of the capitalised word that number k's place_item cue opens ("48
  // in Perm", "60 – в Краснодаре"), or SIZE_MAX.
  std::vector<size_t> item_word;
  std::vector<AttributionCueHit> figure_hits;  // the cue hits a figure may take its source from
  // times_end_max[i]: the largest span.end of doc.times[0..i] (the times are sorted by begin):
  // a number's overlapping times start at the first entry above the number's begin, found by a
  // binary search instead of a walk from the document's first time for every number.
  std::vector<uint32_t> times_end_max;
  struct Trigger {
    size_t begin = 0, end = 0;
    uint32_t id = 0;
  };
  std::vector<Trigger> triggers;
  const std::vector<LocationMention>* locations = nullptr;
  const MentionIndex* mentions = nullptr;  // the document's entity mentions
  // The quantity of the last claim of the sentence before in the zone, if it had one: "Among
  // them" (`among_previous`) at the start of a sentence makes its figures parts of that one.
  std::optional<Quantity> previous_sentence_quantity;
};

ClaimFinder::~ClaimFinder() = default;

Result<std::unique_ptr<ClaimFinder>> ClaimFinder::Create(const lang::Resources& resources) {
  std::unique_ptr<ClaimFinder> f(new ClaimFinder());
  SITREP_ASSIGN_OR_RETURN(f->numbers_, NumberReader::Create(resources));
  SITREP_ASSIGN_OR_RETURN(AttributionCues cues, AttributionCues::Load(resources));
  f->attribution_ = std::move(cues);

  SITREP_RETURN_IF_ERROR(ForEachRow(
      resources, "claim_quantities.tsv", {"quantity", "phrase", "role", "group"},
      [&](const base::TsvTable& t, const base::TsvRow& row,
          const std::vector<std::string_view>& v) -> Status {
        QuantityWord w;
        if (!Parse(v[0], &w.quantity)) return Corrupt(t.Where(row) + ": unknown quantity");
        if (v[2] != "noun" && v[2] != "verb" && v[2] != "motion" && v[2] != "act" &&
            v[2] != "verb_before") {
          return Corrupt(t.Where(row) + ": role noun|act|verb|verb_before|motion");
        }
        w.noun = v[2] == "noun" || v[2] == "act";
        w.act = v[2] == "act";
        w.before_only = v[2] == "verb_before";
        w.motion = v[2] == "motion";
        if (!v[3].empty()) {
          Group g;
          if (!Parse(v[3], &g)) return Corrupt(t.Where(row) + ": unknown group");
          w.group = g;
        }
        if (!f->quantities_.Add(v[1], uint32_t(f->quantity_words_.size()))) {
          return Corrupt(t.Where(row) + ": empty phrase");
        }
        f->quantity_words_.push_back(w);
        return Status();
      }));
  SITREP_RETURN_IF_ERROR(ForEachRow(
      resources, "claim_groups.tsv", {"group", "phrase", "quantity"},
      [&](const base::TsvTable& t, const base::TsvRow& row,
          const std::vector<std::string_view>& v) -> Status {
        GroupWord w;
        if (!Parse(v[0], &w.group)) return Corrupt(t.Where(row) + ": unknown group");
        if (!v[2].empty()) {
          Quantity q;
          if (!Parse(v[2], &q)) return Corrupt(t.Where(row) + ": unknown quantity");
          w.quantity = q;
        }
        if (!f->groups_.Add(v[1], uint32_t(f->group_words_.size()))) {
          return Corrupt(t.Where(row) + ": empty phrase");
        }
        if (w.quantity) f->quantity_groups_.Add(v[1], 0);
        f->group_words_.push_back(w);
        return Status();
      }));
  SITREP_RETURN_IF_ERROR(ForEachRow(
      resources, "claim_hedges.tsv", {"approx", "phrase", "position"},
      [&](const base::TsvTable& t, const base::TsvRow& row,
          const std::vector<std::string_view>& v) -> Status {
        Approx a;
        if (!Parse(v[0], &a)) return Corrupt(t.Where(row) + ": unknown approx");
        PhraseTable* table = v[2] == "before" ? &f->hedges_before_
                             : v[2] == "after" ? &f->hedges_after_
                                               : nullptr;
        if (table == nullptr) return Corrupt(t.Where(row) + ": position before|after");
        if (!table->Add(v[1], uint32_t(f->hedge_values_.size()))) {
          return Corrupt(t.Where(row) + ": empty phrase");
        }
        f->hedge_values_.push_back(a);
        return Status();
      }));
  SITREP_RETURN_IF_ERROR(ForEachRow(
      resources, "claim_cues.tsv", {"kind", "phrase"},
      [&](const base::TsvTable& t, const base::TsvRow& row,
          const std::vector<std::string_view>& v) -> Status {
        PhraseTable* table = v[0] == "total"              ? &f->total_
                             : v[0] == "not_total"        ? &f->not_total_
                             : v[0] == "since"            ? &f->since_
                             : v[0] == "began"            ? &f->began_
                             : v[0] == "not_count_after"  ? &f->not_after_
                             : v[0] == "not_count_before" ? &f->not_before_
                             : v[0] == "among"            ? &f->among_
                             : v[0] == "partitive"        ? &f->partitive_
                             : v[0] == "part"             ? &f->part_
                             : v[0] == "range_open"       ? &f->range_open_
                             : v[0] == "range_joiner"     ? &f->range_joiner_
                             : v[0] == "counted_object"   ? &f->objects_
                             : v[0] == "active_aux"       ? &f->active_aux_
                             : v[0] == "active_verb"      ? &f->active_verbs_
                             : v[0] == "verb_joiner"      ? &f->verb_joiner_
                             : v[0] == "list_continues"   ? &f->list_continues_
                             : v[0] == "among_previous"   ? &f->among_previous_
                             : v[0] == "object_start"     ? &f->object_start_
                             : v[0] == "other_state"      ? &f->other_state_
                             : v[0] == "clause_break"     ? &f->clause_break_
                             : v[0] == "clause_continue"  ? &f->clause_continue_
                             : v[0] == "address"          ? &f->address_
                             : v[0] == "address_next"     ? &f->address_next_
                             : v[0] == "magnitude_after"  ? &f->magnitude_after_
                             : v[0] == "intent"           ? &f->intent_
                             : v[0] == "not_crowd_after"  ? &f->not_crowd_after_
                             : v[0] == "pronoun_before"   ? &f->pronoun_before_
                             : v[0] == "accused"          ? &f->accused_
                             : v[0] == "agent"            ? &f->agent_
                             : v[0] == "part_of"          ? &f->part_of_
                             : v[0] == "source_before"    ? &f->source_before_
                             : v[0] == "toll_verb"        ? &f->toll_verb_
                             : v[0] == "relative"         ? &f->relative_
                             : v[0] == "not_relative"     ? &f->not_relative_
                             : v[0] == "relative_subject" ? &f->relative_subject_
                             : v[0] == "not_deployed"     ? &f->not_deployed_
                             : v[0] == "place_item"       ? &f->place_item_
                             : v[0] == "no_object_start"  ? &f->no_object_start_
                                                          : nullptr;
        if (table == nullptr) return Corrupt(t.Where(row) + ": unknown kind");
        if (!table->Add(v[1], 0)) return Corrupt(t.Where(row) + ": empty phrase");
        return Status();
      }));
  SITREP_ASSIGN_OR_RETURN(f->abbreviations_, EventLexicon::LoadAbbreviations(resources));
  f->languages_ = resources.languages();
  f->scan_filter_.Add(f->quantities_);
  f->scan_filter_.Add(f->total_);
  f->scan_filter_.Add(f->clause_break_);
  f->scan_filter_.Add(f->relative_);
  f->quantity_filter_.Add(f->quantities_);
  f->quantity_filter_.Add(f->quantity_groups_);
  return f;
}

void ClaimFinder::Run(Document& doc) const { Find(doc, nullptr); }

void ClaimFinder::RunWithLayer(Document& doc, const TokenLayer& layer) const { Find(doc, &layer); }

void ClaimFinder::Find(Document& doc, const TokenLayer* layer) const {
  doc.claims.clear();
  std::vector<LocationMention> locations;
  for (const Entity& e : doc.entities) {
    if (e.type != EntityType::kLocation) continue;
    for (const ByteSpan& m : e.mentions) locations.push_back(LocationMention{m, &e.id});
  }
  std::sort(locations.begin(), locations.end(),
            [](const LocationMention& a, const LocationMention& b) {
              return a.span.begin < b.span.begin;
            });
  std::vector<Zone> zones = doc.zones;
  if (zones.empty()) zones.push_back(Zone{ZoneKind::kBody, ByteSpan{0, uint32_t(doc.text.size())}, {}});
  std::optional<std::string> published;
  if (doc.published.value) published = DatePart(*doc.published.value);
  std::vector<Claim> claims;
  std::vector<Warning> warnings;
  // "Dr. Pandey said", "on Jan. 5": an abbreviation's dot ends no sentence.
  const auto is_abbreviation = [this](std::string_view word) {
    return std::binary_search(abbreviations_.begin(), abbreviations_.end(), FoldEventWord(word));
  };
  // A language without a pack: no claims (its words are not ours), artefacts still flagged.
  const bool readable = lang::Resources::Reads(languages_, doc.language);
  if (!readable) {
    warnings.push_back(Warning{"language_not_read", ByteSpan{},
                               "no language pack for '" + doc.language +
                                   "': claims and events not read"});
  }
  bool capped = false;
  SentenceContext ctx;
  ctx.locations = &locations;
  const MentionIndex mentions(doc);
  ctx.mentions = &mentions;
  ctx.times_end_max.reserve(doc.times.size());
  for (const TimeExpr& t : doc.times) {
    ctx.times_end_max.push_back(
        std::max(t.span.end, ctx.times_end_max.empty() ? 0u : ctx.times_end_max.back()));
  }
  ctx.tokens.reserve(128);  // most sentences: no reallocation
  size_t layer_hint = 0;     // SentenceRange's cursor: sentences come in text order
  for (const Zone& zone : zones) {
    if (zone.kind == ZoneKind::kBoilerplate) continue;
    if (zone.span.end > doc.text.size() || zone.span.begin >= zone.span.end) continue;
    ctx.zone = zone.kind == ZoneKind::kComment ? ZoneKind::kComment : ZoneKind::kBody;
    ctx.previous_sentence_quantity.reset();
    ctx.fallback_date = published;
    if (zone.kind == ZoneKind::kComment && zone.comment && zone.comment->posted) {
      ctx.fallback_date = DatePart(*zone.comment->posted);
    }
    // Related teasers are another article's words: no claims, but their artefacts are flagged.
    bool claims_here = zone.kind != ZoneKind::kRelated && readable;
    for (const SentenceSpan& s :
         SplitSentences(doc.Slice(zone.span), zone.span.begin, kMaxSentenceBytes, is_abbreviation)) {
      ctx.sentence = ByteSpan{s.begin, s.end};
      if (layer == nullptr ||
          !layer->SentenceRange(ctx.sentence, kMaxTokensPerSentence, &ctx.words, &layer_hint)) {
        TokenizeWordsInto(doc.Slice(ctx.sentence), s.begin, kMaxTokensPerSentence, &ctx.tokens,
                          &ctx.lower);
        ctx.words = ctx.tokens;
      }
      // A claim needs a number and a word its quantity can come from (quantity_filter_), or
      // the claim of the sentence before for an `among_previous` cue; a sentence with neither
      // (two thirds of the sample's sentences, half its tokens) skips FindInSentence, and
      // leaves the state a sentence without claims leaves: no previous_sentence_quantity.
      bool number = false, quantity = false;
      for (size_t i = 0; i < ctx.words.size(); ++i) {
        const WordToken& t = ctx.words[i];
        if (!t.word) continue;
        if (t.lower.size() >= 5 && t.lower.find("xnumx") != std::string::npos) {
          warnings.push_back(Warning{"masked_number", ByteSpan{t.begin, t.end},
                                     "machine translation masked a number (XNUMX)"});
        }
        number = number || numbers_->MayStartAt(t);
        // The filter has false positives; the tables answer them.
        quantity = quantity || (quantity_filter_.MayStartWith(t) &&
                                (quantities_.Match(ctx.words, i).length > 0 ||
                                 quantity_groups_.Match(ctx.words, i).length > 0));
      }
      if (!claims_here || capped) continue;
      if (!(number && quantity) && !ctx.previous_sentence_quantity) continue;
      const size_t claims_before = claims.size();
      FindInSentence(doc, ctx, &claims, &warnings);
      ctx.previous_sentence_quantity.reset();
      if (claims.size() > claims_before) ctx.previous_sentence_quantity = claims.back().quantity;
      if (claims.size() >= kMaxClaimsPerDocument) {
        claims.resize(kMaxClaimsPerDocument);
        capped = true;
      }
    }
  }
  if (capped) {
    warnings.push_back(Warning{"too_many_claims", ByteSpan{},
                               "claims after the first " + std::to_string(kMaxClaimsPerDocument) +
                                   " were dropped"});
  }
  // Claims come out in text order but for zones out of order; sort (moving whole claims)
  // only then.
  auto by_begin = [](const Claim& a, const Claim& b) { return a.span.begin < b.span.begin; };
  if (!std::is_sorted(claims.begin(), claims.end(), by_begin)) {
    std::stable_sort(claims.begin(), claims.end(), by_begin);
  }
  doc.claims = std::move(claims);
  doc.warnings.insert(doc.warnings.end(), warnings.begin(), warnings.end());
}

bool ClaimFinder::GroupActsOnOthers(std::span<const WordToken> tokens, size_t group_end,
                                    const std::vector<NumberRead>& numbers, size_t k) const {
  size_t v = group_end;
  // A verb whose form alone says the subject acted on others ("убили", "ранили"), when an
  // object follows it: a word that opens none (a preposition, `no_object_start`: "95 человек
  // задержали в Новосибирске"), a group word (the subject after the verb: "95 человек задержали
  // полицейские") or nothing (the sentence's or clause's end) leaves the impersonal reading,
  // where the number counts those acted on.
  if (const uint32_t len = active_verbs_.Match(tokens, v).length; len > 0) {
    const size_t object = v + len;
    if (object >= tokens.size()) return false;
    if (k + 1 < numbers.size() && numbers[k + 1].first_token == object) return true;
    return tokens[object].word && !tokens[object].digits &&
           no_object_start_.Match(tokens, object).length == 0 &&
           groups_.Match(tokens, object).length == 0;
  }
  if (PhraseTable::Hit a = active_aux_.Match(tokens, v); a.length > 0) v += a.length;
  // Verbs whose object is the counted: killing, wounding, arresting. Participants and deployed
  // troops are the verb's subject ("1 000 people attended a vigil").
  auto verb_at = [&](size_t at) -> size_t {
    PhraseTable::Hit q = quantities_.Match(tokens, at);
    if (q.length == 0 || quantity_words_[q.id].noun) return 0;
    const Quantity what = quantity_words_[q.id].quantity;
    return what == Quantity::kKilled || what == Quantity::kInjured || what == Quantity::kDetained
               ? q.length
               : 0;
  };
  size_t len = verb_at(v);
  // "shot and killed": one other verb joined to the quantity verb.
  if (len == 0 && v + 1 < tokens.size() && tokens[v].word) {
    if (PhraseTable::Hit j = verb_joiner_.Match(tokens, v + 1); j.length > 0) {
      v += 1 + j.length;
      len = verb_at(v);
    }
  }
  if (len == 0) return false;
  const size_t object = v + len;
  if (object >= tokens.size()) return false;
  if (k + 1 < numbers.size() && numbers[k + 1].first_token == object) return true;
  return object_start_.Match(tokens, object).length > 0;
}

void ClaimFinder::FindInSentence(const Document& doc, SentenceContext& ctx,
                                 std::vector<Claim>* claims,
                                 std::vector<Warning>* warnings) const {
  std::span<const WordToken> tokens = ctx.words;
  auto hedge_before = [&](size_t i, size_t* begin_token) -> std::optional<Approx> {
    for (uint32_t len = kMaxHedgeTokens; len >= 1; --len) {
      uint32_t id = 0;
      if (i >= len && hedges_before_.MatchEndingAt(tokens, i, len, &id)) {
        *begin_token = i - len;
        return hedge_values_[id];
      }
    }
    return std::nullopt;
  };
  auto cue_ends_at = [&](const PhraseTable& table, size_t i) {
    uint32_t id = 0;
    for (uint32_t len = 1; len <= 4; ++len) {  // "s'élève désormais à": four words
      if (table.MatchEndingAt(tokens, i, len, &id)) return true;
    }
    return false;
  };
  // 1. Numbers.
  std::vector<NumberRead>& numbers = ctx.numbers;
  numbers.clear();
  for (size_t i = 0; i < tokens.size() && numbers.size() < kMaxNumbersPerSentence;) {
    if (!numbers_->MayStartAt(tokens[i])) {  // most words: no call, no NumberRead
      ++i;
      continue;
    }
    std::optional<NumberRead> r = numbers_->ReadAt(doc.text, 0, tokens, i);
    size_t unused = 0;
    if (r && r->spelled && hedge_before(i, &unused)) {
      r = numbers_->ReadAt(doc.text, 0, tokens, i, /*after_hedge=*/true);
    }
    if (!r || r->end_token <= i) {
      ++i;
      continue;
    }
    i = r->end_token;
    numbers.push_back(std::move(*r));
  }
  if (numbers.empty()) return;
  // An `among_previous` cue opening the sentence (in its first kAmongPreviousStart tokens),
  // before its first number.
  bool among_previous = false;
  if (ctx.previous_sentence_quantity) {
    for (size_t j = 0; j < kAmongPreviousStart && j < numbers[0].first_token && !among_previous;
         ++j) {
      among_previous = among_previous_.Match(tokens, j).length > 0;
    }
  }
  // "entre 10 et 15", "between 10 and 15", "от 10 до 15": one range.
  for (size_t k = 0; k + 1 < numbers.size(); ++k) {
    NumberRead& a = numbers[k];
    const NumberRead& b = numbers[k + 1];
    if (!a.value || !b.value || a.artifact || b.artifact || a.first_token == 0) continue;
    if (b.first_token != a.end_token + 1) continue;
    uint32_t id = 0;
    if (!range_joiner_.MatchEndingAt(tokens, a.end_token + 1, 1, &id)) continue;
    if (!cue_ends_at(range_open_, a.first_token)) continue;
    if (a.value->min >= b.value->max || a.value->min != a.value->max) continue;
    a.value = ValueRange{a.value->min, b.value->max};
    a.span.end = b.span.end;
    a.end_token = b.end_token;
    a.integer = a.integer && b.integer;
    numbers.erase(numbers.begin() + std::ptrdiff_t(k + 1));
  }
  // Digit groups side by side ("+7 727 123 45 67") are a phone number or a code, not counts;
  // likewise a score.
  std::vector<char>& chained = ctx.chained;
  chained.assign(numbers.size(), false);
  for (size_t k = 0; k + 1 < numbers.size(); ++k) {
    const NumberRead& a = numbers[k];
    const NumberRead& b = numbers[k + 1];
    if (a.spelled || b.spelled) continue;
    if (b.first_token == a.end_token) chained[k] = chained[k + 1] = true;
    // A score: "beat the Jets 31 - 10" (a range would rise); not a dash before a part ("killed
    // 45 - 30 of them children -").
    if (b.first_token == a.end_token + 1 && a.value && b.value && a.value->min > b.value->max &&
        (tokens[a.end_token].lower == "-" || tokens[a.end_token].lower == "–") &&
        (b.end_token >= tokens.size() ||
         (partitive_.Match(tokens, b.end_token).length == 0 &&
          groups_.Match(tokens, b.end_token).length == 0 &&
          quantities_.Match(tokens, b.end_token).length == 0))) {
      chained[k] = chained[k + 1] = true;
    }
  }
  // "two of the three victims died": a number right after another and a part_of cue is the
  // whole the first is a part of; the part takes the verb after it, the whole counts only by a
  // quantity word of its own (whole[k]: number k is such a whole; see the trigger loop).
  std::vector<char>& whole = ctx.whole;
  whole.assign(numbers.size(), false);
  // own_noun[k]: number k has a noun of its own that is no group word, found when a list joins
  // it to the number before ("ten children and three newborns were killed"): it borrows no
  // neighbour's group or label.
  std::vector<char>& own_noun = ctx.own_noun;
  own_noun.assign(numbers.size(), false);
  for (size_t k = 1; k < numbers.size(); ++k) {
    const size_t gap_begin = numbers[k - 1].end_token, gap_end = numbers[k].first_token;
    if (gap_end <= gap_begin || gap_end - gap_begin > 3) continue;
    uint32_t id = 0;
    whole[k] = part_of_.MatchEndingAt(tokens, gap_end, uint32_t(gap_end - gap_begin), &id);
  }
  // A bare number, a dash at most, a place_item cue and a capitalised word: one item of a list
  // by place ("130 people were detained: 60 in Krasnodar and 48 in Perm", "из них 60 – в
  // Краснодаре"). Such a number takes the figure before it (see item_of below), and the place
  // named right after it is its own, no other figure's.
  // The place may also come first, a dash before the number ("855 человек, в Петербурге —
  // 327").
  std::vector<size_t>& item_word = ctx.item_word;
  item_word.assign(numbers.size(), SIZE_MAX);
  auto is_dash = [&](size_t j) {
    return j < tokens.size() && !tokens[j].word &&
           (tokens[j].lower == "-" || tokens[j].lower == "–" || tokens[j].lower == "—");
  };
  auto capital_word = [&](size_t j) {
    return j < tokens.size() && tokens[j].word && tokens[j].upper && !tokens[j].digits;
  };
  for (size_t k = 0; k < numbers.size(); ++k) {
    size_t j = numbers[k].end_token;
    if (is_dash(j)) ++j;
    if (const uint32_t len = j < tokens.size() ? place_item_.Match(tokens, j).length : 0;
        len > 0 && capital_word(j + len)) {
      item_word[k] = j + len;
      continue;
    }
    // Backwards: the dash, up to kMaxItemPlaceWords capitalised words, the place_item cue.
    size_t first = numbers[k].first_token;
    if (first < 2 || !is_dash(first - 1)) continue;
    size_t w = first - 1;
    while (w > 0 && first - 1 - w < kMaxItemPlaceWords && capital_word(w - 1)) --w;
    if (w == first - 1) continue;
    for (uint32_t len = 1; len <= 2 && len <= w; ++len) {
      uint32_t id = 0;
      if (place_item_.MatchEndingAt(tokens, w, len, &id)) {
        item_word[k] = w;
        break;
      }
    }
  }
  // Quantity words of the sentence (left to right, none inside another), whether a total cue is
  // present, and clause_breaks[j]: clause breaks among tokens [0, j) ("when", "quand", "когда";
  // not "after being": clause_continue). A verb after a clause break has a subject of its own.
  // One pass; the tokens that start no phrase of the three tables (most) stop at scan_filter_.
  using Trigger = SentenceContext::Trigger;
  std::vector<Trigger>& triggers = ctx.triggers;
  triggers.clear();
  bool has_total = false;
  size_t first_total = 0, last_total = 0;  // where the sentence's total cues are
  std::vector<uint32_t>& clause_breaks = ctx.clause_breaks;
  clause_breaks.resize(tokens.size() + 1);
  uint32_t breaks = 0;
  // relatives[j]: relative words among tokens [0, j) ("que", "that", "которые"; not "ainsi
  // que": not_relative). A verb before a relative governs no number after it ("blessé par
  // les briques que plus d'un manifestant avait apportées").
  std::vector<uint32_t>& relatives = ctx.relatives;
  relatives.resize(tokens.size() + 1);
  uint32_t relative_count = 0;
  size_t next_trigger = 0;  // quantity words do not start inside another
  // A capitalised quantity word inside the sentence before another capitalised word is part of
  // a name ("Red Dead Redemption 2", "Dead Rising 3", "the Dead Sea"), unless most of the
  // sentence is capitalised (a title-case headline: "Two Protesters Arrested In Kyiv").
  size_t words = 0, capitalised = 0;
  for (const WordToken& t : tokens) {
    if (t.word && !t.digits) {
      ++words;
      capitalised += t.upper;
    }
  }
  const bool title_case = 2 * capitalised > words;
  // Whether tokens[i] starts a number (MayStartAt alone is a filter with false positives:
  // "Redemption").
  auto number_at = [&](size_t i) {
    if (!numbers_->MayStartAt(tokens[i])) return false;
    std::optional<NumberRead> r = numbers_->ReadAt(doc.text, 0, tokens, i);
    return r.has_value() && r->end_token > i;
  };
  auto inside_name = [&](size_t begin, size_t end) {
    if (title_case || !tokens[begin].upper || begin == 0 || end >= tokens.size()) return false;
    const WordToken& prev = tokens[begin - 1];
    const WordToken& next = tokens[end];
    // "in Red Dead Redemption 2.": a capitalised word before, digits after (a sequel's number).
    if (prev.word && prev.upper && !number_at(begin - 1) && next.digits) return true;
    return prev.word && !number_at(begin - 1) && next.word && next.upper && !next.digits &&
           !number_at(end);
  };
  for (size_t j = 0; j < tokens.size(); ++j) {
    clause_breaks[j] = breaks;
    relatives[j] = relative_count;
    if (!scan_filter_.MayStartWith(tokens[j])) continue;
    if (relative_.Match(tokens, j).length > 0 && !cue_ends_at(not_relative_, j + 1)) {
      ++relative_count;
    }
    if (j >= next_trigger) {
      if (PhraseTable::Hit h = quantities_.Match(tokens, j);
          h.length > 0 && !inside_name(j, j + h.length)) {
        triggers.push_back(Trigger{j, j + h.length, h.id});
        next_trigger = j + h.length;
      }
    }
    if (const uint32_t len = total_.Match(tokens, j).length;
        len > 0 && !cue_ends_at(not_total_, j + len)) {
      if (!has_total) first_total = j;
      has_total = true;
      last_total = j;
    }
    if (clause_break_.Match(tokens, j).length > 0 && clause_continue_.Match(tokens, j).length == 0) {
      ++breaks;
    }
  }
  clause_breaks[tokens.size()] = breaks;
  relatives[tokens.size()] = relative_count;
  // A total cue in a relative clause of its own counts for no figure outside it ("Cinq
  // personnes ont été interpellées, selon la préfecture, qui n'était pas en mesure de préciser
  // le nombre total d'interpellations").
  // Nor a cue after the figure that a later figure follows closely: it is the later one's
  // ("another 1,700 people had been detained, bringing the total number of detentions to almost
  // 10,000"; "pushing the death toll above 680"; not "a toll far higher than the one released").
  auto total_governs = [&](size_t k) {
    const size_t at = numbers[k].first_token;
    for (size_t p : {first_total, last_total}) {
      bool later_ones = false;
      for (size_t m = k + 1; m < numbers.size() && !later_ones && p >= numbers[k].end_token; ++m) {
        const NumberRead& later = numbers[m];
        later_ones = later.first_token > p && later.first_token <= p + kTotalReach &&
                     !(later.spelled && later.value && later.value->max == 1);
      }
      if (later_ones) continue;
      const size_t from = std::min(p, at), to = std::max(p, at);
      bool relative_between = relatives[from] != relatives[to];
      for (size_t x = from; x < to && !relative_between; ++x) {
        relative_between = relative_subject_.Match(tokens, x).length > 0;
      }
      if (!relative_between) return true;
    }
    return false;
  };
  size_t first_claim = claims->size();
  std::optional<std::vector<AttributionCueHit>> cue_hits;  // found at the first claim
  // The last claim is one of a list of parts ("dont 14 policiers et 31 civils", "14 of them").
  bool previous_part = false;
  // The token after the last claim, and whether that claim's quantity came from a verb before
  // its number ("погибли десять женщин", "killed ten women"): a list after it shares the verb.
  size_t previous_end_token = 0;
  bool previous_verb_before = false;
  size_t previous_claim_k = SIZE_MAX;  // the number of the last claim
  for (size_t k = 0; k < numbers.size(); ++k) {
    const NumberRead& n = numbers[k];
    // --- Not counts.
    bool in_time = false;
    const size_t first_time = size_t(
        std::upper_bound(ctx.times_end_max.begin(), ctx.times_end_max.end(), n.span.begin) -
        ctx.times_end_max.begin());
    for (size_t ti = first_time; ti < doc.times.size(); ++ti) {
      const TimeExpr& t = doc.times[ti];
      if (t.span.begin >= n.span.end) break;
      if (Overlaps(t.span, n.span)) in_time = true;
    }
    if (in_time || !n.integer || chained[k]) continue;
    if (n.first_token > 0) {
      const WordToken& prev = tokens[n.first_token - 1];
      bool glued = prev.end == n.span.begin;
      if (!prev.word && glued && (prev.lower == "+" || prev.lower == "-" || prev.lower == "#")) {
        continue;  // vote scores "+4", phone numbers
      }
      // Code or markup quoted in the text: a number glued after '=' or inside a call's
      // parentheses ("onerror=alert(2)", "width=3") is an argument, never a count (prose puts a
      // space before "(2)").
      if (!prev.word && glued && prev.lower == "=") continue;
      // A reference mark: "(19)", "[3]".
      if (!prev.word && glued && (prev.lower == "(" || prev.lower == "[") &&
          n.end_token < tokens.size() && tokens[n.end_token].begin == n.span.end &&
          (tokens[n.end_token].lower == ")" || tokens[n.end_token].lower == "]")) {
        continue;
      }
      if (!prev.word && glued && prev.lower == "(" && n.first_token > 1 &&
          tokens[n.first_token - 2].word && tokens[n.first_token - 2].end == prev.begin) {
        continue;
      }
      if (cue_ends_at(not_before_, n.first_token)) continue;
      // "a toll far higher than the one given by the police": a pronoun, not one person.
      if (n.spelled && n.value && n.value->max == 1 && cue_ends_at(pronoun_before_, n.first_token)) {
        continue;
      }
      // ... across a hedge too ("the population of about 450 million").
      size_t hedge_begin = n.first_token;
      if (hedge_before(n.first_token, &hedge_begin) && hedge_begin < n.first_token &&
          cue_ends_at(not_before_, hedge_begin)) {
        continue;
      }
    }
    if (n.end_token < tokens.size() && not_after_.Match(tokens, n.end_token).length > 0) continue;
    // "a 7 earthquake" (a magnitude, in text whose decimals were split: "6. 1 quake"); "40
    // earthquake survivors" are people.
    if (n.value && n.value->max <= kMaxMagnitude && n.end_token < tokens.size() &&
        magnitude_after_.Match(tokens, n.end_token).length > 0) {
      continue;
    }
    if (IsAgeInApposition(*ctx.mentions, tokens, n)) continue;
    // "Figure skater Denis Ten": a capitalised number word after a capitalised word, inside a
    // sentence that is not in title case, is part of a name.
    if (n.spelled && !title_case && tokens[n.first_token].upper && n.first_token > 0 &&
        tokens[n.first_token - 1].word && tokens[n.first_token - 1].upper &&
        !tokens[n.first_token - 1].digits) {
      continue;
    }
    // "at 24 Linden Street", "au 24 rue de la Paix": a house number. `address_next` words may
    // follow the number ("24 rue"); `address` words need a capitalised name between ("24
    // Linden Street"; "40 street vendors" are people). Not in a title-case headline ("30 Occupy
    // Wall Street Protesters").
    if (!title_case && n.end_token < tokens.size()) {
      bool address = address_next_.Match(tokens, n.end_token).length > 0;
      for (size_t j = n.end_token, w = 0; !address && j < tokens.size() && w <= kMaxAddressWords;
           ++j, ++w) {
        if (w > 0 && address_.Match(tokens, j).length > 0) address = true;
        if (!tokens[j].word || !tokens[j].upper) break;
      }
      if (address) continue;
    }
    // --- Hedges.
    size_t begin_token = n.first_token;
    std::optional<Approx> approx = hedge_before(n.first_token, &begin_token);
    size_t after = n.end_token;
    if (PhraseTable::Hit h = hedges_after_.Match(tokens, after); h.length > 0) {
      if (!approx) approx = hedge_values_[h.id];
      after += h.length;
    }
    // "huit d'entre eux ont perdu la vie": the partitive refers back to the previous group.
    bool partitive = false;
    if (PhraseTable::Hit p = partitive_.Match(tokens, after); p.length > 0) {
      after += p.length;
      partitive = true;
    }
    size_t end_token = after;
    // "15 000 manifestants selon la CGT, 6 000 pour la police": a source_before word right
    // after the number names whose estimate it is; the words after it are the source, not the
    // group.
    const bool source_before = after + 1 < tokens.size() &&
                               source_before_.Match(tokens, after).length > 0 &&
                               tokens[after + 1].word;
    // An item of a list by place right after the figure before it, in the same clause: it
    // counts what that figure counts ("130 people were detained: 60 in Krasnodar and 48 in
    // Perm").
    const Claim* item_of = nullptr;
    if (item_word[k] != SIZE_MAX && !source_before && !partitive && previous_claim_k + 1 == k &&
        claims->size() > first_claim && previous_end_token <= begin_token &&
        clause_breaks[previous_end_token] == clause_breaks[begin_token] &&
        relatives[previous_end_token] == relatives[begin_token]) {
      size_t gap_words = 0;
      for (size_t j = previous_end_token; j < begin_token; ++j) gap_words += tokens[j].word;
      // After a part cue ("dont", "including", "из них") the item may stand farther from its
      // figure ("40 000 forces de l'ordre avaient été mobilisées par les autorités sur tout le
      // territoire, dont 5000 à Paris").
      if (gap_words <= kMaxItemGapWords ||
          (gap_words <= kMaxFallbackWords && cue_ends_at(part_, begin_token))) {
        item_of = &claims->back();
        if (item_word[k] > n.first_token) end_token = item_word[k] + 1;
      }
    }
    // --- Group and quantity words just after the number.
    std::optional<size_t> group_begin, group_end;
    const GroupWord* group_word = nullptr;
    const QuantityWord* noun = nullptr;
    size_t next_number = k + 1 < numbers.size() ? numbers[k + 1].first_token : tokens.size();
    size_t words = 0;
    bool objects = false;  // the number counts things ("300 damaged buildings")
    for (size_t j = after; item_of == nullptr && !source_before && j < next_number &&
                           words < kGroupWindow;
         ++j) {
      if (!tokens[j].word) {
        if (words == 0 && IsOpeningQuote(tokens, j)) continue;
        // A number quoted alone: its closing quote ('killed "dozens" of protesters').
        if (words == 0 && j == after && IsQuoteMark(tokens[j]) && tokens[j].begin == n.span.end &&
            n.first_token > 0 && IsQuoteMark(tokens[n.first_token - 1]) &&
            tokens[n.first_token - 1].end == n.span.begin) {
          continue;
        }
        // "3393 из них – сотрудники силовых ведомств": a dash after a partitive says "are".
        if (words == 0 && partitive &&
            (tokens[j].lower == "–" || tokens[j].lower == "—" || tokens[j].lower == "-")) {
          continue;
        }
        break;
      }
      ++words;
      PhraseTable::Hit g = groups_.Match(tokens, j);
      PhraseTable::Hit q = quantities_.Match(tokens, j);
      if (g.length == 0 && q.length == 0 && words <= kObjectWindow &&
          objects_.Match(tokens, j).length > 0) {
        objects = true;
        break;
      }
      if (q.length > 0 && (g.length == 0 || q.length >= g.length)) {
        if (!quantity_words_[q.id].noun) break;  // a verb: the group, if any, came before
        noun = &quantity_words_[q.id];
        end_token = std::max(end_token, j + q.length);
        // "18 morts civils", "26 morts parmi les policiers": a group may follow the noun.
        size_t g_at = j + q.length;
        if (PhraseTable::Hit a = among_.Match(tokens, g_at); a.length > 0) g_at += a.length;
        if (PhraseTable::Hit g2 = groups_.Match(tokens, g_at); g2.length > 0) {
          group_word = &group_words_[g2.id];
          group_begin = g_at;
          group_end = g_at + g2.length;
          end_token = *group_end;
        }
        break;
      }
      if (g.length > 0) {
        // "dozens of police departments", "three army bases": the group word names the
        // owner of the things counted.
        if (j + g.length < tokens.size() && objects_.Match(tokens, j + g.length).length > 0) {
          objects = true;
          break;
        }
        group_word = &group_words_[g.id];
        group_begin = j;
        group_end = j + g.length;
        end_token = std::max(end_token, *group_end);
        // "8 policiers tués": a quantity noun right after the group.
        if (PhraseTable::Hit q2 = quantities_.Match(tokens, *group_end);
            q2.length > 0 && quantity_words_[q2.id].noun) {
          noun = &quantity_words_[q2.id];
          end_token = *group_end + q2.length;
        }
        break;
      }
    }
    if (objects) continue;
    if (group_end && noun == nullptr && GroupActsOnOthers(tokens, *group_end, numbers, k)) {
      continue;
    }
    // "thousands of people homeless", "10 missing": a state that is none of the quantities,
    // unless a quantity verb right before the number governs it ("killed about 40 Palestinians
    // sheltering in a school"; checked once the quantity word is chosen).
    bool other_state = false;
    if (noun == nullptr) {
      for (size_t j = group_end.value_or(after), w = 0; j < next_number && w < kObjectWindow;
           ++j) {
        if (!tokens[j].word) break;
        if (other_state_.Match(tokens, j).length > 0) other_state = true;
        ++w;
      }
    }
    if (n.year_like && group_word == nullptr && noun == nullptr) continue;
    // "three people died and two men escaped": a number right after a verb_joiner whose group
    // is followed by a word of its own (its verb, which no lexicon knows) counts nothing the
    // verb before says. Words that go on with the list do not count (`list_continues`: "killed
    // ten women and three children in Gaza"), nor punctuation or the sentence's end; a relative
    // clause leaves it undecided ("and two men who ...").
    bool own_verb_after = false;
    if (noun == nullptr && cue_ends_at(verb_joiner_, begin_token)) {
      size_t x = group_end.value_or(after);
      if (!group_end && x < tokens.size() && tokens[x].word && !tokens[x].digits &&
          list_continues_.Match(tokens, x).length == 0) {
        ++x;  // the number's own noun ("three newborns")
      }
      // An apposition between commas ("two men, believed to be managers, underwent surgery"):
      // the word after its closing comma.
      if (x < tokens.size() && tokens[x].lower == ",") {
        for (size_t c = x + 1; c < tokens.size() && c <= x + kMaxAppositionTokens; ++c) {
          if (tokens[c].lower == ",") {
            x = c + 1;
            while (x < tokens.size() && IsQuoteMark(tokens[x])) ++x;
            break;
          }
          if (!tokens[c].word && !IsQuoteMark(tokens[c]) && tokens[c].lower != "-") break;
        }
      }
      own_verb_after = x < tokens.size() && tokens[x].word && !tokens[x].digits &&
                       relatives[x + 1] == relatives[x] &&
                       list_continues_.Match(tokens, x).length == 0 &&
                       quantities_.Match(tokens, x).length == 0;
    }
    // "un signal envoyé", "a period": one is a count only with its group ("une personne").
    // Its group right after it, two words at most between ("un jeune manifestant", "one of them
    // a pregnant woman"; not "une embuscade imputée aux jihadistes").
    if (n.spelled && n.value && n.value->max == 1 &&
        (group_word == nullptr || (group_begin && *group_begin > after + 2))) {
      continue;
    }
    // --- Quantity.
    std::optional<Quantity> quantity;
    std::optional<Group> implied_group;
    bool verb_after = false;  // the quantity word chosen comes after the number
    bool verb_before = false;  // ... before the number, and the number has no quantity noun
    bool motion = false;      // ... and is a verb of coming (QuantityWord::motion)
    if (noun != nullptr) {
      quantity = noun->quantity;
      implied_group = noun->group;
    } else if (item_of != nullptr) {
      quantity = item_of->quantity;
    } else {
      size_t lo = k > 0 ? numbers[k - 1].end_token : 0;
      double best = kMaxTriggerCost;
      const Trigger* chosen = nullptr;
      // A verb after "when", "while", "quand", "когда" has a subject of its own ("a dozen
      // people were at the party when the gunman entered").
      auto other_clause = [&](size_t from, size_t to) {
        return clause_breaks[to] != clause_breaks[from];
      };
      // Whether the quantity verb at token v has a relative word up to kMaxRelativeToVerb
      // words before it that is not the number's own: "the late ruler, who died", not "10
      // people who died", "two other players who were arrested", "10 protesters, who were
      // injured", "10 the number of Israelis who have been killed". The number's own relative
      // is the first one after it, with only words of its noun phrase (kGroupWindow at most)
      // and a comma between.
      auto is_relative = [&](size_t j) {
        return relative_subject_.Match(tokens, j).length > 0 ||
               (relative_.Match(tokens, j).length > 0 && !cue_ends_at(not_relative_, j + 1));
      };
      size_t own_relative = after;
      for (size_t words = 0; own_relative < tokens.size() && !is_relative(own_relative);
           ++own_relative) {
        const WordToken& w = tokens[own_relative];
        const bool comma = !w.word && w.lower == "," && own_relative + 1 < tokens.size() &&
                           is_relative(own_relative + 1);
        if (!comma && (!w.word || w.digits || ++words > kGroupWindow)) break;
      }
      auto others_relative_verb = [&](size_t v) {
        for (size_t back = 1; back <= kMaxRelativeToVerb && back <= v; ++back) {
          const size_t j = v - back;
          if (j <= own_relative) return false;
          if (is_relative(j)) return true;
        }
        return false;
      };
      // "31 гражданский, в том числе участники акций": a quantity noun after a part cue names a
      // part of the figure, not what the figure counts (past a number of the part's own, as in
      // "at least 52, including seven people missing and presumed dead", it is left to the
      // rules above).
      auto noun_past_part = [&](const Trigger& t) {
        if (!quantity_words_[t.id].noun) return false;
        size_t cue = t.begin;
        for (size_t j = after; j < t.begin && cue == t.begin; ++j) {
          if (part_.Match(tokens, j).length > 0) cue = j;
        }
        if (cue == t.begin) return false;
        for (const NumberRead& m : numbers) {
          if (m.first_token > cue && m.first_token < t.begin) return false;
        }
        return true;
      };
      // "accused of shooting three co-workers, killing two of them": a verb past a comma with a
      // number right after it is that number's.
      // (Any later number: one that counts things may stand between, see counts_things.)
      auto has_own_number = [&](const Trigger& t) {
        for (size_t m = k + 1;
             m < numbers.size() && numbers[m].first_token <= t.end + kMaxHedgeTokens; ++m) {
          size_t own = numbers[m].first_token, hedge_begin = own;
          hedge_before(own, &hedge_begin);
          if (t.end == own || t.end == hedge_begin) return true;
        }
        return false;
      };
      // "27 policiers et deux gendarmes ont été blessés", "a police officer and a protester
      // were injured": a group joined by a verb_joiner to the next number's group shares the
      // verb after both.
      // A number that counts things lies between a figure with its own group or noun and its
      // verb without being a figure ("At least 106 protesters in 21 cities have been killed";
      // not "Two or three armed clans were blamed for the killings").
      auto counts_things = [&](size_t m) {
        size_t words_after = 0;
        for (size_t j = numbers[m].end_token; j < tokens.size() && words_after < kObjectWindow;
             ++j) {
          if (!tokens[j].word) return false;
          ++words_after;
          if (groups_.Match(tokens, j).length > 0 || quantities_.Match(tokens, j).length > 0) {
            return false;
          }
          if (objects_.Match(tokens, j).length > 0) return true;
        }
        return false;
      };
      size_t verb_limit = next_number;
      {
        size_t m = k + 1;
        while ((group_word != nullptr || noun != nullptr) && m < numbers.size() &&
               counts_things(m)) {
          ++m;
        }
        if (m > k + 1) verb_limit = m < numbers.size() ? numbers[m].first_token : tokens.size();
      }
      const bool next_is_whole = k + 1 < numbers.size() && whole[k + 1];
      const size_t next_end = k + 1 < numbers.size() ? numbers[k + 1].end_token : tokens.size();
      const size_t next_group_end =
          next_end < tokens.size() ? next_end + groups_.Match(tokens, next_end).length : next_end;
      // Whether another quantity word starts after trigger `t`, before `verb_limit` (as set
      // below when the lambda is called).
      auto followed_by_trigger = [&](const Trigger& t) {
        for (const Trigger& u : triggers) {
          if (u.begin >= t.end && u.end <= verb_limit) return true;
        }
        return false;
      };
      size_t next_part_begin = k + 1 < numbers.size() ? numbers[k + 1].first_token : 0;
      if (k + 1 < numbers.size()) hedge_before(numbers[k + 1].first_token, &next_part_begin);
      if (next_is_whole) {
        verb_limit = k + 2 < numbers.size() ? numbers[k + 2].first_token : tokens.size();
      } else if (k + 1 < numbers.size() &&
                 (cue_ends_at(part_, next_part_begin) ||
                  (numbers[k + 1].end_token < tokens.size() &&
                   partitive_.Match(tokens, numbers[k + 1].end_token).length > 0))) {
        // "About 5,339 Palestinians, including 1,217 children and 744 women, were wounded",
        // "Three people, one of them a pregnant woman, were killed": the parts stand between the
        // whole and its verb.
        verb_limit = tokens.size();
      } else if (group_end && k + 1 < numbers.size() && *group_end < tokens.size()) {
        PhraseTable::Hit j = verb_joiner_.Match(tokens, *group_end);
        size_t other = numbers[k + 1].first_token, other_begin = other;
        hedge_before(other, &other_begin);
        // The next number's noun: a group word, or any word (one hyphenated compound at most:
        // "nouveau-nés") right before the quantity word, an auxiliary or two between ("ten
        // children and three newborns were killed").
        auto noun_before_verb = [&](size_t at) {
          if (!tokens[at].word || tokens[at].digits) return false;
          size_t e = at + 1;
          if (e + 1 < tokens.size() && !tokens[e].word && tokens[e].lower == "-" &&
              tokens[e].begin == tokens[at].end && tokens[e + 1].word &&
              tokens[e + 1].begin == tokens[e].end) {
            e += 2;
          }
          for (const Trigger& t : triggers) {
            if (t.begin >= e && t.begin <= e + 2) return true;
          }
          return false;
        };
        const size_t other_end = numbers[k + 1].end_token;
        const bool joined = j.length > 0 &&
                            (*group_end + j.length == other || *group_end + j.length == other_begin) &&
                            other_end < tokens.size();
        const bool other_group = joined && groups_.Match(tokens, other_end).length > 0;
        if (joined && !other_group && noun_before_verb(other_end)) own_noun[k + 1] = true;
        if (other_group || own_noun[k + 1]) {
          verb_limit = k + 2 < numbers.size() ? numbers[k + 2].first_token : tokens.size();
        }
      }
      // "Twelve soldiers, four civilians and seven militants were killed": a group, then numbers
      // with groups of their own after commas, the last after a verb_joiner, share the verb
      // after the last; the words of the list cost nothing (list_end: the last group's end).
      // The first group may have a complement before its comma ("Seventeen soldiers of the
      // Malian army, four civilians and ..."): kMaxListComplementWords words with no quantity
      // word among them.
      size_t list_end = SIZE_MAX;
      size_t list_comma = group_end.value_or(tokens.size());
      for (size_t w = 0; list_comma < tokens.size() && w < kMaxListComplementWords &&
                         tokens[list_comma].word && !tokens[list_comma].digits &&
                         quantities_.Match(tokens, list_comma).length == 0;
           ++w) {
        ++list_comma;
      }
      if (group_end && !next_is_whole && list_comma < tokens.size() &&
          tokens[list_comma].lower == ",") {
        size_t at = list_comma;
        for (size_t m = k + 1; m < numbers.size(); ++m) {
          const bool comma = tokens[at].lower == ",";
          const uint32_t link = comma ? 1 : verb_joiner_.Match(tokens, at).length;
          size_t b = numbers[m].first_token, hedged = b;
          hedge_before(b, &hedged);
          if (link == 0 || (at + link != b && at + link != hedged)) break;
          const size_t e = numbers[m].end_token;
          const uint32_t g = e < tokens.size() ? groups_.Match(tokens, e).length : 0;
          if (g == 0 || e + g >= tokens.size()) break;
          at = e + g;
          if (!comma) {
            list_end = at;
            verb_limit = m + 1 < numbers.size() ? numbers[m + 1].first_token : tokens.size();
            break;
          }
        }
      }
      for (const Trigger& t : triggers) {
        if (t.begin < lo || t.end > verb_limit) continue;
        if (t.begin >= after && quantity_words_[t.id].before_only) continue;
        // Past a whole, a quantity word right after it, or right after its group when another
        // quantity word follows, is the whole's ("two of the three wounded died", "deux des
        // trois policiers blessés sont morts": the three were wounded, two died); after the
        // group with none following it is the part's ("two of the three soldiers died"). A
        // whole counts only by such a word of its own ("30 of the 80 wounded remained in
        // hospital": 80 wounded).
        if (next_is_whole && t.begin >= next_number &&
            (t.begin == next_end || (t.begin == next_group_end && followed_by_trigger(t)))) {
          continue;
        }
        if (whole[k] && t.begin != after &&
            !(group_end && t.begin == *group_end && followed_by_trigger(t))) {
          continue;
        }
        // "blessé par les briques que plus d'un manifestant avait apportées", "blessés quand 200
        // manifestants ont chargé": a relative clause (not right after the verb: "n'a tué que
        // 20") or a clause break between a verb and the number.
        if (t.end <= n.first_token && t.end < begin_token &&
            ((t.end + 1 < begin_token && relatives[begin_token] != relatives[t.end + 1]) ||
             other_clause(t.end, begin_token))) {
          continue;
        }
        if (t.begin >= after && other_clause(after, t.begin)) continue;
        if (t.begin >= after && noun_past_part(t)) continue;
        if (t.begin >= after && !quantity_words_[t.id].noun && others_relative_verb(t.begin)) {
          continue;
        }
        double cost;
        bool punct = false;
        if (t.begin >= after) {
          size_t d = 0;
          const size_t from = list_end != SIZE_MAX && t.begin >= list_end ? list_end : after;
          for (size_t j = from; j < t.begin; ++j) {
            if (group_begin && j >= *group_begin && j < *group_end) continue;
            if (IsClausePunct(tokens[j])) punct = true;
            if (tokens[j].word) ++d;
          }
          cost = double(d);
        } else if (t.end <= n.first_token) {
          size_t d = 0;
          for (size_t j = t.end; j < begin_token; ++j) {
            if (IsClausePunct(tokens[j])) punct = true;
            if (tokens[j].word) ++d;
          }
          cost = d == 0 ? 0.5 : double(d) + 1.5;
        } else {
          continue;
        }
        if (punct && t.begin >= after && has_own_number(t)) continue;
        if (punct) cost += 3;
        if (cost < best) {
          best = cost;
          chosen = &t;
        }
      }
      // "The death toll of Palestinians from the ongoing airstrikes has reached 1,100": after a
      // toll verb the number is the count the nearest quantity word before it names, however
      // far ("death toll", "число погибших ... выросло до 143").
      // A hedge may be the toll verb itself ("число задержанных превысило 300": more than 300).
      const bool after_toll_verb =
          cue_ends_at(toll_verb_, begin_token) || cue_ends_at(toll_verb_, n.first_token);
      if (after_toll_verb && (chosen == nullptr || chosen->begin >= after)) {
        const Trigger* toll = nullptr;
        for (const Trigger& t : triggers) {
          if (t.begin >= lo && t.end <= n.first_token) toll = &t;
        }
        if (toll != nullptr) chosen = toll;
      }
      // "the receptionist was shot dead and two managers, Paul Riva and Alan Steinberg, were
      // wounded": a number right after a verb_joiner starts a clause of its own when a verb
      // follows it; the verb before is the other clause's.
      const bool joined_after_verb = chosen != nullptr && chosen->end <= n.first_token &&
                                     cue_ends_at(verb_joiner_, begin_token);
      if (joined_after_verb && own_verb_after) chosen = nullptr;
      if (chosen == nullptr || joined_after_verb) {
        // A long apposition may sit between the figure and its verb ("plus de 160 personnes,
        // civils et membres du personnel de sécurité, avaient été tuées"): the first quantity
        // word after the number, before the next number (or past it for a joined group),
        // still beats borrowing one.
        for (const Trigger& t : triggers) {
          if (t.begin >= after && t.end <= verb_limit && !quantity_words_[t.id].before_only &&
              !whole[k] &&
              !(next_is_whole && t.begin >= next_number &&
                (t.begin == next_end ||
                 (t.begin == next_group_end && followed_by_trigger(t))))) {
            size_t gap = 0, commas = 0;
            for (size_t j = after; j < t.begin; ++j) {
              gap += tokens[j].word;
              // Not the comma inside a number ("1,217").
              const bool in_number = j > 0 && j + 1 < tokens.size() && tokens[j - 1].digits &&
                                     tokens[j - 1].end == tokens[j].begin &&
                                     tokens[j + 1].begin == tokens[j].end;
              commas += (tokens[j].lower == "," && !in_number) || tokens[j].lower == ";" ||
                        (tokens[j].lower == "-" && j > 0 && tokens[j - 1].end < tokens[j].begin);
            }
            if (!other_clause(after, t.begin) && !noun_past_part(t) &&
                (quantity_words_[t.id].noun || !others_relative_verb(t.begin)) &&
                !has_own_number(t) && gap <= kMaxFallbackWords &&
                commas <= kMaxFallbackCommas) {
              chosen = &t;
            }
            break;
          }
        }
      }
      // "threatened to kill 20 hostages", "tried to arrest": what was meant, not what happened.
      if (chosen != nullptr && cue_ends_at(intent_, chosen->begin)) continue;
      // "14 friends attended the court hearing": a gathering, but no crowd of the events.
      if (chosen != nullptr && quantity_words_[chosen->id].quantity == Quantity::kParticipants &&
          not_crowd_after_.Match(tokens, chosen->end).length > 0) {
        continue;
      }
      // "two local men charged with killing a guard": the accused, not the dead.
      if (chosen != nullptr && chosen->begin >= after && cue_ends_at(accused_, chosen->begin)) {
        continue;
      }
      if (other_state && (chosen == nullptr || chosen->end != begin_token)) continue;
      if (chosen != nullptr) {
        const QuantityWord& w = quantity_words_[chosen->id];
        quantity = w.quantity;
        implied_group = w.group;
        verb_after = chosen->begin >= after;
        verb_before = !verb_after;
        motion = w.motion;
        if (verb_after) end_token = std::max(end_token, chosen->end);
      }
    }
    // "задержаны 512 участников беспорядков": a participants word says who; a quantity verb
    // right before the number says what happened to them.
    if (quantity == Quantity::kParticipants) {
      for (const Trigger& t : triggers) {
        const QuantityWord& w = quantity_words_[t.id];
        // A verb of coming says nothing new ("прибыли 500 участников митинга": a turnout). Right
        // after the participants noun, an auxiliary at most between, the verb says it too
        // ("300 участников акции были задержаны").
        const bool right_after = noun != nullptr && t.begin >= end_token &&
                                 t.begin <= end_token + 1 &&
                                 clause_breaks[t.begin] == clause_breaks[end_token];
        if ((t.end == begin_token || right_after) && !w.noun && !w.motion &&
            w.quantity != Quantity::kParticipants) {
          quantity = w.quantity;
          if (right_after) end_token = std::max(end_token, t.end);
          break;
        }
      }
    }
    const Claim* previous = claims->size() > first_claim ? &claims->back() : nullptr;
    // "225 morts, dont 19 policiers": a group with no quantity word of its own shares the
    // previous claim's quantity; a bare number ("aged 25 to 30") does not.
    // A bare number followed by its source ("12 000 selon la police, 40 000 selon les
    // organisateurs") is another estimate of the same thing.
    bool sourced = source_before ||
                   (after < tokens.size() && attribution_->cues().Match(tokens, after).length > 0);
    bool borrowed_quantity = false;
    // Not across a relative or a clause break: "blessé par les briques que plus d'un
    // manifestant avait apportées", "3 policiers blessés quand 200 manifestants ont chargé".
    auto same_clause_as = [&](const Claim& c) {
      size_t from = 0;
      while (from < begin_token && tokens[from].begin < c.span.end) ++from;
      return relatives[from] == relatives[begin_token] &&
             clause_breaks[from] == clause_breaks[begin_token];
    };
    // A whole counts nothing of its own ("Police arrested 20 of the 100 protesters").
    if (!quantity && previous != nullptr && !whole[k] && !own_verb_after &&
        (group_word != nullptr || sourced || partitive) &&
        same_clause_as(*previous)) {
      quantity = previous->quantity;
      borrowed_quantity = true;
    }
    // The number follows the previous claim and a verb_joiner, past that claim's own noun if it
    // had one ("killed four farmers and two herders").
    auto joined_to_previous = [&]() {
      size_t p = previous_end_token;
      if (p < begin_token && tokens[p].word && !tokens[p].digits &&
          verb_joiner_.Match(tokens, p).length == 0) {
        ++p;
      }
      return p < begin_token && p + verb_joiner_.Match(tokens, p).length == begin_token;
    };
    // "погибли десять женщин и трое новорожденных", "killed ten women and three newborns": a
    // number joined right after a claim whose verb came before it, with a noun of its own that
    // is no group word, shares that verb, not the group or its label.
    if (!quantity && previous != nullptr && previous_verb_before && !whole[k] && !own_verb_after &&
        group_word == nullptr && after < tokens.size() && tokens[after].word &&
        !tokens[after].digits && joined_to_previous() && same_clause_as(*previous)) {
      quantity = previous->quantity;
      borrowed_quantity = true;
      own_noun[k] = true;
      verb_before = true;
    }
    // "The toll rose to 45. Among them were 14 police officers and 31 civilians": a sentence
    // opening on an `among_previous` cue counts parts of the last figure of the sentence
    // before; a number with a group or a noun of its own takes that figure's quantity.
    if (!quantity && among_previous && ctx.previous_sentence_quantity && !whole[k] &&
        (group_word != nullptr || own_noun[k] ||
         (after < tokens.size() && tokens[after].word && !tokens[after].digits))) {
      quantity = *ctx.previous_sentence_quantity;
      borrowed_quantity = true;
    }
    // A bare count of a group means its own quantity only for crowd-sized figures: "des
    // milliers de manifestants" is a turnout, "12 manifestants" (condemned, questioned...) is not.
    bool crowd = !whole[k] && n.value && (n.value->min >= kMinBareGroupCount || n.approx);
    if (!quantity && crowd && group_word != nullptr && group_word->quantity) {
      quantity = group_word->quantity;
    }
    if (!quantity) continue;
    // "shot dead by two officers": who killed, wounded or arrested, not who suffered it
    // ("demonstrations by tens of thousands" are still a turnout).
    if ((*quantity == Quantity::kKilled || *quantity == Quantity::kInjured ||
         *quantity == Quantity::kDetained) &&
        cue_ends_at(agent_, begin_token)) {
      continue;
    }
    // --- Group.
    Claim c;
    c.quantity = *quantity;
    if (item_of != nullptr) {
      // A part by place of an overall toll is no overall toll.
      c.group = item_of->group == Group::kTotal ? Group::kUnspecified : item_of->group;
      c.label = item_of->label;
    } else if (group_word != nullptr && group_word->group != Group::kUnspecified) {
      c.group = group_word->group;
    } else if (implied_group) {
      c.group = *implied_group;
    } else if (group_word == nullptr && previous != nullptr && sourced && borrowed_quantity) {
      // Another source's estimate of the same thing ("30 000 personnes selon la CGT, 18 000
      // pour la préfecture"): the same group, however far the first figure.
      c.group = previous->group;
      c.label = previous->label;
    } else if (group_word == nullptr && previous != nullptr && !(noun != nullptr && noun->act) &&
               !own_noun[k] &&
               n.span.begin <= previous->span.end + kMaxListGapBytes &&
               !(previous->group == Group::kTotal && cue_ends_at(part_, begin_token)) &&
               // "45 morts, dont 14 policiers et 31 civils, et 743 blessés": a figure of
               // another quantity after a list of parts is about the whole, not the last part.
               !(previous_part && !borrowed_quantity && *quantity != previous->quantity)) {
      // Only a list borrows its neighbour's group ("8 policiers tués et 20 blessés"); a number
      // further on ("..., a indiqué le ministère, qui fait état de 120 interpellations") does not.
      c.group = previous->group;
      c.label = previous->label;
    } else if (has_total && !cue_ends_at(part_, begin_token) && total_governs(k)) {
      // "death toll at least 52, including seven missing": a part is not the toll (nor does
      // it borrow the toll's group above).
      c.group = Group::kTotal;
    }
    // "Four ministers arrived", "four robbers entered": people who come are a deployment only
    // when they are forces or armed men, or when something sends them ("l'armée a envoyé
    // 20 000 hommes": the verb before the number).
    if (c.quantity == Quantity::kDeployed && (verb_after || motion) &&
        c.group != Group::kSecurityForces &&
        c.group != Group::kForeignTroops && c.group != Group::kArmedGroup) {
      continue;
    }
    // Something sent needs someone sent: "sent 12 of the best ones to a lawyer" deploys nothing.
    if (c.quantity == Quantity::kDeployed && group_word == nullptr && !implied_group &&
        item_of == nullptr) {
      continue;
    }
    // Plain "people" are not deployed: "в автозаки отправлены 30 человек" were taken away.
    if (c.quantity == Quantity::kDeployed && group_word != nullptr &&
        not_deployed_.Match(tokens, *group_begin).length == *group_end - *group_begin) {
      continue;
    }
    if (group_word != nullptr) {
      c.label = std::string(doc.Slice(ByteSpan{tokens[*group_begin].begin,
                                               tokens[*group_end - 1].end}));
    }
    // --- Value, approx, artefacts.
    c.value = n.value;
    if (n.artifact) {
      c.artifact = n.artifact;
      c.approx = approx.value_or(Approx::kUnknown);
      const char* code =
          *n.artifact == Artifact::kMaskedNumber ? "masked_number" : "garbled_number";
      if (*n.artifact == Artifact::kGarbledNumber) {
        warnings->push_back(Warning{code, n.span,
                                    "digit groups that cannot be one number (machine "
                                    "translation?): value left null"});
      }
    } else {
      c.approx = approx ? *approx : n.approx.value_or(Approx::kExact);
    }
    c.zone = ctx.zone;
    c.span = ByteSpan{tokens[begin_token].begin, tokens[std::max(end_token, n.end_token) - 1].end};
    // --- Attribution, date, place.
    if (!cue_hits) cue_hits = FindAttributionCues(tokens, *attribution_);
    // The figure's own source cue, when it has one, is the only one asked: "pour" right after
    // it (source_before), or a source cue right after it and its group, a comma at most between
    // ("entre 1,089 million de personnes, selon les autorités, et 3,5 millions, selon la CGT,
    // ont manifesté": the CGT's is 3,5 millions), however near another cue is.
    std::optional<AttributionCueHit> own_cue;
    if (source_before) {
      own_cue = AttributionCueHit{after, 1, AttributionCues::kSourceAfter};
    } else {
      size_t at = group_end.value_or(after);
      if (at < tokens.size() && tokens[at].lower == ",") ++at;
      const PhraseTable::Hit h =
          at < tokens.size() ? attribution_->cues().Match(tokens, at) : PhraseTable::Hit();
      if (h.length > 0 && h.id == AttributionCues::kSourceAfter) {
        own_cue = AttributionCueHit{at, h.length, AttributionCues::kSourceAfter};
      }
    }
    c.attribution =
        own_cue ? FindAttributionWithCues(doc, tokens, {*own_cue}, n.span, *attribution_,
                                          *ctx.mentions)
                : FindAttributionWithCues(doc, tokens, *cue_hits, n.span, *attribution_,
                                          *ctx.mentions);
    // A source after the figure that the next figure follows right away, punctuation at most
    // between, is the next one's ("около 500 человек, а по оценке «Фонтанки.ру» - полторы
    // тысячи": not the 500's): asked again without the cues between the two figures.
    if (!own_cue && c.attribution && k + 1 < numbers.size() &&
        c.attribution->span.begin >= n.span.end) {
      size_t next = numbers[k + 1].first_token;
      hedge_before(next, &next);
      size_t j = n.end_token;
      while (j < tokens.size() && tokens[j].begin < c.attribution->span.end) ++j;
      // Unless the next figure names its own source ("selon les syndicats, 18 000 pour la
      // préfecture").
      size_t own = numbers[k + 1].end_token;
      if (own < tokens.size()) own += groups_.Match(tokens, own).length;
      if (own < tokens.size() && tokens[own].lower == ",") ++own;
      const bool next_sourced =
          own < tokens.size() && (source_before_.Match(tokens, own).length > 0 ||
                                  attribution_->cues().Match(tokens, own).length > 0);
      bool only_punctuation = !next_sourced && j <= next && next - j <= kMaxSourceToNextFigure;
      for (size_t x = j; x < next && only_punctuation; ++x) only_punctuation = !tokens[x].word;
      if (only_punctuation) {
        std::vector<AttributionCueHit>& figure_hits = ctx.figure_hits;
        figure_hits.clear();
        for (const AttributionCueHit& h : *cue_hits) {
          if (!(h.begin >= n.end_token && h.begin < next)) figure_hits.push_back(h);
        }
        c.attribution = FindAttributionWithCues(doc, tokens, figure_hits, n.span, *attribution_,
                                                *ctx.mentions);
      }
    }
    const TimeExpr* when = nullptr;
    uint32_t when_distance = UINT32_MAX;
    auto sentence_times = std::partition_point(
        doc.times.begin(), doc.times.end(),
        [&](const TimeExpr& t) { return t.span.begin < ctx.sentence.begin; });
    for (auto it = sentence_times; it != doc.times.end(); ++it) {
      const TimeExpr& t = *it;
      if (t.span.begin >= ctx.sentence.end) break;
      if (t.span.begin < ctx.sentence.begin || !t.value) continue;
      size_t ti = 0;
      while (ti < tokens.size() && tokens[ti].begin < t.span.begin) ++ti;
      if (cue_ends_at(since_, ti)) continue;  // "depuis le 2 janvier": a start, not as-of
      // "the protests that began in Jalal-Abad on March 11": when something began, a few words
      // after the verb, is not the date the figure is valid for either.
      bool began = false;
      for (size_t back = 0; back <= kMaxBeganGap && back < ti && !began; ++back) {
        began = cue_ends_at(began_, ti - back);
      }
      if (began) continue;
      uint32_t d = t.span.begin > n.span.begin ? t.span.begin - n.span.begin
                                               : n.span.begin - t.span.begin;
      if (d < when_distance) {
        when_distance = d;
        when = &t;
      }
    }
    c.as_of = when != nullptr ? DatePart(*when->value) : ctx.fallback_date;
    uint64_t place_distance = UINT64_MAX;
    auto sentence_places = std::partition_point(
        ctx.locations->begin(), ctx.locations->end(),
        [&](const LocationMention& m) { return m.span.begin < ctx.sentence.begin; });
    // The place right after a number's place_item cue is that number's: this figure's own, and
    // no other figure's ("Police detained 130 people, including 60 in Krasnodar": the 130 are
    // not all in Krasnodar).
    auto item_place_of = [&](size_t m_begin) {
      for (size_t x = 0; x < numbers.size(); ++x) {
        if (item_word[x] != SIZE_MAX && tokens[item_word[x]].begin == m_begin) return x;
      }
      return SIZE_MAX;
    };
    for (auto it = sentence_places; it != ctx.locations->end(); ++it) {
      const LocationMention& m = *it;
      if (m.span.begin >= ctx.sentence.end) break;
      if (m.span.begin < ctx.sentence.begin) continue;
      const size_t owner = item_place_of(m.span.begin);
      if (owner == k) {
        c.place = *m.id;
        if (item_of != nullptr) {
          c.span.begin = std::min(c.span.begin, m.span.begin);
          c.span.end = std::max(c.span.end, m.span.end);
        }
        break;
      }
      if (owner != SIZE_MAX) continue;
      uint64_t d = m.span.begin > n.span.begin ? m.span.begin - n.span.begin
                                               : n.span.begin - m.span.begin;
      // A place in another clause than the number's, or across a relative, is farther than any
      // in its own ("Fourteen were injured in Cairo, while 22 were injured in Alexandria": 22
      // in Alexandria). It still counts when the sentence has no other ("Three people died
      // when an Athens bank went up in flames").
      const size_t at = size_t(std::lower_bound(tokens.begin(), tokens.end(), m.span.begin,
                                                [](const WordToken& t, uint32_t b) {
                                                  return t.begin < b;
                                                }) -
                               tokens.begin());
      const size_t lo = std::min(at, n.first_token), hi = std::max(at, n.first_token);
      if (clause_breaks[lo] != clause_breaks[hi] || relatives[lo] != relatives[hi]) {
        d += uint64_t(1) << 32;
      }
      if (d < place_distance) {
        place_distance = d;
        c.place = *m.id;
      }
    }
    previous_part = cue_ends_at(part_, begin_token) || partitive || item_of != nullptr ||
                    (previous_part && borrowed_quantity);
    previous_end_token = std::max(end_token, n.end_token);
    previous_verb_before = verb_before;
    previous_claim_k = k;
    claims->push_back(std::move(c));
  }
}

}  // namespace sitrep::extract
