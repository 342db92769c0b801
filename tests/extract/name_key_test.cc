// Variant keys: which spellings merge and which must not (issue 3, DESIGN-NOTES 4).
#include "extract/name_key.h"

#include <gtest/gtest.h>

#include "lang/resources.h"

namespace sitrep::extract {
namespace {

const NameFolder& Folder() {
  static const NameFolder* folder = [] {
    auto r = lang::Resources::Load("");
    EXPECT_TRUE(r.has_value()) << r.error().ToString();
    auto f = NameFolder::Create(*r);
    EXPECT_TRUE(f.has_value()) << f.error().ToString();
    return f->release();
  }();
  return *folder;
}

bool Merge(std::string_view a, std::string_view b) {
  return SameNameKey(Folder().Key(a), Folder().Key(b), 0.85);
}

TEST(NameKeyTest, SpellingsAcrossLanguagesAndScriptsMerge) {
  const struct {
    const char* a;
    const char* b;
  } kPairs[] = {
      {"Tokayev", "Tokaïev"},           {"Tokayev", "Токаев"},
      {"Tokaev", "Tokaïev"},            {"Kassym-Jomart", "Kassym-Zhomart"},
      {"Kassym-Jomart", "Касым-Жомарт"}, {"Kassym-Jomart Tokaïev", "Kassym-Zhomart Tokayev"},
      {"Nur-Sultan", "Noursoultan"},    {"Nur-Sultan", "Нур-Султан"},
      {"Almaty", "Алматы"},             {"Alma-Ata", "Almaata"},
      {"Zhanaozen", "Janaozen"},        {"Zhanaozen", "Жанаозен"},
      {"Žanaozen", "Zhanaozen"},        {"Nazarbayev", "Nazarbaïev"},
      {"Nazarbayev", "Назарбаев"},      {"Nazarbaev", "Nazarbayev"},
      {"Pashinyan", "Pachinian"},       {"Pashinyan", "Пашинян"},
      {"Baikonur", "Baïkonour"},        {"Baikonur", "Байконур"},
      {"Aktau", "Актау"},               {"Chernobyl", "Tchernobyl"},
      {"Yerevan", "Erevan"},            {"Kharkiv", "Харків"},
      {"Loukachenko", "Lukashenko"},    {"Lavrov", "Лавров"},
  };
  for (const auto& p : kPairs) {
    SCOPED_TRACE(std::string(p.a) + " / " + p.b + ": " + Folder().Key(p.a) + " / " +
                 Folder().Key(p.b));
    EXPECT_TRUE(Merge(p.a, p.b));
  }
}

TEST(NameKeyTest, DifferentNamesDoNotMerge) {
  const struct {
    const char* a;
    const char* b;
  } kPairs[] = {
      {"Tokayev", "Tokarev"},     {"Putin", "Patin"},         {"Almaty", "Aktau"},
      {"Aktau", "Aktobe"},        {"Massimov", "Mamin"},      {"Astana", "Ashgabat"},
      {"Токаев", "Токарев"},      {"Tokayev", "Tokmakov"},      {"Paris", "Perm"},
      {"Smailov", "Smirnov"},     {"Nazarbayev", "Nazarov"},  {"Lavrov", "Lavrentiev"},
      {"Kazakhstan", "Kyrgyzstan"}, {"Tokayev", ""},
  };
  for (const auto& p : kPairs) {
    SCOPED_TRACE(std::string(p.a) + " / " + p.b + ": " + Folder().Key(p.a) + " / " +
                 Folder().Key(p.b));
    EXPECT_FALSE(Merge(p.a, p.b));
  }
}

TEST(NameKeyTest, KeysAndIdKeys) {
  EXPECT_EQ(Folder().Key("Tokaïev"), "tokaev");
  EXPECT_EQ(Folder().Key("Токаев"), "tokaev");
  EXPECT_EQ(Folder().Key("Noursoultan"), "nursultan");
  EXPECT_EQ(Folder().IdKey("Kassym-Jomart Tokaïev"), "kasim-jomart-tokaev");
  EXPECT_EQ(Folder().IdKey("Касым-Жомарт Токаев"), "kasim-jomart-tokaev");
  EXPECT_EQ(Skeleton("tokaev"), "tkv");
}

TEST(NameKeyTest, TokenizerFlags) {
  auto t = Folder().Tokenize("Le président Nur-Sultan. OTSC ОДКБ d'Almaty", 100);
  ASSERT_EQ(t.size(), 8u);
  EXPECT_TRUE(t[0].sentence_start);
  EXPECT_FALSE(t[1].upper_initial);
  EXPECT_TRUE(t[3].hyphen_before);
  EXPECT_TRUE(t[4].sentence_start);
  EXPECT_TRUE(t[4].all_caps);
  EXPECT_TRUE(t[5].all_caps);
  EXPECT_TRUE(t[5].cyrillic);
  EXPECT_EQ(t[7].ascii, "almaty");
}

TEST(NameKeyTest, HostileInputIsBounded) {
  std::string huge(5000, 'A');
  std::string mixed = "AlmaАлмаtyΑλμ";
  EXPECT_EQ(Folder().Tokenize(huge, 10).size(), 1u);
  EXPECT_TRUE(Folder().Tokenize(huge, 10)[0].ascii.empty());  // too long to be a name
  EXPECT_FALSE(Folder().Key(mixed).empty());
  EXPECT_TRUE(Folder().Key(mixed + huge).empty());  // one 5 000-byte word: never a name
  EXPECT_EQ(EditSimilarity(huge, huge + "B"), 0.0);
  std::string invalid = "\xff\xfe\xc3";
  (void)Folder().Key(invalid);
  std::string many;
  for (int i = 0; i < 10000; ++i) many += "Abc ";
  EXPECT_EQ(Folder().Tokenize(many, 500).size(), 500u);
}

TEST(NameKeyTest, BadRulesAreRejected) {
  auto t = base::ParseTsv("stage\tfrom\tto\nascii\tZH\tj\n", "bad.tsv");
  ASSERT_TRUE(t.has_value());
  auto f = NameFolder::FromTable(*t);
  ASSERT_FALSE(f.has_value());
  EXPECT_NE(f.error().message().find("bad.tsv:2"), std::string::npos);
  auto u = base::ParseTsv("stage\tfrom\tto\nmagic\tx\ty\n", "bad.tsv");
  EXPECT_FALSE(NameFolder::FromTable(*u).has_value());
}

// With no similarity threshold, SameNameKey is exactly "same skeleton" (it compares skeletons
// without building them).
TEST(NameKeyTest, SameNameKeyComparesSkeletons) {
  const char* kKeys[] = {"tokaev", "tkv",    "tokkaev", "tokaevv", "atokaev", "tokaeva", "yt",
                         "t",      "a",      "ya",      "tt",      "tokarev", "kasim",   "ksm",
                         "kasimm", "kassim", "iksm",    "ksmy",    "ak",      "ka"};
  for (const char* a : kKeys) {
    for (const char* b : kKeys) {
      if (std::string_view(a) == b) continue;
      EXPECT_EQ(SameNameKey(a, b, 0.0), Skeleton(a) == Skeleton(b)) << a << " / " << b;
    }
  }
}

// JoinsCleanly lets the entity scanner append word keys instead of folding each n-gram: when it
// says yes, the appended keys must be exactly the key of the joined string. Exhaustive over
// short strings of the letters the rules and post steps care about, plus real word pairs.
TEST(NameKeyTest, JoinsCleanlyOnlyWhenAppendingKeysEqualsFolding) {
  const NameFolder& f = Folder();
  const std::string alphabet = "aeioushcktzdjgyxqpwn";
  std::vector<std::string> words;
  for (char a : alphabet) {
    words.emplace_back(1, a);
    for (char b : alphabet) {
      words.push_back(std::string{a, b});
      for (char c : std::string("aeiushtcz")) words.push_back(std::string{a, b, c});
    }
  }
  size_t clean = 0, checked = 0;
  for (const std::string& l : words) {
    const std::string lk = f.FoldAscii(l);
    for (size_t k = 0; k < words.size(); k += 7) {
      const std::string& r = words[k];
      const std::string rk = f.FoldAscii(r);
      ++checked;
      if (!f.JoinsCleanly(l, lk, r, rk)) continue;
      ++clean;
      ASSERT_EQ(lk + rk, f.FoldAscii(l + r)) << l << " + " << r;
    }
  }
  EXPECT_GT(clean, checked / 4);  // most joins need no folding
  // Words of names: a join that folds differently is refused, ordinary ones are accepted.
  const struct {
    const char* l;
    const char* r;
    bool clean;
  } kCases[] = {
      {"kassym", "jomart", true}, {"new", "york", true},  {"nur", "sultan", true},
      {"tas", "hkent", false},    {"yer", "yevan", false}, {"santa", "isabel", false},
      {"sta", "ahl", false},      {"ma", "ia", false},     {"de", "la", true},
  };
  for (const auto& c : kCases) {
    const std::string lk = f.FoldAscii(c.l), rk = f.FoldAscii(c.r);
    SCOPED_TRACE(std::string(c.l) + " + " + c.r);
    EXPECT_EQ(f.JoinsCleanly(c.l, lk, c.r, rk), c.clean);
    if (f.JoinsCleanly(c.l, lk, c.r, rk)) {
      EXPECT_EQ(lk + rk, f.FoldAscii(std::string(c.l) + c.r));
    }
  }
}

}  // namespace
}  // namespace sitrep::extract
