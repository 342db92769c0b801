#include <gtest/gtest.h>

#include "ingest/readers.h"
#include "reader_test_util.h"

namespace sitrep::ingest {
namespace {

using testing::ReadBytes;

TEST(TelegramReaderTest, ReadsTextMessagesWithEntitiesAndForwards) {
  std::string bytes = testing::ReadFixture("telegram_result.json");
  ASSERT_FALSE(bytes.empty());
  auto r = ReadBytes(InputFormat::kTelegram, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);  // service message and caption-less photo skipped
  const RawRecord& a = r.records[0];
  EXPECT_EQ(a.record, 2);
  EXPECT_EQ(a.body, "В Семее из-за паводка эвакуированы жители трёх улиц.");
  EXPECT_EQ(a.outlet, "Степной вестник");
  EXPECT_EQ(a.published, "2022-01-05T10:15:00");
  EXPECT_EQ(a.url, "https://t.me/stepnoy_vestnik_demo/2");
  EXPECT_EQ(a.body_kind, BodyKind::kText);
  EXPECT_EQ(a.charset, "utf-8");
  EXPECT_TRUE(a.provenance.empty());
  const RawRecord& b = r.records[1];
  EXPECT_EQ(b.record, 3);
  EXPECT_EQ(b.body,
            "Уровень воды поднялся на 40 сантиметров. Подробности: сводка штаба #паводок");
  ASSERT_EQ(b.provenance.size(), 1u);
  EXPECT_EQ(b.provenance[0].relation, ProvenanceRelation::kRepublishedFrom);
  EXPECT_EQ(b.provenance[0].outlet, "Областной штаб ЧС");
  EXPECT_TRUE(r.problems.empty());
}

TEST(TelegramReaderTest, NoUsernameMeansNoUrl) {
  std::string bytes =
      R"({"name":"Canal démo","type":"public_channel","id":5,"messages":[)"
      R"({"id":9,"type":"message","date":"2022-01-06T08:00:00","text":"Alerte crue levée."}]})";
  auto r = ReadBytes(InputFormat::kTelegram, bytes);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_FALSE(r.records[0].url.has_value());
  EXPECT_EQ(r.records[0].record, 9);
  EXPECT_EQ(r.records[0].outlet, "Canal démo");
}

TEST(TelegramReaderTest, BrokenExportsAreErrorsNotCrashes) {
  Limits small;
  small.max_file_bytes = 50;
  const struct {
    std::string_view name;
    std::string bytes;
    Limits limits;
    StatusCode code;
    std::string_view needle;
  } cases[] = {
      {"invalid json", R"({"name":"x","messages":[{"id":1,)", {}, StatusCode::kCorrupt,
       "invalid JSON"},
      {"no messages", R"({"name":"x","type":"y"})", {}, StatusCode::kCorrupt, "messages"},
      {"deep", "{\"messages\":" + std::string(100000, '[') + "}", {}, StatusCode::kTooLarge,
       "--max-json-depth"},
      {"too big", R"({"name":"x","type":"y","messages":[{"id":1,"type":"message","text":"abc"}]})",
       small, StatusCode::kTooLarge, "--max-file-bytes"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name));
    auto r = ReadBytes(InputFormat::kTelegram, c.bytes, c.limits);
    EXPECT_EQ(r.status.code(), c.code) << r.status.ToString();
    EXPECT_NE(r.status.message().find(c.needle), std::string::npos) << r.status.message();
    EXPECT_TRUE(r.records.empty());
  }
}

TEST(TelegramReaderTest, OddMessageShapesAreSkipped) {
  std::string bytes =
      R"({"name":"n","messages":[1,"x",{"type":"message","text":{"a":1}},)"
      R"({"type":"message","text":[{"type":"link"},42,"Texte restant"]}]})";
  auto r = ReadBytes(InputFormat::kTelegram, bytes);
  ASSERT_TRUE(r.status.ok());
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].body, "Texte restant");
  EXPECT_EQ(r.records[0].record, 3);  // no id: position in the array
}

}  // namespace
}  // namespace sitrep::ingest
