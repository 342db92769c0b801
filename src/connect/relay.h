// Relays (issue 5): who copies, excerpts and translates whom.
//
// A RelayPrint summarises one document's own text (title and body zones; comments, related
// teasers and boilerplate are left out, DESIGN-NOTES 8):
// - word 5-shingles, hashed; the shingles whose hash is 0 mod kShingleSampling are kept
//   (content-defined sampling: two texts sharing a passage keep the same shingles of it), so
//   resemblance |A∩B|/|A∪B| and containment |A∩B|/|A| are estimated on the samples;
// - a 64-bit SimHash over all shingles (Charikar 2002), reported as evidence;
// - the ordered anchors that survive translation: numbers written with digits, resolved dates
//   (TimeExpr values) and canonical entity ids, in text order.
//
// FindRelays() links documents:
// - same language: resemblance >= kCopyResemblance -> `copy` (the later document relays the
//   earlier); else containment of the shorter in the longer >= kExcerptContainment ->
//   `excerpt` (the shorter relays the longer);
// - different languages: the longest common subsequence of the anchor sequences covers at least
//   kTranslationAnchors of the shorter sequence (and at least kMinAnchors anchors) ->
//   `translation`; the document declaring a translation relays, else the later one;
// - a provenance line (translation_of, republished_from, excerpt_of) is a relay to the outlet it
//   names, and to a document of that outlet (or URL) when one is present.
// Candidates come from inverted indexes (sampled shingles; anchors), never all pairs: shingles or
// anchors shared by more than kMaxPosting documents are boilerplate or common knowledge and are
// not used for candidates.
//
// Thread safety: pure functions and values; RelayPrinter is immutable after Create().
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/stories.h"
#include "sitrep/status.h"

namespace sitrep::extract {
class NameFolder;
}

namespace sitrep::connect {

inline constexpr uint64_t kShingleSampling = 4;
inline constexpr size_t kShingleWords = 5;
inline constexpr double kCopyResemblance = 0.7;
inline constexpr double kExcerptContainment = 0.75;
inline constexpr double kTranslationAnchors = 0.6;
inline constexpr size_t kMinSamples = 5;
inline constexpr size_t kMinAnchors = 6;
inline constexpr size_t kMaxAnchors = 300;
inline constexpr size_t kMaxPosting = 200;

struct RelayPrint {
  std::string doc;
  std::string language;
  std::optional<std::string> outlet;  // outlet, else domain
  std::optional<std::string> url;
  std::optional<int32_t> day;
  uint64_t simhash = 0;
  size_t shingles = 0;             // all shingles (before sampling)
  std::vector<uint64_t> samples;   // sorted, unique
  std::vector<std::string> anchors;
  std::vector<Provenance> provenance;
  bool declares_translation = false;
};

using ::sitrep::Relay;
using ::sitrep::RelayKind;

class RelayPrinter {
 public:
  static Result<std::unique_ptr<RelayPrinter>> Create(const lang::Resources& resources);
  ~RelayPrinter();
  RelayPrinter(const RelayPrinter&) = delete;
  RelayPrinter& operator=(const RelayPrinter&) = delete;
  // At most kMaxWords words are shingled.
  static constexpr size_t kMaxWords = 20000;
  RelayPrint Print(const Document& doc) const;

 private:
  RelayPrinter() = default;
  std::unique_ptr<extract::NameFolder> folder_;
};

// Sampled-shingle estimates.
double Resemblance(const RelayPrint& a, const RelayPrint& b);
double Containment(const RelayPrint& a, const RelayPrint& b);  // of a in b
// Length of the longest common subsequence of two anchor sequences (each capped at kMaxAnchors).
size_t AnchorLcs(const std::vector<std::string>& a, const std::vector<std::string>& b);

// Every relay among `prints`, sorted by (from, to_doc, to_outlet). Deterministic whatever the
// order of `prints`.
std::vector<Relay> FindRelays(const std::vector<RelayPrint>& prints);

}  // namespace sitrep::connect
