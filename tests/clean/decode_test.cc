#include "clean/decode.h"

#include <gtest/gtest.h>
#include <unicode/normalizer2.h>
#include <unicode/ucnv.h>
#include <unicode/unistr.h>
#include <unicode/ustring.h>

#include <string>
#include <vector>

namespace sitrep::clean {
namespace {

// Encodes UTF-8 text into `charset` with ICU, so tests carry readable text, not byte soup.
std::string Encode(std::string_view utf8, const char* charset) {
  UErrorCode err = U_ZERO_ERROR;
  std::u16string u16(utf8.size() + 1, u'\0');
  int32_t len = 0;
  u_strFromUTF8(u16.data(), static_cast<int32_t>(u16.size()), &len, utf8.data(),
                static_cast<int32_t>(utf8.size()), &err);
  u16.resize(len);
  std::string out(utf8.size() * 4 + 16, '\0');
  err = U_ZERO_ERROR;
  UConverter* cnv = ucnv_open(charset, &err);
  int32_t n = ucnv_fromUChars(cnv, out.data(), static_cast<int32_t>(out.size()), u16.data(),
                              static_cast<int32_t>(u16.size()), &err);
  ucnv_close(cnv);
  EXPECT_TRUE(U_SUCCESS(err)) << charset;
  out.resize(n);
  return out;
}

constexpr std::string_view kRussianLong =
    "Министерство по чрезвычайным ситуациям сообщило, что после сильных дождей в районе "
    "затоплены несколько улиц, а жителей двух сёл временно переселили в школу.";
constexpr std::string_view kRussianShort = "Пожар на складе потушен к утру.";
constexpr std::string_view kRussianHeadline = "Власти Алматы объявили режим ЧС";
constexpr std::string_view kFrench =
    "Les pompiers ont maîtrisé l’incendie près de la gare, selon la préfecture : le coût "
    "des dégâts dépasse 2 millions d’euros.";

struct EncodingCase {
  std::string_view name;
  std::string_view text;     // UTF-8 source text
  const char* charset;       // encoding of the bytes handed to the decoder
  std::string_view declared;
  std::string_view expected_encoding;
  std::string_view expected_how;
};

TEST(DecodeTest, DecodesEachLegacyEncodingToTheRightText) {
  const EncodingCase cases[] = {
      {"cp1251 long", kRussianLong, "windows-1251", "", "windows-1251", "detected"},
      {"koi8 long", kRussianLong, "KOI8-R", "", "KOI8-R", "detected"},
      {"cp866 long", kRussianLong, "IBM866", "", "IBM866", "detected"},
      {"cp1251 short", kRussianShort, "windows-1251", "", "windows-1251", "detected"},
      {"koi8 short", kRussianShort, "KOI8-R", "", "KOI8-R", "detected"},
      {"cp866 short", kRussianShort, "IBM866", "", "IBM866", "detected"},
      {"cp1251 headline", kRussianHeadline, "windows-1251", "", "windows-1251", "detected"},
      {"koi8 headline", kRussianHeadline, "KOI8-R", "", "KOI8-R", "detected"},
      {"cp866 headline", kRussianHeadline, "IBM866", "", "IBM866", "detected"},
      {"cp1252 french", kFrench, "windows-1252", "", "windows-1252", "detected"},
      {"declared koi8", kRussianShort, "KOI8-R", "koi8-r", "KOI8-R", "declared"},
      {"declared cp866", kRussianShort, "IBM866", "cp866", "IBM866", "declared"},
      {"declared content-type", kRussianShort, "windows-1251", "text/html; charset=Windows-1251",
       "windows-1251", "declared"},
      {"utf8 plain", kFrench, "UTF-8", "", "UTF-8", "utf8-valid"},
      {"utf8 declared", kRussianLong, "UTF-8", "UTF-8", "UTF-8", "declared"},
  };
  for (const EncodingCase& c : cases) {
    SCOPED_TRACE(c.name);
    Decoded d = DecodeToUtf8(Encode(c.text, c.charset), c.declared, false);
    EXPECT_EQ(d.text, c.text);
    EXPECT_EQ(d.encoding, c.expected_encoding);
    EXPECT_EQ(d.how, c.expected_how);
    EXPECT_EQ(d.replaced, 0u);
    EXPECT_FALSE(d.declared_was_wrong);
  }
}

TEST(DecodeTest, Latin1LabelDecodesAsWindows1252) {
  // 0x92 is a C1 control in ISO-8859-1 but the apostrophe in windows-1252; pages labelled
  // iso-8859-1 mean the latter (WHATWG).
  std::string bytes = "l\x92" "incendie pr\xE8s de la gare";
  for (std::string_view label : {"iso-8859-1", "ISO-8859-1", "latin1", "us-ascii"}) {
    SCOPED_TRACE(label);
    Decoded d = DecodeToUtf8(bytes, label, false);
    EXPECT_EQ(d.text, "l’incendie près de la gare");
    EXPECT_EQ(d.encoding, "windows-1252");
    EXPECT_EQ(d.how, "declared");
  }
}

TEST(DecodeTest, Utf16WithAndWithoutBom) {
  const std::string text = "Flooding closed the road to Semey on Tuesday, officials said.";
  std::string le = Encode(text, "UTF-16LE");
  std::string be = Encode(text, "UTF-16BE");
  struct Case {
    std::string name, bytes, encoding, how;
  } cases[] = {
      {"LE with BOM", "\xFF\xFE" + le, "UTF-16LE", "bom"},
      {"BE with BOM", "\xFE\xFF" + be, "UTF-16BE", "bom"},
      {"LE without BOM", le, "UTF-16LE", "detected"},
      {"BE without BOM", be, "UTF-16BE", "detected"},
      {"UTF-8 BOM", "\xEF\xBB\xBF" + text, "UTF-8", "bom"},
      {"UTF-32LE BOM", std::string("\xFF\xFE\x00\x00", 4) + Encode(text, "UTF-32LE"), "UTF-32LE",
       "bom"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Decoded d = DecodeToUtf8(c.bytes, "", false);
    EXPECT_EQ(d.text, text);
    EXPECT_EQ(d.encoding, c.encoding);
    EXPECT_EQ(d.how, c.how);
  }
  // Cyrillic in UTF-16 without BOM: high bytes are 0x04, NULs come only from spaces and
  // punctuation.
  for (const char* cs : {"UTF-16LE", "UTF-16BE"}) {
    SCOPED_TRACE(cs);
    Decoded d = DecodeToUtf8(Encode(kRussianLong, cs), "", false);
    EXPECT_EQ(d.text, kRussianLong);
    EXPECT_EQ(d.encoding, cs);
  }
}

TEST(DecodeTest, MetaCharsetAndXmlDeclarationPrescan) {
  const std::string body = "<p>" + std::string(kRussianShort) + "</p></body></html>";
  struct Case {
    std::string name, head;
    const char* charset;
  } cases[] = {
      {"meta charset", "<html><head><meta charset=\"windows-1251\"><title>x</title></head><body>",
       "windows-1251"},
      {"http-equiv", "<html><head><META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; "
                     "charset=koi8-r\"></head><body>",
       "KOI8-R"},
      {"xml declaration", "<?xml version=\"1.0\" encoding=\"IBM866\"?><html><body>", "IBM866"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Decoded d = DecodeToUtf8(c.head + Encode(body, c.charset), "", true);
    EXPECT_EQ(d.how, "meta");
    EXPECT_EQ(d.encoding, c.charset);
    EXPECT_NE(d.text.find(kRussianShort), std::string::npos) << d.text;
  }
  // Without markup=true the prescan does not run: plain text that quotes a meta tag is detected.
  Decoded plain = DecodeToUtf8("<meta charset=koi8-r> " + Encode(kRussianLong, "windows-1251"),
                               "", false);
  EXPECT_EQ(plain.encoding, "windows-1251");
}

TEST(DecodeTest, DeclaredCharsetThatDoesNotFitIsOverruled) {
  // Declared legacy, bytes are valid UTF-8.
  Decoded a = DecodeToUtf8(std::string(kRussianLong), "windows-1251", true);
  EXPECT_EQ(a.text, kRussianLong);
  EXPECT_EQ(a.encoding, "UTF-8");
  EXPECT_TRUE(a.declared_was_wrong);
  // Declared UTF-8, bytes are windows-1251.
  Decoded b = DecodeToUtf8(Encode(kRussianLong, "windows-1251"), "utf-8", true);
  EXPECT_EQ(b.text, kRussianLong);
  EXPECT_EQ(b.encoding, "windows-1251");
  EXPECT_TRUE(b.declared_was_wrong);
  EXPECT_EQ(b.replaced, 0u);
  // An unknown label is ignored, not fatal.
  Decoded c = DecodeToUtf8(std::string(kFrench), "x-no-such-charset", false);
  EXPECT_EQ(c.text, kFrench);
}

TEST(DecodeTest, InvalidUtf8BecomesReplacementCharactersAndIsCounted) {
  std::string bytes = std::string(kFrench) + " \xFF fin \xC3( " + std::string(kFrench);
  Decoded d = DecodeToUtf8(bytes, "", false);
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_EQ(d.replaced, 2u);
  EXPECT_EQ(d.text, std::string(kFrench) + " \uFFFD fin \uFFFD( " + std::string(kFrench));
  Decoded declared = DecodeToUtf8("caf\xC3\xA9 \xE2\x82 ok", "utf-8", false);
  EXPECT_EQ(declared.text, "café \uFFFD ok");
  EXPECT_EQ(declared.replaced, 1u);
}

TEST(DecodeTest, ShortUtf8TextWithManyBrokenBytesStaysUtf8) {
  // Few accented letters and as many broken bytes (a stray Latin-1 byte, an overlong, a cut
  // sequence): the valid two- and three-byte sequences show it is UTF-8, not KOI8-R or CP866.
  std::string bytes =
      "R\xC3\xA9union \xC3\xA0 Valmont \xE2\x80\x94 le pr\xE9" "fet a parl\xC3\xA9 ; "
      "octet seul \x80, forme longue \xC0\xAF, coup\xC3\xA9 \xE2\x80 fin";
  Decoded d = DecodeToUtf8(bytes, "", false);
  EXPECT_EQ(d.encoding, "UTF-8");
  EXPECT_NE(d.text.find("Réunion à Valmont — le pr\uFFFDfet a parlé"), std::string::npos) << d.text;
  EXPECT_GE(d.replaced, 4u);
}

TEST(DecodeTest, NormalisesNfcNewlinesAndControls) {
  const struct {
    std::string_view in, out;
  } cases[] = {
      {"Se\x6D\x61ine e\xCC\x81t\xC3\xA9", "Semaine été"},       // combining acute -> é
      {"a\r\nb\rc\n", "a\nb\nc\n"},
      {std::string_view("x\0y\x01z\tw\x7F", 8), "xyz\tw"},
      {"\xEF\xBB\xBFhello", "hello"},
      {"C1\xC2\x85gone", "C1gone"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(std::string(c.out));
    EXPECT_EQ(DecodeToUtf8(c.in, "", false).text, c.out);
  }
  EXPECT_EQ(NormalizeNfc("e\xCC\x81"), "\xC3\xA9");
}

TEST(DecodeTest, EmptyAndAsciiInputs) {
  Decoded e = DecodeToUtf8("", "", true);
  EXPECT_EQ(e.text, "");
  EXPECT_EQ(e.encoding, "UTF-8");
  Decoded a = DecodeToUtf8("plain ascii", "", false);
  EXPECT_EQ(a.how, "utf8-valid");
}

TEST(DecodeTest, BoundedOnLargeHostileInput) {
  // 4 MiB of alternating high bytes: must finish and produce valid output.
  std::string junk(4 << 20, '\0');
  for (size_t i = 0; i < junk.size(); ++i) junk[i] = static_cast<char>(0x80 + (i * 37) % 128);
  Decoded d = DecodeToUtf8(junk, "", true);
  EXPECT_FALSE(d.text.empty());
  EXPECT_EQ(d.how, "detected");
}

// The no-change scan of the control cleaner reads eight bytes at a time: a control byte at any
// place in a word, and a C1 control split across two words, must still be cleaned.
TEST(DecodeTest, CleansControlsAtEveryPlaceOfAWord) {
  const std::string_view kControls[] = {std::string_view("\0", 1), "\x01", "\x1F", "\x7F",
                                        "\r", "\r\n", "\xC2\x85", "\xC2\x9F"};
  const std::string base = "abcdefghijklmnopqrstuvwx";  // three words
  for (std::string_view c : kControls) {
    for (size_t at = 0; at <= base.size(); ++at) {
      std::string in = base.substr(0, at) + std::string(c) + base.substr(at);
      std::string want = base.substr(0, at) + (c[0] == '\r' ? "\n" : "") + base.substr(at);
      SCOPED_TRACE(testing::Message() << "control " << int(static_cast<unsigned char>(c[0]))
                                      << " at " << at);
      EXPECT_EQ(DecodeToUtf8(in, "", false).text, want);
    }
  }
  // Kept: line breaks, tabs, 0xC2 leading a printable character (NBSP, guillemets).
  const std::string kept = "a\tb\nc\xC2\xA0" "d \xC2\xAB" "e\xC2\xBB fghijklmnop";
  EXPECT_EQ(DecodeToUtf8(kept, "", false).text, kept);
}

// Reference: the control cleaning of valid NFC UTF-8 without a BOM, one byte at a time.
std::string RefCleanControls(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
    if (c == '\r') {
      out += '\n';
      if (next == '\n') ++i;
    } else if (c == 0xC2 && next >= 0x80 && next <= 0x9F) {
      ++i;
    } else if (!((c < 0x20 && c != '\n' && c != '\t') || c == 0x7F)) {
      out += static_cast<char>(c);
    }
  }
  return out;
}

// The no-change scan reads sixteen bytes at a time (SSE2) and then eight: on random lines of
// letters, line breaks, tabs, controls, C1 controls, NBSP, guillemets, accents and Cyrillic, of
// every length up to 80 bytes, the text is the reference's.
TEST(DecodeTest, CleansControlsLikeTheByteByByteReference) {
  const std::string kPieces[] = {"a", "bcdefgh", "ijklmnopqrstuvw", "\n", "\r", "\r\n", "\t",
                                 "\x01", "\x1F", "\x7F", "\xC2\x80", "\xC2\x85", "\xC2\x9F",
                                 "\xC2\xA0", "\xC2\xAB", "\xC2\xBB", "\xC3\xA9", "\xD0\xB6", " "};
  uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  int changed = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string in;
    const size_t len = next() % 81;
    while (in.size() < len) {
      in += next() % 4 == 0 ? kPieces[next() % (sizeof(kPieces) / sizeof(kPieces[0]))] : "xyz";
    }
    Decoded d = DecodeToUtf8(in, "", false);
    ASSERT_EQ(d.how, "utf8-valid") << testing::PrintToString(in);
    const std::string want = RefCleanControls(in);
    ASSERT_EQ(d.text, want) << testing::PrintToString(in);
    changed += want != in;
  }
  EXPECT_GT(changed, 5000);
}

// IsKnownNfc answers "NFC" only where ICU agrees; the table comes from ICU's data.
TEST(DecodeTest, KnownNfcAgreesWithIcu) {
  UErrorCode err = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(err);
  ASSERT_TRUE(U_SUCCESS(err));
  auto icu_says = [&](const std::string& s) {
    UErrorCode e = U_ZERO_ERROR;
    bool yes = nfc->isNormalizedUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())), e);
    return yes && U_SUCCESS(e);
  };
  auto utf8 = [](UChar32 c) {
    std::string out;
    icu::UnicodeString(c).toUTF8String(out);
    return out;
  };
  std::vector<UChar32> known;
  size_t combining = 0;
  for (UChar32 c = 0; c < 0x3000; ++c) {
    if (c >= 0xD800 && c < 0xE000) continue;
    const std::string s = utf8(c);
    if (!IsKnownNfc(s)) {
      combining += c >= 0x300 && c < 0x370;
      continue;
    }
    SCOPED_TRACE(c);
    EXPECT_TRUE(icu_says(s));
    EXPECT_EQ(nfc->getCombiningClass(c), 0);
    EXPECT_TRUE((c < 0x800) || (c >= 0x2000 && c < 0x2300));
    known.push_back(c);
  }
  EXPECT_GE(combining, 0x60u);  // the combining diacritical marks are left to ICU
  EXPECT_GT(known.size(), 2500u);
  // Strings of known characters are NFC; one combining mark makes the answer "not known".
  uint32_t seed = 7;
  auto next = [&] {
    seed = seed * 1103515245u + 12345u;
    return (seed >> 16) & 0x7FFF;
  };
  for (int i = 0; i < 20000; ++i) {
    std::string s;
    const int n = 1 + static_cast<int>(next() % 12);
    for (int k = 0; k < n; ++k) s += utf8(known[(next() << 15 | next()) % known.size()]);
    ASSERT_TRUE(IsKnownNfc(s)) << s;
    ASSERT_TRUE(icu_says(s)) << s;
    std::string with_mark = s + "\xCC\x81";  // U+0301
    EXPECT_FALSE(IsKnownNfc(with_mark));
    EXPECT_EQ(NormalizeNfc(with_mark) == with_mark, icu_says(with_mark));
  }
  EXPECT_FALSE(IsKnownNfc("e\xCC\x81"));
  EXPECT_FALSE(IsKnownNfc("\xE2\x80"));       // cut sequence
  EXPECT_FALSE(IsKnownNfc("a\xC3"));           // cut sequence
  EXPECT_FALSE(IsKnownNfc("\xC3\x28"));       // bad continuation byte
  EXPECT_FALSE(IsKnownNfc("\xE2\x84\xA6"));  // OHM SIGN: NFC is U+03A9
  EXPECT_FALSE(IsKnownNfc("\xE3\x80\x80"));  // outside the table: ICU decides
  EXPECT_TRUE(IsKnownNfc("Les pompiers ont ma\xC3\xAEtris\xC3\xA9 l\xE2\x80\x99incendie"));
  EXPECT_EQ(NormalizeNfc("\xE2\x84\xA6"), "\xCE\xA9");
}

}  // namespace
}  // namespace sitrep::clean
