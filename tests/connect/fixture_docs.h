// Hand-built documents for the connect/ tests: our own invented sentences about invented places
// (Veloria, Dorvask, Kelmar), with the annotation layers the extractors would add, set by hand
// so that these tests do not depend on the extractors' accuracy.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::testing {

// A document whose text is `title` + "\n\n" + `body`, zoned title/body, and optionally a
// comment appended after the body.
inline Document MakeDoc(std::string id, std::string lang, std::string published,
                        std::string outlet, std::string title, std::string body,
                        std::string comment = "") {
  Document d;
  d.id = std::move(id);
  d.language = std::move(lang);
  d.published.value = std::move(published);
  d.published.source = PublishedSource::kMetadata;
  d.outlet = std::move(outlet);
  d.title = title;
  d.text = title + "\n\n" + body;
  d.zones.push_back({ZoneKind::kTitle, {0, static_cast<uint32_t>(title.size())}, std::nullopt});
  d.zones.push_back({ZoneKind::kBody,
                     {static_cast<uint32_t>(title.size() + 2), static_cast<uint32_t>(d.text.size())},
                     std::nullopt});
  if (!comment.empty()) {
    d.text += "\n\n";
    uint32_t b = static_cast<uint32_t>(d.text.size());
    d.text += comment;
    Zone z{ZoneKind::kComment, {b, static_cast<uint32_t>(d.text.size())}, CommentInfo{}};
    d.zones.push_back(z);
  }
  return d;
}

// Adds an entity with a mention at every occurrence of each surface form.
inline void AddEntity(Document& d, std::string id, EntityType type, std::string name,
                      const std::vector<std::string>& surfaces, std::string country = "") {
  Entity e{id, type, name, {}};
  for (const std::string& s : surfaces) {
    for (size_t pos = d.text.find(s); pos != std::string::npos; pos = d.text.find(s, pos + 1)) {
      e.mentions.push_back({static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + s.size())});
    }
  }
  if (e.mentions.empty()) return;
  std::sort(e.mentions.begin(), e.mentions.end(),
            [](const ByteSpan& a, const ByteSpan& b) { return a.begin < b.begin; });
  d.entities.push_back(e);
  std::sort(d.entities.begin(), d.entities.end(),
            [](const Entity& a, const Entity& b) { return a.id < b.id; });
  if (type == EntityType::kLocation) {
    Place p;
    p.entity = id;
    p.name = name;
    if (!country.empty()) p.country = country;
    d.places.push_back(p);
  }
}

// Adds a time expression at the first occurrence of `surface`.
inline void AddTime(Document& d, const std::string& surface, std::string value) {
  size_t pos = d.text.find(surface);
  if (pos == std::string::npos) return;
  d.times.push_back({{static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + surface.size())},
                     std::move(value), Granularity::kDay});
}

}  // namespace sitrep::testing
