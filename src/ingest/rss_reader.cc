// RSS 2.0, RSS 1.0 (RDF) and Atom: each item or entry is one record.
//
// No XML library: feeds in the wild are often not well-formed (unescaped '&', stray HTML inside
// <description>), and a strict parser would drop the whole feed. A small tolerant tokenizer
// reads tags, text and CDATA; DOCTYPE internal subsets are skipped unread and only the five XML
// entities and numeric references are expanded, so entity bombs cost nothing.
#include <array>
#include <cctype>
#include <string>
#include <vector>

#include "base/escape.h"
#include "base/utf8.h"
#include "clean/decode.h"
#include "ingest/readers.h"

namespace sitrep::ingest {
namespace {

constexpr size_t kMaxDepth = 256;

enum class TokenKind { kStart, kEnd, kText, kCdata, kEof };

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string_view name;   // element name as written (start/end)
  std::string_view attrs;  // raw attribute text (start)
  std::string_view raw;    // the token's bytes in the source; CDATA/text content for those
  bool self_closing = false;
};

bool IsNameStart(char c) {
  return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == ':' ||
         static_cast<unsigned char>(c) >= 0x80;
}
bool IsNameChar(char c) {
  return IsNameStart(c) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.';
}

class XmlTokenizer {
 public:
  explicit XmlTokenizer(std::string_view s) : s_(s) {}

  Token Next() {
    while (pos_ < s_.size()) {
      if (s_[pos_] != '<') return Text();
      std::string_view rest = s_.substr(pos_);
      if (rest.substr(0, 4) == "<!--") {
        Skip("-->");
        continue;
      }
      if (rest.substr(0, 9) == "<![CDATA[") {
        size_t end = s_.find("]]>", pos_ + 9);
        Token t;
        t.kind = TokenKind::kCdata;
        t.raw = s_.substr(pos_ + 9, end == std::string_view::npos ? std::string_view::npos
                                                                  : end - pos_ - 9);
        pos_ = end == std::string_view::npos ? s_.size() : end + 3;
        return t;
      }
      if (rest.substr(0, 2) == "<!") {
        SkipDeclaration();
        continue;
      }
      if (rest.substr(0, 2) == "<?") {
        Skip("?>");
        continue;
      }
      bool end_tag = rest.size() > 1 && rest[1] == '/';
      size_t name_at = pos_ + (end_tag ? 2 : 1);
      if (name_at >= s_.size() || !IsNameStart(s_[name_at])) return Text();
      size_t name_end = name_at;
      while (name_end < s_.size() && IsNameChar(s_[name_end])) ++name_end;
      // Find the closing '>' outside quoted attribute values.
      size_t p = name_end;
      char quote = 0;
      while (p < s_.size()) {
        char c = s_[p];
        if (quote) {
          if (c == quote) quote = 0;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '>') {
          break;
        }
        ++p;
      }
      Token t;
      t.kind = end_tag ? TokenKind::kEnd : TokenKind::kStart;
      t.name = s_.substr(name_at, name_end - name_at);
      size_t close = std::min(p, s_.size());
      t.attrs = s_.substr(name_end, close - name_end);
      if (!t.attrs.empty() && t.attrs.back() == '/') {
        t.self_closing = true;
        t.attrs.remove_suffix(1);
      }
      t.raw = s_.substr(pos_, std::min(close + 1, s_.size()) - pos_);
      pos_ = std::min(close + 1, s_.size());
      return t;
    }
    return Token{};
  }

 private:
  Token Text() {
    size_t end = s_.find('<', pos_ + 1);
    if (end == std::string_view::npos) end = s_.size();
    Token t;
    t.kind = TokenKind::kText;
    t.raw = s_.substr(pos_, end - pos_);
    pos_ = end;
    return t;
  }
  void Skip(std::string_view terminator) {
    size_t end = s_.find(terminator, pos_ + 2);
    pos_ = end == std::string_view::npos ? s_.size() : end + terminator.size();
  }
  // <!DOCTYPE ... [ internal subset ]>: skipped whole, so declared entities are never expanded.
  void SkipDeclaration() {
    int brackets = 0;
    char quote = 0;
    for (size_t p = pos_ + 2; p < s_.size(); ++p) {
      char c = s_[p];
      if (quote) {
        if (c == quote) quote = 0;
      } else if (c == '"' || c == '\'') {
        quote = c;
      } else if (c == '[') {
        ++brackets;
      } else if (c == ']') {
        --brackets;
      } else if (c == '>' && brackets <= 0) {
        pos_ = p + 1;
        return;
      }
    }
    pos_ = s_.size();
  }

  std::string_view s_;
  size_t pos_ = 0;
};

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Value of attribute `name` in raw attribute text, entity-decoded; empty when absent.
std::string Attr(std::string_view attrs, std::string_view name);

}  // namespace

std::string DecodeXmlEntities(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] != '&') {
      out.push_back(s[i++]);
      continue;
    }
    size_t semi = s.find(';', i);
    if (semi == std::string_view::npos || semi - i > 12) {
      out.push_back(s[i++]);
      continue;
    }
    std::string_view ent = s.substr(i + 1, semi - i - 1);
    static constexpr std::array<std::pair<std::string_view, char>, 5> kNamed = {
        {{"lt", '<'}, {"gt", '>'}, {"amp", '&'}, {"quot", '"'}, {"apos", '\''}}};
    bool done = false;
    for (const auto& [name, ch] : kNamed) {
      if (ent == name) {
        out.push_back(ch);
        done = true;
        break;
      }
    }
    if (!done && ent.size() >= 2 && ent[0] == '#') {
      bool hex = ent[1] == 'x' || ent[1] == 'X';
      std::string_view digits = ent.substr(hex ? 2 : 1);
      uint32_t cp = 0;
      bool ok = !digits.empty() && digits.size() <= 8;
      for (char c : digits) {
        int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
                : hex && c >= 'a' && c <= 'f'              ? c - 'a' + 10
                : hex && c >= 'A' && c <= 'F'              ? c - 'A' + 10
                                                           : -1;
        if (v < 0) ok = false;
        cp = cp * (hex ? 16 : 10) + static_cast<uint32_t>(std::max(v, 0));
      }
      if (ok && cp > 0 && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF)) {
        base::AppendUtf8(cp, &out);
        done = true;
      }
    }
    if (done) {
      i = semi + 1;
    } else {
      out.push_back(s[i++]);  // unknown entity (&nbsp; in HTML content): left for the HTML parser
    }
  }
  return out;
}

namespace {

std::string Attr(std::string_view attrs, std::string_view name) {
  size_t p = 0;
  while (p < attrs.size()) {
    while (p < attrs.size() && !IsNameStart(attrs[p])) ++p;
    size_t ns = p;
    while (p < attrs.size() && IsNameChar(attrs[p])) ++p;
    std::string_view key = attrs.substr(ns, p - ns);
    while (p < attrs.size() && std::isspace(static_cast<unsigned char>(attrs[p]))) ++p;
    if (p >= attrs.size() || attrs[p] != '=') continue;
    ++p;
    while (p < attrs.size() && std::isspace(static_cast<unsigned char>(attrs[p]))) ++p;
    std::string_view value;
    if (p < attrs.size() && (attrs[p] == '"' || attrs[p] == '\'')) {
      char q = attrs[p++];
      size_t end = attrs.find(q, p);
      if (end == std::string_view::npos) end = attrs.size();
      value = attrs.substr(p, end - p);
      p = end + 1;
    } else {
      size_t vs = p;
      while (p < attrs.size() && !std::isspace(static_cast<unsigned char>(attrs[p]))) ++p;
      value = attrs.substr(vs, p - vs);
    }
    if (Lower(key) == name) return DecodeXmlEntities(value);
  }
  return "";
}

// Drops tags from a title that an Atom feed marked type="html".
std::string StripTags(std::string_view s) {
  std::string out;
  bool in_tag = false;
  for (char c : s) {
    if (c == '<') in_tag = true;
    else if (c == '>') in_tag = false;
    else if (!in_tag) out.push_back(c);
  }
  return out;
}

std::string Collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char c : s) {
    if (std::isspace(static_cast<unsigned char>(c))) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(c);
  }
  return out;
}

// Whether an item's HTML content opens with its headline (entities decoded, no-break spaces as
// spaces): then the headline is not put before it again. Only the opening counts: a feed footer
// ("The post <headline> appeared first on ...") is not the headline leading the text.
bool StartsWithHeadline(std::string_view html, std::string_view title) {
  std::string text = StripTags(html.substr(0, 4 * title.size() + 512));
  for (size_t at; (at = text.find("&nbsp;")) != std::string::npos;) text.replace(at, 6, " ");
  text = DecodeXmlEntities(text);
  for (size_t at; (at = text.find("\xC2\xA0")) != std::string::npos;) text.replace(at, 2, " ");
  return Collapse(text).starts_with(title);
}

int MonthNumber(std::string_view name) {
  static constexpr std::array<std::string_view, 12> kMonths = {
      "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  std::string l = Lower(name.substr(0, 3));
  for (size_t i = 0; i < kMonths.size(); ++i) {
    if (l == kMonths[i]) return static_cast<int>(i) + 1;
  }
  return 0;
}

struct Item {
  std::string title, link, guid, date, content, description;
  bool guid_is_link = true;
  bool title_is_html = false;
};

enum class Field { kNone, kTitle, kLink, kGuid, kDate, kContent, kDescription, kOutlet };

Field FieldFor(const std::string& name) {
  if (name == "title") return Field::kTitle;
  if (name == "link") return Field::kLink;
  if (name == "guid" || name == "id") return Field::kGuid;
  if (name == "pubdate" || name == "published" || name == "dc:date" || name == "updated" ||
      name == "issued" || name == "modified")
    return Field::kDate;
  if (name == "content:encoded" || name == "content") return Field::kContent;
  if (name == "description" || name == "summary") return Field::kDescription;
  return Field::kNone;
}

}  // namespace

std::optional<std::string> Rfc822ToIso(std::string_view raw) {
  std::string_view s = base::TrimSpace(raw);
  // Feeds that put ISO dates in <pubDate> are common; pass them through.
  if (s.size() >= 10 && s[4] == '-' && s[7] == '-') return std::string(s);
  std::vector<std::string_view> parts;
  size_t p = 0;
  while (p < s.size() && parts.size() < 8) {
    while (p < s.size() && (s[p] == ' ' || s[p] == ',' || s[p] == '\t')) ++p;
    size_t b = p;
    while (p < s.size() && s[p] != ' ' && s[p] != ',' && s[p] != '\t') ++p;
    if (p > b) parts.push_back(s.substr(b, p - b));
  }
  int day = 0, month = 0, year = 0, hour = -1, minute = -1;
  for (std::string_view part : parts) {
    bool digits = std::all_of(part.begin(), part.end(),
                              [](char c) { return std::isdigit(static_cast<unsigned char>(c)); });
    if (digits && !part.empty()) {
      int v = std::stoi(std::string(part.substr(0, 5)));
      if (day == 0 && part.size() <= 2) day = v;
      else if (year == 0 && (part.size() == 4 || part.size() == 2))
        year = part.size() == 2 ? 2000 + v : v;
    } else if (month == 0 && MonthNumber(part) != 0 && part.size() >= 3) {
      month = MonthNumber(part);
    } else if (hour < 0 && part.size() >= 4 && part.find(':') != std::string_view::npos) {
      size_t c = part.find(':');
      std::string_view hh = part.substr(0, c), mm = part.substr(c + 1, 2);
      if (!hh.empty() && hh.size() <= 2 && mm.size() == 2 &&
          std::all_of(hh.begin(), hh.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); }) &&
          std::all_of(mm.begin(), mm.end(), [](char ch) { return std::isdigit(static_cast<unsigned char>(ch)); })) {
        hour = std::stoi(std::string(hh));
        minute = std::stoi(std::string(mm));
      }
    }
  }
  if (day < 1 || day > 31 || month == 0 || year < 1900) return std::nullopt;
  char buf[32];
  if (hour >= 0 && hour < 24 && minute >= 0 && minute < 60) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d", year, month, day, hour, minute);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
  }
  return std::string(buf);
}

Status RssReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  SITREP_ASSIGN_OR_RETURN(std::string bytes, ReadAll(in, limits.max_file_bytes, "--max-file-bytes"));
  // Decode the whole feed once (BOM, XML declaration, detection), so every field is UTF-8.
  clean::Decoded decoded = clean::DecodeToUtf8(bytes, "", true);
  bytes.clear();
  bytes.shrink_to_fit();
  XmlTokenizer tok(decoded.text);

  std::vector<std::string> stack;  // lower-case element names, bounded by kMaxDepth
  size_t overflow = 0;             // elements opened beyond kMaxDepth
  std::optional<std::string> outlet;
  std::optional<Item> item;
  size_t item_depth = 0;
  int64_t item_index = 0;
  bool saw_feed = false;

  Field capture = Field::kNone;
  size_t capture_depth = 0;
  bool capture_raw = false;  // Atom type="xhtml": inner markup is kept as is
  std::string buffer;
  std::string date_name;

  auto emit = [&]() {
    const int64_t record = item_index++;
    Item it = std::move(*item);
    item.reset();
    RawRecord rec;
    rec.format = InputFormat::kRss;
    rec.record = record;
    rec.charset = "utf-8";
    std::string title = Collapse(it.title_is_html ? StripTags(it.title) : it.title);
    if (!title.empty()) rec.title = title;
    std::string url = Collapse(it.link);
    if (url.empty() && it.guid_is_link && it.guid.find("://") != std::string::npos) {
      url = Collapse(it.guid);
    }
    if (!url.empty()) rec.url = url;
    if (!it.date.empty()) rec.published = Rfc822ToIso(it.date);
    rec.outlet = outlet;
    std::string& body = !base::TrimSpace(it.content).empty() ? it.content : it.description;
    if (!base::TrimSpace(body).empty()) {
      rec.body = std::move(body);
      rec.body_kind = BodyKind::kHtml;
      // The headline is part of what the item says ("At least 40 killed..."): it leads the
      // text as its title zone unless the content already carries it.
      if (!title.empty() && !StartsWithHeadline(rec.body, title)) {
        rec.body.insert(0, "<h1>" + base::HtmlEscape(title) + "</h1>\n");
      }
    } else if (!title.empty()) {
      rec.body = title;  // a headline-only item is still news
      rec.body_kind = BodyKind::kText;
    } else {
      sink.on_problem({"", record, "item " + std::to_string(record) + ": no title or content",
                       false});
      return;
    }
    sink.on_record(std::move(rec));
  };

  auto finish_capture = [&]() {
    std::string value = std::move(buffer);
    buffer.clear();
    if (capture == Field::kOutlet) {
      std::string name = Collapse(value);
      if (!name.empty() && !outlet) outlet = name;
    } else if (item) {
      switch (capture) {
        case Field::kTitle: item->title = std::move(value); break;
        case Field::kLink: if (item->link.empty()) item->link = std::move(value); break;
        case Field::kGuid: item->guid = std::move(value); break;
        case Field::kDate:
          // Publication beats last update.
          if (item->date.empty() || date_name != "updated") item->date = std::move(value);
          break;
        case Field::kContent: item->content = std::move(value); break;
        case Field::kDescription:
          if (item->description.empty()) item->description = std::move(value);
          break;
        default: break;
      }
    }
    capture = Field::kNone;
  };

  for (Token t = tok.Next(); t.kind != TokenKind::kEof; t = tok.Next()) {
    if (capture != Field::kNone) {
      if (t.kind == TokenKind::kEnd && stack.size() == capture_depth &&
          Lower(t.name) == stack.back()) {
        finish_capture();
      } else {
        switch (t.kind) {
          case TokenKind::kText:
            buffer += capture_raw ? std::string(t.raw) : DecodeXmlEntities(t.raw);
            break;
          case TokenKind::kCdata: buffer += t.raw; break;
          default: buffer += t.raw; break;  // stray markup inside a field is HTML
        }
        continue;
      }
    }
    if (t.kind == TokenKind::kStart) {
      std::string name = Lower(t.name);
      std::string parent = stack.empty() ? "" : stack.back();
      if (name == "rss" || name == "feed" || name == "rdf:rdf") saw_feed = true;
      if (t.self_closing) {
        // Atom: <link rel="alternate" href="..."/>.
        if (item && name == "link" && stack.size() == item_depth) {
          std::string rel = Attr(t.attrs, "rel");
          if ((rel.empty() || rel == "alternate") && item->link.empty()) {
            item->link = Attr(t.attrs, "href");
          }
        }
        continue;
      }
      if (stack.size() >= kMaxDepth) {
        ++overflow;
        continue;
      }
      stack.push_back(name);
      if ((name == "item" || name == "entry") && !item) {
        item.emplace();
        item_depth = stack.size();
        continue;
      }
      if (item && stack.size() == item_depth + 1) {
        Field f = FieldFor(name);
        if (f == Field::kLink) {
          std::string href = Attr(t.attrs, "href");
          std::string rel = Attr(t.attrs, "rel");
          if (!href.empty()) {
            if ((rel.empty() || rel == "alternate") && item->link.empty()) item->link = href;
            continue;  // an Atom link with a body is still an href link
          }
        }
        if (f == Field::kGuid && Lower(Attr(t.attrs, "ispermalink")) == "false") {
          item->guid_is_link = false;
        }
        if (f == Field::kTitle) item->title_is_html = Lower(Attr(t.attrs, "type")) == "html";
        if (f != Field::kNone) {
          capture = f;
          capture_depth = stack.size();
          capture_raw = Lower(Attr(t.attrs, "type")) == "xhtml";
          date_name = name;
          buffer.clear();
        }
      } else if (!item && name == "title" && (parent == "channel" || parent == "feed")) {
        capture = Field::kOutlet;
        capture_depth = stack.size();
        capture_raw = false;
        buffer.clear();
      }
    } else if (t.kind == TokenKind::kEnd) {
      if (overflow > 0) {
        --overflow;
        continue;
      }
      std::string name = Lower(t.name);
      // Tolerant matching: close up to the nearest open element of that name, if any.
      size_t k = stack.size();
      while (k > 0 && stack[k - 1] != name) --k;
      if (k == 0) continue;
      if (item && k <= item_depth) emit();
      stack.resize(k - 1);
    }
  }
  if (capture != Field::kNone) finish_capture();
  if (item) emit();  // a feed cut inside its last item still yields the item
  if (!saw_feed) return Corrupt("no <rss>, <feed> or <rdf:RDF> element");
  return Status::Ok();
}

}  // namespace sitrep::ingest
