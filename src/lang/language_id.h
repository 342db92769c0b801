// Language identification with CLD2, over the body zones of a document.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::lang {

// ISO 639-1 code of the dominant language of `text`, or "und" when CLD2 is not reliable.
// `hint` (an ISO code from metadata such as <html lang>) is passed to CLD2 as a prior.
// `read_languages` (the languages with a pack, Resources::languages()): when CLD2 names another language,
// it is asked again with these declared as the content's; a text it then reads as one of them
// is that language, one it no longer reads reliably "und" (CLD2 takes a short Russian sentence
// for Bulgarian or Serbian; a real Bulgarian one keeps its answer).
std::string DetectLanguage(std::string_view text, std::string_view hint = {},
                           const std::vector<std::string>& read_languages = {});

// Language of a document: body zones (title too when the body is short); "und" when unknown.
std::string DetectDocumentLanguage(const Document& doc, std::string_view hint = {},
                                   const std::vector<std::string>& read_languages = {});

}  // namespace sitrep::lang
