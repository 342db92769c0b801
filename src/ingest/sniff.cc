// Format sniffing from the first 64 KiB. Content decides; the path's extension only breaks ties
// (a ".txt" that is HTML is HTML), because crawls and exports are often misnamed.
#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>
#include <string>

#include "clean/decode.h"
#include "ingest/gzip.h"
#include "ingest/reader.h"

namespace sitrep::ingest {
namespace {

struct Magic {
  std::string_view bytes;
  std::string_view what;
};

// Binary formats that people drop into news folders. Offsets are 0 unless noted in the check.
constexpr std::array kMagics = {
    Magic{"%PDF-", "PDF"},
    Magic{"\x89PNG\r\n\x1A\n", "PNG"},
    Magic{"\xFF\xD8\xFF", "JPEG"},
    Magic{"GIF87a", "GIF"},
    Magic{"GIF89a", "GIF"},
    Magic{"PK\x03\x04", "ZIP"},
    Magic{"PK\x05\x06", "ZIP"},
    Magic{"\x7F" "ELF", "ELF"},
    Magic{"BZh", "bzip2"},
    Magic{"\xFD" "7zXZ", "xz"},
    Magic{"7z\xBC\xAF\x27\x1C", "7z"},
    Magic{"\x28\xB5\x2F\xFD", "zstd"},
    Magic{"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", "MS Office"},
    Magic{"SQLite format 3", "SQLite"},
};

// ASCII only (every tag and extension compared below is ASCII); std::tolower would also cost a
// locale lookup per byte.
std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + ('a' - 'A'));
  }
  return out;
}

std::string_view SkipSpaceAndBom(std::string_view s) {
  if (s.substr(0, 3) == "\xEF\xBB\xBF") s.remove_prefix(3);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  return s;
}

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// A key "name" appears as an object key: "name" followed by optional spaces and ':'.
bool HasJsonKey(std::string_view s, std::string_view key) {
  std::string quoted = "\"" + std::string(key) + "\"";
  size_t pos = 0;
  while ((pos = s.find(quoted, pos)) != std::string_view::npos) {
    size_t p = pos + quoted.size();
    while (p < s.size() && std::isspace(static_cast<unsigned char>(s[p]))) ++p;
    if (p < s.size() && s[p] == ':') return true;
    pos = p;
  }
  return false;
}

bool LooksLikeTelegram(std::string_view text) {
  size_t pos = 0;
  const std::string_view key = "\"messages\"";
  while ((pos = text.find(key, pos)) != std::string_view::npos) {
    size_t p = pos + key.size();
    while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
    if (p < text.size() && text[p] == ':') {
      ++p;
      while (p < text.size() && std::isspace(static_cast<unsigned char>(text[p]))) ++p;
      if (p < text.size() && text[p] == '[') {
        return HasJsonKey(text, "name") || HasJsonKey(text, "type");
      }
    }
    pos = p;
  }
  return false;
}

// JSON Lines: the first non-empty line is an object on its own line (complete, or longer than
// the head), or several lines start with '{'.
bool LooksLikeJsonl(std::string_view text) {
  size_t nl = text.find('\n');
  std::string_view first = text.substr(0, nl);
  while (!first.empty() && std::isspace(static_cast<unsigned char>(first.back())))
    first.remove_suffix(1);
  if (first.size() < 2 || first[0] != '{') return false;
  if (nl == std::string_view::npos) return first[1] == '"' || first.back() == '}';
  if (first.back() != '}') return false;
  return true;
}

bool LooksLikeFeed(std::string_view lower) {
  std::string_view head = lower.substr(0, 4096);
  if (head.find("<rss") != std::string_view::npos) return true;
  if (head.find("<rdf:rdf") != std::string_view::npos) return true;
  size_t feed = head.find("<feed");
  return feed != std::string_view::npos &&
         head.find("http://www.w3.org/2005/atom", feed) != std::string_view::npos;
}

bool LooksLikeHtml(std::string_view lower) {
  std::string_view head = lower.substr(0, 16384);
  for (std::string_view tag : {"<!doctype html", "<html", "<head", "<body"}) {
    if (head.find(tag) != std::string_view::npos) return true;
  }
  int common = 0;
  for (std::string_view tag : {"<p>", "<p ", "<div", "<span", "<a href", "<br", "<h1", "<h2",
                               "<article", "<title>", "<meta ", "<script", "<table", "<li>"}) {
    if (head.find(tag) != std::string_view::npos) ++common;
  }
  return common >= 3;
}

}  // namespace

Result<InputFormat> SniffFormat(std::string_view path, std::string_view head) {
  if (head.empty()) return Corrupt("empty file");
  for (const Magic& m : kMagics) {
    if (head.substr(0, m.bytes.size()) == m.bytes) {
      return Unsupported("binary file (" + std::string(m.what) + ")");
    }
  }
  if (HasGzipMagic(head)) {
    Result<std::string> inflated = InflateBounded(head, 64 * 1024, true, "");
    if (inflated && SkipSpaceAndBom(*inflated).substr(0, 5) == "WARC/") return InputFormat::kWarc;
    return Unsupported("gzip data that is not a WARC");
  }
  if (head.substr(0, 7) == "WARC/1." || head.substr(0, 7) == "WARC/0.") return InputFormat::kWarc;

  // Text in UTF-16 (BOM or NUL pattern) is sniffed on its UTF-8 transcoding; NULs that UTF-16
  // does not explain mean binary data.
  std::string transcoded;
  std::string_view text = head;
  // Most heads hold no NUL: one memchr says so, and only a head with one is counted byte by byte.
  const bool has_nul = std::memchr(head.data(), 0, head.size()) != nullptr;
  size_t nuls = has_nul ? static_cast<size_t>(std::count(head.begin(), head.end(), '\0')) : 0;
  bool utf16_bom = head.substr(0, 2) == "\xFF\xFE" || head.substr(0, 2) == "\xFE\xFF";
  if (nuls > 0 || utf16_bom) {
    clean::Decoded d = clean::DecodeToUtf8(head.substr(0, head.size() & ~size_t{1}), "", false);
    if (d.encoding.rfind("UTF-16", 0) == 0 || d.encoding.rfind("UTF-32", 0) == 0) {
      transcoded = std::move(d.text);
      text = transcoded;
    } else if (nuls * 100 > head.size() || nuls >= 16) {
      return Unsupported("binary file (NUL bytes)");
    }
  }
  text = SkipSpaceAndBom(text);
  if (text.empty()) return Corrupt("empty file");

  if (text[0] == '{' || text[0] == '[') {
    if (text[0] == '{' && LooksLikeTelegram(text)) return InputFormat::kTelegram;
    if (LooksLikeJsonl(text)) return InputFormat::kJsonl;
    return Unsupported("JSON that is neither JSON Lines nor a Telegram export");
  }
  // Every feed and HTML marker starts with '<': a head without one (a plain-text dump) is neither,
  // and need not be lower-cased and searched for each marker.
  std::string_view head16k = text.substr(0, 16384);
  if (head16k.find('<') != std::string_view::npos) {
    std::string lower = LowerAscii(head16k);
    if (LooksLikeFeed(lower)) return InputFormat::kRss;
    if (LooksLikeHtml(lower)) return InputFormat::kHtml;
  }
  // Tie-breaker: an XML-ish file named like a feed, or markup named like a page.
  std::string lpath = LowerAscii(path);
  if (text[0] == '<') {
    if (EndsWith(lpath, ".rss") || EndsWith(lpath, ".atom")) return InputFormat::kRss;
    if (EndsWith(lpath, ".html") || EndsWith(lpath, ".htm") || EndsWith(lpath, ".xhtml"))
      return InputFormat::kHtml;
  }
  return InputFormat::kText;
}

}  // namespace sitrep::ingest
