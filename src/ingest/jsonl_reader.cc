// JSON Lines: one article per line, streamed so a multi-gigabyte dump costs one line of memory.
#include <string>

#include "ingest/json_util.h"
#include "ingest/readers.h"

namespace sitrep::ingest {
namespace {

constexpr size_t kChunkBytes = 1 << 16;

// Turns one parsed line into a record, or explains why it cannot.
Status RecordFromJson(const nlohmann::json& obj, RawRecord* rec) {
  if (!obj.is_object()) return Corrupt("not a JSON object");
  std::optional<std::string> html = JsonString(obj, "html");
  std::optional<std::string> text = JsonString(obj, "text");
  if (html && !html->empty()) {
    rec->body = std::move(*html);
    rec->body_kind = BodyKind::kHtml;
  } else if (text && !text->empty()) {
    rec->body = std::move(*text);
    rec->body_kind = BodyKind::kText;
  } else {
    return Corrupt("no \"text\" or \"html\" field");
  }
  rec->charset = "utf-8";  // JSON is UTF-8 (RFC 8259), and nlohmann hands us UTF-8 strings
  rec->url = JsonString(obj, "url");
  rec->title = JsonString(obj, "title");
  rec->published = JsonString(obj, "published");
  rec->outlet = JsonString(obj, "outlet");
  return Status::Ok();
}

}  // namespace

Status JsonlReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  std::string line;
  bool too_long = false;
  int64_t index = 0;
  std::string chunk(kChunkBytes, '\0');

  auto finish_line = [&]() {
    const int64_t record = index++;
    const std::string where = "line " + std::to_string(record + 1) + ": ";
    if (too_long) {
      too_long = false;
      line.clear();
      sink.on_problem({"", record,
                       where + "longer than " + std::to_string(limits.max_line_bytes) +
                           " bytes (raise --max-line-bytes)",
                       false});
      return;
    }
    std::string_view view(line);
    while (!view.empty() && (view.back() == '\r' || view.back() == ' ' || view.back() == '\t'))
      view.remove_suffix(1);
    while (!view.empty() && (view.front() == ' ' || view.front() == '\t')) view.remove_prefix(1);
    if (index == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    if (view.empty()) {
      line.clear();
      return;  // blank lines are separators, not records
    }
    Result<nlohmann::json> parsed = ParseJsonBounded(view, limits.max_json_depth);
    line.clear();
    if (!parsed) {
      sink.on_problem({"", record, where + parsed.error().message(), false});
      return;
    }
    RawRecord rec;
    rec.format = InputFormat::kJsonl;
    rec.record = record;
    if (Status s = RecordFromJson(*parsed, &rec); !s.ok()) {
      sink.on_problem({"", record, where + s.message(), false});
      return;
    }
    sink.on_record(std::move(rec));
  };

  while (true) {
    Result<size_t> got = in.Read(chunk.data(), chunk.size());
    if (!got) return got.error();
    if (*got == 0) break;
    std::string_view data(chunk.data(), *got);
    while (!data.empty()) {
      size_t nl = data.find('\n');
      std::string_view piece = data.substr(0, nl);
      if (!too_long) {
        if (line.size() + piece.size() > limits.max_line_bytes) {
          too_long = true;
          line.clear();
          line.shrink_to_fit();
        } else {
          line.append(piece);
        }
      }
      if (nl == std::string_view::npos) break;
      finish_line();
      data.remove_prefix(nl + 1);
    }
  }
  if (!line.empty() || too_long) finish_line();
  return Status::Ok();
}

}  // namespace sitrep::ingest
