#pragma once

#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::document {

// Checks the Document invariants: text is valid UTF-8; every span lies inside text, on code
// point boundaries, begin <= end; zones are sorted and do not overlap; comment info only on
// comment zones. Returns Internal("...") naming the first broken rule: a broken invariant is a
// bug, never a property of the input.
Status ValidateDocument(const Document& doc);

}  // namespace sitrep::document
