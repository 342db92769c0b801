// Language identification with CLD2, over the body zones of a document.
#pragma once

#include <string>
#include <string_view>

#include "sitrep/document.h"

namespace sitrep::lang {

// ISO 639-1 code of the dominant language of `text`, or "und" when CLD2 is not reliable.
// `hint` (an ISO code from metadata such as <html lang>) is passed to CLD2 as a prior.
std::string DetectLanguage(std::string_view text, std::string_view hint = {});

// Language of a document: body zones (title too when the body is short); "und" when unknown.
std::string DetectDocumentLanguage(const Document& doc, std::string_view hint = {});

}  // namespace sitrep::lang
