// Tests for the Zoner (src/clean/zoner.cc), its cue set and its date reader. Pages are our own
// inventions (tests/fixtures/text/ and the inline tables below); expectations are compact markup:
// one "[K]" per zone, K = T title, B body, R related, X boilerplate, and for comments
// "[C<index> d<depth> s<score> <posted> q=<quoted author>]".
#include "clean/zoner.h"

#include <gtest/gtest.h>
#include <re2/re2.h>
#include <unicode/uchar.h>

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "base/tsv.h"
#include "base/utf8.h"
#include "clean/text_dates.h"
#include "clean/zoner_cues.h"
#include "document/validate.h"
#include "lang/resources.h"

namespace sitrep::clean {
namespace {

const lang::Resources& Res() {
  static const lang::Resources* res = [] {
    auto r = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    return new lang::Resources(std::move(*r));
  }();
  return *res;
}

const Zoner& TheZoner() {
  static const Zoner* z = [] {
    auto made = Zoner::Create(Res());
    EXPECT_TRUE(made.has_value()) << made.error().ToString();
    return made->release();
  }();
  return *z;
}

std::string ReadFixture(const std::string& name) {
  std::ifstream in(std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/text/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

Document ZoneText(std::string text, const std::vector<Zone>& hints = {}) {
  Document doc;
  doc.text = std::move(text);
  TheZoner().Run(doc, hints);
  Status st = document::ValidateDocument(doc);
  EXPECT_TRUE(st.ok()) << st.ToString();
  return doc;
}

std::string CommentTag(const CommentInfo& c) {
  std::string s = "[C";
  if (c.index) s += std::to_string(*c.index);
  s += " d" + std::to_string(c.depth);
  if (c.score) s += std::string(" s") + (*c.score > 0 ? "+" : "") + std::to_string(*c.score);
  if (c.posted) s += " " + *c.posted;
  if (c.quoted_author) s += " q=" + *c.quoted_author;
  return s + "]";
}

// Zones as markup; non-comment zones show the first two words of their first line.
std::string Render(const Document& doc) {
  std::string out;
  for (const Zone& z : doc.zones) {
    if (!out.empty()) out += "|";
    if (z.kind == ZoneKind::kComment) {
      out += CommentTag(z.comment.value_or(CommentInfo{}));
      continue;
    }
    static const char* kLetters[] = {"T", "B", "R", "C", "X"};
    out += "[" + std::string(kLetters[static_cast<int>(z.kind)]) + "]";
    std::string_view s = doc.Slice(z.span);
    s = s.substr(0, s.find('\n'));
    size_t first = s.find(' ');
    size_t second = first == std::string_view::npos ? first : s.find(' ', first + 1);
    out += std::string(s.substr(0, second));
  }
  return out;
}

std::string RenderProvenance(const Document& doc) {
  std::string out;
  for (const Provenance& p : doc.provenance) {
    if (!out.empty()) out += "|";
    out += std::string(Name(p.relation)) + " outlet=" + p.outlet.value_or("null") +
           " url=" + p.url.value_or("null") + " translator=" + p.translator.value_or("null");
  }
  return out;
}

// All text of zones of `kind`, joined.
std::string TextOf(const Document& doc, ZoneKind kind) {
  std::string out;
  for (const Zone& z : doc.zones) {
    if (z.kind == kind) out += std::string(doc.Slice(z.span)) + "\n";
  }
  return out;
}

// Every non-blank line lies inside exactly one zone.
void ExpectCoverage(const Document& doc) {
  size_t pos = 0, z = 0;
  while (pos < doc.text.size()) {
    size_t nl = doc.text.find('\n', pos);
    if (nl == std::string::npos) nl = doc.text.size();
    std::string_view line(doc.text.data() + pos, nl - pos);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) {
      size_t mid = pos + line.find_first_not_of(" \t\r");
      while (z < doc.zones.size() && doc.zones[z].span.end <= mid) ++z;
      ASSERT_LT(z, doc.zones.size()) << "uncovered line: " << line;
      EXPECT_LE(doc.zones[z].span.begin, mid) << "uncovered line: " << line;
    }
    pos = nl + 1;
  }
}

// Page grammar: the body never resumes once a comment zone has started.
void ExpectNoBodyAfterComments(const Document& doc) {
  bool seen_comment = false;
  for (const Zone& z : doc.zones) {
    seen_comment |= z.kind == ZoneKind::kComment;
    EXPECT_FALSE(seen_comment && z.kind == ZoneKind::kBody) << doc.Slice(z.span);
  }
}

struct PageCase {
  const char* name;
  const char* text;
  const char* zones;
  const char* provenance;
};

TEST(ZonerTest, ZonesSmallPages) {
  const PageCase kCases[] = {
      {"title labelled Source is not provenance",
       "Source : the army leaves the old base\n\nThe garrison left the base on Monday, the "
       "ministry said in a statement.\n",
       "[T]Source :|[B]The garrison", ""},
      {"selon inside the body is not provenance",
       "Title here\n\nSelon Le Monde, dix personnes ont été blessées dans la nuit.\n",
       "[T]Title here|[B]Selon Le", ""},
      {"original article link with the target lost",
       "A title\n\nThe body sentence is long enough to be prose.\n\nRead the original article "
       "here\n",
       "[T]A title|[B]The body|[X]Read the", "translation_of outlet=null url=null translator=null"},
      {"excerpt of another outlet, ru",
       "Заголовок\n\nТекст статьи о событиях в городе.\n\nЧитать далее на vedomosti.example.ru\n",
       "[T]Заголовок|[B]Текст статьи|[X]Читать далее", "excerpt_of outlet=vedomosti.example.ru url=null "
       "translator=null"},
      {"source with a url then a short name line",
       "Headline\n\nBody text of the story, with a full stop.\n\nSource: Reuters\n",
       "[T]Headline|[B]Body text|[X]Source: Reuters", "republished_from outlet=Reuters url=null "
       "translator=null"},
      {"cookie notice above the title, separator, bare counter",
       "We use cookies to improve your experience.\nHeadline\n7\n\nBody text.\n\n*****\n",
       "[X]We use|[T]Headline|[X]7|[B]Body text.|[X]*****", ""},
      {"body bullet list is not a comment thread",
       "Headline\n\nThe plan has three points:\n\n- first point\n- second point\n\nThe end.\n",
       "[T]Headline|[B]The plan", ""},
      {"moderation charter before the thread",
       "Headline\n\nBody sentence.\n\n2 comments\n\nWARNING!\n\nWe will not publish comments "
       "that break these rules:\n\n- No insults\n- No calls to violence\n\n  • First comment "
       "here.\n    Reply\n  • Second comment.\n    Reply\n",
       "[T]Headline|[B]Body sentence.|[X]2 comments|[C d0]|[X]Reply|[C d0]|[X]Reply", ""},
      {"truncated thread still yields its comments",
       "Headline\n\nBody sentence.\n\n1. +2\n7 January 2022 10:20\nThe text is cut",
       "[T]Headline|[B]Body sentence.|[C1 d0 s+2 2022-01-07T10:20]", ""},
      {"a date line may hold ten words (the date patterns run up to there)",
       "Headline\n\nBody sentence.\n\n1. +2\n7 January 2022 10:20 a b c d e f\nThe text is cut",
       "[T]Headline|[B]Body sentence.|[C1 d0 s+2 2022-01-07T10:20]", ""},
      {"depth relative to the first marker",
       "Headline\n\nBody sentence.\n\n    1. +1\n    8 janvier 2022 10: 00\n    Un avis.\n"
       "      1. -3\n      8 janvier 2022 11: 00\n      Une réponse.\n    2. 0\n    9 janvier "
       "2022 07: 05\n    Encore.\n",
       "[T]Headline|[B]Body sentence.|[C1 d0 s+1 2022-01-08T10:00]|[C1 d1 s-3 2022-01-08T11:00]|"
       "[C2 d0 s0 2022-01-09T07:05]",
       ""},
      {"cue words inside body prose stay body",
       "Headline\n\nLes modérateurs du réseau ont supprimé des messages.\n\n« Merci pour votre "
       "soutien », a déclaré le ministre devant les journalistes réunis dans la salle de presse "
       "du ministère, avant de répondre longuement aux questions sur la situation dans les "
       "régions du sud du pays et sur les mesures prises depuis lundi.\n\nDes cookies ont été "
       "distribués aux enfants.\n",
       "[T]Headline|[B]Les modérateurs", ""},
      {"unmarked thread led by author and time lines",
       "Headline\n\nBody sentence.\n\n2 comments\n\nJane D.\nMarch 3, 2024 at 8:15 am\nThe "
       "bridge was closed far too long.\nReply\n\nOmar\n3 March 2024 09:40\nQuote: Jane D.\n"
       "Agreed, and the detour was dangerous.\nReply\n",
       "[T]Headline|[B]Body sentence.|[X]2 comments|[C d0 2024-03-03T08:15]|[X]Reply|"
       "[C d0 2024-03-03T09:40 q=Jane D.]|[X]Reply",
       ""},
      {"thread cut at a reply: the next top-level comment re-bases depth",
       "Headline\n\nBody sentence.\n\n    • #12\n      A reply.\n  • #13\n    Top level.\n"
       "    • #14\n      Another reply.\n",
       "[T]Headline|[B]Body sentence.|[C d0]|[C d0]|[C d1]", ""},
      {"article url under the title",
       "Headline of the day\nhttps://news.example/2024/03/headline\n\nBody sentence.\n",
       "[T]Headline of|[X]https://news.example/2024/03/headline|[B]Body sentence.", ""},
      {"a paragraph for a first line: no title",
       "The garrison left the base on Monday after three days of talks between the ministry, "
       "the two unions of the port and the regional council, which had asked for the troops to "
       "leave the harbour before the fishing season opens; the ministry said in a statement that "
       "the decision was final and that the base would be handed over to the city next year.\n\n"
       "Second paragraph.\n",
       "[B]The garrison", ""},
      {"read also without a headline announces the next line",
       "Headline\n\nFirst paragraph.\n\nRead also\nAnother story about the storm\n\nSecond "
       "paragraph.\n",
       "[T]Headline|[B]First paragraph.|[X]Read also|[R]Another story|[B]Second paragraph.", ""},
  };
  for (const PageCase& c : kCases) {
    SCOPED_TRACE(c.name);
    Document doc = ZoneText(c.text);
    EXPECT_EQ(Render(doc), c.zones);
    EXPECT_EQ(RenderProvenance(doc), c.provenance);
    ExpectCoverage(doc);
    ExpectNoBodyAfterComments(doc);
  }
}

struct FixtureCase {
  const char* file;
  const char* zones;
  const char* provenance;
  const char* title;
  const char* outlet;   // "" = unset
  const char* published;
  PublishedSource published_source;
  std::vector<const char*> body_phrases;     // must be in body, nowhere in comments
  std::vector<const char*> comment_phrases;  // must be in comments, nowhere in body
  std::vector<const char*> outside_body;     // boilerplate and teasers: never body
};

TEST(ZonerTest, ZonesFixturePages) {
  const FixtureCase kCases[] = {
      {"fr_thread.txt",
       "[X]Le Courrier|[T]Almaty :|[X]9|[B]Plusieurs centaines|[R]Lire aussi|[B]Les commerces|"
       "[X]Partagez cet|[R]Bichkek :|[X]9 commentaires|[C1 d0 s+5 2022-01-06T09:02]|"
       "[C1 d1 s-2 2022-01-06T09:40 q=Karlygash]|[C2 d0 s+1 2022-01-06T11:15]|[X]Répondre à|"
       "[C3 d0 s0 2022-01-07T18:30]",
       "translation_of outlet=stepnoy-vestnik.example.ru url=https://stepnoy-vestnik.example.ru "
       "translator=Marie Dupont pour Le Courrier des Steppes",
       "Almaty : la police disperse un rassemblement devant la mairie", "Le Courrier des Steppes",
       "2022-01-06", PublishedSource::kText,
       {"interpellées dans la journée", "jusqu'au soir"},
       {"300 blessés", "Merci pour ce reportage", "Qui finance"},
       {"newsletter", "Faites un don", "source :", "traduction", "Bichkek", "rouvrent leurs",
        "Vous devez vous connecter", "9 commentaires", "Répondre"}},
      {"en_thread.txt",
       "[T]Protesters storm|[B]Demonstrators entered|[R]Read also:|[B]Schools in|[X]Read the|"
       "[R]Nur-Sultan: parliament|[X]Share this|[C d0 q=Anna K.]|[X]Reply|[C d1 2022-01-07T21:05]|[C d0]|"
       "[X]Reply",
       "excerpt_of outlet=steppe-times.example.com url=null translator=null",
       "Protesters storm city hall in Almaty as fuel prices double", "", "2022-01-07",
       PublishedSource::kComments,
       {"12 officers had been injured", "stay closed until Monday"},
       {"much higher than that", "Sources please", "Prices went up"},
       {"Read also", "See also", "parliament meets", "border crossings", "Share this",
        "Follow us", "3 comments", "Log in to comment"}},
      {"ru_thread.txt",
       "[X]Вестник Степи|[T]В Алматы|[X]12 января|[B]Международный аэропорт|[R]Читайте также:|[X]Источник: https://aviapress.example.kz|"
       "[C1 d0 s+7 2022-01-12T14:05]|[X]Ответить|[C1 d1 s-1 2022-01-12T15:20 q=Алексей]|"
       "[C2 d0 s0 2022-01-13T09:00]",
       "translation_of outlet=aviapress.example.kz url=https://aviapress.example.kz "
       "translator=Ольга Смирнова для Вестника Степи",
       "В Алматы возобновилась работа аэропорта", "Вестник Степи", "2022-01-12",
       PublishedSource::kText,
       {"принял 18 рейсов"},
       {"погибли 5 человек", "Вам ещё повезло", "жду свой рейс"},
       {"Поделиться", "5 комментариев", "войдите на сайт", "Перевод", "Ответить"}},
  };
  for (const FixtureCase& c : kCases) {
    SCOPED_TRACE(c.file);
    std::string text = ReadFixture(c.file);
    ASSERT_FALSE(text.empty()) << "missing fixture";
    Document doc = ZoneText(text);
    EXPECT_EQ(Render(doc), c.zones);
    EXPECT_EQ(RenderProvenance(doc), c.provenance);
    EXPECT_EQ(doc.title.value_or(""), c.title);
    EXPECT_EQ(doc.outlet.value_or(""), c.outlet);
    EXPECT_EQ(doc.published.value.value_or(""), c.published);
    EXPECT_EQ(doc.published.source, c.published_source);
    ExpectCoverage(doc);
    ExpectNoBodyAfterComments(doc);
    std::string body = TextOf(doc, ZoneKind::kBody);
    std::string comments = TextOf(doc, ZoneKind::kComment);
    for (const char* p : c.body_phrases) {
      EXPECT_NE(body.find(p), std::string::npos) << "not in body: " << p;
      EXPECT_EQ(comments.find(p), std::string::npos) << "body text in a comment: " << p;
    }
    for (const char* p : c.comment_phrases) {
      EXPECT_NE(comments.find(p), std::string::npos) << "not in comments: " << p;
      EXPECT_EQ(body.find(p), std::string::npos) << "comment text in the body: " << p;
    }
    for (const char* p : c.outside_body) {
      EXPECT_EQ(body.find(p), std::string::npos) << "in body: " << p;
      EXPECT_EQ(comments.find(p), std::string::npos) << "in comments: " << p;
    }
    for (const Provenance& p : doc.provenance) {
      EXPECT_FALSE(p.span.empty());
      EXPECT_EQ(doc.Slice(p.span).find('\n') == std::string_view::npos ||
                    p.relation == ProvenanceRelation::kTranslationOf,
                true);
    }
  }
}

std::string Unescape(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      ++i;
      out.push_back(s[i] == 'n' ? '\n' : s[i]);
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

// resources/<lang>/examples.tsv rows of stage "zoner": every pack brings its own cases.
TEST(ZonerTest, RunsTheExamplesOfEveryPack) {
  auto tables = Res().TableFromEveryPack("examples.tsv", {"stage", "input", "expected"});
  ASSERT_TRUE(tables.has_value()) << tables.error().ToString();
  int run = 0;
  for (const base::TsvTable& t : *tables) {
    int stage = t.Column("stage"), input = t.Column("input"), expected = t.Column("expected");
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[stage] != "zoner") continue;
      SCOPED_TRACE(t.Where(row));
      Document doc = ZoneText(Unescape(row.fields[input]));
      EXPECT_EQ(Render(doc), Unescape(row.fields[expected]));
      ExpectCoverage(doc);
      ++run;
    }
  }
  EXPECT_GE(run, 3);
}

TEST(ZonerTest, HtmlHintsKeepKindsAndRefineLines) {
  std::string text =
      "Storm hits the coast\n\nThe storm reached the coast at dawn.\nShare this article\n"
      "Source: https://coast-news.example.org/storm\n\n1 comment\n+3\n7 January 2022 10:20\nQuote: Ann\n"
      "I live there and it was loud.\n\nA second block of body that mentions a newsletter "
      "in the middle of a long sentence.";
  auto off = [&](std::string_view s) { return static_cast<uint32_t>(text.find(s)); };
  std::vector<Zone> hints = {
      {ZoneKind::kTitle, {0, off("\n\nThe storm")}, std::nullopt},
      {ZoneKind::kBody, {off("The storm"), off("\n\n1 comment")}, std::nullopt},
      {ZoneKind::kComment, {off("1 comment"), off("\n\nA second")}, CommentInfo{}},
      {ZoneKind::kBody, {off("A second"), static_cast<uint32_t>(text.size())}, std::nullopt},
  };
  hints[2].comment->depth = 1;
  Document doc = ZoneText(text, hints);
  EXPECT_EQ(Render(doc),
            "[T]Storm hits|[B]The storm|[X]Share this|[C d1 s+3 2022-01-07T10:20 q=Ann]|"
            "[B]A second");
  EXPECT_EQ(RenderProvenance(doc),
            "republished_from outlet=coast-news.example.org "
            "url=https://coast-news.example.org/storm translator=null");
  EXPECT_EQ(doc.title.value_or(""), "Storm hits the coast");
  ExpectCoverage(doc);
}

TEST(ZonerTest, HostileInputStaysBounded) {
  // Many comment markers: zones are capped, spans stay valid.
  std::string many;
  many += "Headline\n\nBody.\n\n";
  for (int i = 0; i < 30000; ++i) {
    many += "1. +1\n7 January 2022 10:20\nx\n";
  }
  Document doc = ZoneText(many);
  EXPECT_LE(doc.zones.size(), 20000u);
  ASSERT_EQ(doc.warnings.size(), 1u);
  EXPECT_EQ(doc.warnings[0].code, "zones_capped");
  // A single 2 MB line, a line of markers, and invalid-looking dates do not crash.
  Document huge = ZoneText(std::string(2 << 20, 'a') + "\n• • •\n31 février 2022 25: 99\n");
  EXPECT_FALSE(huge.zones.empty());
  Document blank = ZoneText(" \n\t\n\xC2\xA0\n");
  EXPECT_TRUE(blank.zones.empty());
  EXPECT_TRUE(ZoneText("").zones.empty());
}

// An outlet that asks readers to follow it names itself: the outlet of a plain text without one
// (never from a comment, never a lowercase phrase, never over a named outlet).
TEST(ZonerTest, FollowPromptNamesTheOutlet) {
  const std::string body =
      "Les dockers de Port-Valmont en grève\n\n"
      "Les dockers de Port-Valmont ont voté la grève jeudi soir, a annoncé leur syndicat. Le port "
      "est à l'arrêt et une centaine de navires attendent au large.\n\n";
  Document doc = ZoneText(body + "Rejoignez Le Phare du Nord sur Facebook, Vkontakte et Telegram\n");
  EXPECT_EQ(doc.outlet.value_or(""), "Le Phare du Nord");
  doc = ZoneText(body + "Rejoignez la discussion sur Telegram\n");
  EXPECT_FALSE(doc.outlet.has_value()) << *doc.outlet;
  doc = ZoneText("La Gazette\nhttps://gazette.example/\n\n" + body +
                 "Rejoignez Le Phare du Nord sur Facebook\n");
  EXPECT_EQ(doc.outlet.value_or(""), "La Gazette");
  doc = ZoneText(body +
                 "3 commentaires\n1. Paul\n12 mars 2025 10:20\nBravo.\n"
                 "Rejoignez Le Phare du Nord sur Facebook\n");
  EXPECT_FALSE(doc.outlet.has_value()) << *doc.outlet;
}

TEST(TextDateReaderTest, ReadsDatesInEveryLanguage) {
  auto reader = TextDateReader::Create(Res());
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  struct Case {
    const char* in;
    const char* iso;  // "" = no date
  };
  const Case kCases[] = {
      {"7 janvier 2022 10: 20", "2022-01-07T10:20"},
      {"Le 7 janvier 2022 à 01:19 par X", "2022-01-07T01:19"},
      {"Publié le 1er févr. 2022 à 8h05", "2022-02-01T08:05"},
      {"January 7, 2022 at 9:05 pm", "2022-01-07T21:05"},
      {"7 Jan 2022", "2022-01-07"},
      {"12 января 2022 в 14:05", "2022-01-12T14:05"},
      {"12 ЯНВАРЯ 2022", "2022-01-12"},
      {"2022-01-07 10:20", "2022-01-07T10:20"},
      {"07.01.2022 10:20", "2022-01-07T10:20"},
      {"31 février 2022", ""},
      {"vendredi 7 janvier", ""},
      {"7 janvier 2022 25: 10", "2022-01-07"},
      {"in 2022 some 18 militants", ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.in);
    auto d = (*reader)->Find(c.in);
    EXPECT_EQ(d ? d->iso : "", c.iso);
  }
}

// Where a date starts and ends, and which groups it has, at the edges the group readers handle
// (TextDateReader reads a match's groups with a smaller pattern than the one that found it):
// the start of the text, a multi-byte character before the day, a comma after the month, an
// earlier non-date or invalid date on the line, a year inside a longer number.
TEST(TextDateReaderTest, ReadsGroupsAndSpansAtTheEdges) {
  auto reader = TextDateReader::Create(Res());
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  struct Case {
    const char* in;
    const char* iso;  // "" = no date
    size_t begin, end;
  };
  const Case kCases[] = {
      {"(March 7, 2022)", "2022-03-07", 1, 14},
      {"\u00a07 janvier 2022 10:20", "2022-01-07T10:20", 2, 22},
      {"\u00ab7 janvier 2022\u00bb", "2022-01-07", 2, 16},
      {"7 mars, 2022 \u00e0 9h05", "2022-03-07T09:05", 0, 20},
      {"Posted March 16, 2025 1: 15 PM", "2025-03-16T13:15", 7, 30},
      {"le 1er mars 2022", "2022-03-01", 3, 16},
      {"12 foo 2025, 13 mars 2025", "2025-03-13", 13, 25},
      {"31 f\u00e9vrier 2022, puis 1 mars 2022", "2022-03-01", 23, 34},
      {"2022-01-07 et 07.01.2022", "2022-01-07", 0, 10},
      {"1.2.20251", "2025-02-01", 0, 8},
      {"sur 12345-01-01", "", 0, 0},
      // The checks run before the name patterns: spaces and one comma before the year, a
      // suffix RE2 folds ("\u017ft" for "st"), no day anywhere before the name.
      {"March 1\u017ft 2025", "2025-03-01", 0, 15},
      {"March 3rd \t, \n2025", "2025-03-03", 0, 18},
      {"3\tmars ,\t2025", "2025-03-03", 0, 13},
      {"March , 2025 and 4 2025", "", 0, 0},
      {"in 2025, mars 2025", "", 0, 0},
      {"March 3,, 2025", "", 0, 0},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.in);
    auto d = (*reader)->Find(c.in);
    EXPECT_EQ(d ? d->iso : "", c.iso);
    if (d) {
      EXPECT_EQ(d->begin, c.begin);
      EXPECT_EQ(d->end, c.end);
    }
  }
}

// The zoner skips NormalizeCueLine for lines it would not change; it must never skip one it
// would change.
TEST(CueSetTest, KnowsWhichLinesAreAlreadyNormalized) {
  struct Case {
    const char* line;
    bool normalized;
  };
  const Case kCases[] = {
      {"Reply", true},
      {"Lire aussi : un titre", true},
      {"\u00ab Bonjour \u00bb, dit-il", true},
      {"\u041e\u0442\u0432\u0435\u0442\u0438\u0442\u044c \u0432\u0441\u0435\u043c", true},
      {"", true},
      {"two  spaces", false},
      {"tab\there", false},
      {" leading", false},
      {"trailing ", false},
      {"Lire\u00a0aussi", false},
      {"l\u2019article", false},
      {"a \u202f: b", false},
      {"x\u3000y", false},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.line);
    EXPECT_EQ(IsNormalizedCueLine(c.line), c.normalized);
    EXPECT_EQ(NormalizeCueLine(c.line) == c.line, c.normalized);
  }
}

// The same on generated lines: spaces of every kind at the ends, doubled, before and after
// apostrophes, accented and Cyrillic letters, dashes and guillemets.
TEST(CueSetTest, KnowsWhichGeneratedLinesAreAlreadyNormalized) {
  const char* kPieces[] = {"a", "Z", "é", "ж", " ", " ", "  ", "\t", "\r", "\v",
                           " ", "’", "‘", "ʼ", "'", " ", " ",
                           "　", "﻿", "—", "«", "»", " ", "-", "1"};
  uint32_t seed = 99;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  int normalized = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string line;
    const int n = static_cast<int>(next() % (i % 2 == 0 ? 9 : 40));
    for (int k = 0; k < n; ++k) {
      // Long runs of letters too: the check reads eight plain bytes at a time.
      line += next() % 3 == 0 ? "wordy" : kPieces[next() % (sizeof(kPieces) / sizeof(kPieces[0]))];
    }
    const bool is = NormalizeCueLine(line) == line;
    ASSERT_EQ(IsNormalizedCueLine(line), is) << line;
    normalized += is;
  }
  EXPECT_GT(normalized, 500);
}

// Reference: IsNormalizedCueLine as it was before it read eight bytes at a time (one table
// lookup per byte), kept here to check that the faster one gives the same answer everywhere.
bool RefIsNormalizedCueLine(std::string_view line) {
  enum class K { kPlain, kSpace, kControl, kLead };
  auto kind = [](unsigned char b) {
    if (b == ' ') return K::kSpace;
    if (b >= '\t' && b <= '\r') return K::kControl;
    if (b == 0xC2 || b == 0xCA || b == 0xE1 || b == 0xE2 || b == 0xE3 || b == 0xEF) return K::kLead;
    return K::kPlain;
  };
  const size_t n = line.size();
  if (n > 0 && (static_cast<unsigned char>(line[n - 1]) & 0xC0) == 0x80) {
    size_t last = base::FloorBoundary(line, n - 1);
    if (base::ValidUtf8Prefix(line.substr(last)) != n - last) return false;
  }
  const auto* p = reinterpret_cast<const unsigned char*>(line.data());
  for (size_t pos = 0; pos < n;) {
    const K k = kind(p[pos]);
    if (k == K::kPlain) {
      ++pos;
      continue;
    }
    if (k == K::kSpace) {
      if (pos == 0 || pos + 1 == n) return false;
      const K next = kind(p[pos + 1]);
      if (next == K::kSpace || next == K::kControl) return false;
      pos += next == K::kPlain ? 2 : 1;
      continue;
    }
    if (k == K::kControl) return false;
    char32_t c = base::DecodeOne(line, &pos);
    if (base::IsSpace(c) || c == U'\u2019' || c == U'\u2018' || c == U'\u02BC') return false;
  }
  return true;
}

// IsNormalizedCueLine reads eight bytes at a time: every special piece (and every pair of them)
// at every offset across the first word boundaries, in lines of plain letters, spaces, accents
// and Cyrillic, must get the reference's answer; and a line it calls normalized must be one
// NormalizeCueLine leaves as it is.
TEST(CueSetTest, KnowsNormalizedLinesAtEveryOffset) {
  const std::string kSpecials[] = {" ", "  ", "\t", "\r", "\v", "\f", "\n", "\x1f", "\x01",
                                   "\u00a0", "\u202f", "\u2009", "\u3000", "\ufeff", "\u2019",
                                   "\u2018", "\u02bc", "\u00ab", "\u00bb", "\u2014", "\u0161",
                                   "\u0436", "\u00e9", "\u1680", "\u1e9e", "\u3042", "\U0001F600",
                                   "\xe2\x80", "\xc2", "\xef\xbb", "\x80", "'", "!"};
  const std::string kBases[] = {"abcdefghijklmnopqrstuvwx", "ab cd ef gh ij kl mn op qr",
                                "\u00e9t\u00e9 \u0436\u0436 abc\u00e9 d", "a b c d e f g h i j k l"};
  int checked = 0, normalized = 0;
  auto check = [&](const std::string& line) {
    const bool is = IsNormalizedCueLine(line);
    ASSERT_EQ(is, RefIsNormalizedCueLine(line)) << testing::PrintToString(line);
    if (is) {
      ASSERT_EQ(NormalizeCueLine(line), line) << testing::PrintToString(line);
    }
    ++checked;
    normalized += is;
  };
  for (const std::string& base : kBases) {
    check(base);
    for (const std::string& a : kSpecials) {
      for (size_t i = 0; i <= 18; ++i) {
        std::string line = base;
        line.insert(std::min(i, line.size()), a);
        check(line);
        for (const std::string& b : kSpecials) {
          for (size_t j = i; j <= i + 9; ++j) {
            std::string two = line;
            two.insert(std::min(j, two.size()), b);
            check(two);
          }
        }
      }
    }
  }
  EXPECT_GT(checked, 100000);
  EXPECT_GT(normalized, 1000);
}

// Long lines (hundreds of eight-byte words) with one or two spaces, a control or an apostrophe
// dropped anywhere, the line of only spaces, and the empty line.
TEST(CueSetTest, KnowsNormalizedLongLines) {
  std::string prose;
  for (int i = 0; i < 60; ++i) prose += i % 3 == 0 ? "\u0436\u0438\u0437\u043d\u044c " : "word\u00e9s ";
  prose.pop_back();
  const std::string kDrops[] = {" ", "\t", "\u2019", "\u00a0", "x"};
  int normalized = 0;
  for (const std::string& d : kDrops) {
    for (size_t at = 0; at <= prose.size(); at += 7) {
      std::string line = prose;
      line.insert(at, d);
      const bool is = IsNormalizedCueLine(line);
      ASSERT_EQ(is, RefIsNormalizedCueLine(line)) << at << " " << testing::PrintToString(d);
      ASSERT_EQ(is, NormalizeCueLine(line) == line) << at << " " << testing::PrintToString(d);
      normalized += is;
    }
  }
  EXPECT_GT(normalized, 50);
  for (size_t n = 0; n < 20; ++n) {
    const std::string spaces(n, ' ');
    EXPECT_EQ(IsNormalizedCueLine(spaces), n == 0) << n;
  }
}

TEST(CueSetTest, RejectsBadRows) {
  struct Case {
    const char* tsv;
    const char* error_part;
  };
  const Case kCases[] = {
      {"kind\tpattern\nshout\t^hello$\n", "unknown cue kind"},
      {"kind\tpattern\nreply_link\t(unclosed\n", "bad pattern"},
      {"kind\tpattern\nsource_line\t^(a)(b)$\n", "at most one capture group"},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.tsv);
    auto t = base::ParseTsv(c.tsv, "x.tsv");
    ASSERT_TRUE(t.has_value());
    auto set = CueSet::FromTables({*t});
    ASSERT_FALSE(set.has_value());
    EXPECT_NE(set.error().ToString().find(c.error_part), std::string::npos)
        << set.error().ToString();
    EXPECT_NE(set.error().ToString().find("x.tsv:2"), std::string::npos);
  }
}

TEST(CueSetTest, MatchesCuesOfEveryPack) {
  auto set = CueSet::Create(Res());
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  struct Case {
    const char* line;
    Cue cue;
    const char* arg;
  };
  const Case kCases[] = {
      {"Répondre à ce message", Cue::kReplyLink, ""},
      {"Reply", Cue::kReplyLink, ""},
      {"Ответить", Cue::kReplyLink, ""},
      {"54 Commentaires", Cue::kCommentCounter, ""},
      {"14 комментариев", Cue::kCommentCounter, ""},
      {"Citation: Bob", Cue::kQuoteIntro, "Bob"},
      {"Цитата: Иван", Cue::kQuoteIntro, "Иван"},
      {"Lire la suite de l\u2019article sur lemonde.fr", Cue::kReadMoreOn, "lemonde.fr"},
      {"source : https://x.example.ru", Cue::kSourceLine, "https://x.example.ru"},
      {"traduction Jean pour Le Site", Cue::kTranslationLine, "Jean pour Le Site"},
      {"Translated by Ann for The Daily", Cue::kTranslationLine, "Ann for The Daily"},
      {"Lire\u00a0aussi : Un autre titre", Cue::kReadAlso, "Un autre titre"},
      {"Читайте также", Cue::kReadAlso, ""},
      {"Log in to comment", Cue::kLoginPrompt, ""},
      {"Laisser un commentaire", Cue::kCommentForm, ""},
      {"Rejoignez Le Phare du Nord sur Facebook et Telegram", Cue::kFollowPrompt, "Le Phare du Nord"},
      {"Join Harbour Post on Telegram", Cue::kFollowPrompt, "Harbour Post"},
      {"Join us on Telegram", Cue::kFollowPrompt, ""},
      {"The storm reached the coast at dawn.", Cue::kNone, ""},
  };
  for (const Case& c : kCases) {
    SCOPED_TRACE(c.line);
    CueMatch m = (*set)->Match(NormalizeCueLine(c.line));
    EXPECT_EQ(CueName(m.cue), CueName(c.cue));
    EXPECT_EQ(m.arg, c.arg);
  }
}

// Lines for the oracle test below: every line of the fixture pages and the packs' zoner examples,
// and generated lines built from cue words, spaces and punctuation (all in cue form).
std::vector<std::string> CueTestLines() {
  std::vector<std::string> raw;
  auto add_text = [&](const std::string& text) {
    size_t pos = 0;
    while (pos <= text.size()) {
      size_t nl = text.find('\n', pos);
      if (nl == std::string::npos) nl = text.size();
      raw.push_back(text.substr(pos, nl - pos));
      pos = nl + 1;
    }
  };
  for (const char* name : {"fr_thread.txt", "en_thread.txt", "ru_thread.txt"}) {
    std::ifstream in(std::string(SITREP_SOURCE_DIR) + "/tests/fixtures/text/" + name,
                     std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    add_text(ss.str());
  }
  auto tables = Res().TableFromEveryPack("examples.tsv", {"stage", "input", "expected"});
  EXPECT_TRUE(tables.has_value());
  for (const base::TsvTable& t : *tables) {
    for (const base::TsvRow& row : t.rows) {
      if (row.fields[t.Column("stage")] == "zoner") add_text(Unescape(row.fields[t.Column("input")]));
    }
  }
  const char* kWords[] = {
      "reply", "Répondre", "Ответить", "12", "comments", "commentaires", "комментариев", ":",
      "source", "https://x.example.org/a", "Lire", "aussi", "la", "suite", "sur", "vous",
      "devez", "être", "connecté", "cookies", "site", "newsletter", "your", "support", "share",
      "this", "with", "a", "friend", "Join", "us", "on", "Telegram", "wrote", "said", "(3)",
      "Citation", "l’article", "original", " ", "  ", "\t", "!", "required", "fields",
      "will", "not", "be", "published", "champs", "obligatoires", "the", "storm", "поделиться",
      "Translated", "by", "traduction", "par", "see", "also", "Warning", "Avertissement"};
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string line;
    const int n = 1 + static_cast<int>(next() % 7);
    for (int w = 0; w < n; ++w) {
      if (w > 0) line += next() % 5 == 0 ? "" : " ";
      line += kWords[next() % (sizeof(kWords) / sizeof(kWords[0]))];
    }
    raw.push_back(line);
  }
  std::vector<std::string> lines;
  for (const std::string& r : raw) {
    std::string n = NormalizeCueLine(r);
    if (!n.empty()) lines.push_back(n);
  }
  return lines;
}

// Match must give the highest-priority pattern (smallest kind, then first in the tables) that
// matches the line on its own, with its capture and whether it matched from the first character:
// checked against every pattern compiled alone, on every line above.
TEST(CueSetTest, MatchIsTheBestPatternThatMatchesAlone) {
  auto set = CueSet::Create(Res());
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  auto tables = Res().TableFromEveryPack("zoning_cues.tsv", {"kind", "pattern"});
  ASSERT_TRUE(tables.has_value());
  struct Pattern {
    Cue cue;
    std::unique_ptr<RE2> re;
  };
  std::vector<Pattern> patterns;
  RE2::Options opt;
  opt.set_case_sensitive(false);
  for (const base::TsvTable& t : *tables) {
    for (const base::TsvRow& row : t.rows) {
      Cue cue = Cue::kNone;
      for (int c = 1; c <= static_cast<int>(Cue::kCookie); ++c) {
        if (CueName(static_cast<Cue>(c)) == row.fields[t.Column("kind")]) cue = static_cast<Cue>(c);
      }
      ASSERT_NE(cue, Cue::kNone) << t.Where(row);
      patterns.push_back({cue, std::make_unique<RE2>(row.fields[t.Column("pattern")], opt)});
    }
  }
  ASSERT_EQ(patterns.size(), (*set)->size());
  size_t hits = 0;
  std::set<Cue> kinds_seen;
  for (const std::string& line : CueTestLines()) {
    SCOPED_TRACE(line);
    const Pattern* best = nullptr;
    for (const Pattern& p : patterns) {
      if (RE2::PartialMatch(line, *p.re) && (best == nullptr || p.cue < best->cue)) best = &p;
    }
    CueMatch m = (*set)->Match(line);
    ASSERT_EQ(CueName(m.cue), CueName(best ? best->cue : Cue::kNone));
    if (best == nullptr) continue;
    ++hits;
    kinds_seen.insert(best->cue);
    re2::StringPiece in(line), groups[2];
    const int n = best->re->NumberOfCapturingGroups() + 1;
    ASSERT_TRUE(best->re->Match(in, 0, line.size(), RE2::UNANCHORED, groups, n));
    EXPECT_EQ(m.at_start, groups[0].data() == line.data());
    std::string arg = n > 1 && groups[1].data() != nullptr
                          ? std::string(base::TrimSpace(std::string_view(groups[1].data(), groups[1].size())))
                          : "";
    EXPECT_EQ(m.arg, arg);
  }
  EXPECT_GT(hits, 300u);
  EXPECT_GE(kinds_seen.size(), 12u);
}

}  // namespace
}  // namespace sitrep::clean

namespace sitrep::clean {
namespace {

// CueSet::Match screens lines with a LiteralPrefilter before its RE2 sets; MatchUnfiltered runs
// the sets on every line, as Match did before the prefilter. Same answer (cue, argument, start)
// on every test line above, in upper, lower and alternating case, with long s and Kelvin signs
// for s and k, on prose lines of the three languages and on random bytes.
TEST(CueSetTest, PrefilterChangesNoMatch) {
  auto set = CueSet::Create(Res());
  ASSERT_TRUE(set.has_value()) << set.error().ToString();
  std::vector<std::string> lines = CueTestLines();
  const char* kProse[] = {
      "The Interior Ministry said on Saturday that 1,150 people had been detained since Tuesday.",
      "Share this article with a friend who cares about the news, your support matters.",
      "Le gouvernement a annoncé mardi un couvre-feu ; vous pouvez partager cet article.",
      "Selon la source, les commentaires des lecteurs ne sont pas publiés sur le site.",
      "Власти сообщили, что правила комментирования сайта изменятся, читайте также новости.",
      "Мнение редакции может не совпадать с мнением автора.",
      "We use cookies to improve your browsing experience on our site.",
  };
  for (const char* p : kProse) lines.push_back(p);
  uint32_t seed = 777;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int i = 0; i < 300; ++i) {
    std::string junk;
    for (int n = 1 + int(next() % 60); n > 0; --n) junk += char(next() % 256);
    lines.push_back(junk);
  }
  size_t hits = 0;
  for (const std::string& base_line : lines) {
    std::string upper, lower, alt, odd;
    size_t pos = 0;
    int k = 0;
    while (pos < base_line.size()) {
      const char32_t c = base::DecodeOne(base_line, &pos);
      base::AppendUtf8(char32_t(u_toupper(UChar32(c))), &upper);
      base::AppendUtf8(char32_t(u_tolower(UChar32(c))), &lower);
      base::AppendUtf8(char32_t(k++ % 2 ? u_toupper(UChar32(c)) : u_tolower(UChar32(c))), &alt);
      // Characters RE2 matches case-insensitively with another script's letters: long s, Kelvin.
      base::AppendUtf8(c == 's' ? U'\u017F' : c == 'k' ? U'\u212A' : c, &odd);
    }
    for (const std::string& line : {base_line, upper, lower, alt, odd}) {
      SCOPED_TRACE(line);
      const CueMatch a = (*set)->Match(line);
      const CueMatch b = (*set)->MatchUnfiltered(line);
      ASSERT_EQ(CueName(a.cue), CueName(b.cue));
      ASSERT_EQ(a.arg, b.arg);
      ASSERT_EQ(a.at_start, b.at_start);
      if (a.cue != Cue::kNone) ++hits;
    }
  }
  EXPECT_GT(hits, 1000u);
}

}  // namespace
}  // namespace sitrep::clean
