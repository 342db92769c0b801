#include "store/store_common.h"

#include <optional>

#include <nlohmann/json.hpp>

#include "base/utf8.h"
#include "document/document_json.h"

namespace sitrep::store {

// The body text indexed for search: the body zones joined by blank lines. A document without
// zones (a reader that does not zone) is indexed whole.
std::string BodyText(const Document& doc) {
  if (doc.zones.empty()) return doc.text;
  std::string body;
  for (const Zone& z : doc.zones) {
    if (z.kind != ZoneKind::kBody) continue;
    if (!body.empty()) body += "\n\n";
    body += doc.Slice(z.span);
  }
  return body;
}

// ValidateDocument checks the text and the metadata strings; the JSON encoder would silently
// replace invalid bytes in any other string, so the stored document would not be the one given.
// Returns the name of the first field that is not valid UTF-8, or nullptr.
const char* FirstInvalidUtf8Field(const Document& doc) {
  auto bad = [](const std::optional<std::string>& s) { return s && !base::IsValidUtf8(*s); };
  if (!base::IsValidUtf8(doc.id)) return "id";
  if (!base::IsValidUtf8(doc.input.path)) return "input.path";
  if (!base::IsValidUtf8(doc.language)) return "language";
  if (bad(doc.published.value)) return "published.value";
  for (const Zone& z : doc.zones) {
    if (z.comment && (bad(z.comment->posted) || bad(z.comment->quoted_author))) {
      return "zone comment";
    }
  }
  for (const Provenance& p : doc.provenance) {
    if (bad(p.outlet) || bad(p.url) || bad(p.translator)) return "provenance";
  }
  for (const Warning& w : doc.warnings) {
    if (!base::IsValidUtf8(w.code) || !base::IsValidUtf8(w.message)) return "warning";
  }
  return nullptr;
}


const char* FirstNulField(const Document& doc) {
  auto nul = [](const std::string& s) { return s.find('\0') != std::string::npos; };
  auto opt = [&](const std::optional<std::string>& s) { return s && nul(*s); };
  if (nul(doc.text)) return "text";
  if (nul(doc.id) || nul(doc.input.path) || nul(doc.language)) return "id, input.path or language";
  if (opt(doc.url) || opt(doc.domain) || opt(doc.outlet) || opt(doc.title)) return "metadata";
  if (opt(doc.published.value)) return "published.value";
  for (const Zone& z : doc.zones) {
    if (z.comment && (opt(z.comment->posted) || opt(z.comment->quoted_author))) {
      return "zone comment";
    }
  }
  for (const Provenance& p : doc.provenance) {
    if (opt(p.outlet) || opt(p.url) || opt(p.translator)) return "provenance";
  }
  for (const Warning& w : doc.warnings) {
    if (nul(w.code) || nul(w.message)) return "warning";
  }
  for (const Entity& e : doc.entities) {
    if (nul(e.id) || nul(e.name)) return "entity";
  }
  return nullptr;
}

std::string FoldForSearch(std::string_view text) {
  std::string out(text);
  // U+0451 ё = D1 91 -> U+0435 е = D0 B5; U+0401 Ё = D0 81 -> U+0415 Е = D0 95. A 0xD1 or
  // 0xD0 byte always starts a two-byte sequence, so the pairs cannot straddle characters.
  for (size_t i = 0; i + 1 < out.size(); ++i) {
    const auto a = static_cast<unsigned char>(out[i]), b = static_cast<unsigned char>(out[i + 1]);
    if (a == 0xD1 && b == 0x91) {
      out[i] = static_cast<char>(0xD0);
      out[i + 1] = static_cast<char>(0xB5);
      ++i;
    } else if (a == 0xD0 && b == 0x81) {
      out[i + 1] = static_cast<char>(0x95);
      ++i;
    } else if (a >= 0xC0) {
      ++i;  // skip the continuation byte of another two-byte character
    }
  }
  return out;
}

Result<Document> DecodeStored(const std::string& store, const std::string& id,
                              std::string_view json) {
  Result<Document> doc = document::FromJson(json);
  if (!doc) return Corrupt(store + ": document " + Echo(id) + ": " + doc.error().message());
  if (doc->id != id) {
    return Corrupt(store + ": document " + Echo(id) + ": stored JSON has id '" + Echo(doc->id) +
                   "'");
  }
  return doc;
}

Status CheckSearchQuery(const std::string& query) {
  if (query.find_first_not_of(" \t\r\n") == std::string::npos) {
    return InvalidArgument("search query is empty");
  }
  if (query.size() > kMaxQueryBytes) {
    return InvalidArgument("search query: longer than " + std::to_string(kMaxQueryBytes) +
                           " bytes");
  }
  return Status::Ok();
}

namespace {

using ojson = nlohmann::ordered_json;

ojson StoryEntitiesJson(const std::vector<StoryEntity>& v) {
  ojson a = ojson::array();
  for (const StoryEntity& e : v) {
    a.push_back({{"id", e.id}, {"name", e.name}, {"documents", e.documents}});
  }
  return a;
}

std::vector<StoryEntity> StoryEntitiesFrom(const ojson& a) {
  std::vector<StoryEntity> v;
  if (!a.is_array()) return v;
  for (const ojson& e : a) {
    if (!e.is_object()) continue;
    StoryEntity se;
    se.id = e.value("id", "");
    se.name = e.value("name", "");
    se.documents = e.value("documents", 0u);
    v.push_back(std::move(se));
  }
  return v;
}

}  // namespace

std::string StoryDetailJson(const Story& s) {
  ojson outlets = ojson::array();
  for (const std::string& o : s.outlets) outlets.push_back(o);
  return ojson{{"places", StoryEntitiesJson(s.places)},
               {"actors", StoryEntitiesJson(s.actors)},
               {"outlets", std::move(outlets)}}
      .dump(-1, ' ', false, ojson::error_handler_t::replace);
}

void ReadStoryDetail(std::string_view detail, Story* s) {
  ojson j = ojson::parse(detail, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return;
  s->places = StoryEntitiesFrom(j["places"]);
  s->actors = StoryEntitiesFrom(j["actors"]);
  if (!j["outlets"].is_array()) return;
  for (const ojson& o : j["outlets"]) {
    if (o.is_string()) s->outlets.push_back(o.get<std::string>());
  }
}

std::string Echo(std::string_view s) {
  constexpr size_t kMaxEchoBytes = 80;
  if (s.size() <= kMaxEchoBytes) return std::string(s);
  return std::string(s.substr(0, kMaxEchoBytes)) + "...";
}

IdLookup::IdLookup(std::string_view wanted)
    : wanted_(wanted), long_enough_(wanted.size() >= kMinIdPrefix) {}

bool IdLookup::Add(std::string id) {
  // An exact id sorts first, and wins over longer ids it is a prefix of.
  if (count_ == 0 && id == wanted_) {
    exact_ = true;
    examples_.assign(1, std::move(id));
    return false;
  }
  if (!long_enough_ || id.compare(0, wanted_.size(), wanted_) != 0) return false;
  if (examples_.size() < 2) examples_.push_back(std::move(id));
  return ++count_ < kMaxAmbiguousCount;
}

Result<std::string> IdLookup::Verdict(const std::string& store) const {
  if (wanted_.empty()) return InvalidArgument("document id is empty");
  if (exact_) return examples_[0];
  if (!long_enough_) {
    return InvalidArgument("id prefix '" + Echo(wanted_) + "' is too short: give at least " +
                           std::to_string(kMinIdPrefix) + " characters");
  }
  if (count_ == 0) return NotFound(store + ": no document with id or prefix '" + Echo(wanted_) + "'");
  if (count_ > 1) {
    std::string how_many = std::to_string(count_) + (count_ >= kMaxAmbiguousCount ? "+" : "");
    return InvalidArgument("id prefix '" + Echo(wanted_) + "' is ambiguous: it matches " +
                           how_many + " documents (" + examples_[0] + ", " + examples_[1] +
                           ", ...); give more characters");
  }
  return examples_[0];
}

}  // namespace sitrep::store
