#pragma once

#include <string>
#include <string_view>

namespace sitrep::base {

// Lower-case hex SHA-256 of `bytes` (OpenSSL's libcrypto does the hashing).
std::string Sha256Hex(std::string_view bytes);

// The stable content id of a document: "d" + the first 32 hex digits of SHA-256(text).
// Same normalised text -> same id, whatever file or format it came from.
std::string ContentId(std::string_view text);

}  // namespace sitrep::base
