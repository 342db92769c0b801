#include "connect/stories.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <numeric>
#include <set>

#include "connect/fixture_docs.h"
#include "lang/resources.h"

namespace sitrep::connect {
namespace {

using testing::AddEntity;
using testing::MakeDoc;

// Three invented crises, each told by several outlets in English and French.
struct Crisis {
  const char* key;
  const char* day;  // first day; documents spread over the next days
  std::vector<const char*> en, fr;
  std::vector<std::pair<const char*, const char*>> entities;  // id, surface
};

const std::vector<Crisis>& Crises() {
  static const std::vector<Crisis> kCrises = {
      {"flood",
       "2031-03-02",
       {"The river Sanna burst its banks and flooded the lower town of Veloria overnight.",
        "Rescue boats evacuated families from flooded streets in Veloria as the water rose.",
        "Mayor Ilsa Marrow said the flood was the worst since the dam was built.",
        "Rain is expected to continue and the river may rise again near the dam.",
        "Shelters in schools hold the evacuated families; the flooded bridge is closed.",
        "Engineers inspect the dam on the Sanna while rescue teams search flooded houses."},
       {"La rivière Sanna a débordé et inondé la ville basse de Veloria pendant la nuit.",
        "Des bateaux de secours ont évacué des familles des rues inondées de Veloria.",
        "La maire Ilsa Marrow a déclaré que cette inondation était la pire depuis le barrage.",
        "Les ingénieurs inspectent le barrage sur la Sanna et les secours fouillent les maisons."},
       {{"loc:veloria", "Veloria"}, {"per:ilsa-marrow", "Marrow"}, {"loc:sanna", "Sanna"}}},
      {"strike",
       "2031-03-03",
       {"Miners at the Dorvask coal pits walked out on strike over unpaid wages.",
        "Police arrested strike leaders after protesters blocked the mine gates in Dorvask.",
        "The union led by Pavel Orrin demanded the release of the arrested miners.",
        "Protesters marched to the town hall and the strike spread to a second pit.",
        "Mine owners said wages would be paid but the strike continues at the pits.",
        "Riot police dispersed protesters with tear gas near the Dorvask mine gates."},
       {"Les mineurs des puits de charbon de Dorvask se sont mis en grève pour des salaires.",
        "La police a arrêté les meneurs de la grève après le blocage de la mine à Dorvask.",
        "Le syndicat de Pavel Orrin exige la libération des mineurs arrêtés.",
        "Les manifestants ont marché vers la mairie et la grève s'étend à un second puits."},
       {{"loc:dorvask", "Dorvask"}, {"per:pavel-orrin", "Orrin"}, {"org:miners-union", "union"}}},
      {"fire",
       "2031-03-04",
       {"A wildfire swept through the pine forest of Kelmar and reached the first farms.",
        "Firefighters and water bombers fought the blaze as wind pushed flames north of Kelmar.",
        "Villages near the burning forest were evacuated and a highway was closed by smoke.",
        "Fire chief Rena Tal said dry weather and strong wind fuelled the forest fire.",
        "The blaze has burned thousands of hectares of pine forest around Kelmar.",
        "Smoke from the wildfire covered the valley while firefighters held the fire line."},
       {"Un incendie a ravagé la forêt de pins de Kelmar et atteint les premières fermes.",
        "Les pompiers et les bombardiers d'eau luttent contre le feu au nord de Kelmar.",
        "La cheffe des pompiers Rena Tal a dit que le vent a attisé l'incendie de forêt.",
        "Des villages près de la forêt en feu ont été évacués et une route fermée."},
       {{"loc:kelmar", "Kelmar"}, {"per:rena-tal", "Tal"}}},
  };
  return kCrises;
}

struct Fixture {
  std::vector<Document> docs;
  std::map<std::string, std::string> crisis_of;  // doc id -> crisis key
};

Fixture ThreeCrises() {
  Fixture f;
  for (const Crisis& c : Crises()) {
    auto make = [&](const std::vector<const char*>& pool, const char* lang, int n) {
      for (int k = 0; k < n; ++k) {
        std::string body;
        for (int s = 0; s < 3; ++s) body += std::string(pool[(k + s) % pool.size()]) + " ";
        std::string id = std::string("d") + c.key + "-" + lang + std::to_string(k);
        int day = std::stoi(std::string(c.day).substr(8)) + k % 3;
        std::string date = std::string(c.day).substr(0, 8) + (day < 10 ? "0" : "") +
                           std::to_string(day);
        Document d = MakeDoc(id, lang, date, std::string("outlet-") + lang + std::to_string(k),
                             pool[k % pool.size()], body);
        for (const auto& [eid, surface] : c.entities) {
          std::string_view sid(eid);
          EntityType t = sid.substr(0, 4) == "loc:" ? EntityType::kLocation
                         : sid.substr(0, 4) == "org:" ? EntityType::kOrganization
                                                      : EntityType::kPerson;
          AddEntity(d, eid, t, surface, {surface}, "ZZ");
        }
        f.crisis_of[id] = c.key;
        f.docs.push_back(std::move(d));
      }
    };
    make(c.en, "en", 6);
    make(c.fr, "fr", 4);
  }
  return f;
}

std::set<std::set<std::string>> Partition(const StoryGraph& g) {
  std::set<std::set<std::string>> out;
  for (const Story& s : g.stories) {
    std::set<std::string> ids;
    for (const StoryDocument& d : s.documents) ids.insert(d.id);
    out.insert(ids);
  }
  return out;
}

class StoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    Result<lang::Resources> r = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    resources_ = std::make_unique<lang::Resources>(std::move(*r));
  }
  StoryGraph Build(const std::vector<Document>& docs) {
    auto b = StoryBuilder::Create(*resources_, DefaultStoryOptions());
    EXPECT_TRUE(b.has_value());
    for (const Document& d : docs) (*b)->Add(d);
    return (*b)->Finish();
  }
  std::unique_ptr<lang::Resources> resources_;
};

TEST_F(StoriesTest, ThreeCrisesMakeThreeStoriesWhateverTheOrder) {
  Fixture f = ThreeCrises();
  StoryGraph first = Build(f.docs);
  ASSERT_EQ(first.stories.size(), 3u);
  for (const Story& s : first.stories) {
    std::set<std::string> crises;
    for (const StoryDocument& d : s.documents) crises.insert(f.crisis_of[d.id]);
    EXPECT_EQ(crises.size(), 1u) << s.title;
    EXPECT_EQ(s.documents.size(), 10u) << s.title;  // English and French together
    EXPECT_FALSE(s.places.empty());
    EXPECT_TRUE(s.first_day.has_value());
  }
  std::mt19937 rng(7);
  std::vector<Document> docs = f.docs;
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE(round);
    if (round == 0) {
      std::reverse(docs.begin(), docs.end());
    } else {
      std::shuffle(docs.begin(), docs.end(), rng);
    }
    StoryGraph again = Build(docs);
    EXPECT_EQ(Partition(again), Partition(first));
    ASSERT_EQ(again.stories.size(), first.stories.size());
    for (size_t i = 0; i < again.stories.size(); ++i) {
      EXPECT_EQ(again.stories[i].id, first.stories[i].id);  // ids do not depend on order
      EXPECT_EQ(again.stories[i].title, first.stories[i].title);
    }
  }
}

// Two floods of the same river in the same town, years apart, told with the same words (every
// document reuses the same few sentences, so words cannot tell the floods apart): with
// no publication dates (a labelled set without them) they are one story, but the years the texts
// give keep them two events.
TEST_F(StoriesTest, OneCrisisToldInThreeLanguagesIsOneStory) {
  // The same invented port blockade in English, French and Russian: the words never meet, the
  // canonical place and organisation do. A strike in another country, in Russian, stays apart.
  struct Text {
    const char* lang;
    const char* title;
    const char* body;
  };
  // Exonyms and acronyms: the place and the union are written differently in each language.
  const Text blockade[] = {
      {"en", "Dockers block the port of Kestrel Bay", "Dockers of the HWU blocked Kestrel Bay on Monday and called for talks."},
      {"en", "Kestrel Bay blockade enters second day", "Ships wait outside Kestrel Bay while the HWU meets the port authority."},
      {"fr", "Les dockers bloquent le port de Baie-Crécelle", "Les dockers du STP ont bloqué lundi Baie-Crécelle et appellent au dialogue."},
      {"fr", "Deuxième jour de blocage à Baie-Crécelle", "Les navires attendent au large de Baie-Crécelle pendant que le STP rencontre le port."},
      {"ru", "Докеры перекрыли порт Пустельги", "В понедельник докеры ППР перекрыли Пустельгу и призвали к переговорам."},
      {"ru", "Блокада Пустельги продолжается", "Суда ждут на рейде Пустельги, пока ППР встречается с администрацией порта."},
  };
  const Text other[] = {
      {"ru", "Шахтёры Ольмы бастуют", "Шахтёры Ольмы прекратили работу, профсоюз требует зарплаты."},
      {"ru", "Забастовка в Ольме ширится", "К забастовке в Ольме присоединилась вторая шахта."},
  };
  // What each language's press adds around the facts: words the other languages never share.
  const std::map<std::string, std::string> filler = {
      {"en", " Unions warned that exports of grain and timber would suffer. Traders said "
             "prices were climbing and insurers were watching the harbour closely."},
      {"fr", " Les syndicats avertissent que les exportations de céréales et de bois vont "
             "souffrir. Les négociants parlent de prix en hausse et les assureurs s'inquiètent."},
      {"ru", " Профсоюзы предупредили, что экспорт зерна и леса пострадает. Торговцы говорят "
             "о росте цен, страховщики внимательно следят за гаванью."}};
  std::vector<Document> docs;
  int n = 0;
  for (const Text& t : blockade) {
    Document d = MakeDoc("dblock" + std::to_string(n), t.lang, "2031-05-0" + std::to_string(1 + n % 2),
                         std::string("outlet-") + t.lang + std::to_string(n), t.title,
                         t.body + filler.at(t.lang));
    AddEntity(d, "loc:kestrel-bay", EntityType::kLocation, "Kestrel Bay",
              {"Kestrel Bay", "Baie-Crécelle", "Пустельги", "Пустельгу"}, "QX");
    AddEntity(d, "org:hwu", EntityType::kOrganization, "Harbour Workers' Union",
              {"HWU", "STP", "ППР"});
    docs.push_back(std::move(d));
    ++n;
  }
  for (const Text& t : other) {
    Document d = MakeDoc("dstrike" + std::to_string(n), t.lang, "2031-05-0" + std::to_string(1 + n % 2),
                         std::string("outlet-ru") + std::to_string(n), t.title, t.body);
    AddEntity(d, "loc:olma", EntityType::kLocation, "Olma", {"Ольмы", "Ольме"}, "QY");
    docs.push_back(std::move(d));
    ++n;
  }
  auto stories_of = [&](const StoryOptions& o) {
    auto b = StoryBuilder::Create(*resources_, o);
    EXPECT_TRUE(b.has_value());
    for (const Document& d : docs) (*b)->Add(d);
    return Partition((*b)->Finish());
  };
  const std::set<std::set<std::string>> got = stories_of(DefaultStoryOptions());
  const std::set<std::set<std::string>> want = {
      {"dblock0", "dblock1", "dblock2", "dblock3", "dblock4", "dblock5"}, {"dstrike6", "dstrike7"}};
  EXPECT_EQ(got, want);
  StoryOptions words_only = DefaultStoryOptions();
  words_only.story.cross_language_threshold = 0;  // without the cross-language view
  EXPECT_GT(stories_of(words_only).size(), 2u);
}

TEST_F(StoriesTest, ASurnameAloneIsTheStorysPersonOfThatSurname) {
  // Two outlets name the harbour master in full, a third by surname only: one actor, three
  // documents; a surname two full names share stays apart.
  Fixture f = ThreeCrises();
  std::vector<Document> docs;
  int n = 0;
  for (Document& d : f.docs) {
    if (f.crisis_of[d.id] != "flood") continue;
    const std::string who = n == 0 ? "Harbour master Amos Pellward" : n == 1 ? "Amos Pellward" : "Pellward";
    d.text += " " + who + " spoke.";
    d.zones.back().span.end = static_cast<uint32_t>(d.text.size());  // the body grows
    AddEntity(d, n < 2 ? "per:amos-pelvard" : "per:pelvard", EntityType::kPerson,
              n < 2 ? "Amos Pellward" : "Pellward", {n < 2 ? "Amos Pellward" : "Pellward"});
    docs.push_back(d);
    if (++n == 3) break;
  }
  ASSERT_EQ(docs.size(), 3u);
  StoryGraph g = Build(docs);
  ASSERT_EQ(g.stories.size(), 1u);
  int pellward = 0;
  for (const StoryEntity& a : g.stories[0].actors) {
    if (a.id.find("pelvard") == std::string::npos) continue;
    ++pellward;
    EXPECT_EQ(a.id, "per:amos-pelvard");
    EXPECT_EQ(a.documents, 3u);
  }
  EXPECT_EQ(pellward, 1);
}

TEST_F(StoriesTest, TwoSpellingsOfOneFullNameAreOneActor) {
  // "Amos Tarkylov" in two documents, "Amos Tarkoulov" (a French respelling) in a third: one
  // actor with three documents; "Amos Tarkanov" is someone else.
  Fixture f = ThreeCrises();
  std::vector<Document> docs;
  const std::vector<std::pair<std::string, std::string>> names = {
      {"per:amos-tarkilov", "Amos Tarkylov"},
      {"per:amos-tarkilov", "Amos Tarkylov"},
      {"per:amos-tarkulov", "Amos Tarkoulov"},
      {"per:amos-tarkanov", "Amos Tarkanov"}};
  for (Document& d : f.docs) {
    if (f.crisis_of[d.id] != "flood") continue;
    const auto& [id, name] = names[docs.size()];
    d.text += " " + name + " spoke.";
    d.zones.back().span.end = static_cast<uint32_t>(d.text.size());
    AddEntity(d, id, EntityType::kPerson, name, {name});
    docs.push_back(d);
    if (docs.size() == names.size()) break;
  }
  ASSERT_EQ(docs.size(), names.size());
  StoryGraph g = Build(docs);
  ASSERT_EQ(g.stories.size(), 1u);
  std::map<std::string, uint32_t> actors;
  for (const StoryEntity& a : g.stories[0].actors) actors[a.id] = a.documents;
  EXPECT_EQ(actors["per:amos-tarkilov"], 3u);
  EXPECT_EQ(actors.count("per:amos-tarkulov"), 0u);
  EXPECT_EQ(actors["per:amos-tarkanov"], 1u);
}

TEST_F(StoriesTest, SameKindOfEventInAnotherYearIsAnotherEvent) {
  const std::vector<const char*> pool = Crises()[0].en;
  std::vector<Document> docs;
  std::map<std::string, std::string> year_of;
  for (int k = 0; k < 10; ++k) {
    const bool early = k % 2 == 0;
    std::string when = early ? "In March 2019" : "In April 2027";
    std::string body = when + ", " + pool[0] + " " + pool[1 + k % 2] + " " + pool[3 + k % 3];
    std::string id = "dyear" + std::to_string(k);
    Document d = MakeDoc(id, "en", "", "outlet" + std::to_string(k), pool[k % pool.size()], body);
    testing::AddTime(d, when, early ? "2019-03" : "2027-04");
    AddEntity(d, "loc:veloria", EntityType::kLocation, "Veloria", {"Veloria"}, "ZZ");
    year_of[id] = early ? "2019" : "2027";
    docs.push_back(std::move(d));
  }
  StoryOptions options = DefaultStoryOptions();
  options.ignore_dates = true;
  auto b = StoryBuilder::Create(*resources_, options);
  ASSERT_TRUE(b.has_value());
  for (const Document& d : docs) (*b)->Add(d);
  StoryGraph g = (*b)->Finish();
  ASSERT_EQ(g.stories.size(), 1u);
  std::map<std::string, std::set<std::string>> years_of_event;
  for (const StoryDocument& d : g.stories[0].documents) years_of_event[d.event].insert(year_of[d.id]);
  EXPECT_GE(years_of_event.size(), 2u);
  for (const auto& [event, years] : years_of_event) EXPECT_EQ(years.size(), 1u) << event;
}

// Two occurrences of one kind of event, told with other names and other details, on days far
// apart: the story stage keeps them apart, the kind words ("checked into", "clinic",
// "treatment", "publicist", "privacy") join them as one story of two events.
TEST_F(StoriesTest, KindredEventsWithOtherNamesAreOneStory) {
  const std::vector<std::string> singer = {
      "Mara Voss checked into a rehabilitation clinic in Ostrel after her Lanterns tour ended.",
      "Voss, whose album Salt Mirrors topped charts in Ostrel, cancelled the Lanterns dates.",
      "Her publicist asked for privacy; Voss will spend weeks in treatment at the clinic.",
      "Lanterns guitarist Joss Perrin said the band backs Mara Voss and the Ostrel shows wait.",
      "Salt Mirrors producer Ida Kern praised Voss as Lanterns fans gathered in Ostrel."};
  const std::vector<std::string> actor = {
      "Teo Brandt checked into a rehabilitation clinic near Harlow Bay, halting Grey Harbour.",
      "Brandt, star of the Grey Harbour series, left the Harlow Bay set on Friday morning.",
      "A publicist asked for privacy while Brandt undergoes treatment at the clinic.",
      "Grey Harbour director Noor Adali said filming resumes without Teo Brandt next month.",
      "Harlow Bay studio owner Cal Denton said Brandt had worked on Grey Harbour for years."};
  // Other kinds of events for the idf (the join needs more units than KindOptions::idf_floor):
  // the three crises in March and again in July.
  std::vector<Document> docs = ThreeCrises().docs;
  for (Document d : ThreeCrises().docs) {
    d.id += "-july";
    d.published.value->replace(5, 2, "07");
    docs.push_back(std::move(d));
  }
  std::map<std::string, std::string> who;
  for (int k = 0; k < 10; ++k) {
    const bool first = k % 2 == 0;
    const std::vector<std::string>& pool = first ? singer : actor;
    const int n = k / 2;
    std::string body = pool[(n + 1) % 5] + " " + pool[(n + 2) % 5] + " " + pool[(n + 3) % 5];
    std::string id = std::string("dclinic") + (first ? "a" : "b") + std::to_string(n);
    Document d = MakeDoc(id, "en", first ? "2031-05-0" + std::to_string(1 + n % 3)
                                         : "2031-05-1" + std::to_string(2 + n % 3),
                         "outlet" + std::to_string(k), pool[n], body);
    if (first) {
      AddEntity(d, "per:mara-voss", EntityType::kPerson, "Mara Voss", {"Mara Voss", "Voss"});
      AddEntity(d, "loc:ostrel", EntityType::kLocation, "Ostrel", {"Ostrel"}, "ZZ");
      AddEntity(d, "org:lanterns", EntityType::kOrganization, "Lanterns", {"Lanterns"});
      AddEntity(d, "org:salt-mirrors", EntityType::kOrganization, "Salt Mirrors", {"Salt Mirrors"});
      AddEntity(d, "per:joss-perrin", EntityType::kPerson, "Joss Perrin", {"Joss Perrin"});
      AddEntity(d, "per:ida-kern", EntityType::kPerson, "Ida Kern", {"Ida Kern"});
    } else {
      AddEntity(d, "per:teo-brandt", EntityType::kPerson, "Teo Brandt", {"Teo Brandt", "Brandt"});
      AddEntity(d, "loc:harlow-bay", EntityType::kLocation, "Harlow Bay", {"Harlow Bay"}, "ZZ");
      AddEntity(d, "org:grey-harbour", EntityType::kOrganization, "Grey Harbour",
                {"Grey Harbour"});
      AddEntity(d, "per:noor-adali", EntityType::kPerson, "Noor Adali", {"Noor Adali"});
      AddEntity(d, "per:cal-denton", EntityType::kPerson, "Cal Denton", {"Cal Denton"});
    }
    who[id] = first ? "singer" : "actor";
    docs.push_back(std::move(d));
  }
  auto clinic_stories = [&](double kind_threshold) {
    StoryOptions options = DefaultStoryOptions();
    options.kind.threshold = kind_threshold;
    auto b = StoryBuilder::Create(*resources_, options);
    EXPECT_TRUE(b.has_value());
    for (const Document& d : docs) (*b)->Add(d);
    std::vector<Story> out;
    for (Story& s : (*b)->Finish().stories) {
      bool clinic = false, other = false;
      for (const StoryDocument& d : s.documents) (who.count(d.id) ? clinic : other) = true;
      EXPECT_FALSE(clinic && other) << s.title;
      if (clinic) out.push_back(std::move(s));
    }
    return out;
  };
  EXPECT_EQ(clinic_stories(0).size(), 2u);  // without the join: two stories
  std::vector<Story> joined = clinic_stories(DefaultStoryOptions().kind.threshold);
  ASSERT_EQ(joined.size(), 1u);
  EXPECT_EQ(joined[0].documents.size(), 10u);
  EXPECT_EQ(joined[0].events, 2u);
  std::map<std::string, std::set<std::string>> people_of_event;
  for (const StoryDocument& d : joined[0].documents) people_of_event[d.event].insert(who[d.id]);
  ASSERT_EQ(people_of_event.size(), 2u);
  for (const auto& [event, people] : people_of_event) EXPECT_EQ(people.size(), 1u) << event;
}

// A story happens somewhere: the same kind of event told in the same words, on the same days,
// in two countries is two stories (without the rule the words make it one).
TEST_F(StoriesTest, SameWordsInAnotherCountryAreAnotherStory) {
  const std::vector<std::string> pool = {
      "A strong earthquake shook the valley around @ and @@ before dawn.",
      "Rescuers searched collapsed houses in @ while aftershocks rattled @@.",
      "The quake cut power lines between @ and @@, officials said.",
      "Schools in @ and @@ stay closed while engineers inspect the buildings.",
      "Families from @ slept outdoors in tents near @@ after the tremor."};
  struct Where {
    const char* town;
    const char* town_id;
    const char* river;
    const char* river_id;
    const char* country;
  };
  const Where places[] = {{"Veloria", "loc:veloria", "Sannadal", "loc:sannadal", "AA"},
                          {"Kestrin", "loc:kestrin", "Morvath", "loc:morvath", "BB"}};
  auto fill = [](std::string s, const Where& w) {
    for (size_t at; (at = s.find("@@")) != std::string::npos;) s.replace(at, 2, w.river);
    for (size_t at; (at = s.find('@')) != std::string::npos;) s.replace(at, 1, w.town);
    return s;
  };
  std::vector<Document> docs = ThreeCrises().docs;  // other words, other days: the idf
  std::map<std::string, std::string> country_of;
  for (int k = 0; k < 12; ++k) {
    const Where& w = places[k % 2];
    std::string body = fill(pool[(k + 1) % 5], w) + " " + fill(pool[(k + 2) % 5], w) + " " +
                       fill(pool[(k + 3) % 5], w);
    std::string id = "dquake" + std::to_string(k);
    Document d = MakeDoc(id, "en", "2031-06-0" + std::to_string(1 + k % 3),
                         "outlet" + std::to_string(k), fill(pool[k % 5], w), body);
    AddEntity(d, w.town_id, EntityType::kLocation, w.town, {w.town}, w.country);
    AddEntity(d, w.river_id, EntityType::kLocation, w.river, {w.river}, w.country);
    country_of[id] = w.country;
    docs.push_back(std::move(d));
  }
  auto stories = [&](double elsewhere_factor) {
    StoryOptions options = DefaultStoryOptions();
    options.story.elsewhere_factor = elsewhere_factor;
    auto b = StoryBuilder::Create(*resources_, options);
    EXPECT_TRUE(b.has_value());
    for (const Document& d : docs) (*b)->Add(d);
    std::vector<Story> quakes;
    for (Story& s : (*b)->Finish().stories) {
      if (country_of.count(s.documents[0].id)) quakes.push_back(std::move(s));
    }
    return quakes;
  };
  EXPECT_EQ(stories(1.0).size(), 1u);  // the words alone make one story
  std::vector<Story> split = stories(DefaultStoryOptions().story.elsewhere_factor);
  ASSERT_EQ(split.size(), 2u);
  for (const Story& s : split) {
    std::set<std::string> countries;
    for (const StoryDocument& d : s.documents) countries.insert(country_of[d.id]);
    EXPECT_EQ(countries.size(), 1u) << s.title;
    EXPECT_EQ(s.documents.size(), 6u) << s.title;
  }
}

TEST_F(StoriesTest, AcrossLanguagesAnEventTypeAloneMakesNoStory) {
  // Short undated excerpts about two different events, one told in English, the other in
  // French, neither naming a place the gazetteer knows: their language-independent features are
  // the event types alone, the same in both. A story across languages needs a name in common.
  struct Text {
    const char* lang;
    const char* title;
    const char* body;
  };
  const Text texts[] = {
      {"en", "Police fire on protesters in Varnholt", "Three protesters were killed in Varnholt."},
      {"en", "Varnholt protest toll rises", "Security forces killed two more protesters in Varnholt."},
      {"fr", "Manifestation meurtrière à Quelmar", "Deux manifestants ont été tués à Quelmar."},
      {"fr", "Quelmar : le bilan s'alourdit", "La police a tué trois manifestants à Quelmar."},
  };
  std::vector<Document> docs;
  int n = 0;
  for (const Text& t : texts) {
    Document d = MakeDoc("dx" + std::to_string(n), t.lang, "", "outlet" + std::to_string(n),
                         t.title, t.body);
    d.published.value.reset();
    for (EventType type : {EventType::kProtest, EventType::kArmedClash}) {
      Event e;
      e.type = type;
      e.span = d.zones.back().span;
      d.events.push_back(e);
    }
    docs.push_back(std::move(d));
    ++n;
  }
  const std::set<std::set<std::string>> want = {{"dx0", "dx1"}, {"dx2", "dx3"}};
  EXPECT_EQ(Partition(Build(docs)), want);
}

// Names that only readers' comments give (a commenter's handle, a place a reader mentions) are
// not the story's places or actors, and do not pull documents together.
TEST_F(StoriesTest, NamesOnlyInCommentsAreNotTheStorysPlacesOrActors) {
  const std::vector<const char*> pool = Crises()[0].en;
  std::vector<Document> docs;
  for (int k = 0; k < 4; ++k) {
    std::string body = std::string(pool[k]) + " " + pool[k + 1];
    Document d = MakeDoc("dcomment" + std::to_string(k), "en", "2031-03-02",
                         "outlet" + std::to_string(k), pool[k], body,
                         "Guest Zorvald wrote: my cousin in Pellamar saw it all.");
    AddEntity(d, "per:ilsa-marrow", EntityType::kPerson, "Ilsa Marrow", {"Veloria"});
    AddEntity(d, "per:guest-zorvald", EntityType::kPerson, "Guest Zorvald", {"Guest Zorvald"});
    AddEntity(d, "loc:pellamar", EntityType::kLocation, "Pellamar", {"Pellamar"}, "YY");
    docs.push_back(std::move(d));
  }
  StoryGraph g = Build(docs);
  ASSERT_EQ(g.stories.size(), 1u);
  auto ids = [](const std::vector<StoryEntity>& v) {
    std::set<std::string> out;
    for (const StoryEntity& e : v) out.insert(e.id);
    return out;
  };
  EXPECT_EQ(ids(g.stories[0].actors), std::set<std::string>{"per:ilsa-marrow"});
  EXPECT_TRUE(g.stories[0].places.empty());
  // The features see the article only.
  auto extractor = FeatureExtractor::Create(*resources_);
  ASSERT_TRUE(extractor.has_value());
  DocFeatures f = (*extractor)->Extract(docs[0]);
  for (const DocFeatures::Term& t : f.terms) {
    EXPECT_EQ(t.key.find("zorvald"), std::string::npos) << t.key;
    EXPECT_EQ(t.key.find("pellamar"), std::string::npos) << t.key;
    EXPECT_NE(t.key, "c:YY");
  }
}

TEST_F(StoriesTest, IncrementalClustererConvergesWhateverTheOrder) {
  // The Clusterer alone (no canonical sorting): Add in several orders, then Finish().
  Fixture f = ThreeCrises();
  auto fx = FeatureExtractor::Create(*resources_);
  ASSERT_TRUE(fx.has_value());
  Vocabulary vocab;
  std::vector<CompactFeatures> feats;
  for (const Document& d : f.docs) feats.push_back(vocab.Count((*fx)->Extract(d)));
  StoryOptions o = DefaultStoryOptions();
  auto partition = [&](const std::vector<size_t>& order) {
    Clusterer c(o.story);
    for (size_t i : order) {
      // As StoryBuilder does: the language-independent vector for the cross-language view.
      c.Add(vocab.Weigh(feats[i], o.story_weights, o.story_top_k),
            DayNumber(*f.docs[i].published.value),
            vocab.WeighShared(feats[i], o.story_weights, o.story_top_k),
            f.docs[i].language == "fr" ? 1 : 2);
    }
    c.Finish();
    std::set<std::set<std::string>> out;
    for (const auto& members : c.Clusters()) {
      std::set<std::string> ids;
      for (uint32_t k : members) ids.insert(f.docs[order[k]].id);
      out.insert(ids);
    }
    return out;
  };
  std::vector<size_t> order(f.docs.size());
  std::iota(order.begin(), order.end(), 0);
  auto expected = partition(order);
  EXPECT_EQ(expected.size(), 3u);
  std::mt19937 rng(11);
  for (int round = 0; round < 8; ++round) {
    SCOPED_TRACE(round);
    std::shuffle(order.begin(), order.end(), rng);
    EXPECT_EQ(partition(order), expected);
  }
}

TEST(ClustererTest, DatesFarApartOpenAnotherCluster) {
  // The same words a year later are another story (the time window); undated joins either.
  SparseVec v;
  v.ids = {1, 2, 3};
  v.weights = {0.6f, 0.6f, 0.52915f};
  ClusterOptions o;
  Clusterer c(o);
  EXPECT_EQ(c.Add(v, DayNumber("2031-03-02")), 0u);
  EXPECT_EQ(c.Add(v, DayNumber("2031-03-09")), 0u);   // within the window of the last day
  EXPECT_EQ(c.Add(v, DayNumber("2032-05-20")), 1u);   // a year later
  EXPECT_EQ(c.Add(v, std::nullopt), 0u);
  c.Finish();
  EXPECT_EQ(c.Clusters().size(), 2u);
}

SparseVec Vec(std::vector<uint32_t> ids, std::vector<float> weights) {
  SparseVec v;
  v.ids = std::move(ids);
  v.weights = std::move(weights);
  return v;
}

TEST(ClustererTest, WordsOfOneLanguageMeetTheirPartOfAMixedCluster) {
  // A (language 1) and B (language 2) share only an entity: one cluster through the shared
  // view. C, in B's language, shares a word with B; against the whole mixed centroid its cosine
  // is 0.35, against the part in its language 0.5: it joins. D shares nothing and stays apart.
  ClusterOptions o;
  o.threshold = 0.45;
  o.merge_threshold = 0.45;
  o.cross_language_threshold = 0.9;
  o.cross_language_merge_threshold = 0.9;
  Clusterer c(o);
  const float h = 0.70710678f;
  const std::optional<int32_t> day = DayNumber("2031-03-02");
  EXPECT_EQ(c.Add(Vec({1, 2}, {h, h}), day, Vec({100}, {1.0f}), 1), 0u);
  EXPECT_EQ(c.Add(Vec({10, 11}, {h, h}), day, Vec({100}, {1.0f}), 2), 0u);
  EXPECT_EQ(c.Add(Vec({10, 12}, {h, h}), day, {}, 2), 0u);
  EXPECT_EQ(c.Add(Vec({50, 51}, {h, h}), day, {}, 1), 1u);
  c.Finish();
  EXPECT_EQ(c.Clusters().size(), 2u);
}

TEST(ClustererTest, ADocumentAloneJoinsTheClusterThatGrewTowardsIt) {
  // X comes first and opens a cluster. Each later document shares term 1 with X at cosine 0.5
  // (below the threshold) and terms 1 and 9 with the others (0.61): they make one cluster whose
  // centroid, its own terms averaged away, reaches X at 0.59. Compared with itself X would stay
  // alone; compared with the other clusters it joins.
  ClusterOptions o;
  o.threshold = 0.55;
  o.merge_threshold = 0.99;  // no merging: re-assignment alone
  Clusterer c(o);
  const std::optional<int32_t> day = DayNumber("2031-03-02");
  EXPECT_EQ(c.Add(Vec({1}, {1.0f}), day), 0u);
  for (uint32_t k = 0; k < 4; ++k) {
    EXPECT_EQ(c.Add(Vec({1, 9, 20 + k}, {0.5f, 0.6f, 0.6245f}), day), 1u) << k;
  }
  c.Finish();
  ASSERT_EQ(c.Clusters().size(), 1u);
  EXPECT_EQ(c.Clusters()[0].size(), 5u);
}

TEST(ClustererTest, ADocumentNamingTheClustersCountryIsNotElsewhere) {
  // A cluster in country 100 (three documents). Two documents mostly about country 101, alike
  // in words: the one that also names country 100 joins (0.6); the one that does not counts
  // half (0.59 * 0.5) and opens its own cluster.
  ClusterOptions o;
  o.threshold = 0.5;
  o.merge_threshold = 0.99;
  o.elsewhere_factor = 0.5;
  Clusterer c(o);
  const std::optional<int32_t> day = DayNumber("2031-03-02");
  for (int k = 0; k < 3; ++k) EXPECT_EQ(c.Add(Vec({1}, {1.0f}), day, {}, 0, {100}), 0u);
  EXPECT_EQ(c.Add(Vec({1, 2}, {0.6f, 0.8f}), day, {}, 0, {101}, {100, 101}), 0u);
  EXPECT_EQ(c.Add(Vec({1, 3}, {0.6f, 0.8f}), day, {}, 0, {101}, {101}), 1u);
}

KindUnit Unit(std::vector<uint32_t> words, uint32_t documents = 5,
              std::vector<uint32_t> countries = {}) {
  KindUnit u;
  u.words = std::move(words);
  u.shares.assign(u.words.size(), 1.0f);
  u.documents = documents;
  u.countries = std::move(countries);
  return u;
}

// Eight units (the idf floor is 5): 0 and 1 write three words of four alike (cosine 0.75),
// 2..7 write words of their own.
std::vector<KindUnit> KindFixture() {
  std::vector<KindUnit> units = {Unit({1, 2, 3, 10}), Unit({1, 2, 3, 11})};
  for (uint32_t k = 2; k < 8; ++k) units.push_back(Unit({50 + k, 60 + k}));
  return units;
}

TEST(KindredPairsTest, MutualNearestNeighboursPair) {
  KindOptions o;
  o.threshold = 0.1;
  using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;
  EXPECT_EQ(KindredPairs(KindFixture(), o), (Pairs{{0, 1}}));
  o.threshold = 0.8;  // above their cosine
  EXPECT_TRUE(KindredPairs(KindFixture(), o).empty());
  o.threshold = 0;  // disabled
  EXPECT_TRUE(KindredPairs(KindFixture(), o).empty());
}

TEST(KindredPairsTest, AStragglerJoinsItsNearestUnit) {
  KindOptions o;
  o.threshold = 0.1;
  using Pairs = std::vector<std::pair<uint32_t, uint32_t>>;
  // Unit 2 writes two of unit 0's words (cosine 0.58 with 0 and 1 alike; ties go to 0), but
  // 0 and 1 prefer each other: a unit of five documents stays apart, one of two joins.
  std::vector<KindUnit> units = KindFixture();
  units[2] = Unit({1, 2, 40}, 5);
  EXPECT_EQ(KindredPairs(units, o), (Pairs{{0, 1}}));
  units[2].documents = 2;
  EXPECT_EQ(KindredPairs(units, o), (Pairs{{0, 1}, {0, 2}}));
}

TEST(KindredPairsTest, OtherCountriesAndFarDaysKeepUnitsApart) {
  KindOptions o;
  o.threshold = 0.5;
  std::vector<KindUnit> units = KindFixture();
  units[0].countries = {7};
  units[1].countries = {8};
  o.elsewhere_factor = 0.5;  // 0.75 * 0.5 < 0.5
  EXPECT_TRUE(KindredPairs(units, o).empty());
  o.elsewhere_factor = 1;
  EXPECT_EQ(KindredPairs(units, o).size(), 1u);
  units[1].countries = {7, 8};  // a country in common
  o.elsewhere_factor = 0.5;
  EXPECT_EQ(KindredPairs(units, o).size(), 1u);
  units[0].first_day = units[0].last_day = DayNumber("2031-03-02");
  units[1].first_day = DayNumber("2031-03-20");
  units[1].last_day = DayNumber("2031-04-01");
  o.window_days = 10;
  EXPECT_TRUE(KindredPairs(units, o).empty());
  o.window_days = 20;
  EXPECT_EQ(KindredPairs(units, o).size(), 1u);
}

TEST(KindredPairsTest, AHandfulOfUnitsNeverPair) {
  // Below the idf floor every word's weight is 0: too few units to tell a kind word from a
  // common one.
  KindOptions o;
  o.threshold = 0.01;
  std::vector<KindUnit> units = KindFixture();
  units.resize(5);
  EXPECT_TRUE(KindredPairs(units, o).empty());
  units.push_back(Unit({90, 91}));
  EXPECT_EQ(KindredPairs(units, o).size(), 1u);
}

TEST(DayNumberTest, RoundTrips) {
  const char* days[] = {"1970-01-01", "2022-01-06", "2000-02-29", "1899-12-31", "2031-03-02"};
  for (const char* d : days) {
    SCOPED_TRACE(d);
    std::optional<int32_t> n = DayNumber(d);
    ASSERT_TRUE(n.has_value());
    EXPECT_EQ(DayString(*n), d);
  }
  EXPECT_EQ(DayNumber("1970-01-01"), 0);
  EXPECT_EQ(DayNumber("2022-01-06T10:20"), DayNumber("2022-01-06"));
  EXPECT_FALSE(DayNumber("2022-W01").has_value());
  EXPECT_FALSE(DayNumber("2022-13-01").has_value());
  EXPECT_FALSE(DayNumber("").has_value());
}

}  // namespace
}  // namespace sitrep::connect
