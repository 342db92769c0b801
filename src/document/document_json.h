// sitrep.document/1: the JSON form of a Document (../shared/SCHEMA.md).
#pragma once

#include <string>
#include <string_view>

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::document {

inline constexpr std::string_view kDocumentSchema = "sitrep.document/1";

// One JSON object on one line (no trailing newline). Unknown values are `null`. Layers not yet
// produced for a document are empty lists. Events and claims carry, beside the SCHEMA.md
// `attribution` string, `attribution_entity` and `attribution_span` when known, and events a
// `mentions` list (every span of the same occurrence).
std::string ToJson(const Document& doc);

// Parses what ToJson wrote. Corrupt if it is not a sitrep.document/1 object.
Result<Document> FromJson(std::string_view json);

}  // namespace sitrep::document
