// TimeFinder: the time-expression stage. Fills Document::times with every date, weekday,
// relative day/week/month/year and time of day found in the document's zones (title, body,
// related, comments; boilerplate is skipped), each resolved to an ISO 8601 value (issue 3).
//
// Anchor: a comment zone whose CommentInfo.posted is set resolves against that timestamp; every
// other zone against doc.published.value. Without an anchor, relative and year-less expressions
// keep value null. Recognition is TimeScanner (time_scan.h), resolution ResolveDate
// (date_resolve.h). Content trouble (an impossible date, a weekday that contradicts its date)
// becomes a Warning with the expression's span.
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <memory>
#include <string_view>

#include "extract/time_scan.h"
#include "lang/resources.h"
#include "pipeline/stage.h"
#include "sitrep/status.h"

namespace sitrep::extract {

class TimeFinder : public pipeline::Stage {
 public:
  // At most this many expressions per document; the rest are dropped with one warning.
  static constexpr size_t kMaxTimesPerDocument = 20000;

  // Loads months.tsv, weekdays.tsv, relative_days.tsv and time_cues.tsv from every pack.
  // Corrupt("path:line: ...") on a malformed table.
  static Result<std::unique_ptr<TimeFinder>> Create(const lang::Resources& resources);
  // Wraps an already built scanner (tests).
  explicit TimeFinder(std::unique_ptr<TimeScanner> scanner) : scanner_(std::move(scanner)) {}

  std::string_view name() const override { return "times"; }
  // Appends to doc.times (kept sorted by span.begin) and doc.warnings.
  void Run(Document& doc) const override;

 private:
  std::unique_ptr<TimeScanner> scanner_;
};

}  // namespace sitrep::extract
