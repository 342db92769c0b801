#include "connect/relay.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <map>
#include <set>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "connect/cluster.h"
#include "extract/name_key.h"

namespace sitrep {

std::string_view Name(RelayKind k) {
  switch (k) {
    case RelayKind::kCopy: return "copy";
    case RelayKind::kExcerpt: return "excerpt";
    case RelayKind::kTranslation: return "translation";
  }
  return "copy";
}

bool Parse(std::string_view name, RelayKind* out) {
  for (RelayKind k : {RelayKind::kCopy, RelayKind::kExcerpt, RelayKind::kTranslation}) {
    if (Name(k) == name) {
      *out = k;
      return true;
    }
  }
  return false;
}

}  // namespace sitrep

namespace sitrep::connect {
namespace {

uint64_t Mix(uint64_t x) {  // splitmix64 finaliser
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint64_t HashWord(std::string_view w) {
  uint64_t h = 0xcbf29ce484222325ULL;  // FNV-1a
  for (unsigned char c : w) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  return Mix(h);
}

std::string Fmt(const char* format, double a, double b = 0) {
  char buf[128];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

// A document's relay order: earlier day first (unknown days last), then id.
bool Before(const RelayPrint& a, const RelayPrint& b) {
  auto key = [](const RelayPrint& p) {
    return std::make_tuple(!p.day.has_value(), p.day.value_or(0), std::string_view(p.doc));
  };
  return key(a) < key(b);
}

}  // namespace

RelayPrinter::~RelayPrinter() = default;

Result<std::unique_ptr<RelayPrinter>> RelayPrinter::Create(const lang::Resources& resources) {
  std::unique_ptr<RelayPrinter> p(new RelayPrinter());
  SITREP_ASSIGN_OR_RETURN(p->folder_, extract::NameFolder::Create(resources));
  return p;
}

RelayPrint RelayPrinter::Print(const Document& doc) const {
  RelayPrint p;
  p.doc = doc.id;
  p.language = doc.language;
  p.outlet = doc.outlet ? doc.outlet : doc.domain;
  p.url = doc.url;
  if (doc.published.value) p.day = DayNumber(*doc.published.value);
  p.provenance = doc.provenance;
  for (const Provenance& pr : doc.provenance) {
    if (pr.relation == ProvenanceRelation::kTranslationOf) p.declares_translation = true;
  }
  // The document's own text: title and body zones, in order.
  std::vector<ByteSpan> own;
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kTitle || z.kind == ZoneKind::kBody) own.push_back(z.span);
  }
  if (doc.zones.empty()) own.push_back({0, static_cast<uint32_t>(doc.text.size())});
  auto inside = [&](uint32_t pos) {
    for (const ByteSpan& s : own) {
      if (pos >= s.begin && pos < s.end) return true;
    }
    return false;
  };

  std::vector<uint64_t> words;
  // Anchors with their byte position, sorted at the end.
  std::vector<std::pair<uint32_t, std::string>> anchors;
  size_t budget = kMaxWords;
  for (const ByteSpan& s : own) {
    if (budget == 0) break;
    std::vector<extract::NameToken> tokens = folder_->Tokenize(doc.Slice(s), budget);
    budget -= std::min(budget, tokens.size());
    for (const extract::NameToken& t : tokens) {
      if (t.ascii.empty()) continue;
      words.push_back(HashWord(t.ascii));
      if (t.has_digit && t.ascii.size() >= 2 &&
          t.ascii.find_first_not_of("0123456789") == std::string::npos) {
        anchors.push_back({s.begin + t.begin, "n:" + t.ascii});
      }
    }
  }
  p.shingles = words.size() >= kShingleWords ? words.size() - kShingleWords + 1 : 0;
  int counts[64] = {};
  for (size_t i = 0; i < p.shingles; ++i) {
    uint64_t h = 0;
    for (size_t k = 0; k < kShingleWords; ++k) h = Mix(h * 31 + words[i + k]);
    for (int b = 0; b < 64; ++b) counts[b] += (h >> b) & 1 ? 1 : -1;
    if (h % kShingleSampling == 0) p.samples.push_back(h);
  }
  for (int b = 0; b < 64; ++b) {
    if (counts[b] > 0) p.simhash |= uint64_t{1} << b;
  }
  std::sort(p.samples.begin(), p.samples.end());
  p.samples.erase(std::unique(p.samples.begin(), p.samples.end()), p.samples.end());

  for (const TimeExpr& t : doc.times) {
    if (t.value && inside(t.span.begin)) anchors.push_back({t.span.begin, "t:" + *t.value});
  }
  for (const Entity& e : doc.entities) {
    for (const ByteSpan& m : e.mentions) {
      if (inside(m.begin)) anchors.push_back({m.begin, "e:" + e.id});
    }
  }
  std::sort(anchors.begin(), anchors.end());
  for (auto& [pos, a] : anchors) {
    if (p.anchors.size() >= kMaxAnchors) break;
    if (!p.anchors.empty() && p.anchors.back() == a) continue;  // "Tokayev ... Tokayev" once
    p.anchors.push_back(std::move(a));
  }
  return p;
}

double Resemblance(const RelayPrint& a, const RelayPrint& b) {
  if (a.samples.empty() || b.samples.empty()) return 0;
  std::vector<uint64_t> common;
  std::set_intersection(a.samples.begin(), a.samples.end(), b.samples.begin(), b.samples.end(),
                        std::back_inserter(common));
  const size_t uni = a.samples.size() + b.samples.size() - common.size();
  return static_cast<double>(common.size()) / static_cast<double>(uni);
}

double Containment(const RelayPrint& a, const RelayPrint& b) {
  if (a.samples.empty()) return 0;
  std::vector<uint64_t> common;
  std::set_intersection(a.samples.begin(), a.samples.end(), b.samples.begin(), b.samples.end(),
                        std::back_inserter(common));
  return static_cast<double>(common.size()) / static_cast<double>(a.samples.size());
}

size_t AnchorLcs(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  const size_t n = std::min(a.size(), kMaxAnchors), m = std::min(b.size(), kMaxAnchors);
  std::vector<uint16_t> prev(m + 1, 0), cur(m + 1, 0);
  for (size_t i = 1; i <= n; ++i) {
    for (size_t j = 1; j <= m; ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? static_cast<uint16_t>(prev[j - 1] + 1)
                                    : std::max(prev[j], cur[j - 1]);
    }
    std::swap(prev, cur);
  }
  return prev[m];
}

std::vector<Relay> FindRelays(const std::vector<RelayPrint>& in) {
  // Work in a canonical order so that the result does not depend on the input order.
  std::vector<const RelayPrint*> prints;
  prints.reserve(in.size());
  for (const RelayPrint& p : in) prints.push_back(&p);
  std::sort(prints.begin(), prints.end(),
            [](const RelayPrint* a, const RelayPrint* b) { return Before(*a, *b); });

  // One relay per (from, target): a target is a document, else an outlet. A provenance line
  // and a fingerprint match of the same pair make one relay with both pieces of evidence.
  std::map<std::pair<std::string, std::string>, Relay> found;
  auto add = [&](Relay r) {
    auto key = std::make_pair(r.from, r.to_doc ? "d" + *r.to_doc : "o" + r.to_outlet.value_or(""));
    auto it = found.find(key);
    if (it == found.end()) {
      found.emplace(std::move(key), std::move(r));
      return;
    }
    Relay& old = it->second;
    if (!old.to_outlet) old.to_outlet = r.to_outlet;
    if (r.score > old.score) {
      old.kind = r.kind;
      old.score = r.score;
    }
    old.evidence += "; " + r.evidence;
  };

  // Candidates: documents sharing at least two sampled shingles, or three anchors.
  std::unordered_map<uint64_t, std::vector<uint32_t>> by_sample;
  std::unordered_map<std::string, std::vector<uint32_t>> by_anchor;
  for (uint32_t i = 0; i < prints.size(); ++i) {
    for (uint64_t s : prints[i]->samples) by_sample[s].push_back(i);
    std::set<std::string_view> distinct(prints[i]->anchors.begin(), prints[i]->anchors.end());
    for (std::string_view a : distinct) {
      if (a.substr(0, 2) != "t:") by_anchor[std::string(a)].push_back(i);  // dates are common
    }
  }
  for (uint32_t i = 0; i < prints.size(); ++i) {
    const RelayPrint& a = *prints[i];
    std::unordered_map<uint32_t, uint32_t> shared_samples, shared_anchors;
    for (uint64_t s : a.samples) {
      const std::vector<uint32_t>& list = by_sample[s];
      if (list.size() > kMaxPosting) continue;
      for (uint32_t j : list) {
        if (j > i) ++shared_samples[j];
      }
    }
    std::set<std::string_view> distinct(a.anchors.begin(), a.anchors.end());
    for (std::string_view an : distinct) {
      auto it = by_anchor.find(std::string(an));
      if (it == by_anchor.end() || it->second.size() > kMaxPosting) continue;
      for (uint32_t j : it->second) {
        if (j > i && prints[j]->language != a.language) ++shared_anchors[j];
      }
    }
    // i is earlier than every j (canonical order): by default j relays i.
    for (const auto& [j, n] : shared_samples) {
      if (n < 2) continue;
      const RelayPrint& b = *prints[j];
      if (a.language != b.language) continue;
      if (std::min(a.samples.size(), b.samples.size()) < kMinSamples) continue;
      const double res = Resemblance(a, b);
      if (res >= kCopyResemblance) {
        int hamming = __builtin_popcountll(a.simhash ^ b.simhash);
        add({b.doc, a.doc, std::nullopt, RelayKind::kCopy, res,
             Fmt("resemblance %.2f of sampled 5-word shingles, SimHash distance %.0f", res,
                 hamming)});
        continue;
      }
      const bool a_shorter = a.samples.size() < b.samples.size();
      const RelayPrint& shorter = a_shorter ? a : b;
      const RelayPrint& longer = a_shorter ? b : a;
      const double con = Containment(shorter, longer);
      if (con >= kExcerptContainment) {
        add({shorter.doc, longer.doc, std::nullopt, RelayKind::kExcerpt, con,
             Fmt("%.0f%% of its sampled 5-word shingles are in the other (resemblance %.2f)",
                 con * 100, res)});
      }
    }
    for (const auto& [j, n] : shared_anchors) {
      if (n < 3) continue;
      const RelayPrint& b = *prints[j];
      const size_t shorter = std::min(a.anchors.size(), b.anchors.size());
      if (shorter < kMinAnchors) continue;
      const size_t lcs = AnchorLcs(a.anchors, b.anchors);
      const double cover = static_cast<double>(lcs) / static_cast<double>(shorter);
      if (lcs < kMinAnchors || cover < kTranslationAnchors) continue;
      // The one that says it is a translation relays; else the later one.
      const bool a_relays = a.declares_translation && !b.declares_translation;
      add({a_relays ? a.doc : b.doc, a_relays ? b.doc : a.doc, std::nullopt,
           RelayKind::kTranslation, cover,
           Fmt("%.0f of the shorter text's anchors (numbers, dates, entities) in the same "
               "order (%.0f%%)", static_cast<double>(lcs), cover * 100)});
    }
  }

  // Provenance lines: a relay to the outlet named, and to its document when present.
  std::unordered_map<std::string, std::vector<uint32_t>> by_url, by_outlet;
  auto fold = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (uint32_t i = 0; i < prints.size(); ++i) {
    if (prints[i]->url) by_url[*prints[i]->url].push_back(i);
    if (prints[i]->outlet) by_outlet[fold(*prints[i]->outlet)].push_back(i);
  }
  for (uint32_t i = 0; i < prints.size(); ++i) {
    const RelayPrint& a = *prints[i];
    for (const Provenance& pr : a.provenance) {
      if (pr.relation == ProvenanceRelation::kQuotes) continue;
      const RelayKind kind = pr.relation == ProvenanceRelation::kTranslationOf
                                 ? RelayKind::kTranslation
                                 : (pr.relation == ProvenanceRelation::kExcerptOf
                                        ? RelayKind::kExcerpt
                                        : RelayKind::kCopy);
      std::optional<std::string> target;
      const std::vector<uint32_t>* hits = nullptr;
      if (pr.url) {
        auto it = by_url.find(*pr.url);
        if (it != by_url.end()) hits = &it->second;
      }
      if (!hits && pr.outlet) {
        auto it = by_outlet.find(fold(*pr.outlet));
        if (it != by_outlet.end()) hits = &it->second;
      }
      if (hits) {
        for (uint32_t j : *hits) {
          if (j != i) {
            target = prints[j]->doc;
            break;
          }
        }
      }
      if (!target && !pr.outlet && !pr.url) continue;
      std::string evidence = "provenance line";
      if (pr.span.end > pr.span.begin) {
        evidence += " at bytes " + std::to_string(pr.span.begin) + "-" + std::to_string(pr.span.end);
      }
      add({a.doc, target, pr.outlet ? pr.outlet : pr.url, kind, 1.0, evidence});
    }
  }
  std::vector<Relay> out;
  out.reserve(found.size());
  for (auto& [key, r] : found) out.push_back(std::move(r));
  return out;
}

}  // namespace sitrep::connect
