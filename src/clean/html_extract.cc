#include "clean/html_extract.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <nlohmann/json.hpp>

#include "clean/html_tree.h"

// Main-content extraction in four passes over the tree of html_tree.h (see ../shared/
// DESIGN-NOTES.md section 1):
//  1. Blocks: visible text is cut into blocks at block-level elements and <br>; each block
//     remembers its owner (nearest block-level element), link characters and commas.
//  2. Statistics: per-element text, link, comma, paragraph, list-item, image and link counts,
//     summed bottom-up in one reverse pass (nodes are in pre-order, so no recursion).
//  3. Readability's candidate scoring (_grabArticle): paragraphs feed their ancestors, the best
//     node times (1 - link density) wins, plus siblings that score close to it.
//  4. Labels: blocks inside the chosen nodes are body unless a container between them and the
//     chosen node looks like comments, teasers or share/nav chrome (class/id lexicon, Readability's
//     _cleanConditionally tests); blocks outside are comment/related/title/boilerplate.
namespace sitrep::clean {
namespace {

constexpr uint32_t kNone = HtmlNode::kNone;

// ---------------------------------------------------------------------------------- class/id lexicon
// Flags a class/id string can carry. Substring matches, like Readability's regexes.
enum ClassFlag : uint16_t {
  kPositive = 1 << 0,    // article|body|content|entry|main|post|story|text ...
  kNegative = 1 << 1,    // comment|footer|share|sidebar|widget|promo ...
  kUnlikely = 1 << 2,    // Readability's unlikelyCandidates
  kMaybe = 1 << 3,       // okMaybeItsACandidate: overrides kUnlikely
  kCommentish = 1 << 4,  // reader comments
  kRelatedish = 1 << 5,  // teasers of other articles
  kChrome = 1 << 6,      // share buttons, navigation, cookie banners, newsletter boxes ...
};

struct ClassPattern {
  std::string_view text;
  uint16_t flags;
};

constexpr ClassPattern kClassPatterns[] = {
    // Positive (Readability "positive").
    {"article", kPositive | kMaybe}, {"body", kPositive | kMaybe}, {"content", kPositive | kMaybe},
    {"entry", kPositive}, {"hentry", kPositive}, {"h-entry", kPositive},
    {"main", kPositive | kMaybe}, {"page", kPositive}, {"post", kPositive}, {"text", kPositive},
    {"blog", kPositive}, {"story", kPositive}, {"column", kMaybe}, {"shadow", kMaybe},
    // Reader comments.
    {"comment", kNegative | kUnlikely | kCommentish}, {"coment", kNegative | kCommentish},
    {"komment", kNegative | kCommentish}, {"disqus", kUnlikely | kCommentish},
    {"respond", kCommentish}, {"replies", kUnlikely | kCommentish},
    {"discuss", kCommentish}, {"talkback", kCommentish},
    // Teasers of other articles.
    {"related", kNegative | kUnlikely | kRelatedish}, {"relacionad", kRelatedish},
    {"more-stories", kRelatedish}, {"morestories", kRelatedish}, {"more-articles", kRelatedish},
    {"more-from", kRelatedish}, {"recommend", kRelatedish}, {"read-also", kRelatedish},
    {"readalso", kRelatedish}, {"also-read", kRelatedish}, {"see-also", kRelatedish},
    {"outbrain", kNegative | kRelatedish}, {"taboola", kNegative | kRelatedish},
    {"trending", kRelatedish}, {"popular", kRelatedish}, {"most-read", kRelatedish},
    {"mostread", kRelatedish}, {"teaser", kRelatedish}, {"suggest", kRelatedish},
    {"next-article", kRelatedish}, {"similar", kRelatedish}, {"headlines", kRelatedish},
    // Chrome.
    {"share", kNegative | kChrome}, {"sharing", kChrome}, {"social", kUnlikely | kChrome},
    {"nav", kChrome}, {"menu", kUnlikely | kChrome}, {"footer", kNegative | kUnlikely | kChrome},
    {"foot", kNegative}, {"header", kUnlikely | kChrome}, {"masthead", kNegative | kChrome},
    {"sidebar", kNegative | kUnlikely | kChrome}, {"cookie", kChrome}, {"consent", kChrome},
    {"gdpr", kNegative | kUnlikely | kChrome}, {"newsletter", kChrome}, {"subscri", kChrome},
    {"promo", kNegative | kChrome}, {"advert", kChrome}, {"-ad-", kNegative | kUnlikely | kChrome},
    {"ad-break", kUnlikely | kChrome}, {"sponsor", kNegative | kUnlikely | kChrome},
    {"breadcrumb", kUnlikely | kChrome}, {"banner", kNegative | kUnlikely | kChrome},
    {"signup", kChrome}, {"login", kChrome}, {"modal", kChrome}, {"popup", kUnlikely | kChrome},
    {"tags", kNegative | kChrome}, {"byline", kChrome}, {"author", kChrome},
    {"meta", kNegative | kChrome}, {"toolbar", kChrome}, {"widget", kNegative | kChrome},
    {"print", kChrome}, {"follow", kChrome}, {"donat", kChrome}, {"paywall", kChrome},
    {"copyright", kChrome}, {"pagination", kPositive | kUnlikely}, {"pager", kUnlikely},
    {"combx", kNegative | kUnlikely}, {"community", kUnlikely}, {"contact", kNegative},
    {"hidden", kNegative}, {"media", kNegative}, {"scroll", kNegative},
    {"shoutbox", kNegative | kUnlikely}, {"skyscraper", kNegative | kUnlikely},
    {"shopping", kNegative}, {"tool", kNegative}, {"com-", kNegative},
    {"ai2html", kUnlikely}, {"cover-wrap", kUnlikely}, {"extra", kUnlikely},
    {"legends", kUnlikely}, {"remark", kUnlikely}, {"rss", kUnlikely},
    {"supplemental", kUnlikely}, {"agegate", kUnlikely}, {"yom-remote", kUnlikely},
};

// Patterns grouped by first byte, so matching a class string is one pass over it.
struct PatternIndex {
  std::array<std::vector<const ClassPattern*>, 256> by_first;
  PatternIndex() {
    for (const ClassPattern& p : kClassPatterns) {
      by_first[static_cast<unsigned char>(p.text[0])].push_back(&p);
    }
  }
};

uint16_t MatchClass(std::string_view s) {
  static const PatternIndex index;
  uint16_t flags = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    for (const ClassPattern* p : index.by_first[static_cast<unsigned char>(s[i])]) {
      if (s.size() - i >= p->text.size() && s.compare(i, p->text.size(), p->text) == 0) {
        flags |= p->flags;
      }
    }
  }
  return flags;
}

// ------------------------------------------------------------------------------------- helpers
bool IsBlockTag(Tag t) {
  switch (t) {
    case Tag::kAddress: case Tag::kArticle: case Tag::kAside: case Tag::kBlockquote:
    case Tag::kBody: case Tag::kCaption: case Tag::kCenter: case Tag::kDd: case Tag::kDetails:
    case Tag::kDialog: case Tag::kDiv: case Tag::kDl: case Tag::kDt: case Tag::kFieldset:
    case Tag::kFigcaption: case Tag::kFigure: case Tag::kFooter: case Tag::kForm: case Tag::kH1:
    case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6: case Tag::kHeader:
    case Tag::kHgroup: case Tag::kHr: case Tag::kHtml: case Tag::kLi: case Tag::kMain:
    case Tag::kMenu: case Tag::kNav: case Tag::kOl: case Tag::kOption: case Tag::kP:
    case Tag::kPre: case Tag::kSection: case Tag::kSelect: case Tag::kSummary: case Tag::kTable:
    case Tag::kTbody: case Tag::kTd: case Tag::kTextarea: case Tag::kTfoot: case Tag::kTh:
    case Tag::kThead: case Tag::kTr: case Tag::kUl: case Tag::kRoot: case Tag::kButton:
      return true;
    default:
      return false;
  }
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

bool IsChromeTag(Tag t) {
  return t == Tag::kNav || t == Tag::kFooter || t == Tag::kAside || t == Tag::kForm ||
         t == Tag::kButton || t == Tag::kSelect || t == Tag::kTextarea || t == Tag::kFieldset ||
         t == Tag::kHeader || t == Tag::kMenu;
}

std::string Lowered(std::string_view a, std::string_view b) {
  std::string s;
  s.reserve(a.size() + b.size() + 1);
  for (char c : a) s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  s.push_back(' ');
  for (char c : b) s.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
  return s;
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x + 32);
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y + 32);
    if (x != y) return false;
  }
  return true;
}

bool ContainsIgnoreCase(std::string_view hay, std::string_view needle) {
  if (needle.size() > hay.size()) return false;
  for (size_t i = 0; i + needle.size() <= hay.size(); ++i) {
    if (EqualsIgnoreCase(hay.substr(i, needle.size()), needle)) return true;
  }
  return false;
}

uint32_t CountChars(std::string_view s) {
  uint32_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// Letters and digits only, lower-cased ASCII; for comparing headlines with titles.
std::string NormalizeForMatch(std::string_view s) {
  std::string out;
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (u >= 0x80 || (u >= '0' && u <= '9')) {
      out.push_back(c);
    } else if ((u | 0x20) >= 'a' && (u | 0x20) <= 'z') {
      out.push_back(static_cast<char>(u | 0x20));
    }
  }
  return out;
}

// ------------------------------------------------------------------------------------ metadata
void ReadJsonLd(std::string_view raw, HtmlMeta* meta, std::string* article_body) {
  nlohmann::json j = nlohmann::json::parse(raw, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return;
  std::vector<const nlohmann::json*> stack = {&j};
  size_t visits = 0;
  while (!stack.empty() && ++visits < 20000) {
    const nlohmann::json* v = stack.back();
    stack.pop_back();
    if (v->is_array()) {
      for (const auto& e : *v) stack.push_back(&e);
      continue;
    }
    if (!v->is_object()) continue;
    auto str = [&](const char* key) -> const std::string* {
      auto it = v->find(key);
      return it != v->end() && it->is_string() ? it->get_ptr<const std::string*>() : nullptr;
    };
    if (!meta->published) {
      if (const std::string* s = str("datePublished")) meta->published = *s;
    }
    if (article_body->empty()) {
      if (const std::string* s = str("articleBody")) *article_body = *s;
    }
    if (!meta->site_name) {
      auto it = v->find("publisher");
      if (it != v->end() && it->is_object()) {
        auto name = it->find("name");
        if (name != it->end() && name->is_string()) meta->site_name = name->get<std::string>();
      }
    }
    for (const auto& [key, child] : v->items()) {
      if (child.is_structured()) stack.push_back(&child);
    }
  }
}

void ReadMeta(const HtmlTree& tree, HtmlMeta* meta, std::string* og_title,
              std::string* article_body) {
  std::string canonical, og_url;
  for (uint32_t i = 1; i < tree.nodes.size(); ++i) {
    const HtmlNode& n = tree.nodes[i];
    switch (n.tag) {
      case Tag::kHtml:
        if (!meta->language) {
          std::string_view lang = tree.Get(i, Attr::kLang);
          if (!lang.empty()) meta->language = DecodeHtmlText(lang);
        }
        break;
      case Tag::kMeta: {
        std::string_view key = tree.Get(i, Attr::kProperty);
        if (key.empty()) key = tree.Get(i, Attr::kName);
        if (key.empty()) key = tree.Get(i, Attr::kItemprop);
        if (key.empty()) break;
        std::string_view content = tree.Get(i, Attr::kContent);
        if (content.empty()) break;
        if (EqualsIgnoreCase(key, "og:title") && og_title->empty()) {
          *og_title = DecodeHtmlText(content);
        } else if (EqualsIgnoreCase(key, "og:site_name") && !meta->site_name) {
          meta->site_name = DecodeHtmlText(content);
        } else if (EqualsIgnoreCase(key, "og:url") && og_url.empty()) {
          og_url = DecodeHtmlText(content);
        } else if (!meta->published &&
                   (EqualsIgnoreCase(key, "article:published_time") ||
                    EqualsIgnoreCase(key, "datePublished") ||
                    EqualsIgnoreCase(key, "pubdate") || EqualsIgnoreCase(key, "date"))) {
          meta->published = DecodeHtmlText(content);
        }
        break;
      }
      case Tag::kLink:
        if (canonical.empty() && EqualsIgnoreCase(tree.Get(i, Attr::kRel), "canonical")) {
          canonical = DecodeHtmlText(tree.Get(i, Attr::kHref));
        }
        break;
      case Tag::kTime:
        if (!meta->published) {
          std::string_view dt = tree.Get(i, Attr::kDatetime);
          if (!dt.empty()) meta->published = DecodeHtmlText(dt);
        }
        break;
      default:
        if (!meta->published && EqualsIgnoreCase(tree.Get(i, Attr::kItemprop), "datePublished")) {
          std::string_view v = tree.Get(i, Attr::kContent);
          if (v.empty()) v = tree.Get(i, Attr::kDatetime);
          if (!v.empty()) meta->published = DecodeHtmlText(v);
        }
        break;
    }
  }
  for (std::string_view raw : tree.json_ld) ReadJsonLd(raw, meta, article_body);
  if (!canonical.empty()) {
    meta->url = canonical;
  } else if (!og_url.empty()) {
    meta->url = og_url;
  }
  if (!og_title->empty()) {
    meta->title = *og_title;
  } else {
    std::string t = DecodeHtmlText(tree.title);
    if (!t.empty()) meta->title = t;
  }
  if (meta->published && meta->published->empty()) meta->published.reset();
  if (meta->site_name && meta->site_name->empty()) meta->site_name.reset();
}

// ------------------------------------------------------------------------------------ extractor
struct RawBlock {
  std::string text;
  uint32_t owner = 0;  // nearest block-level element
  uint32_t chars = 0;
  uint32_t link_chars = 0;
  uint32_t commas = 0;
};

struct NodeStats {
  uint32_t chars = 0, link_chars = 0, commas = 0;
  uint32_t paragraphs = 0, list_items = 0, images = 0, inputs = 0, links = 0, embeds = 0;
  uint32_t element_children = 0;
};

class Extractor {
 public:
  Extractor(const HtmlTree& tree) : tree_(tree), nodes_(tree.nodes) {}
  HtmlExtraction Run();

 private:
  void BuildBlocks();
  void ComputeStats();
  uint16_t Flags(uint32_t i);
  int ClassWeight(uint32_t i);
  float LinkDensity(uint32_t i) const {
    return stats_[i].chars ? float(stats_[i].link_chars) / float(stats_[i].chars) : 0.f;
  }
  bool Contains(uint32_t ancestor, uint32_t node) const {
    return node >= ancestor && node < nodes_[ancestor].end;
  }
  // `strict`: skip paragraphs under unlikely containers (Readability's first attempt).
  void ScoreCandidates(bool strict);
  void ChooseContent();
  // Readability's _cleanConditionally verdict for a container inside the content: 0 = keep,
  // else the zone the container's blocks get.
  int ContainerVerdict(uint32_t i);
  ZoneKind LabelBlock(const RawBlock& b, bool* is_comment);
  bool InContent(uint32_t node) const;
  void AssignComments(HtmlExtraction* out, const std::vector<uint32_t>& owners);

  const HtmlTree& tree_;
  const std::vector<HtmlNode>& nodes_;
  std::vector<RawBlock> blocks_;
  std::vector<NodeStats> stats_;
  std::vector<uint16_t> flags_;      // class flags + 0x8000 when computed
  std::vector<float> score_;         // candidate scores; < -1e29 = not a candidate
  std::vector<uint8_t> hidden_;      // subtree hidden or unlikely: no scoring
  std::vector<int8_t> verdict_;      // memo for ContainerVerdict; -1 = unknown
  uint32_t top_ = 0;
  std::vector<uint32_t> content_;    // chosen nodes (top candidate and siblings)
  uint32_t content_chars_ = 0;       // their non-link characters
  std::string title_norm_, og_title_, article_body_;
  HtmlMeta meta_;
};

void Extractor::BuildBlocks() {
  struct Open {
    uint32_t end;
    uint32_t node;
    bool block;
    bool link;
  };
  std::vector<Open> stack;
  std::vector<uint32_t> owners = {0};
  RawBlock cur;
  bool pending_space = false;
  int link_depth = 0;
  auto flush = [&]() {
    if (!cur.text.empty()) {
      cur.owner = owners.back();
      cur.chars = CountChars(cur.text);
      cur.commas = 0;
      for (char c : cur.text) cur.commas += c == ',';
      blocks_.push_back(std::move(cur));
    }
    cur = RawBlock{};
    pending_space = false;
  };
  const auto n = static_cast<uint32_t>(nodes_.size());
  for (uint32_t i = 1; i < n; ++i) {
    while (!stack.empty() && stack.back().end <= i) {
      if (stack.back().block) {
        flush();
        owners.pop_back();
      }
      if (stack.back().link) --link_depth;
      stack.pop_back();
    }
    const HtmlNode& node = nodes_[i];
    if (node.tag == Tag::kText) {
      size_t before = cur.text.size();
      AppendHtmlText(node.text, &cur.text, &pending_space);
      if (link_depth > 0) cur.link_chars += CountChars(std::string_view(cur.text).substr(before));
      continue;
    }
    // Invisible subtrees: the document head, hidden elements.
    bool invisible = node.tag == Tag::kHead;
    if (!invisible && node.attr_begin != node.attr_end) {
      if (tree_.Has(i, Attr::kHidden)) invisible = true;
      std::string_view style = tree_.Get(i, Attr::kStyle);
      if (!style.empty() && (ContainsIgnoreCase(style, "display:none") ||
                             ContainsIgnoreCase(style, "display: none"))) {
        invisible = true;
      }
    }
    if (invisible) {
      i = node.end - 1;
      continue;
    }
    if (node.tag == Tag::kBr || node.tag == Tag::kHr) {
      flush();
      continue;
    }
    bool block = IsBlockTag(node.tag);
    bool link = node.tag == Tag::kA;
    if (block) {
      flush();
      owners.push_back(i);
    }
    if (node.end > i + 1) {
      if (link) ++link_depth;
      stack.push_back({node.end, i, block, link});
    } else if (block) {
      owners.pop_back();
    }
  }
  flush();
}

void Extractor::ComputeStats() {
  const auto n = static_cast<uint32_t>(nodes_.size());
  stats_.assign(n, NodeStats{});
  for (const RawBlock& b : blocks_) {
    NodeStats& s = stats_[b.owner];
    s.chars += b.chars;
    s.link_chars += b.link_chars;
    s.commas += b.commas;
  }
  for (uint32_t i = n; i-- > 1;) {
    const HtmlNode& node = nodes_[i];
    NodeStats& s = stats_[i];
    switch (node.tag) {
      case Tag::kP: s.paragraphs++; break;
      case Tag::kLi: s.list_items++; break;
      case Tag::kImg: s.images++; break;
      case Tag::kInput: case Tag::kSelect: case Tag::kTextarea: s.inputs++; break;
      case Tag::kA: s.links++; break;
      case Tag::kEmbed: case Tag::kObject: case Tag::kVideo: case Tag::kAudio: s.embeds++; break;
      default: break;
    }
    NodeStats& p = stats_[node.parent];
    p.chars += s.chars;
    p.link_chars += s.link_chars;
    p.commas += s.commas;
    p.paragraphs += s.paragraphs;
    p.list_items += s.list_items;
    p.images += s.images;
    p.inputs += s.inputs;
    p.links += s.links;
    p.embeds += s.embeds;
    if (node.tag != Tag::kText) p.element_children++;
  }
}

uint16_t Extractor::Flags(uint32_t i) {
  if (flags_[i] & 0x8000) return flags_[i] & 0x7FFF;
  const HtmlNode& node = nodes_[i];
  uint16_t f = 0;
  if (!node.cls.empty() || !node.id.empty()) {
    f = MatchClass(Lowered(node.cls.substr(0, 512), node.id.substr(0, 256)));
  }
  if (node.attr_begin != node.attr_end) {
    std::string_view role = tree_.Get(i, Attr::kRole);
    if (EqualsIgnoreCase(role, "navigation") || EqualsIgnoreCase(role, "banner") ||
        EqualsIgnoreCase(role, "contentinfo") || EqualsIgnoreCase(role, "complementary") ||
        EqualsIgnoreCase(role, "search") || EqualsIgnoreCase(role, "menu") ||
        EqualsIgnoreCase(role, "dialog")) {
      f |= kChrome | kUnlikely;
    }
    std::string_view itemprop = tree_.Get(i, Attr::kItemprop);
    if (ContainsIgnoreCase(itemprop, "articleBody")) f |= kPositive | kMaybe;
    if (ContainsIgnoreCase(itemprop, "comment")) f |= kCommentish;
  }
  flags_[i] = f | 0x8000;
  return f;
}

int Extractor::ClassWeight(uint32_t i) {
  uint16_t f = Flags(i);
  int w = 0;
  if (f & kNegative) w -= 25;
  if (f & kPositive) w += 25;
  return w;
}

void Extractor::ScoreCandidates(bool strict) {
  const auto n = static_cast<uint32_t>(nodes_.size());
  constexpr float kNotCandidate = -1e30f;
  score_.assign(n, kNotCandidate);
  hidden_.assign(n, 0);
  // Unlikely candidates (Readability's first pass): their paragraphs do not vote.
  for (uint32_t i = 1; i < n; ++i) {
    const HtmlNode& node = nodes_[i];
    if (node.tag == Tag::kText) continue;
    if (hidden_[node.parent]) {
      hidden_[i] = 1;
      continue;
    }
    if (node.tag == Tag::kBody || node.tag == Tag::kHtml || node.tag == Tag::kArticle ||
        node.tag == Tag::kMain) {
      continue;
    }
    uint16_t f = Flags(i);
    bool unlikely = strict && (f & kUnlikely) && !(f & kMaybe);
    // A <form> may wrap a whole ASP.NET page: only small forms are chrome.
    bool chrome_tag = node.tag == Tag::kForm ? stats_[i].chars < 500 : IsChromeTag(node.tag);
    if (unlikely || chrome_tag || (f & kCommentish)) {
      hidden_[i] = 1;
    }
  }
  // Per-owner paragraph text (a div with text directly in it is a paragraph, as in Readability).
  std::vector<uint32_t> owner_chars(n, 0), owner_commas(n, 0);
  for (const RawBlock& b : blocks_) {
    owner_chars[b.owner] += b.chars - b.link_chars;
    owner_commas[b.owner] += b.commas;
  }
  auto init = [&](uint32_t i) {
    if (score_[i] != kNotCandidate) return;
    float s = 0;
    switch (nodes_[i].tag) {
      case Tag::kDiv: case Tag::kArticle: case Tag::kMain: s = 5; break;
      case Tag::kPre: case Tag::kTd: case Tag::kBlockquote: s = 3; break;
      case Tag::kAddress: case Tag::kOl: case Tag::kUl: case Tag::kDl: case Tag::kDd:
      case Tag::kDt: case Tag::kLi: case Tag::kForm: s = -3; break;
      case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6:
      case Tag::kTh: s = -5; break;
      default: break;
    }
    score_[i] = s + float(ClassWeight(i));
  };
  for (uint32_t i = 1; i < n; ++i) {
    if (owner_chars[i] < 25 || hidden_[i]) continue;
    Tag t = nodes_[i].tag;
    if (t == Tag::kLi || t == Tag::kDt || t == Tag::kDd || t == Tag::kTh || t == Tag::kH1 ||
        t == Tag::kOption || t == Tag::kButton || t == Tag::kSelect) {
      continue;
    }
    float content = 1.f + float(owner_commas[i] + 1) + std::min(float(owner_chars[i] / 100), 3.f);
    uint32_t a = nodes_[i].parent;
    for (int level = 0; level < 5 && a != kNone && a != 0; ++level, a = nodes_[a].parent) {
      if (nodes_[a].tag == Tag::kHtml) break;
      init(a);
      float divider = level == 0 ? 1.f : level == 1 ? 2.f : float(level * 3);
      score_[a] += content / divider;
    }
  }
  for (uint32_t i = 1; i < n; ++i) {
    if (score_[i] != kNotCandidate) score_[i] *= 1.f - LinkDensity(i);
  }
}

void Extractor::ChooseContent() {
  const auto n = static_cast<uint32_t>(nodes_.size());
  constexpr float kNotCandidate = -1e30f;
  std::vector<uint32_t> top;  // up to 5 best, best first
  for (uint32_t i = 1; i < n; ++i) {
    if (score_[i] == kNotCandidate) continue;
    auto it = std::find_if(top.begin(), top.end(), [&](uint32_t t) { return score_[i] > score_[t]; });
    if (top.size() < 5 || it != top.end()) {
      top.insert(it, i);
      if (top.size() > 5) top.pop_back();
    }
  }
  uint32_t body = 0;
  for (uint32_t i = 1; i < n; ++i) {
    if (nodes_[i].tag == Tag::kBody) {
      body = i;
      break;
    }
  }
  if (top.empty()) {
    top_ = body;
    content_ = {body};
    return;
  }
  uint32_t best = top[0];
  // Several near-best candidates under one ancestor: the article is split into parts.
  std::vector<uint32_t> alternatives;
  for (size_t k = 1; k < top.size(); ++k) {
    if (score_[top[k]] / score_[best] >= 0.75f) alternatives.push_back(top[k]);
  }
  if (alternatives.size() >= 3) {
    for (uint32_t a = nodes_[best].parent; a != kNone && a != 0 && a != body;
         a = nodes_[a].parent) {
      int count = 0;
      for (uint32_t alt : alternatives) count += Contains(a, alt);
      if (count >= 3) {
        best = a;
        break;
      }
    }
  }
  if (score_[best] == kNotCandidate) score_[best] = 0;
  // Climb while the parent scores better (content split across wrappers).
  float last = score_[best];
  float threshold = last / 3;
  for (uint32_t a = nodes_[best].parent; a != kNone && a != 0 && a != body && nodes_[a].tag != Tag::kHtml;
       a = nodes_[a].parent) {
    if (score_[a] == kNotCandidate) continue;
    if (score_[a] < threshold) break;
    if (score_[a] > last) {
      best = a;
      break;
    }
    last = score_[a];
  }
  // An only child stands for its parent.
  while (nodes_[best].parent != kNone && nodes_[best].parent != 0 &&
         nodes_[best].parent != body && nodes_[nodes_[best].parent].tag != Tag::kHtml &&
         stats_[nodes_[best].parent].element_children == 1) {
    best = nodes_[best].parent;
  }
  top_ = best;
  content_.clear();
  uint32_t parent = nodes_[best].parent;
  if (parent == kNone) {
    content_.push_back(best);
    return;
  }
  float best_score = std::max(score_[best], 0.f);
  float sibling_threshold = std::max(10.f, best_score * 0.2f);
  for (uint32_t c = parent + 1; c < nodes_[parent].end; c = nodes_[c].end) {
    if (c == best) {
      content_.push_back(c);
      continue;
    }
    const HtmlNode& s = nodes_[c];
    if (s.tag == Tag::kText || hidden_[c]) continue;
    float bonus = (!s.cls.empty() && s.cls == nodes_[best].cls) ? best_score * 0.2f : 0.f;
    float sc = score_[c] == kNotCandidate ? 0.f : score_[c];
    if (sc + bonus >= sibling_threshold) {
      content_.push_back(c);
    } else if (s.tag == Tag::kP || (s.tag == Tag::kDiv && stats_[c].element_children <= 2)) {
      float ld = LinkDensity(c);
      uint32_t len = stats_[c].chars;
      if (len > 80 && ld < 0.25f) {
        content_.push_back(c);
      } else if (len > 0 && len < 80 && ld == 0.f) {
        content_.push_back(c);  // short paragraphs between long ones; labelled per block later
      }
    }
  }
}

bool Extractor::InContent(uint32_t node) const {
  for (uint32_t c : content_) {
    if (Contains(c, node)) return true;
  }
  return false;
}

int Extractor::ContainerVerdict(uint32_t i) {
  if (verdict_[i] >= 0) return verdict_[i];
  const HtmlNode& node = nodes_[i];
  const NodeStats& s = stats_[i];
  int v = 0;
  uint16_t f = Flags(i);
  bool teaser_links = s.links >= 2 && s.link_chars >= 20 * s.links && LinkDensity(i) > 0.5f;
  // A container holding most of the chosen text is the article itself, whatever its class says
  // ("elementor-widget-container" wraps whole posts).
  bool bulk = 2 * (s.chars - s.link_chars) > content_chars_;
  if (bulk) {
    v = 0;
  } else if (f & kCommentish) {
    v = 1 + int(ZoneKind::kComment);
  } else if (f & kRelatedish) {
    v = 1 + int(ZoneKind::kRelated);
  } else if (((f & kChrome) && !(f & kPositive) && s.chars < 500) ||
             (IsChromeTag(node.tag) && (node.tag != Tag::kForm || s.chars < 500))) {
    // Chrome words inside the article ("meta", "tags", "share") only speak for small boxes; a
    // large one is more likely a wrapper whose class mentions a field name.
    v = 1 + int(ZoneKind::kBoilerplate);
  } else if (node.tag == Tag::kDiv || node.tag == Tag::kSection || node.tag == Tag::kUl ||
             node.tag == Tag::kOl || node.tag == Tag::kTable || node.tag == Tag::kDl) {
    int weight = ClassWeight(i);
    bool is_list = node.tag == Tag::kUl || node.tag == Tag::kOl;
    float ld = LinkDensity(i);
    bool remove = false;
    if (weight < 0) {
      remove = true;
    } else if (s.commas < 10) {
      if (s.images > 1 && s.paragraphs * 2 < s.images) remove = true;
      if (s.inputs > s.paragraphs / 3) remove = true;
      if (!is_list && weight < 25 && ld > 0.2f) remove = true;
      if (weight >= 25 && ld > 0.5f) remove = true;
      if (is_list && ld > 0.5f) remove = true;
      if ((s.embeds == 1 && s.chars < 75) || s.embeds > 1) remove = true;
    }
    if (remove) {
      v = 1 + int(teaser_links ? ZoneKind::kRelated : ZoneKind::kBoilerplate);
    }
  }
  verdict_[i] = static_cast<int8_t>(v);
  return v;
}

ZoneKind Extractor::LabelBlock(const RawBlock& b, bool* is_comment) {
  *is_comment = false;
  bool inside = InContent(b.owner);
  Tag owner_tag = nodes_[b.owner].tag;
  // Headline: a heading (or the first line) that repeats the page title.
  if ((IsHeading(owner_tag) || !inside) && !title_norm_.empty() && b.chars < 400) {
    std::string norm = NormalizeForMatch(b.text);
    if (norm.size() >= 8 && (norm == title_norm_ || (title_norm_.find(norm) != std::string::npos &&
                                                     norm.size() * 2 >= title_norm_.size()))) {
      if (IsHeading(owner_tag) || norm == title_norm_) return ZoneKind::kTitle;
    }
  }
  // Walk up from the owner; containers that hold the top candidate are page wrappers and do not
  // speak for this block.
  for (uint32_t a = b.owner; a != kNone && a != 0; a = nodes_[a].parent) {
    if (Contains(a, top_)) break;
    uint16_t f = Flags(a);
    if (f & kCommentish) {
      *is_comment = true;
      return ZoneKind::kComment;
    }
    if (inside) {
      int v = ContainerVerdict(a);
      if (v) return static_cast<ZoneKind>(v - 1);
    } else {
      if (f & kRelatedish) return ZoneKind::kRelated;
    }
  }
  float ld = b.chars ? float(b.link_chars) / float(b.chars) : 0.f;
  if (!inside) {
    if (ld > 0.5f && b.chars >= 25 && nodes_[b.owner].tag == Tag::kLi) return ZoneKind::kRelated;
    return ZoneKind::kBoilerplate;
  }
  if (ld > 0.5f) return b.chars >= 30 ? ZoneKind::kRelated : ZoneKind::kBoilerplate;
  if (owner_tag == Tag::kH1) return ZoneKind::kTitle;
  return ZoneKind::kBody;
}

// Comment nesting comes from the DOM: a comment item is an element with a comment-like class or
// id that is a list item / article or carries a numbered id; depth counts item ancestors.
void Extractor::AssignComments(HtmlExtraction* out, const std::vector<uint32_t>& owners) {
  std::vector<int32_t> ids(nodes_.size(), -2);  // -2 = unknown
  int32_t next_id = 0;
  for (size_t k = 0; k < out->blocks.size(); ++k) {
    HtmlBlock& blk = out->blocks[k];
    if (blk.kind != ZoneKind::kComment) continue;
    int depth = -1;
    uint32_t nearest = kNone;
    for (uint32_t a = owners[k]; a != kNone && a != 0; a = nodes_[a].parent) {
      const HtmlNode& n = nodes_[a];
      if (n.tag == Tag::kText) continue;
      bool item = false;
      if (Flags(a) & kCommentish) {
        bool numbered = std::any_of(n.id.begin(), n.id.end(), [](char c) { return c >= '0' && c <= '9'; });
        item = n.tag == Tag::kLi || n.tag == Tag::kArticle || numbered;
      } else if (n.tag == Tag::kLi || n.tag == Tag::kArticle) {
        // Items of a comment list often carry no class of their own.
        uint32_t p = n.parent;
        item = p != kNone && (Flags(p) & kCommentish) && (nodes_[p].tag == Tag::kOl || nodes_[p].tag == Tag::kUl);
      }
      if (item) {
        ++depth;
        if (nearest == kNone) nearest = a;
      }
    }
    blk.comment_depth = std::max(depth, 0);
    if (nearest != kNone) {
      if (ids[nearest] == -2) ids[nearest] = next_id++;
      blk.comment_id = ids[nearest];
    }
  }
}

HtmlExtraction Extractor::Run() {
  HtmlExtraction out;
  out.depth_capped = tree_.depth_capped;
  ReadMeta(tree_, &meta_, &og_title_, &article_body_);
  BuildBlocks();
  ComputeStats();
  flags_.assign(nodes_.size(), 0);
  verdict_.assign(nodes_.size(), -1);
  ScoreCandidates(/*strict=*/true);
  ChooseContent();
  content_chars_ = 0;
  for (uint32_t c : content_) content_chars_ += stats_[c].chars - stats_[c].link_chars;
  uint32_t content_chars = content_chars_;
  Tag top_tag = nodes_[top_].tag;
  if (content_chars < 250 || top_tag == Tag::kBody || top_tag == Tag::kRoot) {
    // Too little: the article may sit in a container with an "unlikely" class (a page whose
    // wrapper is called "header-offset"); retry without that filter, as Readability does.
    ScoreCandidates(/*strict=*/false);
    ChooseContent();
    content_chars_ = 0;
    for (uint32_t c : content_) content_chars_ += stats_[c].chars - stats_[c].link_chars;
  }
  if (meta_.title) title_norm_ = NormalizeForMatch(*meta_.title);
  std::vector<uint32_t> owners;
  owners.reserve(blocks_.size());
  std::vector<bool> blocks_link_heavy;
  blocks_link_heavy.reserve(blocks_.size());
  bool title_seen = false;
  for (RawBlock& b : blocks_) {
    blocks_link_heavy.push_back(b.chars > 0 && b.link_chars * 2 > b.chars);
    bool is_comment = false;
    ZoneKind kind = LabelBlock(b, &is_comment);
    if (kind == ZoneKind::kTitle) {
      if (title_seen) kind = ZoneKind::kBoilerplate;  // repeated headline (sticky header copy)
      title_seen = true;
    }
    HtmlBlock hb;
    hb.text = std::move(b.text);
    hb.kind = kind;
    hb.heading = IsHeading(nodes_[b.owner].tag);
    out.blocks.push_back(std::move(hb));
    owners.push_back(b.owner);
  }
  AssignComments(&out, owners);
  // A page of furniture only (a home page, a menu, an error page): every block left as body sits
  // in page chrome (nav, header, footer, aside, menu) or is mostly link text. Then nothing is
  // body. (<form> is not chrome here: ASP.NET pages wrap everything in one.)
  bool furniture = true;
  for (size_t k = 0; k < out.blocks.size() && furniture; ++k) {
    if (out.blocks[k].kind != ZoneKind::kBody) continue;
    bool chrome = blocks_link_heavy[k];
    for (uint32_t a = owners[k]; a != kNone && a != 0 && !chrome; a = nodes_[a].parent) {
      Tag t = nodes_[a].tag;
      chrome = t == Tag::kNav || t == Tag::kFooter || t == Tag::kAside || t == Tag::kHeader ||
               t == Tag::kMenu;
    }
    furniture = chrome;
  }
  if (furniture) {
    out.no_article = true;
    for (HtmlBlock& b : out.blocks) {
      if (b.kind == ZoneKind::kBody) b.kind = ZoneKind::kBoilerplate;
    }
  }
  if (!meta_.title) {
    for (const HtmlBlock& b : out.blocks) {
      if (b.kind == ZoneKind::kTitle || (b.heading && b.kind == ZoneKind::kBody)) {
        meta_.title = b.text;
        break;
      }
    }
  }
  out.meta = std::move(meta_);
  return out;
}

}  // namespace

HtmlExtraction ExtractHtml(std::string_view html, uint32_t max_depth) {
  HtmlTree tree = ParseHtml(html, max_depth);
  return Extractor(tree).Run();
}

}  // namespace sitrep::clean
