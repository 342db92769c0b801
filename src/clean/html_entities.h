// Named HTML character references (the HTML 4.01 set plus &apos;).
//
// Thread safety: read-only static data.
#pragma once

#include <cstddef>
#include <string_view>

namespace sitrep::clean {

// Code point of the named reference `name` (without '&' and ';', case-sensitive: "Eacute" and
// "eacute" differ), or 0 if the name is unknown.
char32_t LookupNamedEntity(std::string_view name);

// Number of names in the table (for tests).
size_t NamedEntityCount();

}  // namespace sitrep::clean
