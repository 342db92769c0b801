// The reader registry: one line per format.
#include "ingest/reader.h"
#include "ingest/readers.h"

namespace sitrep::ingest {

const Reader* ReaderFor(InputFormat format) {
  static const TextReader text;
  static const HtmlReader html;
  static const JsonlReader jsonl;
  static const WarcReader warc;
  static const RssReader rss;
  static const TelegramReader telegram;
  switch (format) {
    case InputFormat::kText: return &text;
    case InputFormat::kHtml: return &html;
    case InputFormat::kJsonl: return &jsonl;
    case InputFormat::kWarc: return &warc;
    case InputFormat::kRss: return &rss;
    case InputFormat::kTelegram: return &telegram;
  }
  return nullptr;
}

}  // namespace sitrep::ingest
