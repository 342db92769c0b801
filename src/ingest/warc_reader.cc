// WARC and WARC.gz: streamed record by record. Only HTTP responses carrying HTML become records;
// request, metadata, warcinfo and revisit records, and non-HTML responses, are skipped silently.
#include <algorithm>
#include <cctype>
#include <map>
#include <string>

#include "ingest/gzip.h"
#include "ingest/readers.h"

namespace sitrep::ingest {
namespace {

constexpr size_t kChunkBytes = 1 << 16;
constexpr size_t kMaxHeaderLineBytes = 64 * 1024;
constexpr size_t kMaxHeaderLines = 512;

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Replays bytes already read from `inner` before the rest of it.
class PrefixSource : public ByteSource {
 public:
  PrefixSource(ByteSource& inner, std::string prefix)
      : ByteSource(inner.path()), inner_(inner), prefix_(std::move(prefix)) {}
  Result<size_t> Read(char* buf, size_t n) override {
    if (pos_ < prefix_.size()) {
      size_t k = std::min(n, prefix_.size() - pos_);
      std::copy_n(prefix_.data() + pos_, k, buf);
      pos_ += k;
      consumed_ += k;
      return k;
    }
    Result<size_t> got = inner_.Read(buf, n);
    if (got) consumed_ += *got;
    return got;
  }
  uint64_t size_hint() const override { return inner_.size_hint(); }
  uint64_t consumed() const override { return consumed_; }

 private:
  ByteSource& inner_;
  std::string prefix_;
  size_t pos_ = 0;
  uint64_t consumed_ = 0;
};

// Buffered line / block reading. A read error is kept aside until the buffered bytes are used
// up: gzip read-ahead may hit a cut in the *next* member while this record is complete.
class BufferedReader {
 public:
  explicit BufferedReader(ByteSource& src) : src_(src) {}

  // Reads one line without its CR LF. False at end of input with nothing read.
  Result<bool> ReadLine(std::string* line) {
    line->clear();
    while (true) {
      size_t nl = buf_.find('\n', pos_);
      if (nl != std::string::npos) {
        line->append(buf_, pos_, nl - pos_);
        pos_ = nl + 1;
        break;
      }
      line->append(buf_, pos_, std::string::npos);
      pos_ = buf_.size();
      if (line->size() > kMaxHeaderLineBytes) return Corrupt("header line too long");
      SITREP_ASSIGN_OR_RETURN(bool more, Fill());
      if (!more) {
        if (line->empty()) return false;
        break;
      }
    }
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
  }

  // Appends up to `n` bytes to `out` (or discards them when `out` is null). Returns how many.
  Result<uint64_t> ReadBlock(uint64_t n, std::string* out) {
    uint64_t done = 0;
    while (done < n) {
      if (pos_ == buf_.size()) {
        SITREP_ASSIGN_OR_RETURN(bool more, Fill());
        if (!more) break;
      }
      size_t k = static_cast<size_t>(std::min<uint64_t>(n - done, buf_.size() - pos_));
      if (out) out->append(buf_, pos_, k);
      pos_ += k;
      done += k;
    }
    return done;
  }

 private:
  // False at the end of input; the pending error once the buffer is drained.
  Result<bool> Fill() {
    if (!pending_.ok()) return pending_;
    buf_.erase(0, pos_);
    pos_ = 0;
    size_t old = buf_.size();
    buf_.resize(old + kChunkBytes);
    Result<size_t> got = src_.Read(buf_.data() + old, kChunkBytes);
    if (!got) {
      buf_.resize(old);
      pending_ = got.error();
      return old > 0 ? Result<bool>(true) : Result<bool>(pending_);
    }
    buf_.resize(old + *got);
    return *got > 0 || old > 0;
  }

  ByteSource& src_;
  std::string buf_;
  size_t pos_ = 0;
  Status pending_;
};

using Headers = std::map<std::string, std::string>;  // lower-case name -> value

// Parses "Name: value" lines of `block` (already split off its body) into `out`.
void ParseHeaderLines(std::string_view block, Headers* out) {
  std::string last;
  while (!block.empty()) {
    size_t nl = block.find('\n');
    std::string_view line = block.substr(0, nl);
    block.remove_prefix(nl == std::string_view::npos ? block.size() : nl + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    if ((line[0] == ' ' || line[0] == '\t') && !last.empty()) {
      (*out)[last] += " " + std::string(Trim(line));  // folded continuation line
      continue;
    }
    size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    last = Lower(Trim(line.substr(0, colon)));
    (*out)[last] = std::string(Trim(line.substr(colon + 1)));
  }
}

std::string HeaderOr(const Headers& h, const std::string& name) {
  auto it = h.find(name);
  return it == h.end() ? std::string() : it->second;
}

// The charset parameter of a Content-Type value, or empty.
std::string CharsetOf(std::string_view content_type) {
  std::string lower = Lower(content_type);
  size_t p = lower.find("charset=");
  if (p == std::string::npos) return "";
  std::string_view v = std::string_view(content_type).substr(p + 8);
  v = Trim(v.substr(0, v.find(';')));
  if (!v.empty() && (v.front() == '"' || v.front() == '\'')) v.remove_prefix(1);
  if (!v.empty() && (v.back() == '"' || v.back() == '\'')) v.remove_suffix(1);
  return std::string(v);
}

// Decodes HTTP chunked transfer coding. Corrupt when a chunk size line is malformed.
Result<std::string> Dechunk(std::string_view body) {
  std::string out;
  while (true) {
    size_t nl = body.find('\n');
    if (nl == std::string_view::npos) return Corrupt("chunked body without a final chunk");
    std::string_view size_line = Trim(body.substr(0, nl));
    size_line = size_line.substr(0, size_line.find(';'));
    uint64_t size = 0;
    if (size_line.empty() || size_line.size() > 15) return Corrupt("bad chunk size");
    for (char c : size_line) {
      int v = std::isdigit(static_cast<unsigned char>(c)) ? c - '0'
              : (c >= 'a' && c <= 'f')                    ? c - 'a' + 10
              : (c >= 'A' && c <= 'F')                    ? c - 'A' + 10
                                                          : -1;
      if (v < 0) return Corrupt("bad chunk size");
      size = size * 16 + static_cast<uint64_t>(v);
    }
    body.remove_prefix(nl + 1);
    if (size == 0) return out;
    if (size > body.size()) return Corrupt("chunk longer than the body");
    out.append(body.substr(0, size));
    body.remove_prefix(size);
    if (body.substr(0, 2) == "\r\n") body.remove_prefix(2);
    else if (body.substr(0, 1) == "\n") body.remove_prefix(1);
  }
}

bool IsHtmlType(std::string_view content_type) {
  std::string lower = Lower(content_type);
  return lower.find("text/html") != std::string::npos ||
         lower.find("application/xhtml+xml") != std::string::npos;
}

bool BodyLooksLikeHtml(std::string_view body) {
  std::string head = Lower(Trim(body.substr(0, 512)));
  return head.rfind("<!doctype html", 0) == 0 || head.rfind("<html", 0) == 0;
}

// Turns the payload of a response record into a RawRecord. Returns false (no problem) when the
// record is not an HTML page; a Status when it is one but cannot be read.
Result<bool> HttpToRecord(std::string_view payload, const Limits& limits, RawRecord* rec) {
  if (payload.substr(0, 5) != "HTTP/") return false;
  size_t end = payload.find("\r\n\r\n");
  size_t body_at = end == std::string_view::npos ? std::string_view::npos : end + 4;
  if (body_at == std::string_view::npos) {
    end = payload.find("\n\n");
    body_at = end == std::string_view::npos ? payload.size() : end + 2;
    if (end == std::string_view::npos) end = payload.size();
  }
  std::string_view head = payload.substr(0, end);
  std::string_view status_line = head.substr(0, head.find('\n'));
  size_t sp = status_line.find(' ');
  if (sp == std::string_view::npos || sp + 4 > status_line.size()) return false;
  if (status_line[sp + 1] != '2') return false;  // redirects and errors are not articles
  Headers headers;
  ParseHeaderLines(head.substr(status_line.size()), &headers);
  std::string_view body = payload.substr(std::min(body_at, payload.size()));
  std::string content_type = HeaderOr(headers, "content-type");
  if (content_type.empty() ? !BodyLooksLikeHtml(body) : !IsHtmlType(content_type)) return false;

  std::string decoded;
  if (Lower(HeaderOr(headers, "transfer-encoding")).find("chunked") != std::string::npos) {
    Result<std::string> d = Dechunk(body);
    if (!d) return Corrupt("chunked transfer encoding: " + d.error().message());
    decoded = std::move(*d);
  } else {
    decoded.assign(body);
  }
  std::string encoding = Lower(Trim(HeaderOr(headers, "content-encoding")));
  if (encoding == "gzip" || encoding == "x-gzip" || encoding == "deflate") {
    // Some crawlers store the body already decoded but keep the header: trust the bytes.
    bool compressed = encoding == "deflate" ? !BodyLooksLikeHtml(decoded) : HasGzipMagic(decoded);
    if (compressed) {
      Result<std::string> d =
          InflateBounded(decoded, limits.max_document_bytes, false, "--max-document-bytes");
      if (!d) return Corrupt("content encoding " + encoding + ": " + d.error().message());
      decoded = std::move(*d);
    }
  } else if (!encoding.empty() && encoding != "identity") {
    return Corrupt("unsupported content encoding " + encoding);
  }
  if (decoded.size() > limits.max_document_bytes) {
    return TooLarge("page of " + std::to_string(decoded.size()) + " bytes exceeds the limit of " +
                    std::to_string(limits.max_document_bytes) +
                    " bytes (raise --max-document-bytes)");
  }
  rec->body = std::move(decoded);
  rec->body_kind = BodyKind::kHtml;
  rec->charset = CharsetOf(content_type);
  return true;
}

}  // namespace

Status WarcReader::Read(ByteSource& in, const Limits& limits, const RecordSink& sink) const {
  std::string prefix;
  prefix.resize(kChunkBytes);
  SITREP_ASSIGN_OR_RETURN(size_t got, in.Read(prefix.data(), prefix.size()));
  prefix.resize(got);
  std::unique_ptr<ByteSource> src;
  if (HasGzipMagic(prefix)) {
    src = std::make_unique<InflatingSource>(in, std::move(prefix));
  } else {
    src = std::make_unique<PrefixSource>(in, std::move(prefix));
  }
  BufferedReader reader(*src);
  int64_t index = 0;  // WARC records read completely so far

  // Any failure to read more bytes past this point is reported as a cut, with the count of
  // complete records, unless it is an I/O error.
  auto stream_error = [&](const Status& s) {
    if (s.code() == StatusCode::kIoError) return s;
    if (s.message().find("truncated") != std::string::npos) {
      return Corrupt("truncated WARC after " + std::to_string(index) + " records");
    }
    return Corrupt(s.message() + " after " + std::to_string(index) + " records");
  };
  auto truncated = [&]() {
    return Corrupt("truncated WARC after " + std::to_string(index) + " records");
  };

  std::string line;
  while (true) {
    // Records are separated by CRLF CRLF; tolerate any number of blank lines.
    do {
      Result<bool> more = reader.ReadLine(&line);
      if (!more) return stream_error(more.error());
      if (!*more) return Status::Ok();
    } while (line.empty());
    if (line.rfind("WARC/", 0) != 0) {
      return Corrupt("expected a WARC/1.x header after " + std::to_string(index) +
                     " records, found \"" + line.substr(0, 40) + "\"");
    }
    std::string header_block;
    size_t lines = 0;
    while (true) {
      Result<bool> more = reader.ReadLine(&line);
      if (!more) return stream_error(more.error());
      if (!*more) return truncated();
      if (line.empty()) break;
      if (++lines > kMaxHeaderLines) {
        return Corrupt("WARC record " + std::to_string(index) + " has too many header lines");
      }
      header_block += line;
      header_block += '\n';
    }
    Headers headers;
    ParseHeaderLines(header_block, &headers);
    std::string length_text = HeaderOr(headers, "content-length");
    uint64_t length = 0;
    if (length_text.empty() || length_text.size() > 18 ||
        !std::all_of(length_text.begin(), length_text.end(),
                     [](char c) { return c >= '0' && c <= '9'; })) {
      return Corrupt("WARC record " + std::to_string(index) + " has no valid Content-Length");
    }
    length = std::stoull(length_text);
    const int64_t record = index;
    if (length > limits.max_warc_record_bytes) {
      Result<uint64_t> skipped = reader.ReadBlock(length, nullptr);
      if (!skipped) return stream_error(skipped.error());
      if (*skipped < length) return truncated();
      ++index;
      sink.on_problem({"", record,
                       "WARC record of " + std::to_string(length) + " bytes exceeds the limit of " +
                           std::to_string(limits.max_warc_record_bytes) +
                           " bytes (raise --max-warc-record-bytes)",
                       false});
      continue;
    }
    std::string content;
    content.reserve(static_cast<size_t>(length));
    Result<uint64_t> read = reader.ReadBlock(length, &content);
    if (!read) return stream_error(read.error());
    if (*read < length) return truncated();
    ++index;
    if (Lower(HeaderOr(headers, "warc-type")) != "response") continue;
    RawRecord rec;
    rec.format = InputFormat::kWarc;
    rec.record = record;
    Result<bool> is_page = HttpToRecord(content, limits, &rec);
    if (!is_page) {
      sink.on_problem({"", record, is_page.error().message(), false});
      continue;
    }
    if (!*is_page) continue;
    std::string uri(Trim(HeaderOr(headers, "warc-target-uri")));
    if (uri.size() >= 2 && uri.front() == '<' && uri.back() == '>') uri = uri.substr(1, uri.size() - 2);
    if (!uri.empty()) rec.url = std::move(uri);
    // WARC-Date is when the page was crawled, not published: it is deliberately not used.
    sink.on_record(std::move(rec));
  }
}

}  // namespace sitrep::ingest
