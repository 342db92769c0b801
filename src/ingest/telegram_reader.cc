// Telegram Desktop channel export (result.json): one record per text message.
#include <string>

#include "ingest/json_util.h"
#include "ingest/readers.h"

namespace sitrep::ingest {
namespace {

// Message text is a string, or an array mixing strings and entity objects {"type","text"};
// links, bold runs and hashtags all carry their visible text in "text".
std::string FlattenText(const nlohmann::json& text) {
  if (text.is_string()) return text.get<std::string>();
  std::string out;
  if (!text.is_array()) return out;
  for (const nlohmann::json& part : text) {
    if (part.is_string()) {
      out += part.get<std::string>();
    } else if (part.is_object()) {
      if (std::optional<std::string> t = JsonString(part, "text")) out += *t;
    }
  }
  return out;
}

bool IsBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\n' && c != '\t' && c != '\r') return false;
  }
  return true;
}

}  // namespace

Status TelegramReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  SITREP_ASSIGN_OR_RETURN(std::string bytes,
                          ReadAll(in, limits.max_file_bytes, "--max-file-bytes"));
  Result<nlohmann::json> parsed = ParseJsonBounded(bytes, limits.max_json_depth);
  bytes.clear();
  bytes.shrink_to_fit();
  if (!parsed) return parsed.error();
  const nlohmann::json& root = *parsed;
  if (!root.is_object()) return Corrupt("Telegram export is not a JSON object");
  auto messages = root.find("messages");
  if (messages == root.end() || !messages->is_array()) {
    return Corrupt("Telegram export without a \"messages\" array");
  }
  std::optional<std::string> channel = JsonString(root, "name");
  // Exports do not always carry the public username; without it no t.me link can be built.
  std::optional<std::string> username = JsonString(root, "username");
  if (username && !username->empty() && (*username)[0] == '@') username->erase(0, 1);

  int64_t position = -1;
  for (const nlohmann::json& msg : *messages) {
    ++position;
    if (!msg.is_object()) continue;
    if (JsonString(msg, "type").value_or("") != "message") continue;  // service messages
    auto text_it = msg.find("text");
    std::string text = text_it == msg.end() ? std::string() : FlattenText(*text_it);
    if (IsBlank(text)) continue;  // photos and stickers without a caption
    RawRecord rec;
    rec.format = InputFormat::kTelegram;
    auto id_it = msg.find("id");
    int64_t id = position;
    if (id_it != msg.end() && id_it->is_number_integer()) id = id_it->get<int64_t>();
    rec.record = id;
    rec.body = std::move(text);
    rec.body_kind = BodyKind::kText;
    rec.charset = "utf-8";
    rec.outlet = channel;
    rec.published = JsonString(msg, "date");
    if (username && !username->empty() && id_it != msg.end() && id_it->is_number_integer()) {
      rec.url = "https://t.me/" + *username + "/" + std::to_string(id);
    }
    if (std::optional<std::string> from = JsonString(msg, "forwarded_from");
        from && !IsBlank(*from)) {
      Provenance p;
      p.relation = ProvenanceRelation::kRepublishedFrom;
      p.outlet = *from;
      rec.provenance.push_back(std::move(p));
    }
    sink.on_record(std::move(rec));
  }
  return Status::Ok();
}

}  // namespace sitrep::ingest
