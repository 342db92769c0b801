// JSON helpers shared by the JSON Lines and Telegram readers: bounded parsing that never throws
// and never recurses deeper than a limit.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "sitrep/status.h"

namespace sitrep::ingest {

// Maximum nesting of arrays and objects in `text`, stopping early once it exceeds `limit`
// (so the cost is one linear scan). Brackets inside strings do not count.
uint32_t JsonNestingDepth(std::string_view text, uint32_t limit);

// Parses `text`. Errors: TooLarge when nested deeper than `max_depth` (message names
// --max-json-depth), Corrupt("invalid JSON: <parser message>") otherwise. Never throws.
Result<nlohmann::json> ParseJsonBounded(std::string_view text, uint32_t max_depth);

// The value of `key` when `obj` is an object and the value is a string (or a number, printed).
std::optional<std::string> JsonString(const nlohmann::json& obj, std::string_view key);

}  // namespace sitrep::ingest
