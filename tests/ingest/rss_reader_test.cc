#include <gtest/gtest.h>

#include "ingest/readers.h"
#include "reader_test_util.h"

namespace sitrep::ingest {
namespace {

using testing::ReadBytes;

TEST(RssReaderTest, Rss2WithCdataEntitiesAndDates) {
  std::string bytes = testing::ReadFixture("feed_rss2.xml");
  ASSERT_FALSE(bytes.empty());
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 3u);
  const RawRecord& a = r.records[0];
  EXPECT_EQ(a.record, 0);
  EXPECT_EQ(a.title, "Crue de l'Irtych : 40 maisons évacuées");
  EXPECT_EQ(a.url, "https://veilleur-steppes.example/2022/01/crue-irtych");
  EXPECT_EQ(a.published, "2022-01-07T10:20");
  EXPECT_EQ(a.outlet, "Le Veilleur des Steppes");
  EXPECT_EQ(a.body_kind, BodyKind::kHtml);
  // The headline leads the text (its figures are claims too), escaped as HTML.
  EXPECT_EQ(a.body,
            "<h1>Crue de l&#39;Irtych : 40 maisons évacuées</h1>\n"
            "<p>Les secours ont évacué <b>40 maisons</b> près de Semeï &amp; ses environs.</p>");
  const RawRecord& b = r.records[1];
  EXPECT_EQ(b.title, "Routes fermées – bulletin du matin");
  EXPECT_EQ(b.url, "https://veilleur-steppes.example/2022/01/routes");  // from guid
  EXPECT_EQ(b.published, "2022-01-08T07:05");
  // content:encoded wins over description.
  EXPECT_EQ(b.body,
            "<h1>Routes fermées – bulletin du matin</h1>\n"
            "<p>La route vers Oskemen reste fermée jusqu'à nouvel ordre, indique la préfecture.</p>");
  const RawRecord& c = r.records[2];
  EXPECT_EQ(c.body, "Brève sans texte");  // headline-only item
  EXPECT_EQ(c.body_kind, BodyKind::kText);
  EXPECT_EQ(c.published, "2022-01-09T08:00:00+06:00");
}

TEST(RssReaderTest, AtomEntries) {
  std::string bytes = testing::ReadFixture("feed_atom.xml");
  ASSERT_FALSE(bytes.empty());
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_TRUE(r.status.ok()) << r.status.ToString();
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].outlet, "Prairie Wire");
  EXPECT_EQ(r.records[0].title, "Power restored in two districts");
  EXPECT_EQ(r.records[0].url, "https://prairie-wire.example/power-restored");
  EXPECT_EQ(r.records[0].published, "2022-01-08T09:30:00Z");  // published beats updated
  EXPECT_EQ(r.records[0].body,
            "<h1>Power restored in two districts</h1>\n"
            "<p>Crews restored power to <em>two districts</em> overnight.</p>");
  EXPECT_EQ(r.records[1].title, "Bridge inspection ordered");
  EXPECT_EQ(r.records[1].url, "https://prairie-wire.example/bridge");
  EXPECT_EQ(r.records[1].published, "2022-01-08T10:00:00Z");
  EXPECT_NE(r.records[1].body.find("<p>Engineers will inspect the bridge &amp; its piers.</p>"),
            std::string::npos)
      << r.records[1].body;
}

TEST(RssReaderTest, Rss1Rdf) {
  std::string bytes =
      R"(<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" )"
      R"(xmlns="http://purl.org/rss/1.0/"><channel><title>Лента (демо)</title></channel>)"
      R"(<item rdf:about="https://lenta-demo.example/1"><title>Сход лавины</title>)"
      R"(<link>https://lenta-demo.example/1</link><description>Дорога перекрыта.</description></item></rdf:RDF>)";
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].outlet, "Лента (демо)");
  EXPECT_EQ(r.records[0].title, "Сход лавины");
  EXPECT_EQ(r.records[0].body, "<h1>Сход лавины</h1>\nДорога перекрыта.");
}

TEST(RssReaderTest, HeadlineLeadsTheTextOnceAndEscaped) {
  std::string bytes =
      "<rss><channel><item><title>Dam breach: 3 &lt; 5 &amp; rising</title>"
      "<description>&lt;p&gt;Water rose overnight.&lt;/p&gt;</description></item>"
      "<item><title>Ferry sinks near Ostrel</title>"
      "<description>&lt;p&gt;&lt;b&gt;Ferry sinks&lt;/b&gt; near Ostrel, two missing.&lt;/p&gt;"
      "</description></item></channel></rss>";
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].title, "Dam breach: 3 < 5 & rising");
  EXPECT_EQ(r.records[0].body, "<h1>Dam breach: 3 &lt; 5 &amp; rising</h1>\n<p>Water rose overnight.</p>");
  // The content already starts with the headline's words: not repeated.
  EXPECT_EQ(r.records[1].body, "<p><b>Ferry sinks</b> near Ostrel, two missing.</p>");
}

TEST(RssReaderTest, HeadlineComparedAsTextAndOnlyAtTheOpening) {
  // Entities and no-break spaces in the content are the headline's characters; a footer that
  // repeats the headline does not stand for it.
  std::string bytes =
      "<rss><channel><item><title>AT&amp;T outage: 3 hurt at O'Hare</title>"
      "<description>&lt;p&gt;AT&amp;amp;T&amp;nbsp;outage: 3 hurt at O&amp;#39;Hare, airport "
      "says.&lt;/p&gt;</description></item>"
      "<item><title>Bridge shut in Kelmar</title><description>&lt;p&gt;Engineers closed it."
      "&lt;/p&gt;&lt;p&gt;The post Bridge shut in Kelmar appeared first on Wire.&lt;/p&gt;"
      "</description></item></channel></rss>";
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_EQ(r.records.size(), 2u);
  EXPECT_EQ(r.records[0].body.find("<h1>"), std::string::npos) << r.records[0].body;
  EXPECT_EQ(r.records[1].body.rfind("<h1>Bridge shut in Kelmar</h1>\n", 0), 0u) << r.records[1].body;
}

TEST(RssReaderTest, LegacyEncodingFromXmlDeclaration) {
  // windows-1251 bytes for "Пожар" in title.
  std::string bytes = "<?xml version=\"1.0\" encoding=\"windows-1251\"?><rss><channel><item>"
                      "<title>\xCF\xEE\xE6\xE0\xF0</title><description>x</description></item>"
                      "</channel></rss>";
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].title, "Пожар");
  EXPECT_EQ(r.records[0].charset, "utf-8");
}

TEST(RssReaderTest, EntityBombIsNotExpanded) {
  std::string bytes =
      "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b "
      "\"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
      "<rss><channel><item><title>&c;</title><description>&#x4F;k &#0; &#xD800; &#99999999;"
      "</description></item></channel></rss>";
  auto r = ReadBytes(InputFormat::kRss, bytes);
  ASSERT_EQ(r.records.size(), 1u);
  EXPECT_EQ(r.records[0].title, "&c;");
  EXPECT_EQ(r.records[0].body, "<h1>&amp;c;</h1>\nOk &#0; &#xD800; &#99999999;");
}

TEST(RssReaderTest, TruncatedAndMalformedFeedsDoNotCrash) {
  const struct {
    std::string_view name, bytes;
    size_t records;
    bool ok;
  } cases[] = {
      {"cut in item", "<rss><channel><title>T</title><item><title>Un</title><description>abc", 1,
       true},
      {"unclosed tags", "<rss><channel><item><title>A<b>B</title></item></rss>", 1, true},
      {"not a feed", "<html><body>hi</body></html>", 0, false},
      {"lone lt", "<rss><channel><item><title>a < b</title></item>", 1, true},
      {"deep", "", 0, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name));
    auto r = ReadBytes(InputFormat::kRss, c.bytes);
    EXPECT_EQ(r.records.size(), c.records);
    EXPECT_EQ(r.status.ok(), c.ok) << r.status.ToString();
  }
  std::string deep = "<rss>";
  for (int i = 0; i < 100000; ++i) deep += "<item>";
  auto r = ReadBytes(InputFormat::kRss, deep);
  EXPECT_TRUE(r.status.ok());
  EXPECT_LE(r.records.size(), 1u);
}

TEST(RssReaderTest, Rfc822Dates) {
  const struct {
    std::string_view in;
    std::optional<std::string> out;
  } cases[] = {
      {"Fri, 07 Jan 2022 10:20:00 +0600", "2022-01-07T10:20"},
      {"7 Jan 2022 09:05 GMT", "2022-01-07T09:05"},
      {"Mon, 31 Jan 22 23:59:59 EST", "2022-01-31T23:59"},
      {"07 Jan 2022", "2022-01-07"},
      {"2022-01-07T10:20:00Z", "2022-01-07T10:20:00Z"},
      {"yesterday", std::nullopt},
      {"", std::nullopt},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.in));
    EXPECT_EQ(Rfc822ToIso(c.in), c.out);
  }
}

}  // namespace
}  // namespace sitrep::ingest
