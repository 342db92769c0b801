// Escaping for everything sitrep writes as HTML, Markdown or CSV (the report, the exports, the
// headline an RSS item's content gains: issue 6). Article and comment text is
// hostile: every piece of text that reaches HTML goes through HtmlEscape, every piece that reaches
// Markdown through MarkdownEscape, every CSV field through CsvField. These are the only escaping
// functions of the project: do not write another.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>

namespace sitrep::base {

// Text as HTML character data or a double- or single-quoted attribute value: & < > " ' become
// entities; C0 controls other than tab and newline, and DEL, become U+FFFD; invalid UTF-8 bytes
// become U+FFFD. The result never contains a tag, an entity of the input, or a quote.
std::string HtmlEscape(std::string_view text);

// Text as Markdown inline content: one line (newlines and tabs become spaces), Markdown control
// characters (\ ` * _ { } [ ] ( ) # + - . ! | ~ > <) backslash-escaped, and & < > as HTML
// entities, so that no renderer turns text into markup, a link, an image or raw HTML.
std::string MarkdownEscape(std::string_view text);

// One CSV field (RFC 4180): quoted when it holds a comma, a quote, CR or LF, or starts or ends
// with a space; quotes doubled. A field starting with = + - @ tab or CR is prefixed with ' (spreadsheet
// formula injection) only when `guard_formulas` is set, unless it is a signed number ("-74.5").
std::string CsvField(std::string_view text, bool guard_formulas = false);

// The longest prefix of `text` of at most `max_bytes` bytes that ends on a UTF-8 boundary.
std::string_view Utf8Prefix(std::string_view text, size_t max_bytes);

}  // namespace sitrep::base
