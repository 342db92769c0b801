// The claims ledger (issue 5): every quantitative claim of a story is a report of a fact, and a
// fact is (story, quantity, group, place). For each fact the ledger lists its reports in date
// order, says whether they agree (status) and gives a conservative estimate per date.
//
// Pure functions of their inputs: no store, no clock. The caller (connect/story_builder) turns
// the documents of a story into LedgerReports and says which documents relay another one.
//
// Rules (DESIGN-NOTES 10, ACLED's "most conservative figure"):
// - A report is *counted* when it is in the outlet's own text (zone body, never a comment), has a
//   value (a masked or garbled figure has none), and does not come from a relay of another
//   document of the story (a copy is not a second source). Its day is as_of, else the
//   publication date; a report without a day is counted only when no counted report of the fact
//   has one, and then all undated reports are one period (an estimate without as_of). Reports
//   that are not counted are listed, with `counted: false`, and move nothing.
// - Each counted report stands for an interval of plausible true values: exact -> [min, max];
//   about/unknown -> [min * 3/4, max * 4/3]; at_least/more_than -> [min, inf);
//   at_most/less_than -> [0, max].
// - Status: `unresolved` when nothing is counted (only masked or garbled values, or figures
//   only readers' comments or relays give); `conflicting` when two counted reports of the same
//   day have disjoint intervals, or a later day's interval lies wholly below an earlier day's
//   (counts are cumulative: a toll does not fall); `growing` when a later day's lowest stated figure is above every earlier stated
//   figure; `consistent` otherwise.
// - Estimate for each day with counted reports: min = the lowest lower figure of that day's
//   reports (the stated figure; 0 for at_most/less_than), never below the previous day's min;
//   max = the highest stated figure of that day, never below min. The fact's `estimate` is the
//   last day's.
//
// Thread safety: pure functions, safe for concurrent use.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::connect {

enum class FactStatus { kConsistent, kGrowing, kConflicting, kUnresolved };
std::string_view Name(FactStatus s);

// One claim as the ledger sees it: the claim and where it was read.
struct LedgerReport {
  std::string doc;                       // Document::id
  std::optional<std::string> outlet;     // outlet, else domain, else null
  std::optional<std::string> published;  // the document's publication date (ISO 8601)
  Claim claim;
  // The document this report's document relays (copy, excerpt, translation), when that document
  // is part of the same story: then the report is not counted.
  std::optional<std::string> relay_of;
  // Filled by BuildLedger.
  bool counted = false;
  std::optional<std::string> day;  // YYYY-MM-DD from as_of, else published
};

struct Estimate {
  int64_t min = 0;
  int64_t max = 0;
  std::optional<std::string> as_of;  // YYYY-MM-DD; null for the undated period
  friend bool operator==(const Estimate&, const Estimate&) = default;
};
// "as of 2022-01-08", or "undated" for the undated period: for people to read.
inline std::string AsOfText(const Estimate& e) {
  return e.as_of ? "as of " + *e.as_of : std::string("undated");
}

struct Fact {
  std::string story;
  Quantity quantity = Quantity::kKilled;
  Group group = Group::kUnspecified;
  std::optional<std::string> place;  // Entity::id of a location, or null
  std::vector<LedgerReport> reports;  // by day (unknown last), then document id, then offset
  FactStatus status = FactStatus::kUnresolved;
  std::vector<Estimate> estimates;    // one per day with counted reports, in date order
  std::optional<Estimate> estimate() const {
    if (estimates.empty()) return std::nullopt;
    return estimates.back();
  }
};

// Groups `reports` of one story into facts, sorted by quantity, group, then place (null first).
// Bounded: reports beyond kMaxReportsPerStory are ignored (the caller is told by the size).
inline constexpr size_t kMaxReportsPerStory = 100000;
std::vector<Fact> BuildLedger(std::string_view story, std::vector<LedgerReport> reports);

// The facts' status and estimates from their reports (BuildLedger calls it per fact; exposed for
// tests). `fact.reports` is re-sorted and each report's `counted` and `day` are set.
void Assess(Fact& fact);

// One `sitrep.ledger/1` object (SCHEMA.md "Ledger"), as one line of JSON.
std::string FactToJson(const Fact& fact);

}  // namespace sitrep::connect
