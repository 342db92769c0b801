// End to end: one input per format through sitrep::Engine::RunBytes (sniff -> reader -> cleaner).
#include <gtest/gtest.h>


#include "document/validate.h"
#include "reader_test_util.h"
#include "sitrep/engine.h"

namespace sitrep {
namespace {

class ReadersEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    EngineOptions options;
    options.resources_dir = std::string(SITREP_SOURCE_DIR) + "/resources";
    options.on_problem = [this](const Problem& p) { problems_.push_back(p); };
    auto engine = Engine::Create(options);
    ASSERT_TRUE(engine.has_value()) << engine.error().ToString();
    engine_ = std::move(*engine);
  }
  std::vector<Document> Run(std::string_view path, std::string_view bytes) {
    std::vector<Document> docs;
    Status st = engine_->RunBytes(
        path, bytes,
        [&](Document&& d) {
          EXPECT_TRUE(document::ValidateDocument(d).ok());
          docs.push_back(std::move(d));
          return Status::Ok();
        },
        &summary_);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return docs;
  }
  std::unique_ptr<Engine> engine_;
  std::vector<Problem> problems_;
  IngestSummary summary_;
};

TEST_F(ReadersEngineTest, Jsonl) {
  auto docs = Run("a.jsonl", ingest::testing::ReadFixture("articles.jsonl"));
  ASSERT_EQ(docs.size(), 3u);
  EXPECT_EQ(docs[0].input.format, InputFormat::kJsonl);
  EXPECT_EQ(docs[0].input.record, 0);
  EXPECT_EQ(docs[0].title, "Паводок в Семее");
  EXPECT_EQ(docs[0].published.value, "2022-01-05T10:15");
  EXPECT_NE(docs[1].text.find("Les eaux montent à Semeï"), std::string::npos);
  EXPECT_EQ(summary_.rejected, 1u);
  ASSERT_EQ(problems_.size(), 1u);
  EXPECT_EQ(problems_[0].record, 2);
}

TEST_F(ReadersEngineTest, WarcGzWithLegacyCharset) {
  std::string page = "<html><head><title>t</title></head><body><p>\xCF\xEE\xE6\xE0\xF0 "
                     "\xEF\xEE\xF2\xF3\xF8\xE5\xED.</p></body></html>";
  std::string http = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=windows-1251\r\n\r\n" + page;
  std::string warc = "WARC/1.1\r\nWARC-Type: response\r\nWARC-Target-URI: https://vestnik-demo.example/p\r\n"
                     "Content-Length: " + std::to_string(http.size()) + "\r\n\r\n" + http + "\r\n\r\n";
  auto docs = Run("crawl.warc.gz", ingest::testing::Gzip(warc));
  ASSERT_EQ(docs.size(), 1u);
  EXPECT_EQ(docs[0].input.format, InputFormat::kWarc);
  EXPECT_NE(docs[0].text.find("Пожар потушен."), std::string::npos) << docs[0].text;
  EXPECT_EQ(docs[0].url, "https://vestnik-demo.example/p");
  EXPECT_EQ(docs[0].domain, "vestnik-demo.example");
}

TEST_F(ReadersEngineTest, RssAndAtom) {
  auto rss = Run("feed.xml", ingest::testing::ReadFixture("feed_rss2.xml"));
  ASSERT_EQ(rss.size(), 3u);
  EXPECT_EQ(rss[0].input.format, InputFormat::kRss);
  EXPECT_EQ(rss[0].outlet, "Le Veilleur des Steppes");
  EXPECT_EQ(rss[0].published.value, "2022-01-07T10:20");
  EXPECT_NE(rss[0].text.find("40 maisons"), std::string::npos) << rss[0].text;
  auto atom = Run("feed.atom", ingest::testing::ReadFixture("feed_atom.xml"));
  ASSERT_EQ(atom.size(), 2u);
  EXPECT_NE(atom[1].text.find("Engineers will inspect the bridge & its piers."), std::string::npos)
      << atom[1].text;
}

TEST_F(ReadersEngineTest, Telegram) {
  auto docs = Run("result.json", ingest::testing::ReadFixture("telegram_result.json"));
  ASSERT_EQ(docs.size(), 2u);
  EXPECT_EQ(docs[1].input.format, InputFormat::kTelegram);
  EXPECT_EQ(docs[1].input.record, 3);
  EXPECT_EQ(docs[1].url, "https://t.me/stepnoy_vestnik_demo/3");
  ASSERT_EQ(docs[1].provenance.size(), 1u);
  EXPECT_EQ(docs[1].provenance[0].outlet, "Областной штаб ЧС");
  EXPECT_NE(docs[1].text.find("40 сантиметров"), std::string::npos);
}

TEST_F(ReadersEngineTest, TextInKoi8AndHtmlWithMetaCharset) {
  // "Пожар потушен." in KOI8-R, then in windows-1251 inside HTML with a meta charset.
  auto text = Run("note.txt", "\xF0\xCF\xD6\xC1\xD2 \xD0\xCF\xD4\xD5\xDB\xC5\xCE.\r\n");
  ASSERT_EQ(text.size(), 1u);
  EXPECT_EQ(text[0].text.find("Пожар потушен."), 0u) << text[0].text;
  auto html = Run("p.html",
                  "<html><head><meta charset=\"windows-1251\"></head><body><p>\xCF\xEE\xE6\xE0\xF0 "
                  "\xEF\xEE\xF2\xF3\xF8\xE5\xED.</p></body></html>");
  ASSERT_EQ(html.size(), 1u);
  EXPECT_NE(html[0].text.find("Пожар потушен."), std::string::npos) << html[0].text;
}

TEST_F(ReadersEngineTest, RejectedInputsCarryTheirReason) {
  EXPECT_TRUE(Run("x.pdf", "%PDF-1.4 ...").empty());
  EXPECT_TRUE(Run("empty.txt", "").empty());
  ASSERT_EQ(problems_.size(), 2u);
  EXPECT_EQ(problems_[0].reason, "binary file (PDF)");
  EXPECT_EQ(problems_[1].reason, "empty file");
  EXPECT_TRUE(problems_[0].fatal_for_input);
}

}  // namespace
}  // namespace sitrep
