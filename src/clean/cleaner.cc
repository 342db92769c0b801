#include "clean/cleaner.h"

#include <chrono>

#include "base/hash.h"
#include "base/utf8.h"
#include "clean/decode.h"
#include "clean/html_extract.h"
#include "document/validate.h"
#include "lang/language_id.h"

namespace sitrep::clean {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr size_t kMaxEncodingWarnings = 20;

// One warning per run of U+FFFD, so the UI can point at the damage.
void WarnReplacementChars(Document& doc) {
  size_t pos = 0, count = 0;
  while ((pos = doc.text.find(kReplacement, pos)) != std::string::npos) {
    size_t end = pos;
    while (doc.text.compare(end, kReplacement.size(), kReplacement) == 0) end += 3;
    if (count++ < kMaxEncodingWarnings) {
      doc.warnings.push_back({"invalid_encoding",
                              {static_cast<uint32_t>(pos), static_cast<uint32_t>(end)},
                              "bytes that are not valid in the input's encoding were replaced"});
    }
    pos = end;
  }
}

// Builds the text of an HTML page from its blocks: blocks are separated by a blank line, so the
// text stays readable and every block is a line-aligned zone.
std::string JoinBlocks(const HtmlExtraction& ext, std::vector<Zone>* hints, uint32_t max_zones) {
  std::string text;
  int32_t open_comment = -1;
  for (const HtmlBlock& b : ext.blocks) {
    if (!text.empty()) text += "\n\n";
    auto begin = static_cast<uint32_t>(text.size());
    text += b.text;
    auto end = static_cast<uint32_t>(text.size());
    bool same_comment = b.kind == ZoneKind::kComment && b.comment_id >= 0 &&
                        b.comment_id == open_comment && !hints->empty();
    bool merge = !hints->empty() && hints->back().kind == b.kind &&
                 (b.kind != ZoneKind::kComment || same_comment);
    if (merge || hints->size() >= max_zones) {
      hints->back().span.end = end;
    } else {
      Zone z{b.kind, {begin, end}, {}};
      if (b.kind == ZoneKind::kComment) {
        z.comment = CommentInfo{};
        z.comment->depth = b.comment_depth;
      }
      hints->push_back(std::move(z));
    }
    open_comment = b.kind == ZoneKind::kComment ? b.comment_id : -1;
  }
  return text;
}

bool IsDigits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::optional<std::string> DomainOf(std::string_view url) {
  size_t scheme = url.find("://");
  if (scheme == std::string_view::npos) return std::nullopt;
  std::string_view rest = url.substr(scheme + 3);
  size_t end = rest.find_first_of("/?#");
  std::string_view host = rest.substr(0, end);
  if (size_t at = host.rfind('@'); at != std::string_view::npos) host = host.substr(at + 1);
  if (size_t colon = host.find(':'); colon != std::string_view::npos) host = host.substr(0, colon);
  if (host.substr(0, 4) == "www.") host.remove_prefix(4);
  if (host.empty() || host.find('.') == std::string_view::npos) return std::nullopt;
  std::string out;
  for (char c : host) out.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  return out;
}

std::optional<std::string> NormalizeIsoDate(std::string_view raw) {
  raw = base::TrimSpace(raw);
  if (raw.size() < 10 || raw[4] != '-' || raw[7] != '-') return std::nullopt;
  std::string_view y = raw.substr(0, 4), m = raw.substr(5, 2), d = raw.substr(8, 2);
  if (!IsDigits(y) || !IsDigits(m) || !IsDigits(d)) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year(std::stoi(std::string(y))),
                                  std::chrono::month(std::stoi(std::string(m))),
                                  std::chrono::day(std::stoi(std::string(d)))};
  if (!ymd.ok() || int(ymd.year()) < 1900 || int(ymd.year()) > 2200) return std::nullopt;
  std::string out(raw.substr(0, 10));
  if (raw.size() >= 16 && (raw[10] == 'T' || raw[10] == ' ') && raw[13] == ':' &&
      IsDigits(raw.substr(11, 2)) && IsDigits(raw.substr(14, 2))) {
    int hh = std::stoi(std::string(raw.substr(11, 2)));
    int mm = std::stoi(std::string(raw.substr(14, 2)));
    if (hh < 24 && mm < 60) {
      out += "T";
      out += raw.substr(11, 5);
    }
  }
  return out;
}

Result<std::unique_ptr<Cleaner>> Cleaner::Create(const lang::Resources& resources,
                                                 const Limits& limits) {
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<Zoner> zoner, Zoner::Create(resources));
  return std::unique_ptr<Cleaner>(new Cleaner(std::move(zoner), limits, resources.languages()));
}

Document Cleaner::Run(ingest::RawRecord&& rec, std::string_view path) const {
  Document doc;
  doc.input.path = std::string(path);
  doc.input.format = rec.format;
  doc.input.record = rec.record;

  const bool html = rec.body_kind == ingest::BodyKind::kHtml;
  Decoded decoded = DecodeToUtf8(rec.body, rec.charset, html);
  rec.body.clear();
  rec.body.shrink_to_fit();

  std::vector<Zone> hints;
  std::optional<std::string> html_lang;
  if (html) {
    HtmlExtraction ext = ExtractHtml(decoded.text, limits_.max_html_depth);
    // DecodeToUtf8 leaves markup unnormalised: normalise what was extracted from it.
    for (HtmlBlock& b : ext.blocks) NormalizeNfcInPlace(&b.text);
    for (std::optional<std::string>* m : {&ext.meta.title, &ext.meta.url, &ext.meta.site_name,
                                          &ext.meta.published, &ext.meta.language}) {
      if (*m) NormalizeNfcInPlace(&**m);
    }
    doc.text = JoinBlocks(ext, &hints, limits_.max_zones);
    if (ext.meta.title) doc.title = ext.meta.title;
    if (ext.meta.url) doc.url = ext.meta.url;
    if (ext.meta.site_name) doc.outlet = ext.meta.site_name;
    if (ext.meta.published) {
      if (auto iso = NormalizeIsoDate(*ext.meta.published)) {
        doc.published = {*iso, PublishedSource::kMetadata};
      }
    }
    html_lang = ext.meta.language;
    if (ext.no_article) {
      doc.warnings.push_back({"no_article", {0, 0},
                              "no article text: only navigation, notices and links"});
    }
    if (ext.depth_capped) {
      doc.warnings.push_back({"html_depth_capped", {0, 0},
                              "elements nested deeper than " +
                                  std::to_string(limits_.max_html_depth) +
                                  " levels were flattened (--max-html-depth)"});
    }
  } else {
    doc.text = std::move(decoded.text);
  }
  if (doc.text.size() > limits_.max_document_bytes) {
    size_t cut = base::FloorBoundary(doc.text, limits_.max_document_bytes);
    doc.text.resize(cut);
    hints.clear();
    doc.warnings.push_back({"truncated", {static_cast<uint32_t>(cut), static_cast<uint32_t>(cut)},
                            "text cut at " + std::to_string(limits_.max_document_bytes) +
                                " bytes (--max-document-bytes)"});
  }

  // Container metadata wins over what the page says about itself. It did not go through decoding,
  // so it is made valid UTF-8 here (a WARC header or a JSON field may hold any bytes).
  for (std::optional<std::string>* m : {&rec.url, &rec.title, &rec.outlet, &rec.published}) {
    if (*m) **m = NormalizeNfc(base::ScrubUtf8(**m));
  }
  for (Provenance& p : rec.provenance) {
    for (std::optional<std::string>* m : {&p.outlet, &p.url, &p.translator}) {
      if (*m) **m = NormalizeNfc(base::ScrubUtf8(**m));
    }
  }
  if (rec.url) doc.url = rec.url;
  if (rec.title) doc.title = base::TrimSpace(*rec.title).empty() ? doc.title : rec.title;
  if (rec.outlet) doc.outlet = rec.outlet;
  if (rec.published) {
    if (auto iso = NormalizeIsoDate(*rec.published)) {
      doc.published = {*iso, PublishedSource::kMetadata};
    }
  }
  doc.provenance = std::move(rec.provenance);

  zoner_->Run(doc, hints);
  if (doc.url && !doc.domain) doc.domain = DomainOf(*doc.url);
  doc.language = lang::DetectDocumentLanguage(doc, html_lang.value_or(""), read_languages_);

  if (decoded.declared_was_wrong) {
    doc.warnings.push_back({"wrong_declared_encoding", {0, 0},
                            "the declared charset did not fit the bytes; decoded as " +
                                decoded.encoding});
  }
  WarnReplacementChars(doc);
  if (doc.text.empty()) {
    doc.warnings.push_back({"empty_text", {0, 0}, "no text found in this input"});
  }
  std::stable_sort(doc.warnings.begin(), doc.warnings.end(),
                   [](const Warning& a, const Warning& b) { return a.span.begin < b.span.begin; });
  doc.id = base::ContentId(doc.text);
  return doc;
}

}  // namespace sitrep::clean
