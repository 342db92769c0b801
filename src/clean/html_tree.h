// A tolerant single-pass HTML tokenizer and light tree builder, made for text extraction.
//
// Not a full HTML5 tree builder: it knows void elements, raw-text elements (script, style, ...),
// the common implied end tags (p, li, dt, dd, tr, td, th, option, headings) and an implicit end
// of <head>; stray end tags are ignored; everything else nests as written. It keeps only the
// attributes extraction reads. See docs/ARCHITECTURE.md, "HTML parsing", for why not gumbo.
//
// Nodes are stored in document (pre-)order: a node's descendants are exactly the nodes with
// index in (i, end). Text is kept raw (entities not decoded); see AppendHtmlText.
//
// Thread safety: ParseHtml is a pure function; an HtmlTree is immutable after it returns.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace sitrep::clean {

enum class Tag : uint8_t {
  kRoot, kText, kOther,
  kA, kAddress, kArea, kArticle, kAside, kAudio, kB, kBase, kBlockquote, kBody, kBr, kButton,
  kCanvas, kCaption, kCenter, kCol, kDd, kDetails, kDialog, kDiv, kDl, kDt, kEm, kEmbed,
  kFieldset, kFigcaption, kFigure, kFooter, kForm, kH1, kH2, kH3, kH4, kH5, kH6, kHead,
  kHeader, kHgroup, kHr, kHtml, kI, kIframe, kImg, kInput, kKeygen, kLabel, kLi, kLink, kMain,
  kMath, kMenu, kMeta, kNav, kNoembed, kNoframes, kNoscript, kObject, kOl, kOptgroup, kOption,
  kP, kParam, kPre, kScript, kSection, kSelect, kSource, kSpan, kStrong, kStyle, kSummary, kSvg,
  kTable, kTbody, kTd, kTemplate, kTextarea, kTfoot, kTh, kThead, kTime, kTitle, kTr, kTrack,
  kU, kUl, kVideo, kWbr, kXmp,
};

// Attributes the extractor reads; all others are skipped while parsing.
enum class Attr : uint8_t {
  kHref, kItemprop, kProperty, kContent, kName, kLang, kDatetime, kRel, kType, kRole, kHidden,
  kStyle,
};

struct HtmlAttr {
  Attr name;
  std::string_view value;  // raw (entities not decoded), points into the parsed input
};

struct HtmlNode {
  static constexpr uint32_t kNone = 0xFFFFFFFFu;
  Tag tag = Tag::kOther;
  uint32_t parent = kNone;  // kNone only for the root (index 0)
  uint32_t end = 0;         // one past the last descendant
  uint32_t attr_begin = 0;  // [attr_begin, attr_end) in HtmlTree::attrs
  uint32_t attr_end = 0;
  std::string_view cls;     // class attribute (raw)
  std::string_view id;      // id attribute (raw)
  std::string_view text;    // kText only: raw text, entities not decoded
};

struct HtmlTree {
  std::vector<HtmlNode> nodes;  // nodes[0] is the root
  std::vector<HtmlAttr> attrs;
  std::vector<std::string_view> json_ld;  // contents of <script type="application/ld+json">
  std::string_view title;                 // raw text of the first <title>
  bool depth_capped = false;              // start tags deeper than max_depth were ignored

  // Value of attribute `a` on node `i`, or empty.
  std::string_view Get(uint32_t i, Attr a) const;
  bool Has(uint32_t i, Attr a) const;
};

// Parses `html` (any bytes; UTF-8 expected). Elements that would be nested deeper than
// `max_depth` are not created: their content joins the ancestor at that depth. Time is linear in
// the input size times at most `max_depth`; memory is linear in the input size. The tree's
// string_views point into `html`, which must outlive it.
HtmlTree ParseHtml(std::string_view html, uint32_t max_depth);

// Appends `raw` text to `out` with character references decoded (named HTML 4 set, &apos;,
// decimal and hex numeric; unknown references are kept as written) and whitespace runs (ASCII
// whitespace and U+00A0) collapsed to one space. `pending_space` carries a space across calls:
// a space is only written before the next visible character and never at the start of `out`.
void AppendHtmlText(std::string_view raw, std::string* out, bool* pending_space);

// Decoded, collapsed and trimmed copy of `raw` (for attribute values and titles).
std::string DecodeHtmlText(std::string_view raw);

// Tag for a lower-case element name; Tag::kOther if not in the enum.
Tag LookupTag(std::string_view lower_name);

}  // namespace sitrep::clean
