// HTML -> text blocks labelled by zone, plus page metadata.
//
// Parses with our own tolerant tree builder (html_tree.h; docs/ARCHITECTURE.md says why not
// gumbo) with nesting depth bounded, scores blocks for main
// content (Readability/boilerpipe/jusText ideas, see ../shared/DESIGN-NOTES.md section 1) and labels every
// visible block: the article title, body paragraphs, reader comments, related-article teasers,
// and boilerplate (navigation, share prompts, footers). Nothing visible is dropped: what is not
// body is labelled, not deleted.
//
// Thread safety: pure function of its inputs.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sitrep/document.h"

namespace sitrep::clean {

struct HtmlBlock {
  std::string text;  // UTF-8, whitespace collapsed, entities decoded; never empty
  ZoneKind kind = ZoneKind::kBoilerplate;
  bool heading = false;  // h1-h6
  // For comment blocks: 0 for a top-level comment, 1 for a reply, ... (from DOM nesting).
  int32_t comment_depth = 0;
  // Index of the comment this block belongs to (blocks of one comment share it); -1 if none.
  int32_t comment_id = -1;
};

struct HtmlMeta {
  std::optional<std::string> title;      // og:title, <title>, or the main h1
  std::optional<std::string> published;  // article:published_time, <time datetime>, JSON-LD datePublished (raw string)
  std::optional<std::string> url;        // canonical or og:url
  std::optional<std::string> site_name;  // og:site_name / publisher name
  std::optional<std::string> language;   // <html lang>
};

struct HtmlExtraction {
  std::vector<HtmlBlock> blocks;  // in document order
  HtmlMeta meta;
  bool depth_capped = false;      // nesting beyond max_depth was flattened
  // No element holds article-like text (paragraphs of some length): a home page, a menu, an
  // error page. Then no block is labelled body.
  bool no_article = false;
};

// `html` must be valid UTF-8. Elements nested deeper than `max_depth` are flattened into their
// ancestor at that depth (browsers cap at 512 too). Bounded time and memory for any input.
HtmlExtraction ExtractHtml(std::string_view html, uint32_t max_depth);

}  // namespace sitrep::clean
