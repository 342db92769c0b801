// Tests of src/server/api (the JSON API of `sitrep serve`) as plain calls: status codes, JSON
// shapes, 400s for bad parameters, 404s, hostile document text returned as data, snapshot
// refresh when the stories change, and concurrent use from many threads. The documents are
// invented (tests/connect/fixture_docs.h helpers), annotated by hand.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <thread>

#include <nlohmann/json.hpp>

#include "connect/fixture_docs.h"
#include "connect/store_graph.h"
#include "lang/resources.h"
#include "server/api.h"

namespace sitrep::server {
namespace {

using json = nlohmann::json;
using sitrep::testing::AddEntity;
using sitrep::testing::AddTime;
using sitrep::testing::MakeDoc;

const std::string kHostile =
    "<script>window.__xss=1</script> <img src=x onerror=\"window.__xss=2\"> "
    "<a href=\"javascript:window.__xss=3\">x</a> </textarea>";

ByteSpan Find(const Document& d, const std::string& s) {
  size_t pos = d.text.find(s);
  EXPECT_NE(pos, std::string::npos) << s;
  return {static_cast<uint32_t>(pos), static_cast<uint32_t>(pos + s.size())};
}

Document ProtestDoc(std::string id, std::string outlet, std::string day, int killed,
                    std::string extra = "") {
  // Each outlet words it its own way, so no document reads as a copy of another.
  static const char* kLead[] = {
      "Witnesses in the old market square described a tense morning.",
      "The regional governor cancelled a planned visit after the unrest spread.",
      "Shops near the railway station stayed shut for most of the afternoon."};
  static int n = 0;
  std::string body = std::string(kLead[n++ % 3]) + " On " + day +
                     " about 2000 protesters marched in Veloria against the bread price. "
                     "Police said " + std::to_string(killed) + " people were killed. " + extra;
  Document d = MakeDoc(std::move(id), "en", day, std::move(outlet), "Protest in Veloria", body);
  AddEntity(d, "loc:veloria", EntityType::kLocation, "Veloria", {"Veloria"}, "KZ");
  d.places[0].lat = 43.25;
  d.places[0].lon = 76.95;
  d.places[0].kind = PlaceKind::kCity;
  AddTime(d, day, day);
  Event e;
  e.type = EventType::kProtest;
  e.date = day;
  e.place = "loc:veloria";
  e.span = Find(d, "protesters marched");
  e.mentions = {e.span};
  d.events.push_back(e);
  Claim c;
  c.quantity = Quantity::kKilled;
  c.group = Group::kUnspecified;
  c.value = ValueRange{killed, killed};
  c.as_of = day;
  c.span = Find(d, std::to_string(killed) + " people were killed");
  d.claims.push_back(c);
  return d;
}

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("sitrep_api_test_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / "store.db").string();
    Put({ProtestDoc("d00000000000000000000000000000001", "Veloria Herald", "2025-03-14", 2),
         ProtestDoc("d00000000000000000000000000000002", "Dorvask Daily", "2025-03-15", 3,
                    kHostile)});
    api_ = std::make_unique<Api>(path_);
    bool changed = false;
    ASSERT_TRUE(api_->Refresh(&changed).ok());
    ASSERT_TRUE(changed);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  void Put(const std::vector<Document>& docs) {
    auto store = Store::Open(path_);
    ASSERT_TRUE(store.has_value()) << store.error().ToString();
    for (const Document& d : docs) ASSERT_TRUE((*store)->Put(d).has_value());
    auto res = lang::Resources::Load(SITREP_SOURCE_DIR "/resources");
    ASSERT_TRUE(res.has_value()) << res.error().ToString();
    auto built = connect::RebuildStories(**store, *res, connect::DefaultStoryOptions());
    ASSERT_TRUE(built.has_value()) << built.error().ToString();
  }

  ApiResponse Get(const std::string& path, std::multimap<std::string, std::string> params = {}) {
    ApiRequest r;
    r.path = path;
    r.params = std::move(params);
    return api_->Handle(r);
  }
  json GetJson(const std::string& path, std::multimap<std::string, std::string> params = {},
               int want = 200) {
    ApiResponse r = Get(path, std::move(params));
    EXPECT_EQ(r.status, want) << path << " -> " << r.body;
    return json::parse(r.body);
  }
  void Expect400(const std::string& path, std::multimap<std::string, std::string> params) {
    ApiResponse r = Get(path, params);
    EXPECT_EQ(r.status, 400) << path << " " << r.body;
    json j = json::parse(r.body);
    ASSERT_TRUE(j.contains("error")) << r.body;
    EXPECT_EQ(j["error"]["status"], 400);
    EXPECT_FALSE(j["error"]["message"].get<std::string>().empty());
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Api> api_;
};

TEST_F(ApiTest, StoriesAndOneStory) {
  json j = GetJson("/api/stories");
  ASSERT_EQ(j["stories"].size(), 1u);
  json s = j["stories"][0];
  EXPECT_EQ(s["documents"], 2);
  EXPECT_EQ(s["first_day"], "2025-03-14");
  EXPECT_EQ(s["last_day"], "2025-03-15");
  std::string id = s["id"];
  json one = GetJson("/api/stories/" + id);
  EXPECT_EQ(one["id"], id);
  EXPECT_EQ(one["document_list"].size(), 2u);
  EXPECT_EQ(one["sources"].size(), 2u);
  EXPECT_EQ(one["recent"]["day"], "2025-03-15");
  ASSERT_EQ(one["recent"]["figures"].size(), 1u);
  EXPECT_EQ(one["recent"]["figures"][0]["to"]["min"], 3);
  GetJson("/api/stories/s999999999999", {}, 404);
  Expect400("/api/stories/bad%20id<>", {});
}

TEST_F(ApiTest, EventsWithFilters) {
  json all = GetJson("/api/events");
  ASSERT_GE(all["total"].get<int>(), 2);
  json e = all["events"][0];
  for (const char* k : {"id", "story", "day", "type", "place", "place_name", "lat", "lon",
                        "reports", "sources"}) {
    EXPECT_TRUE(e.contains(k)) << k;
  }
  EXPECT_EQ(e["type"], "protest");
  EXPECT_EQ(e["place_name"], "Veloria");
  EXPECT_DOUBLE_EQ(e["lat"].get<double>(), 43.25);
  ASSERT_FALSE(e["sources"].empty());
  EXPECT_EQ(e["sources"][0]["snippet"]["match"], "protesters marched");

  EXPECT_EQ(GetJson("/api/events", {{"from", "2025-03-15"}})["total"], 1);
  EXPECT_EQ(GetJson("/api/events", {{"to", "2025-03-14"}})["total"], 1);
  EXPECT_EQ(GetJson("/api/events", {{"type", "riot"}})["total"], 0);
  EXPECT_EQ(GetJson("/api/events", {{"place", "velo"}})["total"], all["total"]);
  EXPECT_EQ(GetJson("/api/events", {{"place", "Kelmar"}})["total"], 0);
  EXPECT_EQ(GetJson("/api/events", {{"outlet", "Dorvask Daily"}})["total"], 1);
  EXPECT_EQ(GetJson("/api/events", {{"lang", "ru"}})["total"], 0);
  EXPECT_EQ(GetJson("/api/events", {{"lang", "en"}, {"limit", "1"}})["events"].size(), 1u);
  EXPECT_EQ(GetJson("/api/events", {{"offset", "1"}, {"limit", "1"}})["events"].size(), 1u);
  GetJson("/api/events", {{"story", "s999999999999"}}, 404);

  Expect400("/api/events", {{"from", "2025-13-01"}});
  Expect400("/api/events", {{"from", "yesterday"}});
  Expect400("/api/events", {{"from", "2025-03-15"}, {"to", "2025-03-01"}});
  Expect400("/api/events", {{"type", "picnic"}});
  Expect400("/api/events", {{"limit", "0"}});
  Expect400("/api/events", {{"limit", "100000"}});
  Expect400("/api/events", {{"limit", "12abc"}});
  Expect400("/api/events", {{"offset", "-1"}});
  Expect400("/api/events", {{"colour", "red"}});
  Expect400("/api/events", {{"type", "riot"}, {"type", "protest"}});
  Expect400("/api/events", {{"place", std::string(kMaxParamBytes + 1, 'x')}});
  std::multimap<std::string, std::string> many;
  for (size_t i = 0; i <= kMaxParams; ++i) many.emplace("p" + std::to_string(i), "1");
  Expect400("/api/events", many);
}

TEST_F(ApiTest, LedgerPerStory) {
  std::string id = GetJson("/api/stories")["stories"][0]["id"];
  json j = GetJson("/api/ledger", {{"story", id}});
  ASSERT_EQ(j["facts"].size(), 1u);
  json f = j["facts"][0];
  EXPECT_EQ(f["quantity"], "killed");
  EXPECT_EQ(f["status"], "growing");
  EXPECT_EQ(f["estimate"]["min"], 3);
  EXPECT_EQ(f["estimates"].size(), 2u);
  ASSERT_EQ(f["reports"].size(), 2u);
  EXPECT_EQ(f["reports"][0]["day"], "2025-03-14");
  EXPECT_EQ(f["reports"][0]["snippet"]["match"], "2 people were killed");
  EXPECT_EQ(GetJson("/api/ledger", {{"quantity", "injured"}})["total"], 0);
  Expect400("/api/ledger", {{"quantity", "many"}});
  Expect400("/api/ledger", {{"from", "2025-03-01"}});
}

TEST_F(ApiTest, DocumentWithEverySpanAndHostileTextAsData) {
  json d = GetJson("/api/documents/d00000000000000000000000000000002");
  std::string text = d["text"];
  EXPECT_NE(text.find(kHostile), std::string::npos) << "the text is returned as it is, as data";
  for (const char* k : {"zones", "entities", "places", "times", "events", "claims", "warnings",
                        "provenance"}) {
    ASSERT_TRUE(d["spans"].contains(k)) << k;
  }
  EXPECT_EQ(d["spans"]["zones"].size(), 2u);
  ASSERT_EQ(d["spans"]["events"].size(), 1u);
  json ev = d["spans"]["events"][0];
  EXPECT_EQ(text.substr(ev["start"], ev["end"].get<size_t>() - ev["start"].get<size_t>()),
            "protesters marched");
  EXPECT_EQ(d["spans"]["places"][0]["name"], "Veloria");
  EXPECT_EQ(d["spans"]["claims"][0]["value"]["min"], 3);
  // The JSON body escapes nothing it need not: it is data, the UI inserts it as text.
  Expect400("/api/documents/d0000000000000000000000000000000", {});  // ambiguous prefix
  GetJson("/api/documents/d00000000000000000000000000000009", {}, 404);
  Expect400("/api/documents/..%2f..%2fetc", {});
  Expect400("/api/documents/abc", {});
  Expect400("/api/documents/d00000000000000000000000000000002", {{"x", "1"}});
}

TEST_F(ApiTest, SearchAndErrors) {
  json j = GetJson("/api/search", {{"q", "bread"}});
  EXPECT_EQ(j["hits"].size(), 2u);
  Expect400("/api/search", {});
  Expect400("/api/search", {{"q", "\"unbalanced"}});
  Expect400("/api/search", {{"q", "bread"}, {"limit", "1000"}});
  ApiResponse r = Get("/api/nothing-here");
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(json::parse(r.body).contains("error"));
  ApiRequest post;
  post.method = "POST";
  post.path = "/api/stories";
  EXPECT_EQ(api_->Handle(post).status, 405);
  json st = GetJson("/api/status");
  EXPECT_EQ(st["documents"], 2);
  EXPECT_EQ(st["stories"], 1);
}

TEST_F(ApiTest, RefreshSeesNewStoriesAndKeepsTheOldSnapshotMeanwhile) {
  auto before = api_->snapshot();
  bool changed = true;
  ASSERT_TRUE(api_->Refresh(&changed).ok());
  EXPECT_FALSE(changed) << "nothing changed in the store";
  Put({ProtestDoc("d00000000000000000000000000000003", "Kelmar Post", "2025-03-16", 5)});
  ASSERT_TRUE(api_->Refresh(&changed).ok());
  EXPECT_TRUE(changed);
  EXPECT_EQ(GetJson("/api/status")["documents"], 3);
  EXPECT_EQ(before->stories[0].documents.size(), 2u) << "a published snapshot never changes";
}

TEST_F(ApiTest, ManyThreadsAtOnce) {
  std::atomic<int> bad{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 30; ++i) {
        ApiRequest r;
        r.path = (i + t) % 3 == 0   ? "/api/events"
                 : (i + t) % 3 == 1 ? "/api/documents/d00000000000000000000000000000001"
                                    : "/api/ledger";
        if (api_->Handle(r).status != 200) ++bad;
        if (t == 0 && i % 10 == 0 && !api_->Refresh().ok()) ++bad;
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(bad.load(), 0);
}

}  // namespace
}  // namespace sitrep::server
