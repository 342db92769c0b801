#include "clean/html_tree.h"

#include <algorithm>
#include <cstring>
#include <iterator>

#include "base/utf8.h"
#include "clean/html_entities.h"

namespace sitrep::clean {
namespace {

struct TagName {
  std::string_view name;
  Tag tag;
};

// Sorted by name for binary search.
constexpr TagName kTagNames[] = {
    {"a", Tag::kA}, {"address", Tag::kAddress}, {"area", Tag::kArea},
    {"article", Tag::kArticle}, {"aside", Tag::kAside}, {"audio", Tag::kAudio}, {"b", Tag::kB},
    {"base", Tag::kBase}, {"blockquote", Tag::kBlockquote}, {"body", Tag::kBody},
    {"br", Tag::kBr}, {"button", Tag::kButton}, {"canvas", Tag::kCanvas},
    {"caption", Tag::kCaption}, {"center", Tag::kCenter}, {"col", Tag::kCol}, {"dd", Tag::kDd},
    {"details", Tag::kDetails}, {"dialog", Tag::kDialog}, {"div", Tag::kDiv}, {"dl", Tag::kDl},
    {"dt", Tag::kDt}, {"em", Tag::kEm}, {"embed", Tag::kEmbed}, {"fieldset", Tag::kFieldset},
    {"figcaption", Tag::kFigcaption}, {"figure", Tag::kFigure}, {"footer", Tag::kFooter},
    {"form", Tag::kForm}, {"h1", Tag::kH1}, {"h2", Tag::kH2}, {"h3", Tag::kH3}, {"h4", Tag::kH4},
    {"h5", Tag::kH5}, {"h6", Tag::kH6}, {"head", Tag::kHead}, {"header", Tag::kHeader},
    {"hgroup", Tag::kHgroup}, {"hr", Tag::kHr}, {"html", Tag::kHtml}, {"i", Tag::kI},
    {"iframe", Tag::kIframe}, {"img", Tag::kImg}, {"input", Tag::kInput},
    {"keygen", Tag::kKeygen}, {"label", Tag::kLabel}, {"li", Tag::kLi}, {"link", Tag::kLink},
    {"main", Tag::kMain}, {"math", Tag::kMath}, {"menu", Tag::kMenu}, {"meta", Tag::kMeta},
    {"nav", Tag::kNav}, {"noembed", Tag::kNoembed}, {"noframes", Tag::kNoframes},
    {"noscript", Tag::kNoscript}, {"object", Tag::kObject}, {"ol", Tag::kOl},
    {"optgroup", Tag::kOptgroup}, {"option", Tag::kOption}, {"p", Tag::kP},
    {"param", Tag::kParam}, {"pre", Tag::kPre}, {"script", Tag::kScript},
    {"section", Tag::kSection}, {"select", Tag::kSelect}, {"source", Tag::kSource},
    {"span", Tag::kSpan}, {"strong", Tag::kStrong}, {"style", Tag::kStyle},
    {"summary", Tag::kSummary}, {"svg", Tag::kSvg}, {"table", Tag::kTable},
    {"tbody", Tag::kTbody}, {"td", Tag::kTd}, {"template", Tag::kTemplate},
    {"textarea", Tag::kTextarea}, {"tfoot", Tag::kTfoot}, {"th", Tag::kTh},
    {"thead", Tag::kThead}, {"time", Tag::kTime}, {"title", Tag::kTitle}, {"tr", Tag::kTr},
    {"track", Tag::kTrack}, {"u", Tag::kU}, {"ul", Tag::kUl}, {"video", Tag::kVideo},
    {"wbr", Tag::kWbr}, {"xmp", Tag::kXmp},
};

struct AttrName {
  std::string_view name;
  Attr attr;
};
constexpr AttrName kAttrNames[] = {
    {"href", Attr::kHref},         {"itemprop", Attr::kItemprop}, {"property", Attr::kProperty},
    {"content", Attr::kContent},   {"name", Attr::kName},         {"lang", Attr::kLang},
    {"datetime", Attr::kDatetime}, {"rel", Attr::kRel},           {"type", Attr::kType},
    {"role", Attr::kRole},         {"hidden", Attr::kHidden},     {"style", Attr::kStyle},
};

// HTML5 maps numeric references 0x80-0x9F through windows-1252 (pages written in cp1252 editors).
constexpr char16_t kCp1252[32] = {
    0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD, 0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178,
};

inline bool IsHtmlSpace(unsigned char c) {
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}
inline bool IsAlpha(unsigned char c) { return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'); }
inline bool IsDigit(unsigned char c) { return c >= '0' && c <= '9'; }
inline bool IsAlnum(unsigned char c) { return IsAlpha(c) || IsDigit(c); }
inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool IsVoid(Tag t) {
  switch (t) {
    case Tag::kArea: case Tag::kBase: case Tag::kBr: case Tag::kCol: case Tag::kEmbed:
    case Tag::kHr: case Tag::kImg: case Tag::kInput: case Tag::kKeygen: case Tag::kLink:
    case Tag::kMeta: case Tag::kParam: case Tag::kSource: case Tag::kTrack: case Tag::kWbr:
      return true;
    default:
      return false;
  }
}

// Elements whose content is not markup. Their text is skipped (or captured, see below).
bool IsRawText(Tag t) {
  switch (t) {
    case Tag::kScript: case Tag::kStyle: case Tag::kNoscript: case Tag::kIframe:
    case Tag::kNoembed: case Tag::kNoframes: case Tag::kXmp: case Tag::kTextarea:
    case Tag::kTitle: case Tag::kSvg: case Tag::kMath: case Tag::kTemplate:
      return true;
    default:
      return false;
  }
}

bool ClosesP(Tag t) {
  switch (t) {
    case Tag::kAddress: case Tag::kArticle: case Tag::kAside: case Tag::kBlockquote:
    case Tag::kCenter: case Tag::kDetails: case Tag::kDialog: case Tag::kDiv: case Tag::kDl:
    case Tag::kFieldset: case Tag::kFigcaption: case Tag::kFigure: case Tag::kFooter:
    case Tag::kForm: case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5:
    case Tag::kH6: case Tag::kHeader: case Tag::kHgroup: case Tag::kHr: case Tag::kMain:
    case Tag::kMenu: case Tag::kNav: case Tag::kOl: case Tag::kP: case Tag::kPre:
    case Tag::kSection: case Tag::kTable: case Tag::kUl: case Tag::kLi: case Tag::kDd:
    case Tag::kDt: case Tag::kSummary:
      return true;
    default:
      return false;
  }
}

bool IsHeading(Tag t) { return t >= Tag::kH1 && t <= Tag::kH6; }

bool AllowedInHead(Tag t) {
  switch (t) {
    case Tag::kMeta: case Tag::kLink: case Tag::kTitle: case Tag::kScript: case Tag::kStyle:
    case Tag::kBase: case Tag::kNoscript: case Tag::kTemplate: case Tag::kOther:
      return true;
    default:
      return false;
  }
}

Attr* LookupAttr(std::string_view lower, Attr* out) {
  for (const AttrName& a : kAttrNames) {
    if (a.name == lower) {
      *out = a.attr;
      return out;
    }
  }
  return nullptr;
}

// Case-insensitive search for "</name" followed by a delimiter, from `from`. Returns the
// position of '<' or npos.
size_t FindEndTag(std::string_view html, size_t from, std::string_view name) {
  const char* data = html.data();
  size_t n = html.size();
  while (from < n) {
    const void* p = std::memchr(data + from, '<', n - from);
    if (p == nullptr) return std::string_view::npos;
    size_t lt = static_cast<const char*>(p) - data;
    if (lt + 2 + name.size() <= n && data[lt + 1] == '/') {
      bool match = true;
      for (size_t k = 0; k < name.size(); ++k) {
        if (Lower(data[lt + 2 + k]) != name[k]) {
          match = false;
          break;
        }
      }
      size_t after = lt + 2 + name.size();
      if (match && (after == n || IsHtmlSpace(data[after]) || data[after] == '>' ||
                    data[after] == '/')) {
        return lt;
      }
    }
    from = lt + 1;
  }
  return std::string_view::npos;
}

class TreeBuilder {
 public:
  TreeBuilder(std::string_view html, uint32_t max_depth)
      : html_(html), max_depth_(std::max<uint32_t>(max_depth, 1)) {
    tree_.nodes.reserve(html.size() / 64 + 16);
    tree_.nodes.push_back(HtmlNode{Tag::kRoot, HtmlNode::kNone, 0, 0, 0, {}, {}, {}});
    open_.push_back(0);
  }

  HtmlTree Build();

 private:
  void Text(size_t begin, size_t end);
  // Parses the tag starting at pos_ ('<' followed by a letter); leaves pos_ after it.
  void StartTag();
  void EndTag();
  void OpenElement(Tag tag, std::string_view cls, std::string_view id, uint32_t attr_begin,
                   bool self_closing);
  void CloseImplied(Tag tag);
  // Pops open elements from the top until (and including) the first one matching `pred`;
  // stops without popping at a barrier or after `limit` elements. True if one was popped.
  template <typename Match, typename Barrier>
  bool PopUntil(Match match, Barrier barrier, size_t limit);
  void PopTo(size_t stack_index);
  void CloseHead();
  uint32_t Top() const { return open_.back(); }

  std::string_view html_;
  uint32_t max_depth_;
  size_t pos_ = 0;
  HtmlTree tree_;
  std::vector<uint32_t> open_;      // stack of open elements (node indices), root first
  std::vector<Tag> ignored_;        // start tags dropped by the depth cap, not yet closed
  uint32_t head_ = HtmlNode::kNone;  // open <head>, if any
  bool seen_html_ = false, seen_head_ = false, seen_body_ = false;
};

void TreeBuilder::Text(size_t begin, size_t end) {
  if (begin >= end) return;
  std::string_view text = html_.substr(begin, end - begin);
  if (head_ != HtmlNode::kNone) {
    bool blank = true;
    for (char c : text) {
      if (!IsHtmlSpace(static_cast<unsigned char>(c))) {
        blank = false;
        break;
      }
    }
    if (blank) return;
    CloseHead();
  }
  auto idx = static_cast<uint32_t>(tree_.nodes.size());
  tree_.nodes.push_back(HtmlNode{Tag::kText, Top(), idx + 1, 0, 0, {}, {}, text});
}

void TreeBuilder::PopTo(size_t stack_index) {
  auto end = static_cast<uint32_t>(tree_.nodes.size());
  while (open_.size() > stack_index) {
    uint32_t i = open_.back();
    tree_.nodes[i].end = end;
    if (i == head_) head_ = HtmlNode::kNone;
    open_.pop_back();
  }
}

template <typename Match, typename Barrier>
bool TreeBuilder::PopUntil(Match match, Barrier barrier, size_t limit) {
  size_t steps = 0;
  for (size_t k = open_.size(); k-- > 1 && steps < limit; ++steps) {
    Tag t = tree_.nodes[open_[k]].tag;
    if (match(t)) {
      PopTo(k);
      return true;
    }
    if (barrier(t)) return false;
  }
  return false;
}

void TreeBuilder::CloseHead() {
  if (head_ == HtmlNode::kNone) return;
  for (size_t k = open_.size(); k-- > 1;) {
    if (open_[k] == head_) {
      PopTo(k);
      return;
    }
  }
  head_ = HtmlNode::kNone;
}

// The implied end tags that matter for text extraction: without them, unclosed <p>/<li>/<td>
// (common in hand-written and CMS markup) would nest every following paragraph one level deeper.
void TreeBuilder::CloseImplied(Tag tag) {
  constexpr size_t kLimit = 64;
  auto is = [](Tag a) { return [a](Tag t) { return t == a; }; };
  auto scope_barrier = [](Tag t) {
    return t == Tag::kTable || t == Tag::kTd || t == Tag::kTh || t == Tag::kCaption ||
           t == Tag::kButton || t == Tag::kObject || t == Tag::kHtml || t == Tag::kBody ||
           t == Tag::kTemplate;
  };
  if (ClosesP(tag)) PopUntil(is(Tag::kP), scope_barrier, kLimit);
  switch (tag) {
    case Tag::kLi:
      PopUntil(is(Tag::kLi),
               [&](Tag t) {
                 return t == Tag::kUl || t == Tag::kOl || t == Tag::kMenu || scope_barrier(t);
               },
               kLimit);
      break;
    case Tag::kDt: case Tag::kDd:
      PopUntil([](Tag t) { return t == Tag::kDt || t == Tag::kDd; },
               [&](Tag t) { return t == Tag::kDl || scope_barrier(t); }, kLimit);
      break;
    case Tag::kTr:
      PopUntil(is(Tag::kTr),
               [](Tag t) {
                 return t == Tag::kTable || t == Tag::kTbody || t == Tag::kThead ||
                        t == Tag::kTfoot || t == Tag::kBody;
               },
               kLimit);
      break;
    case Tag::kTd: case Tag::kTh:
      PopUntil([](Tag t) { return t == Tag::kTd || t == Tag::kTh; },
               [](Tag t) { return t == Tag::kTr || t == Tag::kTable || t == Tag::kBody; },
               kLimit);
      break;
    case Tag::kTbody: case Tag::kThead: case Tag::kTfoot:
      PopUntil([](Tag t) { return t == Tag::kTbody || t == Tag::kThead || t == Tag::kTfoot; },
               [](Tag t) { return t == Tag::kTable || t == Tag::kBody; }, kLimit);
      break;
    case Tag::kOption:
      if (tree_.nodes[Top()].tag == Tag::kOption) PopTo(open_.size() - 1);
      break;
    case Tag::kOptgroup:
      PopUntil([](Tag t) { return t == Tag::kOption || t == Tag::kOptgroup; },
               [](Tag t) { return t != Tag::kOption && t != Tag::kOptgroup; }, 2);
      break;
    case Tag::kH1: case Tag::kH2: case Tag::kH3: case Tag::kH4: case Tag::kH5: case Tag::kH6:
      if (IsHeading(tree_.nodes[Top()].tag)) PopTo(open_.size() - 1);
      break;
    default:
      break;
  }
}

void TreeBuilder::OpenElement(Tag tag, std::string_view cls, std::string_view id,
                              uint32_t attr_begin, bool self_closing) {
  switch (tag) {
    case Tag::kHtml:
      if (seen_html_) {
        tree_.attrs.resize(attr_begin);
        return;
      }
      seen_html_ = true;
      break;
    case Tag::kHead:
      if (seen_head_ || seen_body_) {
        tree_.attrs.resize(attr_begin);
        return;
      }
      seen_head_ = true;
      break;
    case Tag::kBody:
      CloseHead();
      if (seen_body_) {
        tree_.attrs.resize(attr_begin);
        return;
      }
      seen_body_ = true;
      break;
    default:
      if (head_ != HtmlNode::kNone && !AllowedInHead(tag)) CloseHead();
      CloseImplied(tag);
      break;
  }
  bool is_void = IsVoid(tag);
  if (!is_void && open_.size() > max_depth_) {
    // Flattened: the element is not created; its content joins the current node.
    tree_.depth_capped = true;
    tree_.attrs.resize(attr_begin);
    if (!self_closing) ignored_.push_back(tag);
    return;
  }
  auto idx = static_cast<uint32_t>(tree_.nodes.size());
  tree_.nodes.push_back(HtmlNode{tag, Top(), idx + 1, attr_begin,
                                 static_cast<uint32_t>(tree_.attrs.size()), cls, id, {}});
  if (!is_void) {
    open_.push_back(idx);
    if (tag == Tag::kHead) head_ = idx;
  }
}

void TreeBuilder::StartTag() {
  const char* data = html_.data();
  const size_t n = html_.size();
  size_t p = pos_ + 1;
  char name_buf[16];
  size_t name_len = 0;
  while (p < n && !IsHtmlSpace(data[p]) && data[p] != '>' && data[p] != '/') {
    if (name_len < sizeof(name_buf)) name_buf[name_len] = Lower(data[p]);
    ++name_len;
    ++p;
  }
  Tag tag = name_len <= sizeof(name_buf) ? LookupTag({name_buf, name_len}) : Tag::kOther;
  auto attr_begin = static_cast<uint32_t>(tree_.attrs.size());
  std::string_view cls, id, type;
  bool self_closing = false;
  bool closed = false;
  while (p < n) {
    unsigned char c = data[p];
    if (IsHtmlSpace(c)) {
      ++p;
      continue;
    }
    if (c == '>') {
      ++p;
      closed = true;
      break;
    }
    if (c == '/') {
      ++p;
      if (p < n && data[p] == '>') self_closing = true;
      continue;
    }
    size_t name_begin = p;
    ++p;  // the first character may be '=' (HTML5 tokenizer rule)
    while (p < n && !IsHtmlSpace(data[p]) && data[p] != '>' && data[p] != '/' && data[p] != '=') {
      ++p;
    }
    size_t name_end = p;
    while (p < n && IsHtmlSpace(data[p])) ++p;
    std::string_view value;
    if (p < n && data[p] == '=') {
      ++p;
      while (p < n && IsHtmlSpace(data[p])) ++p;
      if (p < n && (data[p] == '"' || data[p] == '\'')) {
        const void* q = std::memchr(data + p + 1, data[p], n - p - 1);
        size_t close = q ? static_cast<const char*>(q) - data : n;
        value = html_.substr(p + 1, close - p - 1);
        p = close < n ? close + 1 : n;
      } else {
        size_t vb = p;
        while (p < n && !IsHtmlSpace(data[p]) && data[p] != '>') ++p;
        value = html_.substr(vb, p - vb);
      }
    }
    size_t an = name_end - name_begin;
    if (an <= 8) {
      char buf[8];
      for (size_t k = 0; k < an; ++k) buf[k] = Lower(data[name_begin + k]);
      std::string_view lower(buf, an);
      Attr a;
      if (lower == "class") {
        if (cls.empty()) cls = value;
      } else if (lower == "id") {
        if (id.empty()) id = value;
      } else if (LookupAttr(lower, &a)) {
        tree_.attrs.push_back({a, value});
        if (a == Attr::kType) type = value;
      }
    }
  }
  pos_ = p;
  if (!closed) {  // EOF inside a tag: dropped, as browsers do
    tree_.attrs.resize(attr_begin);
    return;
  }
  if (!IsRawText(tag)) {
    OpenElement(tag, cls, id, attr_begin, self_closing);
    return;
  }
  // Raw text: find the end tag, capture what extraction needs, skip the rest.
  tree_.attrs.resize(attr_begin);
  std::string_view name = {name_buf, name_len};
  size_t end = FindEndTag(html_, pos_, name);
  size_t content_end = end == std::string_view::npos ? n : end;
  std::string_view content = html_.substr(pos_, content_end - pos_);
  if (tag == Tag::kScript) {
    std::string lower_type;
    for (char c : type.substr(0, 64)) lower_type.push_back(Lower(c));
    if (lower_type.find("ld+json") != std::string::npos) tree_.json_ld.push_back(content);
  } else if (tag == Tag::kTitle) {
    if (tree_.title.empty()) tree_.title = content;
  } else if (tag == Tag::kTextarea) {
    OpenElement(tag, cls, id, static_cast<uint32_t>(tree_.attrs.size()), false);
    if (tree_.nodes.back().tag == Tag::kTextarea) {
      Text(pos_, content_end);
      PopTo(open_.size() - 1);
    }
  }
  if (end == std::string_view::npos) {
    pos_ = n;
  } else {
    const void* gt = std::memchr(data + end, '>', n - end);
    pos_ = gt ? static_cast<const char*>(gt) - data + 1 : n;
  }
}

void TreeBuilder::EndTag() {
  const char* data = html_.data();
  const size_t n = html_.size();
  size_t p = pos_ + 2;
  char name_buf[16];
  size_t name_len = 0;
  while (p < n && !IsHtmlSpace(data[p]) && data[p] != '>' && data[p] != '/') {
    if (name_len < sizeof(name_buf)) name_buf[name_len] = Lower(data[p]);
    ++name_len;
    ++p;
  }
  const void* gt = p < n ? std::memchr(data + p, '>', n - p) : nullptr;
  pos_ = gt ? static_cast<const char*>(gt) - data + 1 : n;
  Tag tag = name_len <= sizeof(name_buf) ? LookupTag({name_buf, name_len}) : Tag::kOther;
  switch (tag) {
    case Tag::kBr:
      OpenElement(Tag::kBr, {}, {}, static_cast<uint32_t>(tree_.attrs.size()), false);
      return;
    case Tag::kHtml: case Tag::kBody:
      return;  // content after </body> still belongs to the body
    case Tag::kHead:
      CloseHead();
      return;
    default:
      break;
  }
  if (!ignored_.empty()) {
    // End tags of elements dropped by the depth cap come first; consume them.
    size_t lookback = std::min<size_t>(ignored_.size(), 8);
    for (size_t k = ignored_.size(); k-- > ignored_.size() - lookback;) {
      if (ignored_[k] == tag) {
        ignored_.resize(k);
        return;
      }
    }
  }
  auto barrier = [tag](Tag t) {
    if (tag == Tag::kLi) return t == Tag::kUl || t == Tag::kOl;
    if (tag == Tag::kTd || tag == Tag::kTh || tag == Tag::kTr) return t == Tag::kTable;
    return false;
  };
  PopUntil([tag](Tag t) { return t == tag; }, barrier, open_.size());
}

HtmlTree TreeBuilder::Build() {
  const char* data = html_.data();
  const size_t n = html_.size();
  while (pos_ < n) {
    const void* lt_ptr = std::memchr(data + pos_, '<', n - pos_);
    if (lt_ptr == nullptr) {
      Text(pos_, n);
      break;
    }
    size_t lt = static_cast<const char*>(lt_ptr) - data;
    Text(pos_, lt);
    pos_ = lt;
    unsigned char next = lt + 1 < n ? data[lt + 1] : 0;
    if (IsAlpha(next)) {
      StartTag();
    } else if (next == '/') {
      if (lt + 2 < n && IsAlpha(data[lt + 2])) {
        EndTag();
      } else {  // "</>" or a bogus comment
        const void* gt = std::memchr(data + lt, '>', n - lt);
        pos_ = gt ? static_cast<const char*>(gt) - data + 1 : n;
      }
    } else if (next == '!') {
      std::string_view rest = html_.substr(lt);
      if (rest.substr(0, 4) == "<!--") {
        size_t end = html_.find("-->", lt + 4);
        pos_ = end == std::string_view::npos ? n : end + 3;
        if (rest.substr(0, 5) == "<!-->") pos_ = lt + 5;
      } else if (rest.substr(0, 9) == "<![CDATA[") {
        size_t end = html_.find("]]>", lt + 9);
        size_t content_end = end == std::string_view::npos ? n : end;
        Text(lt + 9, content_end);
        pos_ = end == std::string_view::npos ? n : end + 3;
      } else {  // doctype or bogus comment
        const void* gt = std::memchr(data + lt, '>', n - lt);
        pos_ = gt ? static_cast<const char*>(gt) - data + 1 : n;
      }
    } else if (next == '?') {
      const void* gt = std::memchr(data + lt, '>', n - lt);
      pos_ = gt ? static_cast<const char*>(gt) - data + 1 : n;
    } else {  // a literal '<'
      Text(lt, lt + 1);
      pos_ = lt + 1;
    }
  }
  PopTo(1);
  tree_.nodes[0].end = static_cast<uint32_t>(tree_.nodes.size());
  return std::move(tree_);
}

// Decodes the character reference at raw[i] == '&'. On success appends nothing, returns the
// code point and sets *len to the bytes consumed; returns 0 if it is not a reference.
char32_t DecodeReference(std::string_view raw, size_t i, size_t* len) {
  size_t n = raw.size();
  size_t p = i + 1;
  if (p < n && raw[p] == '#') {
    ++p;
    bool hex = p < n && (raw[p] == 'x' || raw[p] == 'X');
    if (hex) ++p;
    size_t digits_begin = p;
    uint32_t value = 0;
    bool overflow = false;
    while (p < n) {
      unsigned char c = raw[p];
      uint32_t d;
      if (IsDigit(c)) {
        d = c - '0';
      } else if (hex && (c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
        d = (c | 0x20) - 'a' + 10;
      } else {
        break;
      }
      value = value * (hex ? 16 : 10) + d;
      if (value > 0x10FFFF) overflow = true, value = 0x110000;
      ++p;
    }
    if (p == digits_begin) return 0;
    if (p < n && raw[p] == ';') ++p;
    *len = p - i;
    if (overflow || value == 0 || value > 0x10FFFF || (value >= 0xD800 && value <= 0xDFFF)) {
      return 0xFFFD;
    }
    if (value >= 0x80 && value <= 0x9F) return kCp1252[value - 0x80];
    return value;
  }
  size_t name_begin = p;
  while (p < n && p - name_begin < 32 && IsAlnum(raw[p])) ++p;
  if (p == name_begin) return 0;
  std::string_view name = raw.substr(name_begin, p - name_begin);
  if (p < n && raw[p] == ';') {
    char32_t cp = LookupNamedEntity(name);
    if (cp == 0) return 0;
    *len = p + 1 - i;
    return cp;
  }
  // Legacy references without ';' that pages still write ("&amp" in hand-made URLs, "&nbsp").
  static constexpr std::string_view kLegacy[] = {"amp", "lt", "gt", "quot", "nbsp", "copy",
                                                 "reg"};
  for (std::string_view l : kLegacy) {
    if (name == l) {
      *len = p - i;
      return LookupNamedEntity(name);
    }
  }
  return 0;
}

}  // namespace

Tag LookupTag(std::string_view lower_name) {
  auto it = std::lower_bound(std::begin(kTagNames), std::end(kTagNames), lower_name,
                             [](const TagName& t, std::string_view n) { return t.name < n; });
  if (it == std::end(kTagNames) || it->name != lower_name) return Tag::kOther;
  return it->tag;
}

std::string_view HtmlTree::Get(uint32_t i, Attr a) const {
  const HtmlNode& node = nodes[i];
  for (uint32_t k = node.attr_begin; k < node.attr_end; ++k) {
    if (attrs[k].name == a) return attrs[k].value;
  }
  return {};
}

bool HtmlTree::Has(uint32_t i, Attr a) const {
  const HtmlNode& node = nodes[i];
  for (uint32_t k = node.attr_begin; k < node.attr_end; ++k) {
    if (attrs[k].name == a) return true;
  }
  return false;
}

HtmlTree ParseHtml(std::string_view html, uint32_t max_depth) {
  return TreeBuilder(html, max_depth).Build();
}

void AppendHtmlText(std::string_view raw, std::string* out, bool* pending_space) {
  const size_t n = raw.size();
  size_t i = 0;
  while (i < n) {
    auto c = static_cast<unsigned char>(raw[i]);
    if (IsHtmlSpace(c)) {
      *pending_space = true;
      ++i;
      continue;
    }
    if (c == 0xC2 && i + 1 < n && static_cast<unsigned char>(raw[i + 1]) == 0xA0) {
      *pending_space = true;  // U+00A0 NO-BREAK SPACE
      i += 2;
      continue;
    }
    char32_t cp = 0;
    size_t len = 0;
    if (c == '&') cp = DecodeReference(raw, i, &len);
    if (cp != 0) {
      if (cp == 0xA0 || cp == ' ' || cp == '\n' || cp == '\t' || cp == '\r') {
        *pending_space = true;
      } else {
        if (*pending_space && !out->empty()) out->push_back(' ');
        *pending_space = false;
        base::AppendUtf8(cp, out);
      }
      i += len;
      continue;
    }
    // A run of ordinary bytes.
    size_t j = i + 1;
    while (j < n) {
      auto d = static_cast<unsigned char>(raw[j]);
      if (IsHtmlSpace(d) || d == '&' || d == 0xC2) break;
      ++j;
    }
    if (*pending_space && !out->empty()) out->push_back(' ');
    *pending_space = false;
    out->append(raw.data() + i, j - i);
    i = j;
  }
}

std::string DecodeHtmlText(std::string_view raw) {
  std::string out;
  bool pending = false;
  AppendHtmlText(raw, &out, &pending);
  return out;
}

}  // namespace sitrep::clean
