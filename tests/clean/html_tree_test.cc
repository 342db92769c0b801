#include "clean/html_tree.h"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

#include "clean/html_entities.h"
#include "time_budget.h"

namespace sitrep::clean {
namespace {

// Renders the element structure as "div(p(#) p(#))", '#' for a text node, for compact checks.
std::string Shape(const HtmlTree& t, uint32_t i = 0) {
  static const std::pair<Tag, const char*> kNames[] = {
      {Tag::kDiv, "div"}, {Tag::kP, "p"}, {Tag::kLi, "li"}, {Tag::kUl, "ul"}, {Tag::kTd, "td"},
      {Tag::kTr, "tr"}, {Tag::kTable, "table"}, {Tag::kBr, "br"}, {Tag::kImg, "img"},
      {Tag::kA, "a"}, {Tag::kB, "b"}, {Tag::kSpan, "span"}, {Tag::kDt, "dt"}, {Tag::kDd, "dd"},
      {Tag::kDl, "dl"}, {Tag::kTextarea, "textarea"}, {Tag::kOther, "x"}};
  std::string out;
  for (uint32_t c = i + 1; c < t.nodes[i].end; c = t.nodes[c].end) {
    if (!out.empty()) out += ' ';
    const HtmlNode& n = t.nodes[c];
    if (n.tag == Tag::kText) {
      out += '#';
      continue;
    }
    const char* name = "?";
    for (auto& [tag, s] : kNames) {
      if (tag == n.tag) name = s;
    }
    out += name;
    std::string inner = Shape(t, c);
    if (!inner.empty()) out += "(" + inner + ")";
  }
  return out;
}

TEST(HtmlTreeTest, BuildsTreesWithImpliedEndTags) {
  struct Case {
    const char* html;
    const char* shape;
  } cases[] = {
      {"<p>a<p>b", "p(#) p(#)"},
      {"<div><p>a<div>b</div></div>", "div(p(#) div(#))"},
      {"<ul><li>a<li>b</ul>", "ul(li(#) li(#))"},
      {"<ul><li>a<ul><li>b</ul><li>c</ul>", "ul(li(# ul(li(#))) li(#))"},
      {"<table><tr><td>a<td>b<tr><td>c</table>", "table(tr(td(#) td(#)) tr(td(#)))"},
      {"<dl><dt>a<dd>b<dt>c</dl>", "dl(dt(#) dd(#) dt(#))"},
      {"<p>a<br>b<img src=x>c</p>", "p(# br # img #)"},
      {"<div>a</span>b</div>", "div(# #)"},                        // stray end tag ignored
      {"<div><b>a</div>b", "div(b(#)) #"},                          // end tag closes inner ones
      {"<p>x<script>if (a < b) { document.write('<p>'); }</script>y</p>", "p(# #)"},
      {"<p>x<!-- <p>hidden</p> -->y</p>", "p(# #)"},
      {"<p><![CDATA[a<b]]></p>", "p(#)"},
      {"<textarea><p>raw</p></textarea>", "textarea(#)"},
      {"<div class=\"a>b\" id='c'>t</div>", "div(#)"},
      {"<my-widget>t</my-widget>", "x(#)"},
      {"<div><p>unclosed", "div(p(#))"},
      {"<div attr=\"never closed>text", ""},                       // EOF inside a tag: dropped
      {"a < b and c <3", "# # # # #"},                        // literal "<" kept as text
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.html);
    HtmlTree t = ParseHtml(c.html, 512);
    EXPECT_EQ(Shape(t), c.shape);
  }
}

TEST(HtmlTreeTest, KeepsAttributesAndHeadData) {
  HtmlTree t = ParseHtml(
      "<html lang=fr><head><title>T &amp; U</title><meta property='og:title' content=\"X\">"
      "<script type=\"application/ld+json\">{\"a\":1}</script></head>"
      "<body><DIV CLASS=\"Story main\" ID=top ItemProp=articleBody>t</DIV></body></html>",
      512);
  EXPECT_EQ(t.title, "T &amp; U");
  ASSERT_EQ(t.json_ld.size(), 1u);
  EXPECT_EQ(t.json_ld[0], "{\"a\":1}");
  bool found_div = false, found_meta = false;
  for (uint32_t i = 0; i < t.nodes.size(); ++i) {
    if (t.nodes[i].tag == Tag::kDiv) {
      found_div = true;
      EXPECT_EQ(t.nodes[i].cls, "Story main");
      EXPECT_EQ(t.nodes[i].id, "top");
      EXPECT_EQ(t.Get(i, Attr::kItemprop), "articleBody");
    }
    if (t.nodes[i].tag == Tag::kMeta) {
      found_meta = true;
      EXPECT_EQ(t.Get(i, Attr::kProperty), "og:title");
      EXPECT_EQ(t.Get(i, Attr::kContent), "X");
    }
    if (t.nodes[i].tag == Tag::kHtml) {
      EXPECT_EQ(t.Get(i, Attr::kLang), "fr");
    }
  }
  EXPECT_TRUE(found_div);
  EXPECT_TRUE(found_meta);
}

TEST(HtmlTreeTest, DecodesEntitiesAndCollapsesWhitespace) {
  struct Case {
    const char* raw;
    const char* text;
  } cases[] = {
      {"a &amp; b", "a & b"},
      {"&lt;tag&gt; &quot;q&quot; &apos;s&apos;", "<tag> \"q\" 's'"},
      {"caf&eacute; &Eacute;t&eacute;", "café Été"},
      {"&#233;&#xE9;&#XE9;", "ééé"},
      {"&#8212; &mdash; &#x2014;", "— — —"},
      {"&#150;", "–"},                       // windows-1252 range maps like browsers
      {"&#0; &#xD800; &#99999999;", "\xEF\xBF\xBD \xEF\xBF\xBD \xEF\xBF\xBD"},
      {"AT&T &unknown; & x", "AT&T &unknown; & x"},
      {"fish &amp chips", "fish & chips"},   // legacy reference without ';'
      {"  lots \n\t of   space  ", "lots of space"},
      {"no&nbsp;break\xC2\xA0here", "no break here"},
      {"&#x41", "A"},
      {"", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw);
    EXPECT_EQ(DecodeHtmlText(c.raw), c.text);
  }
  EXPECT_EQ(NamedEntityCount(), 253u);
  EXPECT_EQ(LookupNamedEntity("hellip"), U'\u2026');
  EXPECT_EQ(LookupNamedEntity("nosuch"), 0u);
}

TEST(HtmlTreeTest, CapsDepthOnDeepNestingInBoundedTime) {
  std::string html;
  for (int i = 0; i < 100000; ++i) html += "<div>";
  html += "deep";
  for (int i = 0; i < 100000; ++i) html += "</div>";
  html += "<p>after</p>";
  auto start = std::chrono::steady_clock::now();
  HtmlTree t = ParseHtml(html, 512);
  double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  EXPECT_TRUE(t.depth_capped);
  EXPECT_LT(t.nodes.size(), 600u);
  EXPECT_LT(seconds, 1.0 * kTimeBudgetScale);
  // The paragraph after the deep block is a child of the root again.
  const HtmlNode& last = t.nodes[t.nodes.size() - 2];
  EXPECT_EQ(last.tag, Tag::kP);
  EXPECT_EQ(last.parent, 0u);
}

TEST(HtmlTreeTest, SurvivesHostileInput) {
  std::string garbage;
  uint32_t x = 12345;
  for (int i = 0; i < 200000; ++i) {
    x = x * 1103515245 + 12345;
    const char alphabet[] = "<>/=\"' &#;!-[]abcdiv p\n\xC3\xA9";
    garbage.push_back(alphabet[(x >> 16) % (sizeof(alphabet) - 1)]);
  }
  std::string huge_attr = "<div class=\"" + std::string(5 << 20, 'a') + "\">x</div>";
  std::string huge_text = "<p>" + std::string(10 << 20, 'w') + "</p>";
  std::string many_closers(200000, ' ');
  for (size_t i = 0; i + 4 < many_closers.size(); i += 5) many_closers.replace(i, 4, "</a>");
  for (const std::string* input : {&garbage, &huge_attr, &huge_text, &many_closers}) {
    auto start = std::chrono::steady_clock::now();
    HtmlTree t = ParseHtml(*input, 512);
    double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    EXPECT_LT(seconds, 2.0 * kTimeBudgetScale);
    for (const HtmlNode& n : t.nodes) EXPECT_LE(n.end, t.nodes.size());
  }
}

}  // namespace
}  // namespace sitrep::clean
