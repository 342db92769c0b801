// What a report or an export shows, read once from the store (issue 6): the stories, their
// events by day (connect::StoreTimeline), their claims ledger (connect::StoreLedger), their
// sources, warnings, and every source snippet the items link to. html.h, markdown.h and export.h
// render it; none of them reads the store.
//
// Bounds: at most kMaxSnippets snippets and kMaxWarnings warnings are kept (the rest are
// counted in `snippets_dropped` / `warnings_dropped`); a snippet is at most kSnippetContext bytes
// either side of its span.
//
// Thread safety: LoadReport uses the store from the calling thread; the result is a value.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "connect/ledger.h"
#include "connect/store_graph.h"
#include "sitrep/store.h"

namespace sitrep::report {

inline constexpr size_t kMaxSnippets = 20000;
inline constexpr size_t kMaxWarnings = 2000;
inline constexpr size_t kSnippetContext = 160;
inline constexpr size_t kMaxSpanShown = 600;

// A piece of a document's text around a span: before + match + after is a substring of text.
struct Snippet {
  std::string doc;
  std::optional<std::string> outlet;
  std::optional<std::string> title;
  std::optional<std::string> published;
  std::string language;
  uint32_t start = 0, end = 0;
  std::string before, match, after;
};
inline constexpr size_t kNoSnippet = static_cast<size_t>(-1);

// One event of a story: a timeline entry (same day, type and place) with what its mentions say.
struct ReportEvent {
  std::string id;  // "<story>-<n>", n from 1 in timeline order
  connect::TimelineEntry entry;
  std::optional<std::string> place_name;
  std::optional<std::string> country;  // ISO 3166-1 alpha-2
  std::optional<double> lat, lon;
  std::optional<PlaceKind> place_kind;  // country, region, city or site, when the place is known
  std::vector<std::string> actors;        // entity names, first seen first
  std::vector<size_t> snippets;           // parallel to entry.sources (kNoSnippet if dropped)
};

struct OutletSummary {
  std::string name;  // outlet, else domain, else "(unknown)"
  std::set<std::string> languages;
  size_t documents = 0;
  std::set<std::string> relays;  // outlets (or document ids) it copies, excerpts or translates
  // The words it uses for each group of people (claim labels), by group name.
  std::map<std::string, std::set<std::string>> labels;
};

struct ReportWarning {
  std::string story;
  std::string code;  // a Warning code, or "masked_number" / "garbled_number" / "unresolved_date"
  std::string message;
  size_t snippet = kNoSnippet;
};

struct StoryReport {
  Story story;
  std::vector<ReportEvent> events;  // timeline order: by day, undated last
  std::vector<connect::Fact> facts;
  std::vector<std::vector<size_t>> fact_snippets;  // parallel to facts[i].reports
  std::vector<OutletSummary> outlets;              // most documents first
  std::vector<ReportWarning> warnings;
};

struct ReportData {
  std::vector<StoryReport> stories;
  // Stories listed without detail (a report of thousands of stories shows the largest ones in
  // full: SplitStories), largest first.
  std::vector<Story> others;
  std::map<std::string, std::string> names;  // entity id -> name
  std::vector<Snippet> snippets;
  size_t snippets_dropped = 0;
  size_t warnings_dropped = 0;
};

// Splits `stories` into the `max_detailed` largest (by documents; ties keep the given order),
// kept in `stories` in their given order, and the rest, returned largest first.
std::vector<Story> SplitStories(std::vector<Story>* stories, size_t max_detailed);

// Reads everything about `stories` from the store. Errors: those of the store.
Result<ReportData> LoadReport(Store& store, const std::vector<Story>& stories);

// A readable name for an entity id ("Almaty"), the id itself when unknown, "-" for null.
std::string NameOf(const ReportData& data, const std::optional<std::string>& id);

// "12", "10-15".
std::string RangeText(int64_t min, int64_t max);

}  // namespace sitrep::report
