#include "store/store_common.h"

#include <optional>

#include "base/utf8.h"

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

}  // namespace sitrep::store
