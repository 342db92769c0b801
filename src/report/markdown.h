// `sitrep report --format md` (issue 6): a Markdown situation report that pastes into a chat or a
// ticket: per story a summary, events by day, figures (status and estimate), sources and the
// number of warnings. Every piece of text goes through MarkdownEscape: no markup, link, image or
// raw HTML can come from a document.
//
// Thread safety: pure function.
#pragma once

#include <string>

#include "report/model.h"

namespace sitrep::report {

std::string RenderMarkdown(const ReportData& data, const std::string& title);

}  // namespace sitrep::report
