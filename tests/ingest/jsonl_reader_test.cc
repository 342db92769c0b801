#include <gtest/gtest.h>

#include "ingest/readers.h"
#include "reader_test_util.h"

namespace sitrep::ingest {
namespace {

using testing::ReadBytes;

TEST(JsonlReaderTest, ReadsFixtureAndReportsTheMalformedLine) {
  std::string bytes = testing::ReadFixture("articles.jsonl");
  ASSERT_FALSE(bytes.empty());
  auto r = ReadBytes(InputFormat::kJsonl, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  EXPECT_EQ(r.records[0].record, 0);
  EXPECT_EQ(r.records[0].title, "Паводок в Семее");
  EXPECT_EQ(r.records[0].outlet, "Вестник (демо)");
  EXPECT_EQ(r.records[0].published, "2022-01-05T10:15:00+06:00");
  EXPECT_EQ(r.records[0].body_kind, BodyKind::kText);
  EXPECT_EQ(r.records[0].charset, "utf-8");
  EXPECT_EQ(r.records[1].body_kind, BodyKind::kHtml);
  EXPECT_NE(r.records[1].body.find("Semeï"), std::string::npos);
  EXPECT_EQ(r.records[2].record, 3);
  EXPECT_EQ(r.records[2].url, "https://wire-demo.example/3");
  EXPECT_FALSE(r.records[2].outlet.has_value());
  ASSERT_EQ(r.problems.size(), 1u);
  EXPECT_EQ(r.problems[0].record, 2);
  EXPECT_EQ(r.problems[0].reason.rfind("line 3: invalid JSON: ", 0), 0u) << r.problems[0].reason;
}

TEST(JsonlReaderTest, BadLinesAreProblemsAndReadingCarriesOn) {
  const struct {
    std::string_view name;
    std::string line;
    std::string_view reason_prefix;
  } cases[] = {
      {"not json", "hello", "line 1: invalid JSON"},
      {"array", "[1,2]", "line 1: not a JSON object"},
      {"no text", "{\"title\": \"t\"}", "line 1: no \"text\" or \"html\" field"},
      {"empty text", "{\"text\": \"\"}", "line 1: no \"text\" or \"html\" field"},
      {"bad utf8", "{\"text\": \"\xFF\"}", "line 1: invalid JSON"},
      {"deep", "{\"text\": \"x\", \"a\": " + std::string(200, '[') + "}", "line 1: JSON nested deeper"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name));
    std::string bytes = std::string(c.line) + "\n{\"text\": \"Les secours sont sur place.\"}\n";
    auto r = ReadBytes(InputFormat::kJsonl, bytes);
    EXPECT_TRUE(r.status.ok());
    ASSERT_EQ(r.problems.size(), 1u);
    EXPECT_EQ(r.problems[0].reason.rfind(c.reason_prefix, 0), 0u) << r.problems[0].reason;
    EXPECT_EQ(r.problems[0].record, 0);
    ASSERT_EQ(r.records.size(), 1u);
    EXPECT_EQ(r.records[0].record, 1);
  }
}

TEST(JsonlReaderTest, DeepNestingIsRejectedWithoutCrash) {
  std::string deep = std::string(100000, '[') + "\n" + "{\"text\":\"ok\"}\n" +
                     std::string(100000, '{');
  auto r = ReadBytes(InputFormat::kJsonl, deep);
  EXPECT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 1u);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_NE(r.problems[0].reason.find("--max-json-depth"), std::string::npos);
  EXPECT_EQ(r.problems[1].record, 2);
}

TEST(JsonlReaderTest, TooLongLineIsSkippedAndNamed) {
  Limits limits;
  limits.max_line_bytes = 100;
  std::string bytes = "{\"text\": \"" + std::string(500, 'a') + "\"}\n" +
                      "{\"text\": \"short one\"}\r\n\n" + "{\"text\": \"" + std::string(150, 'b') +
                      "\"}";  // last line has no newline and is too long too
  auto r = ReadBytes(InputFormat::kJsonl, bytes, limits);
  EXPECT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].body, "short one");
  EXPECT_EQ(r.records[0].record, 1);
  ASSERT_EQ(r.problems.size(), 2u);
  EXPECT_EQ(r.problems[0].reason, "line 1: longer than 100 bytes (raise --max-line-bytes)");
  EXPECT_EQ(r.problems[1].record, 3);
}

TEST(JsonlReaderTest, LinesSpanningReadChunksAreJoined) {
  // Lines longer than the reader's 64 KiB chunk must still parse.
  std::string text(200000, 'x');
  std::string bytes = "{\"text\": \"" + text + "\"}\n{\"text\": \"two\"}";
  auto r = ReadBytes(InputFormat::kJsonl, bytes);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].body, text);
  EXPECT_EQ(r.records[1].body, "two");
}

}  // namespace
}  // namespace sitrep::ingest

namespace sitrep::ingest {
namespace {

TEST(JsonlReaderTest, ReadsSharedCorpusWhenPresent) {
  std::ifstream f(std::string(SITREP_SOURCE_DIR) +
                      "/../shared/data/clustering-ecbplus/documents.jsonl",
                  std::ios::binary);
  if (!f) GTEST_SKIP() << "shared/data/clustering-ecbplus absent";
  std::stringstream ss;
  ss << f.rdbuf();
  std::string bytes = ss.str();
  size_t lines = std::count(bytes.begin(), bytes.end(), '\n');
  auto r = testing::ReadBytes(InputFormat::kJsonl, bytes);
  EXPECT_TRUE(r.status.ok());
  EXPECT_TRUE(r.problems.empty()) << r.problems[0].reason;
  EXPECT_EQ(r.records.size(), lines);
  EXPECT_FALSE(r.records[0].url.has_value());  // "url": null
  EXPECT_TRUE(r.records[0].title.has_value());
}

}  // namespace
}  // namespace sitrep::ingest
