// Helpers both store backends (SQLite, PostgreSQL) use when writing a document, so the two
// accept and index exactly the same documents.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"
#include "sitrep/status.h"
#include "sitrep/stories.h"

namespace sitrep::store {

// Shortest id prefix Get() accepts (ids are "d" + 32 hex digits).
inline constexpr size_t kMinIdPrefix = 6;

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

// The search form of a text: "ё" and "Ё" become "е" and "Е" (same length), as Russian writing
// mostly does, so "Пётр" and "Петр" find each other. Neither FTS5's unicode61 nor ICU case
// folding does it. Both backends index and query through it.
std::string FoldForSearch(std::string_view text);

// The document stored under `id` from its JSON column, or Corrupt (naming `store`) when the
// JSON does not decode or holds another id.
Result<Document> DecodeStored(const std::string& store, const std::string& id,
                              std::string_view json);

// Longest query Search() accepts: a query is typed by a person, not pasted from a page.
inline constexpr size_t kMaxQueryBytes = 4096;
// InvalidArgument for a blank or overlong search query.
Status CheckSearchQuery(const std::string& query);

// The `detail` column of a stored story: its places, actors and outlets as JSON. ReadStoryDetail
// fills them back into *s, skipping anything malformed.
std::string StoryDetailJson(const Story& s);
void ReadStoryDetail(std::string_view detail, Story* s);

// A user-given string quoted in an error message: at most 80 bytes, then "...".
std::string Echo(std::string_view s);

// The verdict of a document lookup by id or id prefix, the same on every backend. The backend
// walks the ids in byte order from `wanted` (at most RowsWanted() of them) and feeds each to
// Add() until it returns false; Verdict() then says which document was meant, or why none.
class IdLookup {
 public:
  // Matches beyond this many are counted as "N+".
  static constexpr uint64_t kMaxAmbiguousCount = 10000;

  explicit IdLookup(std::string_view wanted);
  // How many ids the walk needs at most.
  uint64_t RowsWanted() const { return long_enough_ ? kMaxAmbiguousCount + 1 : 1; }
  // The next id at or after `wanted`; false when the walk can stop.
  bool Add(std::string id);
  // The id meant, or: InvalidArgument (empty, prefix too short, ambiguous), NotFound. `store`
  // names the store in NotFound messages.
  Result<std::string> Verdict(const std::string& store) const;

 private:
  std::string wanted_;
  bool long_enough_;
  bool exact_ = false;
  uint64_t count_ = 0;
  std::vector<std::string> examples_;  // the first two matches, for the ambiguity message
};

}  // namespace sitrep::store
