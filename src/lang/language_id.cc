#include "lang/language_id.h"

#include <cstdio>  // Debian's CLD2 headers use FILE without including it

#include <cld2/public/compact_lang_det.h>
#include <cld2/public/encodings.h>

#include "base/utf8.h"
#include "lang/resources.h"

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
// ... and first only this much: half a kilobyte of prose is some eighty words, which CLD2 calls
// reliably for a single-language page; only when it does not is the longer sample read.
// Measured on the bundled examples, seeds, ECB+ and extraction-dev sets (1 193 documents): the
// first 512 bytes give the same language as 16 KB for every one. In a pipeline CLD2's tables
// fall out of the cache between documents, so its time grows with the bytes it reads (some
// 70 ns per byte), and the short read is where the cleaning path's time goes down.
constexpr size_t kQuickDetectBytes = 512;
// ... and before that a glance at two spots of that half kilobyte, its first and its last
// kGlanceSpotBytes (some twenty words each). The glance's answer stands only when CLD2 calls it
// reliable, finds at least kGlanceMinPercent of its letters in that one language (its top
// language, which on a mixed text is not always the one it answers) and it is a language we read;
// anything else goes on as if the glance had not been made. Two spots rather than the first
// quarter kilobyte: an English quote opening a French article makes a mixed glance instead of an
// English one. On the four reference sets (examples/, the seeds, ECB+, extraction-dev: 1 193
// documents) no document's language changes; CLD2's time grows with the bytes it reads, and the
// glance takes about a sixth off the cleaning path's.
constexpr size_t kGlanceSpotBytes = 128;
constexpr int kGlanceMinPercent = 90;

struct Cld2Answer {
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  bool reliable = false;
  int text_bytes = 0;  // letters CLD2 scored
  CLD2::Language top = CLD2::UNKNOWN_LANGUAGE;  // the language of most of them
  int top_percent = 0;                            // and its share
};

Cld2Answer RunCld2(std::string_view text, const CLD2::CLDHints& hints) {
  // CLD2 leaves these unwritten when it returns early (text it takes for invalid UTF-8).
  CLD2::Language language3[3] = {CLD2::UNKNOWN_LANGUAGE, CLD2::UNKNOWN_LANGUAGE,
                                 CLD2::UNKNOWN_LANGUAGE};
  int percent3[3] = {0, 0, 0};
  double scores3[3] = {0, 0, 0};
  int valid_prefix = 0;
  Cld2Answer a;
  a.language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), static_cast<int>(text.size()), /*is_plain_text=*/true, &hints, 0, language3,
      percent3, scores3, nullptr, &a.text_bytes, &a.reliable, &valid_prefix);
  a.top = language3[0];
  a.top_percent = percent3[0];
  return a;
}

bool Known(CLD2::Language lang) {
  return lang != CLD2::UNKNOWN_LANGUAGE && lang != CLD2::TG_UNKNOWN_LANGUAGE;
}

// The first `max_bytes` of `text`, cut at the last space or line break when there is one in
// the second half, so CLD2 does not score a word cut in two.
std::string_view Prefix(std::string_view text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  std::string_view p = text.substr(0, base::FloorBoundary(text, max_bytes));
  size_t cut = p.find_last_of(" \n");
  if (cut != std::string_view::npos && cut >= max_bytes / 2) p = p.substr(0, cut);
  return p;
}

// The first and the last kGlanceSpotBytes of `sample` (longer than twice that), joined by a line
// break; the first cut at its last space or line break (Prefix), the last begun after its first
// one when that lies in its first half, so that CLD2 scores no word cut in two.
std::string Glance(std::string_view sample) {
  std::string out(Prefix(sample, kGlanceSpotBytes));
  size_t from = sample.size() - kGlanceSpotBytes;
  while (from < sample.size() && (static_cast<unsigned char>(sample[from]) & 0xC0) == 0x80) ++from;
  const size_t space = sample.find_first_of(" \n", from);
  if (space != std::string_view::npos && space < from + kGlanceSpotBytes / 2) from = space + 1;
  out.push_back('\n');
  out.append(sample.substr(from));
  return out;
}

// CLD2's answer as an ISO 639-1 code ("und" when unknown or unreliable on little text).
std::string CodeOf(const Cld2Answer& a) {
  if (!Known(a.language)) return "und";
  // Short or mixed text: CLD2 defaults to English without being reliable. Accept an unreliable
  // answer only when the text is long enough to make it a majority vote.
  if (!a.reliable && a.text_bytes < 200) return "und";
  std::string code = CLD2::LanguageCode(a.language);
  if (code.size() > 3 || code.find('-') != std::string::npos) code = code.substr(0, 2);
  return code.empty() ? "und" : code;
}

}  // namespace

std::string DetectLanguage(std::string_view text, std::string_view hint,
                           const std::vector<std::string>& read_languages) {
  text = text.substr(0, base::FloorBoundary(text, std::min(text.size(), kMaxDetectBytes)));
  if (text.empty()) return "und";
  std::string hint_code(hint.substr(0, std::min<size_t>(hint.size(), 2)));
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, CLD2::UNKNOWN_LANGUAGE};
  if (!hint_code.empty()) hints.language_hint = CLD2::GetLanguageFromName(hint_code.c_str());
  std::string_view sample = Prefix(text, kQuickDetectBytes);
  if (sample.size() < text.size() && sample.size() > 2 * kGlanceSpotBytes) {
    const Cld2Answer glance = RunCld2(Glance(sample), hints);
    if (glance.reliable && Known(glance.language) && glance.top == glance.language &&
        glance.top_percent >= kGlanceMinPercent) {
      std::string code = CodeOf(glance);
      if (read_languages.empty() || Resources::Reads(read_languages, code)) return code;
    }
  }
  Cld2Answer a = RunCld2(sample, hints);
  if (sample.size() < text.size() && !(a.reliable && Known(a.language))) {
    sample = text;
    a = RunCld2(text, hints);
  }
  std::string code = CodeOf(a);
  if (read_languages.empty() || Resources::Reads(read_languages, code)) return code;
  // A language no pack reads: on a sentence or two CLD2 takes Russian for Bulgarian or Serbian.
  // Asked again with the languages we read as the content's declared languages (a prior, as
  // an HTTP Content-Language header), a real Bulgarian or Ukrainian text keeps its answer; one
  // that CLD2 then reads as one of ours, or no longer reliably as anything, is that language
  // or "und" (which every pack reads).
  std::string declared;  // "fr,en,ru"
  for (const std::string& l : read_languages) declared += (declared.empty() ? "" : ",") + l;
  hints.content_language_hint = declared.c_str();
  const Cld2Answer again = RunCld2(sample, hints);
  if (!Known(again.language) || !again.reliable) return "und";
  const std::string second = CodeOf(again);
  return Resources::Reads(read_languages, second) ? second : code;
}

std::string DetectDocumentLanguage(const Document& doc, std::string_view hint,
                                   const std::vector<std::string>& read_languages) {
  std::string sample;
  sample.reserve(std::min(doc.text.size() + 64, kMaxDetectBytes + 64));
  for (const Zone& z : doc.zones) {
    if (z.kind == ZoneKind::kBody) {
      // DetectLanguage reads kMaxDetectBytes at most: copy no more than that (and a few bytes
      // for its boundary check), not the whole of a long dump's body.
      sample.append(doc.Slice(z.span).substr(0, kMaxDetectBytes + 4 - sample.size()));
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
  return DetectLanguage(sample, hint, read_languages);
}

}  // namespace sitrep::lang
