#include "connect/ledger.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace sitrep::connect {
namespace {

// A report of "killed / security_forces / loc:veloria" unless changed.
LedgerReport R(std::string doc, std::string day, int64_t min, int64_t max,
               Approx approx = Approx::kExact) {
  LedgerReport r;
  r.doc = std::move(doc);
  r.outlet = "outlet-" + r.doc;
  r.published = day;
  r.claim.quantity = Quantity::kKilled;
  r.claim.group = Group::kSecurityForces;
  r.claim.place = "loc:veloria";
  r.claim.value = ValueRange{min, max};
  r.claim.approx = approx;
  r.claim.as_of = day;
  r.claim.span = {10, 20};
  return r;
}

LedgerReport Comment(LedgerReport r) {
  r.claim.zone = ZoneKind::kComment;
  return r;
}
LedgerReport Relay(LedgerReport r, std::string of) {
  r.relay_of = std::move(of);
  return r;
}
LedgerReport Masked(LedgerReport r) {
  r.claim.value.reset();
  r.claim.artifact = Artifact::kMaskedNumber;
  return r;
}

LedgerReport Undated(LedgerReport r) {
  r.claim.as_of.reset();
  r.published.reset();
  return r;
}

Fact One(std::vector<LedgerReport> reports) {
  std::vector<Fact> facts = BuildLedger("s1", std::move(reports));
  EXPECT_EQ(facts.size(), 1u);
  return facts.empty() ? Fact{} : facts[0];
}

TEST(LedgerTest, StatusOfSeries) {
  struct Case {
    const char* name;
    std::vector<LedgerReport> reports;
    FactStatus status;
    std::optional<Estimate> estimate;
  };
  const std::vector<Case> cases = {
      {"one report", {R("a", "2031-03-02", 8, 8)}, FactStatus::kConsistent,
       Estimate{8, 8, "2031-03-02"}},
      {"two outlets agree", {R("a", "2031-03-02", 8, 8), R("b", "2031-03-02", 8, 8)},
       FactStatus::kConsistent, Estimate{8, 8, "2031-03-02"}},
      {"about agrees with exact",
       {R("a", "2031-03-02", 3000, 3000, Approx::kAbout), R("b", "2031-03-02", 2600, 2600)},
       FactStatus::kConsistent, Estimate{2600, 3000, "2031-03-02"}},
      {"more than agrees with higher",
       {R("a", "2031-03-02", 160, 160, Approx::kMoreThan), R("b", "2031-03-02", 164, 164)},
       FactStatus::kConsistent, Estimate{160, 164, "2031-03-02"}},
      {"toll rises over days",
       {R("a", "2031-03-02", 8, 8), R("b", "2031-03-04", 18, 18), R("c", "2031-03-06", 26, 26)},
       FactStatus::kGrowing, Estimate{26, 26, "2031-03-06"}},
      {"same day disagreement",
       {R("a", "2031-03-02", 8, 8), R("b", "2031-03-02", 18, 18)}, FactStatus::kConflicting,
       Estimate{8, 18, "2031-03-02"}},
      {"later and lower",
       {R("a", "2031-03-02", 30, 30), R("b", "2031-03-05", 12, 12)}, FactStatus::kConflicting,
       Estimate{30, 30, "2031-03-05"}},
      {"only masked values", {Masked(R("a", "2031-03-02", 0, 0))}, FactStatus::kUnresolved,
       std::nullopt},
      {"only comments", {Comment(R("a", "2031-03-02", 12, 12))}, FactStatus::kUnresolved,
       std::nullopt},
      {"masked point inside a growing series",
       {R("a", "2031-03-02", 200, 200, Approx::kMoreThan), Masked(R("b", "2031-03-03", 0, 0)),
        R("c", "2031-03-09", 12000, 12000, Approx::kAbout)},
       FactStatus::kGrowing, Estimate{12000, 12000, "2031-03-09"}},
      // Unresolved is for facts without a usable figure, not for figures without a date: undated
      // figures are one period of their own when no figure of the fact has a day.
      {"only undated figures that agree",
       {Undated(R("a", "", 40, 40, Approx::kAbout)), Undated(R("b", "", 38, 38))},
       FactStatus::kConsistent, Estimate{38, 40, std::nullopt}},
      {"only undated figures that disagree",
       {Undated(R("a", "", 40, 40)), Undated(R("b", "", 400, 400))}, FactStatus::kConflicting,
       Estimate{40, 400, std::nullopt}},
      {"an undated figure beside dated ones moves nothing",
       {R("a", "2031-03-02", 8, 8), Undated(R("b", "", 400, 400))}, FactStatus::kConsistent,
       Estimate{8, 8, "2031-03-02"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.name);
    Fact f = One(c.reports);
    EXPECT_EQ(Name(f.status), Name(c.status));
    EXPECT_EQ(f.estimate(), c.estimate);
  }
}

TEST(LedgerTest, ReportsInDateOrderWithUnknownDaysLast) {
  LedgerReport undated = R("z", "", 5, 5);
  undated.claim.as_of.reset();
  undated.published.reset();
  Fact f = One({R("c", "2031-03-06", 26, 26), undated, R("a", "2031-03-02", 8, 8),
                R("b", "2031-03-04", 18, 18)});
  ASSERT_EQ(f.reports.size(), 4u);
  EXPECT_EQ(f.reports[0].doc, "a");
  EXPECT_EQ(f.reports[1].doc, "b");
  EXPECT_EQ(f.reports[2].doc, "c");
  EXPECT_EQ(f.reports[3].doc, "z");
  EXPECT_FALSE(f.reports[3].counted);
  ASSERT_EQ(f.estimates.size(), 3u);
  EXPECT_EQ(f.estimates[0], (Estimate{8, 8, "2031-03-02"}));
  EXPECT_EQ(f.estimates[1], (Estimate{18, 18, "2031-03-04"}));
}

TEST(LedgerTest, CommentsAndRelaysNeverMoveTheEstimate) {
  const std::vector<LedgerReport> base = {R("a", "2031-03-02", 8, 8), R("b", "2031-03-04", 18, 18)};
  Fact plain = One(base);
  ASSERT_EQ(plain.status, FactStatus::kGrowing);

  // Each extra report would change the status or the estimate if it were counted.
  const std::vector<LedgerReport> extras = {
      Comment(R("c", "2031-03-04", 12, 12)),        // a reader's lower figure
      Comment(R("d", "2031-03-05", 500, 500)),      // a reader's wild figure
      Relay(R("e", "2031-03-04", 3, 3), "a"),       // a stale copy, lower
      Relay(R("f", "2031-03-07", 40, 40), "b"),     // a translation with a changed figure
      Relay(R("g", "2031-03-02", 18, 18), "b"),     // a relay that would double-count
  };
  for (size_t i = 0; i < extras.size(); ++i) {
    SCOPED_TRACE(i);
    std::vector<LedgerReport> with = base;
    with.push_back(extras[i]);
    Fact f = One(with);
    EXPECT_EQ(f.status, plain.status);
    EXPECT_EQ(f.estimates, plain.estimates);
    EXPECT_EQ(f.reports.size(), 3u);  // listed, not counted
    size_t counted = 0;
    for (const LedgerReport& r : f.reports) counted += r.counted;
    EXPECT_EQ(counted, 2u);
  }
}

TEST(LedgerTest, FactsSplitByQuantityGroupAndPlace) {
  LedgerReport injured = R("a", "2031-03-02", 317, 317);
  injured.claim.quantity = Quantity::kInjured;
  LedgerReport civilians = R("b", "2031-03-02", 1000, 1000, Approx::kAbout);
  civilians.claim.group = Group::kCivilians;
  LedgerReport elsewhere = R("c", "2031-03-02", 3, 3);
  elsewhere.claim.place = "loc:marnet";
  LedgerReport nowhere = R("d", "2031-03-02", 4, 4);
  nowhere.claim.place.reset();
  std::vector<Fact> facts =
      BuildLedger("s1", {R("e", "2031-03-02", 8, 8), injured, civilians, elsewhere, nowhere});
  ASSERT_EQ(facts.size(), 5u);
  for (const Fact& f : facts) {
    EXPECT_EQ(f.reports.size(), 1u);
    EXPECT_EQ(f.status, FactStatus::kConsistent);  // different scopes never conflict
  }
}

TEST(LedgerTest, JsonFollowsTheSchema) {
  Fact f = One({R("a", "2031-03-02", 8, 8), Comment(R("b", "2031-03-03", 12, 12))});
  nlohmann::json j = nlohmann::json::parse(FactToJson(f));
  EXPECT_EQ(j["schema"], "sitrep.ledger/1");
  EXPECT_EQ(j["story"], "s1");
  EXPECT_EQ(j["quantity"], "killed");
  EXPECT_EQ(j["group"], "security_forces");
  EXPECT_EQ(j["place"], "loc:veloria");
  EXPECT_EQ(j["status"], "consistent");
  EXPECT_EQ(j["estimate"]["min"], 8);
  EXPECT_EQ(j["estimate"]["as_of"], "2031-03-02");
  ASSERT_EQ(j["reports"].size(), 2u);
  EXPECT_EQ(j["reports"][1]["zone"], "comment");
  EXPECT_EQ(j["reports"][1]["counted"], false);
  EXPECT_EQ(j["reports"][0]["value"]["max"], 8);
}

}  // namespace
}  // namespace sitrep::connect
