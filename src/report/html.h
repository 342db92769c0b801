// `sitrep report --html` (issue 6): one self-contained HTML file (no script, no network, no
// external resource) with, per story: a summary (span, places, actors, what changed most
// recently), a map of its events (an inline SVG in Web Mercator zoomed to the points with a
// margin: country outlines from the base map when given, points coloured by event type with a
// legend and sized by their number of reports), the events by day, the claims ledger (reports in date
// order, status, estimate, an inline SVG chart of the figures over time), the sources (outlets,
// languages, documents, whom they relay, the words each uses for the groups involved) and
// warnings. Every item links to its source snippet, a section of the same file with the span in
// <mark>. All text goes through HtmlEscape; no link is ever made from a document's URL or text.
//
// Thread safety: pure function.
#pragma once

#include <string>

#include "report/basemap.h"
#include "report/model.h"

namespace sitrep::report {

struct HtmlOptions {
  std::string title = "Situation report";
  std::string generated;  // shown in the header ("2026-11-29 21:55 UTC"); empty: not shown
  const Basemap* basemap = nullptr;  // country outlines under the map; null: points only
};

std::string RenderHtml(const ReportData& data, const HtmlOptions& options);

}  // namespace sitrep::report
