#include <gtest/gtest.h>

#include "ingest/readers.h"
#include "reader_test_util.h"

namespace sitrep::ingest {
namespace {

using testing::Gzip;
using testing::ReadBytes;

std::string Http(std::string_view status, std::string_view headers, std::string_view body) {
  return "HTTP/1.1 " + std::string(status) + "\r\n" + std::string(headers) + "\r\n" +
         std::string(body);
}

std::string Warc(std::string_view type, std::string_view uri, std::string_view payload) {
  std::string out = "WARC/1.1\r\nWARC-Type: " + std::string(type) +
                    "\r\nWARC-Date: 2022-01-10T03:00:00Z\r\nWARC-Record-ID: <urn:uuid:x>\r\n";
  if (!uri.empty()) out += "WARC-Target-URI: " + std::string(uri) + "\r\n";
  out += "Content-Type: application/http; msgtype=response\r\nContent-Length: " +
         std::to_string(payload.size()) + "\r\n\r\n" + std::string(payload) + "\r\n\r\n";
  return out;
}

std::string Chunked(std::string_view body) {
  std::string out;
  size_t half = body.size() / 2;
  char size[32];
  std::snprintf(size, sizeof size, "%zx", half);
  out += std::string(size) + "\r\n" + std::string(body.substr(0, half)) + "\r\n";
  std::snprintf(size, sizeof size, "%zx", body.size() - half);
  out += std::string(size) + ";ext=1\r\n" + std::string(body.substr(half)) + "\r\n0\r\n\r\n";
  return out;
}

const std::string kPageRu = "<html><head><title>Паводок</title></head><body><p>\xCF\xE0\xE2\xEE\xE4\xEE\xEA</p></body></html>";
const std::string kPageFr =
    "<html><body><p>Les secours restent mobilisés à Semeï.</p></body></html>";
const std::string kPageEn = "<!DOCTYPE html><html><body><p>Water levels fell.</p></body></html>";

// The records of a small crawl, in order; indexes 2, 5 and 6 are HTML pages.
std::vector<std::string> CrawlRecords() {
  return {
      "WARC/1.1\r\nWARC-Type: warcinfo\r\nContent-Length: 12\r\n\r\nsoftware: x\n\r\n\r\n",
      Warc("request", "https://a.example/", "GET / HTTP/1.1\r\nHost: a.example\r\n\r\n"),
      Warc("response", "https://vestnik-demo.example/news/7",
           Http("200 OK", "Content-Type: text/html; charset=windows-1251\r\n", kPageRu)),
      Warc("response", "https://a.example/logo.png",
           Http("200 OK", "Content-Type: image/png\r\n", "\x89PNG....")),
      Warc("response", "https://a.example/moved", Http("301 Moved", "Location: /x\r\n", "")),
      Warc("response", "<https://courrier-demo.example/b>",
           Http("200 OK",
                "Content-Type: text/html; charset=\"utf-8\"\r\nTransfer-Encoding: chunked\r\n",
                Chunked(kPageFr))),
      Warc("response", "https://wire-demo.example/c",
           Http("200 OK", "Content-Type: application/xhtml+xml\r\nContent-Encoding: gzip\r\n",
                Gzip(kPageEn))),
  };
}

void ExpectCrawl(const testing::ReadResult& r) {
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].record, 2);
  EXPECT_EQ(r.records[0].url, "https://vestnik-demo.example/news/7");
  EXPECT_EQ(r.records[0].charset, "windows-1251");
  EXPECT_EQ(r.records[0].body, kPageRu);
  EXPECT_EQ(r.records[0].body_kind, BodyKind::kHtml);
  EXPECT_FALSE(r.records[0].published.has_value());  // WARC-Date is the crawl date
  EXPECT_EQ(r.records[1].record, 5);
  EXPECT_EQ(r.records[1].url, "https://courrier-demo.example/b");
  EXPECT_EQ(r.records[1].charset, "utf-8");
  EXPECT_EQ(r.records[1].body, kPageFr);
  EXPECT_EQ(r.records[2].record, 6);
  EXPECT_EQ(r.records[2].body, kPageEn);
  EXPECT_TRUE(r.problems.empty());
}

TEST(WarcReaderTest, PlainWarc) {
  std::string bytes;
  for (const std::string& rec : CrawlRecords()) bytes += rec;
  auto r = ReadBytes(InputFormat::kWarc, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ExpectCrawl(r);
}

TEST(WarcReaderTest, GzipOneMemberPerRecordAndOneForAll) {
  std::string per_record, whole;
  for (const std::string& rec : CrawlRecords()) {
    per_record += Gzip(rec);
    whole += rec;
  }
  for (const std::string& bytes : {per_record, Gzip(whole)}) {
    auto r = ReadBytes(InputFormat::kWarc, bytes);
    ASSERT_TRUE(r.status.ok()) << r.status.ToString();
    ExpectCrawl(r);
  }
}

TEST(WarcReaderTest, TruncatedGzipKeepsGoodRecordsAndReportsTheCut) {
  std::string bytes;
  for (const std::string& rec : CrawlRecords()) bytes += Gzip(rec);
  std::string last = Gzip(CrawlRecords().back());
  // Cut in the middle of the last member.
  std::string cut = bytes.substr(0, bytes.size() - last.size() / 2);
  auto r = ReadBytes(InputFormat::kWarc, cut);
  EXPECT_EQ(r.status.code(), StatusCode::kCorrupt);
  EXPECT_EQ(r.status.message(), "truncated WARC after 6 records");
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[1].record, 5);
}

TEST(WarcReaderTest, TruncatedPlainWarc) {
  std::string bytes;
  for (const std::string& rec : CrawlRecords()) bytes += rec;
  auto r = ReadBytes(InputFormat::kWarc, bytes.substr(0, bytes.size() - 30));
  EXPECT_EQ(r.status.message(), "truncated WARC after 6 records");
  EXPECT_EQ(r.records.size(), 2u);
  // Cut inside a header block.
  std::string head_cut = CrawlRecords()[0] + "WARC/1.1\r\nWARC-Type: resp";
  auto h = ReadBytes(InputFormat::kWarc, head_cut);
  EXPECT_EQ(h.status.message(), "truncated WARC after 1 records");
}

TEST(WarcReaderTest, OversizedRecordIsSkippedWithAProblem) {
  Limits limits;
  limits.max_warc_record_bytes = 200;
  std::string big_page = "<html><body>" + std::string(1000, 'x') + "</body></html>";
  std::string bytes =
      Warc("response", "https://a.example/big", Http("200 OK", "Content-Type: text/html\r\n", big_page)) +
      Warc("response", "https://a.example/ok", Http("200 OK", "Content-Type: text/html\r\n", kPageEn));
  auto r = ReadBytes(InputFormat::kWarc, Gzip(bytes), limits);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].record, 1);
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].record, 0);
  EXPECT_NE(r.problems[0].reason.find("--max-warc-record-bytes"), std::string::npos);
}

TEST(WarcReaderTest, BadPayloadsAreProblemsAndBadFramingIsAnError) {
  std::string bytes =
      Warc("response", "https://a.example/1",
           Http("200 OK", "Content-Type: text/html\r\nTransfer-Encoding: chunked\r\n", "zz\r\nab")) +
      Warc("response", "https://a.example/2",
           Http("200 OK", "Content-Type: text/html\r\nContent-Encoding: gzip\r\n",
                "\x1F\x8B\x08\x00garbage")) +
      Warc("response", "https://a.example/3", Http("200 OK", "Content-Type: text/html\r\n", kPageEn));
  auto r = ReadBytes(InputFormat::kWarc, bytes);
  ASSERT_TRUE(r.status.ok());
  EXPECT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].record, 0);
  EXPECT_EQ(r.problems[1].record, 1);

  const struct {
    std::string_view name;
    std::string bytes;
    std::string_view needle;
  } bad[] = {
      {"not warc", "hello world\n", "expected a WARC/1.x header"},
      {"no length", "WARC/1.1\r\nWARC-Type: response\r\n\r\n", "no valid Content-Length"},
      {"bad length", "WARC/1.1\r\nContent-Length: -5\r\n\r\n", "no valid Content-Length"},
      {"gzip garbage", "\x1F\x8B\x08\x00\x00\x00\x00\x00\x00\x03garbage-garbage", "after 0 records"},
  };
  for (const auto& c : bad) {
    SCOPED_TRACE(std::string(c.name));
    auto b = ReadBytes(InputFormat::kWarc, c.bytes);
    EXPECT_EQ(b.status.code(), StatusCode::kCorrupt);
    EXPECT_NE(b.status.message().find(c.needle), std::string::npos) << b.status.message();
  }
}

TEST(WarcReaderTest, EmptyInputIsNoRecords) {
  auto r = ReadBytes(InputFormat::kWarc, "");
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.records.empty());
}

}  // namespace
}  // namespace sitrep::ingest
