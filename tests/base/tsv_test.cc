#include "base/tsv.h"

#include <gtest/gtest.h>

namespace sitrep::base {
namespace {

TEST(TsvTest, ParsesHeaderCommentsAndPadsShortRows) {
  Result<TsvTable> t = ParseTsv("# months\nnumber\tname\n\n1\tjanvier\n2\n", "m.tsv");
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->header, (std::vector<std::string>{"number", "name"}));
  ASSERT_EQ(t->rows.size(), 2u);
  EXPECT_EQ(t->rows[0].fields[1], "janvier");
  EXPECT_EQ(t->rows[0].line, 4);
  EXPECT_EQ(t->rows[1].fields[1], "");
  EXPECT_EQ(t->Column("name"), 1);
  EXPECT_EQ(t->Column("nope"), -1);
}

TEST(TsvTest, ErrorsNameFileAndLine) {
  Result<TsvTable> t = ParseTsv("a\tb\n1\t2\t3\n", "x.tsv");
  ASSERT_FALSE(t.has_value());
  EXPECT_EQ(t.error().code(), StatusCode::kCorrupt);
  EXPECT_NE(t.error().message().find("x.tsv:2"), std::string::npos) << t.error().message();
}

TEST(TsvTest, MissingRequiredColumnAndInvalidUtf8AreCorrupt) {
  EXPECT_FALSE(ParseTsv("a\tb\n", "y.tsv", {"c"}).has_value());
  EXPECT_FALSE(ParseTsv("a\n\xFF\n", "z.tsv").has_value());
  EXPECT_FALSE(ParseTsv("# only a comment\n", "e.tsv").has_value());
}

TEST(TsvTest, CrLfLinesAreAccepted) {
  Result<TsvTable> t = ParseTsv("k\tv\r\nx\ty\r\n", "w.tsv");
  ASSERT_TRUE(t.has_value());
  EXPECT_EQ(t->rows[0].fields[1], "y");
}

}  // namespace
}  // namespace sitrep::base
