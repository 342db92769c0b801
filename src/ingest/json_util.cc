#include "ingest/json_util.h"

namespace sitrep::ingest {

uint32_t JsonNestingDepth(std::string_view text, uint32_t limit) {
  uint32_t depth = 0, max_depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) {
        max_depth = depth;
        if (max_depth > limit) return max_depth;
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return max_depth;
}

Result<nlohmann::json> ParseJsonBounded(std::string_view text, uint32_t max_depth) {
  // The pre-scan bounds the parser's stack and the DOM's destructor, whatever the input.
  if (JsonNestingDepth(text, max_depth) > max_depth) {
    return TooLarge("JSON nested deeper than " + std::to_string(max_depth) +
                    " levels (raise --max-json-depth)");
  }
  // nlohmann reports syntax errors only as exceptions; catch them here so none escapes.
  try {
    return nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::exception& e) {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, ..." -> "parse error at ..."
    if (size_t p = what.find("] "); p != std::string::npos && what[0] == '[') {
      what = what.substr(p + 2);
    }
    return Corrupt("invalid JSON: " + what);
  }
}

std::optional<std::string> JsonString(const nlohmann::json& obj, std::string_view key) {
  if (!obj.is_object()) return std::nullopt;
  auto it = obj.find(key);
  if (it == obj.end()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return std::nullopt;
}

}  // namespace sitrep::ingest
