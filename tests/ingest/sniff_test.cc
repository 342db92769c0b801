#include <gtest/gtest.h>

#include "ingest/reader.h"
#include "reader_test_util.h"

namespace sitrep::ingest {
namespace {

TEST(SniffTest, RecognisesFormats) {
  std::string utf16_html = "\xFF\xFE";
  for (char c : std::string("<html><body><p>Hi</p></body></html>")) {
    utf16_html.push_back(c);
    utf16_html.push_back('\0');
  }
  const struct {
    std::string_view name;
    std::string path, head;
    InputFormat format;
  } cases[] = {
      {"warc", "a.bin", "WARC/1.1\r\nWARC-Type: warcinfo\r\n", InputFormat::kWarc},
      {"warc.gz", "crawl.warc.gz", testing::Gzip("WARC/1.0\r\nWARC-Type: response\r\n"),
       InputFormat::kWarc},
      {"telegram pretty", "result.json",
       "{\n \"name\": \"Канал\",\n \"type\": \"public_channel\",\n \"id\": 1,\n \"messages\": [\n",
       InputFormat::kTelegram},
      {"telegram minified", "x", R"({"name":"c","type":"public_channel","messages":[]})",
       InputFormat::kTelegram},
      {"jsonl", "x.txt", "{\"text\": \"a\"}\n{\"text\": \"b\"}\n", InputFormat::kJsonl},
      {"jsonl one line", "x", "{\"text\": \"a\"}", InputFormat::kJsonl},
      {"rss", "feed", "<?xml version=\"1.0\"?>\n<rss version=\"2.0\"><channel>", InputFormat::kRss},
      {"atom", "feed", "<?xml version=\"1.0\"?><feed xmlns=\"http://www.w3.org/2005/Atom\">",
       InputFormat::kRss},
      {"rdf", "feed", "<rdf:RDF xmlns:rdf=\"x\">", InputFormat::kRss},
      {"doctype", "page.txt", "<!DOCTYPE html>\n<p>x</p>", InputFormat::kHtml},
      {"fragment", "page", "<div class=a><p>Texte</p><a href=\"/x\">lien</a></div>",
       InputFormat::kHtml},
      {"utf16 html", "page", utf16_html, InputFormat::kHtml},
      {"text", "news.html", "Crue à Semeï\n\nLes secours sont mobilisés.\n", InputFormat::kText},
      {"text with < ", "notes.txt", "a < b and c > d\n", InputFormat::kText},
      {"xml named rss", "x.rss", "<channel><item>", InputFormat::kRss},
      {"markup named html", "x.html", "<section>x</section>", InputFormat::kHtml},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name));
    Result<InputFormat> f = SniffFormat(c.path, c.head);
    ASSERT_TRUE(f.has_value()) << f.error().ToString();
    EXPECT_EQ(Name(*f), Name(c.format));
  }
}

TEST(SniffTest, RejectsBinaryAndEmptyWithAReason) {
  std::string nul_soup(1000, 'a');
  for (size_t i = 0; i < nul_soup.size(); i += 7) nul_soup[i] = '\0';
  const struct {
    std::string_view name;
    std::string head;
    StatusCode code;
    std::string message;
  } cases[] = {
      {"empty", "", StatusCode::kCorrupt, "empty file"},
      {"whitespace", "  \n\n", StatusCode::kCorrupt, "empty file"},
      {"pdf", "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n", StatusCode::kUnsupported, "binary file (PDF)"},
      {"png", "\x89PNG\r\n\x1A\n....IHDR", StatusCode::kUnsupported, "binary file (PNG)"},
      {"jpeg", "\xFF\xD8\xFF\xE0..JFIF", StatusCode::kUnsupported, "binary file (JPEG)"},
      {"gif", "GIF89a....", StatusCode::kUnsupported, "binary file (GIF)"},
      {"zip", "PK\x03\x04....", StatusCode::kUnsupported, "binary file (ZIP)"},
      {"elf", "\x7F" "ELF\x02\x01", StatusCode::kUnsupported, "binary file (ELF)"},
      {"gzip not warc", testing::Gzip("just some text"), StatusCode::kUnsupported,
       "gzip data that is not a WARC"},
      {"nul soup", nul_soup, StatusCode::kUnsupported, "binary file (NUL bytes)"},
      {"json array", "[1, 2, 3]", StatusCode::kUnsupported,
       "JSON that is neither JSON Lines nor a Telegram export"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.name));
    Result<InputFormat> f = SniffFormat("file", c.head);
    ASSERT_FALSE(f.has_value());
    EXPECT_EQ(f.error().code(), c.code);
    EXPECT_EQ(f.error().message(), c.message);
  }
}

}  // namespace
}  // namespace sitrep::ingest
