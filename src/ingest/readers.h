// The concrete readers. Each is documented in docs/formats.md.
//
// Thread safety: readers hold no state; Read() may run concurrently on different sources.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ingest/reader.h"

namespace sitrep::ingest {

// A whole file is one document (text dump or HTML page).
class TextReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kText; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

class HtmlReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kHtml; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

// JSON Lines, one article object per line: {"url","title","published","outlet","text"|"html"}.
// Streamed: memory is one line (at most limits.max_line_bytes). record = 0-based line index.
// A bad line (invalid JSON, too deep, too long, no text) is a Problem; reading carries on.
// Returns non-OK only when the source fails to read.
class JsonlReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kJsonl; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

// WARC 1.0/1.1, plain or gzip (one member per record or one for all), streamed with memory
// bounded by limits.max_warc_record_bytes. Each `response` record with an HTML 2xx HTTP payload
// becomes a record (url = WARC-Target-URI, charset from the HTTP Content-Type); record = index of
// the WARC record in the file. Oversized records and unreadable payloads are Problems. A cut file
// returns Corrupt("truncated WARC after N records") after the complete records were emitted.
class WarcReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kWarc; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

// RSS 2.0, RSS 1.0 (RDF) and Atom, read whole (limits.max_file_bytes). Each item/entry is a
// record (record = item index): title, link, date (RFC 822 converted to ISO), content or
// description as HTML, channel title as outlet. Returns Corrupt when no feed element is found.
class RssReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kRss; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

// Telegram Desktop channel export (result.json), read whole (limits.max_file_bytes). Each
// message of type "message" with text is a record (record = message id); forwarded_from becomes
// a republished_from provenance. Returns Corrupt/TooLarge when the document cannot be parsed.
class TelegramReader : public Reader {
 public:
  InputFormat format() const override { return InputFormat::kTelegram; }
  Status Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const override;
};

// Expands the five XML entities and numeric character references; anything else stays literal.
std::string DecodeXmlEntities(std::string_view s);

// "Fri, 07 Jan 2022 10:20:00 +0600" -> "2022-01-07T10:20" (local time as written; zone dropped),
// "07 Jan 2022" -> "2022-01-07"; ISO input passes through; absent when unreadable.
std::optional<std::string> Rfc822ToIso(std::string_view raw);

}  // namespace sitrep::ingest
