#include "connect/cluster.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <unordered_map>

#include "extract/attribution.h"
#include "extract/name_key.h"

namespace sitrep::connect {
namespace {

// Words are cut to their first kPrefixBytes ASCII letters: a crude, language-neutral stemmer
// ("earthquake"/"earthquakes", "arrested"/"arrests", "manifestants"/"manifestation") that
// needs no table per language. Shorter words are kept whole, words under kMinWordBytes dropped.
constexpr size_t kPrefixBytes = 6;
constexpr size_t kMinWordBytes = 3;
// A repeated entity or event says the document is about it, but a name repeated 20 times does
// not make it 20 times more so.
constexpr float kMaxEntityCount = 4;
constexpr float kMaxEventCount = 3;
// A headline names what happened ("checks into rehab", "quake strikes Aceh"): each word of the
// title zone counts as this many body words (tf is damped by 1 + log, so about 3.3 times the
// weight of a word said once in the body). ECB+ (scripts/score-clustering.sh): 2 -> 10 raised
// the topic level from 0.867 to 0.886 and the event level from 0.893 to 0.900; 6-20 are alike.
constexpr float kTitleWordCount = 10;

}  // namespace

std::optional<int32_t> DayNumber(std::string_view iso) {
  if (iso.size() < 10 || iso[4] != '-' || iso[7] != '-') return std::nullopt;
  auto num = [&](size_t pos, size_t n) -> int {
    int v = 0;
    for (size_t i = pos; i < pos + n; ++i) {
      if (iso[i] < '0' || iso[i] > '9') return -1;
      v = v * 10 + (iso[i] - '0');
    }
    return v;
  };
  int y = num(0, 4), m = num(5, 2), d = num(8, 2);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // days_from_civil (H. Hinnant).
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * static_cast<unsigned>(m + (m > 2 ? -3 : 9)) + 2) / 5 +
                       static_cast<unsigned>(d) - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int32_t>(doe) - 719468;
}

std::string DayString(int32_t z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  y += m <= 2;
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y, m, d);
  return buf;
}

// --- features ----------------------------------------------------------------------------------

FeatureExtractor::~FeatureExtractor() = default;

Result<std::unique_ptr<FeatureExtractor>> FeatureExtractor::Create(
    const lang::Resources& resources) {
  std::unique_ptr<FeatureExtractor> fx(new FeatureExtractor());
  SITREP_ASSIGN_OR_RETURN(fx->folder_, extract::NameFolder::Create(resources));
  SITREP_ASSIGN_OR_RETURN(std::vector<base::TsvTable> tables,
                          resources.TableFromEveryPack("stopwords.tsv", {"word", "kind"}));
  for (const base::TsvTable& t : tables) {
    const int word = t.Column("word"), kind = t.Column("kind");
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[kind] != "stop") continue;
      std::string ascii;
      fx->folder_->AppendAscii(row.fields[word], &ascii);
      if (!ascii.empty()) fx->stop_.insert(std::move(ascii));
    }
  }
  return fx;
}

bool InArticle(const Document& doc, uint32_t offset) {
  if (doc.zones.empty()) return true;
  auto z = std::upper_bound(doc.zones.begin(), doc.zones.end(), offset,
                            [](uint32_t o, const Zone& zone) { return o < zone.span.begin; });
  if (z == doc.zones.begin()) return false;
  --z;
  return offset < z->span.end && (z->kind == ZoneKind::kBody || z->kind == ZoneKind::kTitle);
}

size_t ArticleMentions(const Document& doc, const Entity& e) {
  return static_cast<size_t>(std::count_if(e.mentions.begin(), e.mentions.end(),
                                           [&](const ByteSpan& m) { return InArticle(doc, m.begin); }));
}

DocFeatures FeatureExtractor::Extract(const Document& doc) const {
  DocFeatures f;
  f.doc = doc.id;
  if (doc.published.value) f.day = DayNumber(*doc.published.value);
  std::unordered_map<std::string, float> words;
  size_t budget = kMaxWords;
  std::string key;
  // The words inside entity mentions are names, not kind words.
  const extract::MentionIndex names(doc);
  // `base`: where `piece` starts in doc.text, when it is a slice of it.
  auto read = [&](std::string_view piece, float weight,
                  std::optional<uint32_t> base = std::nullopt) {
    if (budget == 0) return;
    std::vector<extract::NameToken> tokens = folder_->Tokenize(piece, budget);
    budget -= std::min(budget, tokens.size());
    for (const extract::NameToken& t : tokens) {
      if (t.has_digit || t.ascii.size() < kMinWordBytes || stop_.count(t.ascii)) continue;
      key.assign("w:");
      key.append(t.ascii, 0, kPrefixBytes);
      words[key] += weight;
      // Outside the text (a title the text does not repeat) a name is told by its capital.
      if (base ? !names.Covers(*base + t.begin) : !t.upper_initial && !t.all_caps) {
        f.common.push_back(key);
      }
    }
  };
  bool any_zone = false;
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kTitle) {
      read(doc.Slice(z.span), kTitleWordCount, z.span.begin);
      any_zone = true;
    } else if (z.kind == ZoneKind::kBody) {
      read(doc.Slice(z.span), 1.0f, z.span.begin);
      any_zone = true;
    }
  }
  if (!any_zone) {
    if (doc.title) read(*doc.title, 1.0f);  // counted twice with the text's first line
    read(doc.text, 1.0f, 0u);
  }
  for (auto& [k, n] : words) f.terms.push_back({FeatureKind::kWord, k, n});
  std::sort(f.common.begin(), f.common.end());
  f.common.erase(std::unique(f.common.begin(), f.common.end()), f.common.end());
  std::unordered_set<std::string_view> in_article;  // entities named in the title or body
  for (const Entity& e : doc.entities) {
    float n = std::min<float>(kMaxEntityCount, static_cast<float>(ArticleMentions(doc, e)));
    if (n <= 0) continue;
    in_article.insert(e.id);
    const bool place = e.type == EntityType::kLocation;
    f.terms.push_back({place ? FeatureKind::kPlace : FeatureKind::kEntity,
                       (place ? "p:" : "e:") + e.id, n});
  }
  // Countries: two quakes in Indonesia are closer than a quake in Indonesia and one in Iran.
  std::unordered_map<std::string, float> countries;
  for (const Place& p : doc.places) {
    if (!p.country || !in_article.count(p.entity)) continue;
    float& n = countries["c:" + *p.country];
    n = std::min(kMaxEntityCount, n + 1);
  }
  for (auto& [k, n] : countries) f.terms.push_back({FeatureKind::kCountry, k, n});
  std::unordered_map<std::string, float> events;
  for (const Event& e : doc.events) {
    if (e.zone != ZoneKind::kBody && e.zone != ZoneKind::kTitle) continue;
    float& n = events["t:" + std::string(Name(e.type))];
    n = std::min(kMaxEventCount, n + 1);
  }
  for (auto& [k, n] : events) f.terms.push_back({FeatureKind::kEvent, k, n});
  // Years of the resolved dates in the title and body ("2013-05-03" -> "y:2013").
  std::unordered_map<std::string, float> years;
  for (const TimeExpr& t : doc.times) {
    if (!t.value || t.value->size() < 4 || !InArticle(doc, t.span.begin)) continue;
    float& n = years["y:" + t.value->substr(0, 4)];
    n = std::min(kMaxEventCount, n + 1);
  }
  for (auto& [k, n] : years) f.terms.push_back({FeatureKind::kYear, k, n});
  // Deterministic order whatever the hash maps did.
  std::sort(f.terms.begin(), f.terms.end(),
            [](const DocFeatures::Term& a, const DocFeatures::Term& b) { return a.key < b.key; });
  return f;
}

// --- vectors -----------------------------------------------------------------------------------

double Dot(const SparseVec& a, const SparseVec& b) {
  double s = 0;
  size_t i = 0, j = 0;
  while (i < a.ids.size() && j < b.ids.size()) {
    if (a.ids[i] < b.ids[j]) {
      ++i;
    } else if (a.ids[i] > b.ids[j]) {
      ++j;
    } else {
      s += static_cast<double>(a.weights[i++]) * b.weights[j++];
    }
  }
  return s;
}

float KindWeights::Of(FeatureKind k) const {
  switch (k) {
    case FeatureKind::kWord: return word;
    case FeatureKind::kEntity: return entity;
    case FeatureKind::kPlace: return place;
    case FeatureKind::kEvent: return event;
    case FeatureKind::kCountry: return country;
    case FeatureKind::kYear: return year;
  }
  return 0;
}

CompactFeatures Vocabulary::Count(const DocFeatures& f) {
  ++documents_;
  std::vector<std::pair<uint32_t, float>> pairs;
  pairs.reserve(f.terms.size());
  for (const DocFeatures::Term& t : f.terms) {
    auto [it, fresh] = ids_.try_emplace(t.key, static_cast<uint32_t>(keys_.size()));
    if (fresh) {
      keys_.push_back(t.key);
      kinds_.push_back(t.kind);
      df_.push_back(0);
    }
    ++df_[it->second];  // keys are unique per document
    pairs.push_back({it->second, t.count});
  }
  std::sort(pairs.begin(), pairs.end());
  CompactFeatures c;
  c.ids.reserve(pairs.size());
  c.counts.reserve(pairs.size());
  for (const auto& [id, n] : pairs) {
    c.ids.push_back(id);
    c.counts.push_back(n);
  }
  return c;
}

const std::string& Vocabulary::Key(uint32_t id) const {
  static const std::string kEmpty;
  return id < keys_.size() ? keys_[id] : kEmpty;
}

SparseVec Vocabulary::Weigh(const CompactFeatures& f, const KindWeights& weights,
                            size_t top_k) const {
  std::vector<std::pair<float, uint32_t>> scored;
  const double n = static_cast<double>(documents_);
  for (size_t i = 0; i < f.ids.size(); ++i) {
    const uint32_t id = f.ids[i];
    const uint32_t df = df_[id];
    if (df < 2) continue;
    const double idf = std::log((n + 1) / df);
    const double w = (1 + std::log(std::max(1.0f, f.counts[i]))) * idf * weights.Of(kinds_[id]);
    if (w > 0) scored.push_back({static_cast<float>(w), id});
  }
  // Strongest first, ties by id, so the cut is deterministic.
  std::sort(scored.begin(), scored.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (scored.size() > top_k) scored.resize(top_k);
  std::sort(scored.begin(), scored.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  double norm = 0;
  for (const auto& [w, id] : scored) norm += static_cast<double>(w) * w;
  norm = std::sqrt(norm);
  SparseVec v;
  v.ids.reserve(scored.size());
  v.weights.reserve(scored.size());
  for (const auto& [w, id] : scored) {
    v.ids.push_back(id);
    v.weights.push_back(static_cast<float>(w / norm));
  }
  return v;
}

// --- clustering --------------------------------------------------------------------------------

namespace {

// Indices of the `k` strongest terms of `v` (weight descending, then id), or of all its terms in
// order when it has no more than k.
void StrongestTerms(const SparseVec& v, size_t k, std::vector<uint32_t>* out) {
  out->resize(v.size());
  std::iota(out->begin(), out->end(), 0);
  if (v.size() <= k) return;
  std::partial_sort(out->begin(), out->begin() + long(k), out->end(), [&](uint32_t a, uint32_t b) {
    return v.weights[a] != v.weights[b] ? v.weights[a] > v.weights[b] : a < b;
  });
  out->resize(k);
}

}  // namespace

bool Clusterer::DayFits(std::optional<int32_t> day, const Cluster& c) const {
  if (!day || !c.first_day) return true;
  return *day >= *c.first_day - options_.window_days && *day <= *c.last_day + options_.window_days;
}

double Clusterer::Cosine(const SparseVec& v, const SparseVec& centroid, double norm) {
  if (norm <= 0) return 0;
  double s = 0;
  const auto& ids = centroid.ids;
  for (size_t i = 0; i < v.ids.size(); ++i) {
    auto it = std::lower_bound(ids.begin(), ids.end(), v.ids[i]);
    if (it != ids.end() && *it == v.ids[i]) {
      s += static_cast<double>(v.weights[i]) * centroid.weights[it - ids.begin()];
    }
  }
  return s / norm;
}

double Clusterer::Cosine(const SparseVec& v, const Cluster& c) const {
  return Cosine(v, c.centroid, c.norm);
}

double Clusterer::WordScale(uint64_t languages, const Cluster& c) const {
  if (!CrossLanguage(languages, c) || (languages & c.languages) == 0 || c.norm <= 0) return 1.0;
  double reach = 0;  // squared norm of the centroid's terms seen in one of `languages`
  for (size_t i = 0; i < c.centroid.ids.size(); ++i) {
    const uint32_t t = c.centroid.ids[i];
    if (t < term_languages_.size() && (term_languages_[t] & languages) != 0) {
      reach += double(c.centroid.weights[i]) * c.centroid.weights[i];
    }
  }
  return reach > 0 ? std::max(1.0, c.norm / std::sqrt(reach)) : 1.0;
}

bool Elsewhere(const std::vector<uint32_t>& a, const std::vector<uint32_t>& b) {
  if (a.empty() || b.empty()) return false;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) return false;
    a[i] < b[j] ? ++i : ++j;
  }
  return true;
}

double Clusterer::Similarity(const Doc& d, const Cluster& c) const {
  double full = Cosine(d.v, c);
  if (!d.where.empty() && Elsewhere(d.named, c.where)) full *= options_.elsewhere_factor;
  const uint64_t bit = d.language > 0 && d.language < kMaxLanguages ? uint64_t(1) << d.language : 0;
  if (!CrossLanguage(bit, c)) return full;
  const double shared = Cosine(d.shared, c.shared, c.shared_norm);
  return std::max(full * WordScale(bit, c),
                  shared * options_.threshold / options_.cross_language_threshold);
}

std::pair<size_t, size_t> Clusterer::Window(const std::vector<uint32_t>& list,
                                            std::optional<uint32_t> near) const {
  const size_t n = options_.postings_scanned;
  if (list.size() <= n) return {0, list.size()};
  if (!near) return {list.size() - n, list.size()};
  const size_t at = std::lower_bound(list.begin(), list.end(), *near) - list.begin();
  const size_t from = at > n / 2 ? at - n / 2 : 0;
  const size_t to = std::min(list.size(), from + n);
  return {to - from < n ? to - n : from, to};
}

std::optional<std::pair<uint32_t, double>> Clusterer::Best(const Doc& d,
                                                           std::optional<uint32_t> near,
                                                           std::optional<uint32_t> skip) {
  ++query_;
  std::vector<uint32_t> candidates;
  // The query's strongest terms only: a weak term (a common word, a country) reaches many
  // clusters, each a cache miss, and adds little to which ones share the document's story.
  std::vector<uint32_t>& order = query_order_;
  auto collect = [&](const SparseVec& v) {
    StrongestTerms(v, options_.query_terms > 0 ? options_.query_terms : v.size(), &order);
    for (uint32_t i : order) {
      auto it = postings_.find(v.ids[i]);
      if (it == postings_.end()) continue;
      const std::vector<uint32_t>& list = it->second;
      const auto [from, to] = Window(list, near);
      for (size_t k = to; k-- > from;) {
        const uint32_t c = list[k];
        if (!clusters_[c].alive || !DayFits(d.day, clusters_[c]) || c == skip) continue;
        if (stamp_[c] != query_) {
          stamp_[c] = query_;
          hits_[c] = 0;
          candidates.push_back(c);
        }
        hits_[c] += v.weights[i];
      }
    }
  };
  collect(d.v);
  if (options_.cross_language_threshold > 0 && d.language > 0) collect(d.shared);
  if (candidates.empty()) return std::nullopt;
  if (candidates.size() > options_.candidates_scored) {
    std::partial_sort(candidates.begin(), candidates.begin() + options_.candidates_scored,
                      candidates.end(), [&](uint32_t a, uint32_t b) {
                        return hits_[a] != hits_[b] ? hits_[a] > hits_[b] : a < b;
                      });
    candidates.resize(options_.candidates_scored);
  }
  std::optional<std::pair<uint32_t, double>> best;
  for (uint32_t c : candidates) {
    double s = Similarity(d, clusters_[c]);
    if (!best || s > best->second || (s == best->second && c < best->first)) best = {{c, s}};
  }
  return best;
}

void Clusterer::Reindex(uint32_t c) {
  Cluster& cl = clusters_[c];
  std::vector<uint32_t>& order = query_order_;
  std::vector<uint32_t> top;
  StrongestTerms(cl.centroid, options_.index_terms, &order);
  for (uint32_t i : order) top.push_back(cl.centroid.ids[i]);
  if (options_.cross_language_threshold > 0) {
    // The strongest language-independent terms too: what a document in another language can
    // share with the cluster.
    StrongestTerms(cl.shared, options_.index_terms / 2, &order);
    for (uint32_t i : order) top.push_back(cl.shared.ids[i]);
  }
  std::sort(top.begin(), top.end());
  top.erase(std::unique(top.begin(), top.end()), top.end());
  // Only terms new to the index get a posting; stale ones stay and are filtered by Cosine().
  for (uint32_t t : top) {
    if (!std::binary_search(cl.indexed.begin(), cl.indexed.end(), t)) postings_[t].push_back(c);
  }
  cl.indexed = std::move(top);
}

namespace {

// centroid += v, then the strongest `max_terms` kept once it holds twice that many; returns the
// new norm.
double SumInto(SparseVec* centroid, const SparseVec& v, size_t max_terms) {
  SparseVec sum;
  sum.ids.reserve(centroid->size() + v.size());
  sum.weights.reserve(centroid->size() + v.size());
  size_t i = 0, j = 0;
  const SparseVec& a = *centroid;
  while (i < a.size() || j < v.size()) {
    if (j == v.size() || (i < a.size() && a.ids[i] < v.ids[j])) {
      sum.ids.push_back(a.ids[i]);
      sum.weights.push_back(a.weights[i++]);
    } else if (i == a.size() || v.ids[j] < a.ids[i]) {
      sum.ids.push_back(v.ids[j]);
      sum.weights.push_back(v.weights[j++]);
    } else {
      sum.ids.push_back(a.ids[i]);
      sum.weights.push_back(a.weights[i++] + v.weights[j++]);
    }
  }
  if (sum.size() > 2 * max_terms) {
    std::vector<uint32_t> order(sum.size());
    std::iota(order.begin(), order.end(), 0);
    std::nth_element(order.begin(), order.begin() + max_terms, order.end(),
                     [&](uint32_t x, uint32_t y) {
                       return sum.weights[x] != sum.weights[y] ? sum.weights[x] > sum.weights[y]
                                                               : sum.ids[x] < sum.ids[y];
                     });
    order.resize(max_terms);
    std::sort(order.begin(), order.end());
    SparseVec kept;
    for (uint32_t o : order) {
      kept.ids.push_back(sum.ids[o]);
      kept.weights.push_back(sum.weights[o]);
    }
    sum = std::move(kept);
  }
  *centroid = std::move(sum);
  double norm = 0;
  for (float w : centroid->weights) norm += static_cast<double>(w) * w;
  return std::sqrt(norm);
}

}  // namespace

void Clusterer::AddTo(uint32_t c, const Doc& d, bool reindex) {
  Cluster& cl = clusters_[c];
  cl.norm = SumInto(&cl.centroid, d.v, options_.centroid_terms);
  if (options_.cross_language_threshold > 0) {
    cl.shared_norm = SumInto(&cl.shared, d.shared, options_.centroid_terms);
    if (d.language > 0 && d.language < kMaxLanguages) cl.languages |= uint64_t(1) << d.language;
  }
  if (!d.where.empty()) {
    ++cl.where_members;
    for (uint32_t t : d.where) {
      auto it = std::lower_bound(cl.where_votes.begin(), cl.where_votes.end(),
                                 std::make_pair(t, uint32_t(0)));
      if (it == cl.where_votes.end() || it->first != t) it = cl.where_votes.insert(it, {t, 0});
      ++it->second;
    }
    cl.where.clear();
    const double need = std::max(1.0, options_.where_share * cl.where_members);
    for (const auto& [t, n] : cl.where_votes) {
      if (n >= need) cl.where.push_back(t);
    }
  }
  ++cl.members;
  if (d.day) {
    cl.first_day = cl.first_day ? std::min(*cl.first_day, *d.day) : *d.day;
    cl.last_day = cl.last_day ? std::max(*cl.last_day, *d.day) : *d.day;
  }
  if (reindex) Reindex(c);
}

uint32_t Clusterer::Add(SparseVec v, std::optional<int32_t> day, SparseVec shared,
                        uint32_t language, std::vector<uint32_t> where,
                        std::vector<uint32_t> named) {
  if (named.empty()) named = where;
  Doc d{std::move(v), day, 0, std::move(shared), language, std::move(where), std::move(named)};
  if (language > 0 && language < kMaxLanguages && options_.cross_language_threshold > 0) {
    for (uint32_t t : d.v.ids) {
      if (t >= term_languages_.size()) term_languages_.resize(size_t(t) + 1, 0);
      term_languages_[t] |= uint64_t(1) << language;
    }
  }
  std::optional<std::pair<uint32_t, double>> best = Best(d);
  uint32_t c;
  if (best && best->second >= options_.threshold) {
    c = best->first;
  } else {
    c = static_cast<uint32_t>(clusters_.size());
    clusters_.emplace_back();
    stamp_.push_back(0);
    hits_.push_back(0);
  }
  d.cluster = c;
  AddTo(c, d);
  docs_.push_back(std::move(d));
  return c;
}

void Clusterer::Rebuild() {
  // Renumber clusters by their first member, so numbering does not remember history.
  std::vector<uint32_t> remap(clusters_.size(), UINT32_MAX);
  uint32_t next = 0;
  for (Doc& d : docs_) {
    if (remap[d.cluster] == UINT32_MAX) remap[d.cluster] = next++;
    d.cluster = remap[d.cluster];
  }
  clusters_.assign(next, Cluster());
  stamp_.assign(next, 0);
  hits_.assign(next, 0);
  postings_.clear();
  // Centroids first, then each cluster indexed once (indexing after every member would also
  // leave postings for terms that were strongest only part of the way).
  for (const Doc& d : docs_) AddTo(d.cluster, d, /*reindex=*/false);
  for (uint32_t c = 0; c < next; ++c) Reindex(c);
  for (auto& [term, list] : postings_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

void Clusterer::Finish() {
  Rebuild();  // clusters numbered in time order, postings sorted (Window() needs both)
  passes_ = 0;
  for (int pass = 0; pass < options_.refine_passes; ++pass) {
    ++passes_;
    // 1. Every document to its best centroid, centroids frozen during the pass.
    std::vector<uint32_t> assign(docs_.size());
    bool changed = false;
    for (size_t i = 0; i < docs_.size(); ++i) {
      const Doc& d = docs_[i];
      // A document alone in its cluster is compared with the others only: against itself it
      // would always stay (a short post that opened a cluster before its story's others came).
      const bool alone = clusters_[d.cluster].members == 1;
      std::optional<std::pair<uint32_t, double>> best =
          Best(d, d.cluster, alone ? std::optional<uint32_t>(d.cluster) : std::nullopt);
      double own = alone ? 0.0 : Similarity(d, clusters_[d.cluster]);
      assign[i] = d.cluster;
      if (best && best->first != d.cluster &&
          (best->second > own || (best->second == own && best->first < d.cluster)) &&
          best->second >= options_.threshold) {
        assign[i] = best->first;
        changed = true;
      }
    }
    for (size_t i = 0; i < docs_.size(); ++i) docs_[i].cluster = assign[i];
    Rebuild();
    // 2. Merge clusters with close centroids (union-find over a symmetric relation, so the
    // result does not depend on the order pairs are seen).
    std::vector<uint32_t> parent(clusters_.size());
    std::iota(parent.begin(), parent.end(), 0);
    auto find = [&](uint32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (uint32_t a = 0; a < clusters_.size(); ++a) {
      const Cluster& ca = clusters_[a];
      if (ca.norm <= 0) continue;
      SparseVec unit = ca.centroid;
      for (float& w : unit.weights) w = static_cast<float>(w / ca.norm);
      ++query_;
      std::vector<uint32_t> candidates;
      for (uint32_t t : ca.indexed) {
        auto it = postings_.find(t);
        if (it == postings_.end()) continue;
        const auto [from, to] = Window(it->second, a);
        for (size_t k = from; k < to; ++k) {
          const uint32_t b = it->second[k];
          if (b <= a) continue;
          if (stamp_[b] != query_) {
            stamp_[b] = query_;
            hits_[b] = 0;
            candidates.push_back(b);
          }
          hits_[b] += 1;
        }
      }
      std::erase_if(candidates, [&](uint32_t b) {
        return !DayFits(ca.first_day, clusters_[b]) || !DayFits(ca.last_day, clusters_[b]);
      });
      // Only the clusters sharing most strong terms get an exact cosine (as in Best()).
      if (candidates.size() > options_.candidates_scored) {
        std::partial_sort(candidates.begin(), candidates.begin() + options_.candidates_scored,
                          candidates.end(), [&](uint32_t x, uint32_t y) {
                            return hits_[x] != hits_[y] ? hits_[x] > hits_[y] : x < y;
                          });
        candidates.resize(options_.candidates_scored);
      }
      SparseVec shared_unit = ca.shared;
      if (ca.shared_norm > 0) {
        for (float& w : shared_unit.weights) w = static_cast<float>(w / ca.shared_norm);
      }
      for (uint32_t b : candidates) {
        const bool close =
            Cosine(unit, clusters_[b]) * WordScale(ca.languages, clusters_[b]) *
                    WordScale(clusters_[b].languages, ca) *
                    (Elsewhere(ca.where, clusters_[b].where) ? options_.elsewhere_factor : 1.0) >=
                options_.merge_threshold ||
            (options_.cross_language_merge_threshold > 0 &&
             CrossLanguage(ca.languages, clusters_[b]) &&
             Cosine(shared_unit, clusters_[b].shared, clusters_[b].shared_norm) >=
                 options_.cross_language_merge_threshold);
        if (close) {
          uint32_t ra = find(a), rb = find(b);
          if (ra != rb) {
            parent[std::max(ra, rb)] = std::min(ra, rb);
            changed = true;
          }
        }
      }
    }
    for (Doc& d : docs_) d.cluster = find(d.cluster);
    Rebuild();
    if (!changed) break;
  }
}

std::vector<std::vector<uint32_t>> Clusterer::Clusters() const {
  std::vector<std::vector<uint32_t>> out;
  std::unordered_map<uint32_t, size_t> slot;
  for (uint32_t i = 0; i < docs_.size(); ++i) {
    auto [it, fresh] = slot.try_emplace(docs_[i].cluster, out.size());
    if (fresh) out.emplace_back();
    out[it->second].push_back(i);
  }
  return out;
}

// --- kindred events ----------------------------------------------------------------------------

void KindUnitBuilder::Add(const std::vector<uint32_t>& words,
                          const std::vector<uint32_t>& countries, std::optional<int32_t> day) {
  for (uint32_t w : words) ++words_[w];
  for (uint32_t c : countries) ++countries_[c];
  if (day) {
    first_day_ = std::min(first_day_.value_or(*day), *day);
    last_day_ = std::max(last_day_.value_or(*day), *day);
  }
  ++documents_;
}

KindUnit KindUnitBuilder::Finish(double country_share) const {
  KindUnit u;
  u.documents = documents_;
  u.first_day = first_day_;
  u.last_day = last_day_;
  const float n = static_cast<float>(documents_);
  for (const auto& [w, count] : words_) {
    u.words.push_back(w);
    u.shares.push_back(static_cast<float>(count) / n);
  }
  for (const auto& [c, count] : countries_) {
    if (count >= country_share * n) u.countries.push_back(c);
  }
  return u;
}

std::vector<std::pair<uint32_t, uint32_t>> KindredPairs(const std::vector<KindUnit>& units,
                                                        const KindOptions& options) {
  std::vector<std::pair<uint32_t, uint32_t>> pairs;
  if (options.threshold <= 0 || units.size() < 2) return pairs;
  // Unit frequency of each word a unit writes often enough.
  std::unordered_map<uint32_t, uint32_t> uf;
  for (const KindUnit& u : units) {
    for (size_t i = 0; i < u.words.size(); ++i) {
      if (u.shares[i] >= options.min_share) ++uf[u.words[i]];
    }
  }
  const double n = static_cast<double>(units.size());
  std::vector<SparseVec> vecs(units.size());
  for (size_t k = 0; k < units.size(); ++k) {
    const KindUnit& u = units[k];
    double norm = 0;
    for (size_t i = 0; i < u.words.size(); ++i) {
      if (u.shares[i] < options.min_share) continue;
      // A word no other unit writes counts too: it says what makes this unit different.
      const double f = std::max<double>(uf[u.words[i]], options.idf_floor);
      const double w = u.shares[i] * std::log(n / f);
      if (w <= 0) continue;
      vecs[k].ids.push_back(u.words[i]);
      vecs[k].weights.push_back(static_cast<float>(w));
      norm += w * w;
    }
    norm = std::sqrt(norm);
    for (float& w : vecs[k].weights) w = static_cast<float>(w / norm);
  }
  // Inverted index over each unit's strongest words, in unit order.
  std::unordered_map<uint32_t, std::vector<uint32_t>> postings;
  std::vector<std::vector<uint32_t>> strongest(units.size());
  SparseVec linking;  // the words of a unit that another unit writes too
  for (uint32_t k = 0; k < units.size(); ++k) {
    linking.ids.clear();
    linking.weights.clear();
    for (size_t i = 0; i < vecs[k].size(); ++i) {
      if (uf[vecs[k].ids[i]] < 2) continue;
      linking.ids.push_back(vecs[k].ids[i]);
      linking.weights.push_back(vecs[k].weights[i]);
    }
    StrongestTerms(linking, options.index_terms, &strongest[k]);
    for (uint32_t& i : strongest[k]) {
      i = linking.ids[i];
      postings[i].push_back(k);
    }
  }
  auto day_fits = [&](const KindUnit& a, const KindUnit& b) {
    if (!a.first_day || !b.first_day) return true;
    return *a.first_day <= *b.last_day + options.window_days &&
           *b.first_day <= *a.last_day + options.window_days;
  };
  constexpr uint32_t kNone = UINT32_MAX;
  std::vector<uint32_t> best(units.size(), kNone);
  std::vector<double> best_score(units.size(), 0);
  std::vector<uint32_t> candidates;
  for (uint32_t k = 0; k < units.size(); ++k) {
    candidates.clear();
    for (uint32_t term : strongest[k]) {
      const std::vector<uint32_t>& list = postings[term];
      // The units nearest k in order: those just before and just after it.
      auto at = std::lower_bound(list.begin(), list.end(), k);
      const size_t half = options.postings_scanned / 2;
      auto from = at - std::min<ptrdiff_t>(at - list.begin(), ptrdiff_t(half));
      auto to = at + std::min<ptrdiff_t>(list.end() - at, ptrdiff_t(half) + 1);
      candidates.insert(candidates.end(), from, to);
    }
    std::sort(candidates.begin(), candidates.end());
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (uint32_t c : candidates) {
      if (c == k || !day_fits(units[k], units[c])) continue;
      double s = Dot(vecs[k], vecs[c]);
      if (Elsewhere(units[k].countries, units[c].countries)) {
        s *= options.elsewhere_factor;
      }
      if (s > best_score[k]) {  // ascending candidates: ties keep the lower index
        best_score[k] = s;
        best[k] = c;
      }
    }
  }
  for (uint32_t k = 0; k < units.size(); ++k) {
    const uint32_t b = best[k];
    if (b == kNone || best_score[k] < options.threshold) continue;
    if (best[b] == k) {
      if (b > k) pairs.push_back({k, b});
    } else if (units[k].documents <= options.straggler_documents) {
      pairs.push_back({std::min(k, b), std::max(k, b)});
    }
  }
  std::sort(pairs.begin(), pairs.end());
  return pairs;
}

}  // namespace sitrep::connect
