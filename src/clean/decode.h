// Decoding: raw bytes in any supported encoding -> valid, NFC-normalised UTF-8.
//
// Order (WHATWG-like): BOM -> charset declared by the container -> <meta charset> / XML
// declaration prescan (HTML/XML only) -> strict UTF-8 check -> statistics (Cyrillic: windows-1251
// vs KOI8-R vs IBM866; else windows-1252). The label iso-8859-1 decodes as windows-1252.
// Invalid byte sequences become U+FFFD; the caller turns `replaced` into a warning.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace sitrep::clean {

struct Decoded {
  std::string text;          // valid UTF-8, no BOM; CRLF and lone CR become LF; NFC unless markup
  std::string encoding;      // canonical name used: "UTF-8", "UTF-16LE", "windows-1251", ...
  std::string how;           // "bom", "declared", "meta", "utf8-valid", "detected"
  uint32_t replaced = 0;     // invalid sequences replaced by U+FFFD
  bool declared_was_wrong = false;  // a declared charset could not decode the bytes cleanly
};

// `declared` is the container's charset label or empty. `markup` enables the <meta>/XML prescan
// and leaves NFC to the caller, who normalises the text extracted from the markup.
Decoded DecodeToUtf8(std::string_view bytes, std::string_view declared, bool markup);

// True when every character of `utf8` is known to be an NFC starter (NFC_Quick_Check=Yes,
// canonical combining class 0): such text is NFC, and normalising it changes nothing. False means
// "not known": a character outside the table's ranges (U+0000..U+07FF, U+2000..U+22FF), a
// combining mark, or invalid UTF-8. A table lookup per character instead of ICU's full check.
bool IsKnownNfc(std::string_view utf8);
// NFC normalisation of valid UTF-8 (ICU).
std::string NormalizeNfc(std::string_view utf8);
// Same, in place: no copy when `text` is already NFC (nearly always).
void NormalizeNfcInPlace(std::string* text);

}  // namespace sitrep::clean
