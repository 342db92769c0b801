#include "lang/language_id.h"

#include <cstdio>  // Debian's CLD2 headers use FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "base/utf8.h"

namespace CLD2 {
// Declared in cld2/internal/lang_script.h, which Debian ships but we avoid including.
const char* LanguageCode(Language lang);
Language GetLanguageFromName(const char* src);
}  // namespace CLD2

namespace sitrep::lang {
namespace {

// CLD2 reads at most this much: 16 KB is thousands of words, more does not change the answer
// for a news page and costs time on long ones.
constexpr size_t kMaxDetectBytes = 16 * 1024;

}  // namespace

std::string DetectLanguage(std::string_view text, std::string_view hint) {
  text = text.substr(0, base::FloorBoundary(text, std::min(text.size(), kMaxDetectBytes)));
  if (text.empty()) return "und";
  std::string hint_code(hint.substr(0, std::min<size_t>(hint.size(), 2)));
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (!hint_code.empty()) hints.language_hint = CLD2::GetLanguageFromName(hint_code.c_str());
  CLD2::Language language3[3];
  int percent3[3];
  double scores3[3];
  int text_bytes = 0;
  bool reliable = false;
  int valid_prefix = 0;
  CLD2::Language lang = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints, 0, language3,
      percent3, scores3, nullptr, &text_bytes, &reliable, &valid_prefix);
  if (lang == CLD2::UNKNOWN_LANGUAGE || lang == CLD2::TG_UNKNOWN_LANGUAGE) return "und";
  // Short or mixed text: CLD2 defaults to English without being reliable. Accept an unreliable
  // answer only when the text is long enough to make it a majority vote.
  if (!reliable && text_bytes < 200) return "und";
  std::string code = CLD2::LanguageCode(lang);
  if (code.size() > 3 || code.find('-') != std::string::npos) code = code.substr(0, 2);
  return code.empty() ? "und" : code;
}

std::string DetectDocumentLanguage(const Document& doc, std::string_view hint) {
  std::string sample;
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kBody) {
      sample.append(doc.Slice(z.span));
      sample.push_back('\n');
      if (sample.size() > kMaxDetectBytes) break;
    }
  }
  if (sample.size() < 200) {
    for (const Zone& z : doc.zones) {
      if (z.kind == ZoneKind::kTitle) {
        sample.append(doc.Slice(z.span));
        sample.push_back('\n');
      }
    }
  }
  return DetectLanguage(sample, hint);
}

}  // namespace sitrep::lang
