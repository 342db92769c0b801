#include "document/validate.h"

#include <string>

#include "base/utf8.h"

namespace sitrep::document {
namespace {

Status CheckSpan(const Document& doc, ByteSpan s, const std::string& what) {
  if (s.begin > s.end) return Internal(what + ": begin after end");
  if (s.end > doc.text.size()) return Internal(what + ": span past end of text");
  if (!base::IsBoundary(doc.text, s.begin) || !base::IsBoundary(doc.text, s.end)) {
    return Internal(what + ": span not on a UTF-8 boundary");
  }
  return Status::Ok();
}

}  // namespace

Status ValidateDocument(const Document& doc) {
  if (!base::IsValidUtf8(doc.text)) return Internal("text is not valid UTF-8");
  uint32_t last_end = 0;
  for (size_t i = 0; i < doc.zones.size(); ++i) {
    const Zone& z = doc.zones[i];
    std::string what = "zone " + std::to_string(i);
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, z.span, what));
    if (z.span.begin < last_end) return Internal(what + ": overlaps or is out of order");
    if (z.comment && z.kind != ZoneKind::kComment) {
      return Internal(what + ": comment info on a non-comment zone");
    }
    last_end = z.span.end;
  }
  for (size_t i = 0; i < doc.provenance.size(); ++i) {
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, doc.provenance[i].span, "provenance " + std::to_string(i)));
  }
  for (size_t i = 0; i < doc.entities.size(); ++i) {
    const Entity& e = doc.entities[i];
    if (e.id.empty()) return Internal("entity " + std::to_string(i) + ": empty id");
    for (const ByteSpan& m : e.mentions) {
      SITREP_RETURN_IF_ERROR(CheckSpan(doc, m, "entity " + e.id + " mention"));
    }
  }
  for (const Place& p : doc.places) {
    bool found = false;
    for (const Entity& e : doc.entities) found = found || e.id == p.entity;
    if (!found) return Internal("place " + p.entity + ": no such entity");
    if (p.lat.has_value() != p.lon.has_value()) return Internal("place " + p.entity + ": half a coordinate");
  }
  for (size_t i = 0; i < doc.times.size(); ++i) {
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, doc.times[i].span, "time " + std::to_string(i)));
  }
  for (size_t i = 0; i < doc.events.size(); ++i) {
    const Event& e = doc.events[i];
    std::string what = "event " + std::to_string(i);
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, e.span, what));
    for (const ByteSpan& m : e.mentions) SITREP_RETURN_IF_ERROR(CheckSpan(doc, m, what + " mention"));
    if (e.attribution) SITREP_RETURN_IF_ERROR(CheckSpan(doc, e.attribution->span, what + " attribution"));
  }
  for (size_t i = 0; i < doc.claims.size(); ++i) {
    const Claim& c = doc.claims[i];
    std::string what = "claim " + std::to_string(i);
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, c.span, what));
    if (c.attribution) SITREP_RETURN_IF_ERROR(CheckSpan(doc, c.attribution->span, what + " attribution"));
    if (c.value && c.value->min > c.value->max) return Internal(what + ": min above max");
    if (c.value && c.artifact) return Internal(what + ": a value and an artifact");
  }
  for (size_t i = 0; i < doc.warnings.size(); ++i) {
    SITREP_RETURN_IF_ERROR(CheckSpan(doc, doc.warnings[i].span, "warning " + std::to_string(i)));
  }
  for (const std::optional<std::string>* s : {&doc.url, &doc.domain, &doc.outlet, &doc.title}) {
    if (*s && !base::IsValidUtf8(**s)) return Internal("metadata string is not valid UTF-8");
  }
  return Status::Ok();
}

}  // namespace sitrep::document
