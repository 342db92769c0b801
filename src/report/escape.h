// The report's names for the project's escaping functions (base/escape.h, where they live: the
// ingest readers escape too).
#pragma once

#include "base/escape.h"

namespace sitrep::report {

using base::CsvField;
using base::HtmlEscape;
using base::MarkdownEscape;
using base::Utf8Prefix;

}  // namespace sitrep::report
