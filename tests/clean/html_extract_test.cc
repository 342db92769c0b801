#include "clean/html_extract.h"

#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include "time_budget.h"

namespace sitrep::clean {
namespace {

std::string ReadFixture(const std::string& name) {
  std::ifstream f(std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/html/" + name,
                  std::ios::binary);
  std::stringstream s;
  s << f.rdbuf();
  return s.str();
}

const HtmlBlock* FindBlock(const HtmlExtraction& ext, std::string_view needle) {
  for (const HtmlBlock& b : ext.blocks) {
    if (b.text.find(needle) != std::string::npos) return &b;
  }
  return nullptr;
}

TEST(HtmlExtractTest, LabelsBlocksOfFixtures) {
  struct Case {
    const char* fixture;
    const char* needle;
    ZoneKind kind;
    int comment_depth;  // checked for kComment only
  } cases[] = {
      {"en_article.html", "Bridge reopens after flood repairs", ZoneKind::kTitle, 0},
      {"en_article.html", "The old stone bridge over the Wend", ZoneKind::kBody, 0},
      {"en_article.html", "about £2.4 million", ZoneKind::kBody, 0},
      {"en_article.html", "Millbrook & Hatch", ZoneKind::kBody, 0},
      {"en_article.html", "Share this article", ZoneKind::kBoilerplate, 0},
      {"en_article.html", "We use cookies", ZoneKind::kBoilerplate, 0},
      {"en_article.html", "Home", ZoneKind::kBoilerplate, 0},
      {"en_article.html", "Ferry service suspended", ZoneKind::kRelated, 0},
      {"en_article.html", "Finally! The detour", ZoneKind::kComment, 0},
      {"en_article.html", "glad it is over", ZoneKind::kComment, 1},
      {"en_article.html", "All rights reserved", ZoneKind::kBoilerplate, 0},
      {"fr_article.html", "la digue de Saint-Aubin consolidée", ZoneKind::kTitle, 0},
      {"fr_article.html", "Selon les services de l'État", ZoneKind::kBody, 0},
      {"fr_article.html", "Partagez cet article", ZoneKind::kBoilerplate, 0},
      {"fr_article.html", "Crue de la Loire", ZoneKind::kRelated, 0},
      {"fr_article.html", "Mentions légales", ZoneKind::kBoilerplate, 0},
      {"ru_article.html", "Паводок в Приречье", ZoneKind::kTitle, 0},
      {"ru_article.html", "Уровень воды в реке Светлой", ZoneKind::kBody, 0},
      {"ru_article.html", "Спасибо спасателям", ZoneKind::kComment, 0},
      {"ru_article.html", "Главная", ZoneKind::kBoilerplate, 0},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(std::string(c.fixture) + ": " + c.needle);
    std::string html = ReadFixture(c.fixture);
    ASSERT_FALSE(html.empty());
    HtmlExtraction ext = ExtractHtml(html, 512);
    const HtmlBlock* b = FindBlock(ext, c.needle);
    ASSERT_NE(b, nullptr);
    EXPECT_EQ(Name(b->kind), Name(c.kind));
    if (c.kind == ZoneKind::kComment) {
      EXPECT_EQ(b->comment_depth, c.comment_depth);
      EXPECT_GE(b->comment_id, 0);
    }
  }
}

TEST(HtmlExtractTest, SeparatesCommentsById) {
  HtmlExtraction ext = ExtractHtml(ReadFixture("en_article.html"), 512);
  const HtmlBlock* first = FindBlock(ext, "Finally!");
  const HtmlBlock* author = FindBlock(ext, "marsh_walker");
  const HtmlBlock* reply = FindBlock(ext, "spring fair");
  ASSERT_TRUE(first && author && reply);
  EXPECT_EQ(author->comment_id, first->comment_id);  // blocks of one comment share the id
  EXPECT_NE(reply->comment_id, first->comment_id);
}

TEST(HtmlExtractTest, ReadsMetadata) {
  struct Case {
    const char* fixture;
    const char* title;
    const char* published;
    const char* url;
    const char* site;
    const char* lang;
  } cases[] = {
      {"en_article.html", "Bridge reopens after flood repairs", "2024-03-05T09:30:00Z",
       "https://courier.example/news/bridge-reopens", "Riverside Courier", "en-GB"},
      {"fr_article.html", "Inondations : la digue de Saint-Aubin consolidée",
       "2024-02-11T07:00:00+01:00", "https://petitfluvial.example/2024/digue", "Le Petit Fluvial",
       "fr"},
      {"ru_article.html", "Паводок в Приречье: вода начала отступать", "2024-04-18T12:00", "",
       "Вестник Приречья", "ru"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.fixture);
    HtmlMeta m = ExtractHtml(ReadFixture(c.fixture), 512).meta;
    EXPECT_EQ(m.title.value_or(""), c.title);
    EXPECT_EQ(m.published.value_or(""), c.published);
    EXPECT_EQ(m.url.value_or(""), c.url);
    EXPECT_EQ(m.site_name.value_or(""), c.site);
    EXPECT_EQ(m.language.value_or(""), c.lang);
  }
}

TEST(HtmlExtractTest, BlocksAreNeverEmptyAndCollapsed) {
  for (const char* f : {"en_article.html", "fr_article.html", "ru_article.html"}) {
    SCOPED_TRACE(f);
    HtmlExtraction ext = ExtractHtml(ReadFixture(f), 512);
    EXPECT_GT(ext.blocks.size(), 5u);
    for (const HtmlBlock& b : ext.blocks) {
      EXPECT_FALSE(b.text.empty());
      EXPECT_EQ(b.text.find("  "), std::string::npos) << b.text;
      EXPECT_EQ(b.text.find('\n'), std::string::npos) << b.text;
      EXPECT_NE(b.text.front(), ' ');
      EXPECT_NE(b.text.back(), ' ');
      EXPECT_EQ(b.text.find("not text"), std::string::npos);  // script content is invisible
      EXPECT_EQ(b.text.find("margin"), std::string::npos);   // style content is invisible
    }
  }
}

TEST(HtmlExtractTest, CapsDepthOf100000NestedDivs) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "bottom text";
  auto start = std::chrono::steady_clock::now();
  HtmlExtraction ext = ExtractHtml(html, 512);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(ext.depth_capped);
  EXPECT_LT(seconds, 1.0 * kTimeBudgetScale);
  ASSERT_EQ(ext.blocks.size(), 1u);
  EXPECT_EQ(ext.blocks[0].text, "bottom text");
}

TEST(HtmlExtractTest, HandlesDegenerateInput) {
  const std::string inputs[] = {
      "", "<", "<<<>>>", "plain text only", "<html><head><title>x", "&#xFFFFFFFF;&;&#;",
      std::string(1 << 20, '<'), "<p>" + std::string(10 << 20, 'x'),
  };
  for (const std::string& in : inputs) {
    SCOPED_TRACE(in.substr(0, 30));
    HtmlExtraction ext = ExtractHtml(in, 512);
    for (const HtmlBlock& b : ext.blocks) EXPECT_FALSE(b.text.empty());
  }
}

}  // namespace
}  // namespace sitrep::clean
