// Helpers both store backends (SQLite, PostgreSQL) use when writing a document, so the two
// accept and index exactly the same documents.
#pragma once

#include <string>

#include "sitrep/document.h"

namespace sitrep::store {

// The body text indexed for search: the body zones joined by blank lines. A document without
// zones (a reader that does not zone) is indexed whole.
std::string BodyText(const Document& doc);

// ValidateDocument checks the text and the metadata strings; the JSON encoder would silently
// replace invalid bytes in any other string, so the stored document would not be the one given.
// Returns the name of the first field that is not valid UTF-8, or nullptr.
const char* FirstInvalidUtf8Field(const Document& doc);

// The name of the first string field holding a NUL character (U+0000), or nullptr. PostgreSQL
// text cannot hold one, so the PostgreSQL store refuses such a document.
const char* FirstNulField(const Document& doc);

}  // namespace sitrep::store
