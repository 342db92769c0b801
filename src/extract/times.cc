#include "extract/times.h"

#include <algorithm>
#include <iterator>
#include <span>

namespace sitrep::extract {

Result<std::unique_ptr<TimeFinder>> TimeFinder::Create(const lang::Resources& resources) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<TimeScanner> scanner, TimeScanner::Create(resources));
  return std::make_unique<TimeFinder>(std::move(scanner));
}

void TimeFinder::Run(Document& doc) const {
  const std::optional<Anchor> published =
      doc.published.value ? ParseAnchor(*doc.published.value) : std::nullopt;
  // Zones are what the cleaner decided; a document without zones is one body. (Read in place:
  // Run adds warnings and times, never zones.)
  Zone whole;
  whole.span = ByteSpan{0, uint32_t(doc.text.size())};
  std::span<const Zone> zones(doc.zones);
  if (zones.empty()) zones = std::span<const Zone>(&whole, 1);
  size_t found_total = 0;
  bool truncated = false, missing_anchor = false;
  std::vector<TimeExpr> found;
  for (const Zone& zone : zones) {
    // Boilerplate dates are page furniture (copyright years, menus), not the story's times.
    if (zone.kind == ZoneKind::kBoilerplate) continue;
    if (zone.span.end > doc.text.size() || zone.span.begin >= zone.span.end) continue;
    std::optional<Anchor> anchor = published;
    // DESIGN-NOTES 5: comments resolve against their own timestamps.
    if (zone.kind == ZoneKind::kComment && zone.comment && zone.comment->posted) {
      if (auto own = ParseAnchor(*zone.comment->posted)) anchor = own;
    }
    std::string_view text = doc.Slice(zone.span);
    size_t room = kMaxTimesPerDocument - found_total;
    std::vector<FoundTime> hits = scanner_->Find(text, doc.language, room + 1);
    if (hits.size() > room) {
      hits.resize(room);
      truncated = true;
    }
    found_total += hits.size();
    for (const FoundTime& h : hits) {
      ResolvedTime r = ResolveDate(h.parts, anchor, h.tense);
      TimeExpr t;
      t.span = ByteSpan{uint32_t(zone.span.begin + h.begin), uint32_t(zone.span.begin + h.end)};
      t.value = r.value;
      t.granularity = r.granularity;
      if (!r.warning_code.empty()) {
        doc.warnings.push_back(Warning{r.warning_code, t.span, r.warning_message});
      }
      if (!anchor && !t.value && r.warning_code.empty()) missing_anchor = true;
      found.push_back(std::move(t));
    }
    if (truncated) break;
  }
  if (missing_anchor) {
    doc.warnings.push_back(Warning{"time_unanchored", ByteSpan{},
                                   "relative or year-less dates left unresolved: no publication "
                                   "date to resolve them against"});
  }
  if (truncated) {
    doc.warnings.push_back(Warning{"too_many_times", ByteSpan{},
                                   "time expressions after the first " +
                                       std::to_string(kMaxTimesPerDocument) + " were dropped"});
  }
  doc.times.insert(doc.times.end(), std::make_move_iterator(found.begin()),
                   std::make_move_iterator(found.end()));
  // Zones come in text order, so the times usually are already: stable_sort would still
  // allocate its buffer and copy them.
  auto by_begin = [](const TimeExpr& a, const TimeExpr& b) { return a.span.begin < b.span.begin; };
  if (!std::is_sorted(doc.times.begin(), doc.times.end(), by_begin)) {
    std::stable_sort(doc.times.begin(), doc.times.end(), by_begin);
  }
}

}  // namespace sitrep::extract
