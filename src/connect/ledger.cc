#include "connect/ledger.h"

#include <algorithm>
#include <limits>
#include <map>
#include <tuple>
#include <utility>

#include <nlohmann/json.hpp>

namespace sitrep::connect {
namespace {

constexpr int64_t kInf = std::numeric_limits<int64_t>::max();

struct Interval {
  int64_t lo = 0;
  int64_t hi = 0;
};

// The plausible true values behind a stated figure. The 3/4 and 4/3 tolerance for "about" keeps
// "environ 3 000" compatible with 2 500 and 3 800 but not with 2 000 or 5 000.
Interval Plausible(const Claim& c) {
  const ValueRange& v = *c.value;
  switch (c.approx) {
    case Approx::kExact:
      return {v.min, v.max};
    case Approx::kAbout:
    case Approx::kUnknown:
      return {v.min - v.min / 4, v.max > kInf / 2 ? kInf : v.max + (v.max + 2) / 3};
    case Approx::kAtLeast:
    case Approx::kMoreThan:
      return {v.min, kInf};
    case Approx::kAtMost:
    case Approx::kLessThan:
      return {0, v.max};
  }
  return {v.min, v.max};
}

// The lowest figure a report states as credible: the figure itself, or 0 for "at most N".
int64_t StatedLow(const Claim& c) {
  if (c.approx == Approx::kAtMost || c.approx == Approx::kLessThan) return 0;
  return c.value->min;
}

std::optional<std::string> DayOf(const LedgerReport& r) {
  auto day = [](const std::optional<std::string>& iso) -> std::optional<std::string> {
    // A day needs YYYY-MM-DD; a week or month alone ("2022-W01", "2022-01") is not one.
    if (!iso || iso->size() < 10 || (*iso)[4] != '-' || (*iso)[7] != '-') return std::nullopt;
    return iso->substr(0, 10);
  };
  if (auto d = day(r.claim.as_of)) return d;
  return day(r.published);
}

}  // namespace

std::string_view Name(FactStatus s) {
  switch (s) {
    case FactStatus::kConsistent: return "consistent";
    case FactStatus::kGrowing: return "growing";
    case FactStatus::kConflicting: return "conflicting";
    case FactStatus::kUnresolved: return "unresolved";
  }
  return "unresolved";
}

void Assess(Fact& fact) {
  for (LedgerReport& r : fact.reports) {
    r.day = DayOf(r);
    r.counted = r.claim.zone == ZoneKind::kBody && r.claim.value.has_value() && !r.relay_of;
  }
  // Undated figures cannot be placed among dated ones: they count only when no counted figure
  // has a day, and then as one undated period (estimate without as_of).
  const bool dated = std::any_of(fact.reports.begin(), fact.reports.end(),
                                 [](const LedgerReport& r) { return r.counted && r.day; });
  for (LedgerReport& r : fact.reports) {
    if (dated && !r.day) r.counted = false;
  }
  std::stable_sort(fact.reports.begin(), fact.reports.end(),
                   [](const LedgerReport& a, const LedgerReport& b) {
                     // Unknown days sort last.
                     auto key = [](const LedgerReport& r) {
                       return std::make_tuple(!r.day.has_value(), r.day.value_or(""),
                                              std::string_view(r.doc), r.claim.span.begin);
                     };
                     return key(a) < key(b);
                   });
  // Counted reports by day, in date order ("": the undated period).
  std::map<std::string, std::vector<const LedgerReport*>> by_day;
  for (const LedgerReport& r : fact.reports) {
    if (r.counted) by_day[r.day.value_or("")].push_back(&r);
  }
  fact.estimates.clear();
  if (by_day.empty()) {
    fact.status = FactStatus::kUnresolved;
    return;
  }
  bool conflict = false, grew = false;
  // The running bounds of what earlier days established: the highest lower bound and the
  // highest upper bound seen so far.
  std::optional<Interval> before;
  int64_t floor = 0;
  int64_t stated_before = 0;
  for (const auto& [day, reports] : by_day) {
    Interval today{0, kInf};
    for (const LedgerReport* r : reports) {
      const Interval a = Plausible(r->claim);
      today.lo = std::max(today.lo, a.lo);
      today.hi = std::min(today.hi, a.hi);
    }
    // Two of the day's intervals are disjoint exactly when the highest lower bound is above the
    // lowest upper bound (the one ending first lies wholly below the one starting last): one
    // pass, not every pair (100 000 reports of one figure took 30 s).
    if (today.lo > today.hi) {  // disagreeing day: its envelope
      if (reports.size() >= 2) conflict = true;
      today = {kInf, 0};
      for (const LedgerReport* r : reports) {
        Interval a = Plausible(r->claim);
        today.lo = std::min(today.lo, a.lo);
        today.hi = std::max(today.hi, a.hi);
      }
    }
    int64_t stated_low = kInf, stated_high = 0;
    for (const LedgerReport* r : reports) {
      stated_low = std::min(stated_low, r->claim.value->min);
      stated_high = std::max(stated_high, r->claim.value->max);
    }
    // Growth compares stated figures: "more than 200" then "about 12 000" rose, although the
    // first one's plausible interval is open above.
    if (before && stated_low > stated_before) grew = true;
    stated_before = std::max(stated_before, stated_high);
    if (before) {
      if (today.hi < before->lo) conflict = true;
      before = Interval{std::max(before->lo, today.lo), std::max(before->hi, today.hi)};
    } else {
      before = today;
    }
    Estimate e;
    if (!day.empty()) e.as_of = day;
    e.min = kInf;
    e.max = 0;
    for (const LedgerReport* r : reports) {
      e.min = std::min(e.min, StatedLow(r->claim));
      e.max = std::max(e.max, r->claim.value->max);
    }
    e.min = std::max(e.min, floor);
    e.max = std::max(e.max, e.min);
    floor = e.min;
    fact.estimates.push_back(std::move(e));
  }
  fact.status = conflict ? FactStatus::kConflicting
                         : (grew ? FactStatus::kGrowing : FactStatus::kConsistent);
}

std::vector<Fact> BuildLedger(std::string_view story, std::vector<LedgerReport> reports) {
  if (reports.size() > kMaxReportsPerStory) reports.resize(kMaxReportsPerStory);
  using Key = std::tuple<int, int, bool, std::string>;
  std::map<Key, Fact> facts;
  for (LedgerReport& r : reports) {
    Key key{static_cast<int>(r.claim.quantity), static_cast<int>(r.claim.group),
            r.claim.place.has_value(), r.claim.place.value_or("")};
    Fact& f = facts[key];
    if (f.reports.empty()) {
      f.story = std::string(story);
      f.quantity = r.claim.quantity;
      f.group = r.claim.group;
      f.place = r.claim.place;
    }
    f.reports.push_back(std::move(r));
  }
  std::vector<Fact> out;
  out.reserve(facts.size());
  for (auto& [key, f] : facts) {
    Assess(f);
    out.push_back(std::move(f));
  }
  return out;
}

std::string FactToJson(const Fact& fact) {
  using json = nlohmann::ordered_json;
  auto opt = [](const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); };
  json reports = json::array();
  for (const LedgerReport& r : fact.reports) {
    const Claim& c = r.claim;
    json value = c.value ? json{{"min", c.value->min}, {"max", c.value->max}} : json(nullptr);
    reports.push_back({{"doc", r.doc},
                       {"outlet", opt(r.outlet)},
                       {"value", std::move(value)},
                       {"approx", std::string(Name(c.approx))},
                       {"artifact", c.artifact ? json(std::string(Name(*c.artifact))) : json()},
                       {"as_of", opt(c.as_of)},
                       {"day", opt(r.day)},
                       {"attribution", c.attribution ? json(c.attribution->name) : json()},
                       {"label", opt(c.label)},
                       {"zone", std::string(Name(c.zone))},
                       {"relay_of", opt(r.relay_of)},
                       {"counted", r.counted},
                       {"start", c.span.begin},
                       {"end", c.span.end}});
  }
  auto est = [](const Estimate& e) {
    return json{{"min", e.min}, {"max", e.max}, {"as_of", e.as_of ? json(*e.as_of) : json()}};
  };
  json estimates = json::array();
  for (const Estimate& e : fact.estimates) estimates.push_back(est(e));
  std::optional<Estimate> last = fact.estimate();
  json j = {{"schema", "sitrep.ledger/1"},
            {"story", fact.story},
            {"quantity", std::string(Name(fact.quantity))},
            {"group", std::string(Name(fact.group))},
            {"place", opt(fact.place)},
            {"reports", std::move(reports)},
            {"status", std::string(Name(fact.status))},
            {"estimate", last ? est(*last) : json(nullptr)},
            {"estimates", std::move(estimates)}};
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace sitrep::connect
