#include "server/api.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <ctime>
#include <set>

#include <nlohmann/json.hpp>

#include "base/hash.h"
#include "connect/ledger.h"

namespace sitrep::server {
namespace {

using json = nlohmann::ordered_json;

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }
json Opt(const std::optional<std::string>& s) { return s ? json(*s) : json(nullptr); }
json OptD(const std::optional<double>& d) {
  return d && std::isfinite(*d) ? json(*d) : json(nullptr);
}

ApiResponse Ok(const json& j) { return {200, Dump(j)}; }

std::string NowUtc() {
  std::time_t now = std::time(nullptr);
  char buf[32];
  std::tm tm{};
  gmtime_r(&now, &tm);
  if (!std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm)) return "";
  return buf;
}

std::string LowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

bool IsDay(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (!std::isdigit(static_cast<unsigned char>(s[i]))) return false;
  }
  int month = (s[5] - '0') * 10 + (s[6] - '0'), day = (s[8] - '0') * 10 + (s[9] - '0');
  return month >= 1 && month <= 12 && day >= 1 && day <= 31;
}

bool IsToken(std::string_view s, size_t min, size_t max) {
  if (s.size() < min || s.size() > max) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.' ||
           c == ':';
  });
}

// The validated query parameters of one request.
class Params {
 public:
  // Checks that every parameter is one of `allowed`, given once, and bounded.
  static Result<Params> Check(const ApiRequest& r, std::initializer_list<std::string_view> allowed) {
    if (r.params.size() > kMaxParams) {
      return InvalidArgument("too many parameters (at most " + std::to_string(kMaxParams) + ")");
    }
    Params p;
    for (const auto& [k, v] : r.params) {
      if (std::find(allowed.begin(), allowed.end(), k) == allowed.end()) {
        std::string names;
        for (std::string_view a : allowed) names += (names.empty() ? "" : ", ") + std::string(a);
        return InvalidArgument("unknown parameter '" + k.substr(0, 64) + "' (this path takes: " +
                               (names.empty() ? "none" : names) + ")");
      }
      if (v.size() > kMaxParamBytes) {
        return InvalidArgument("parameter '" + k + "' is longer than " +
                               std::to_string(kMaxParamBytes) + " bytes");
      }
      if (!p.values_.emplace(k, v).second) {
        return InvalidArgument("parameter '" + k + "' is given more than once");
      }
    }
    return p;
  }
  std::optional<std::string> Get(const std::string& k) const {
    auto it = values_.find(k);
    if (it == values_.end() || it->second.empty()) return std::nullopt;
    return it->second;
  }
  Result<int> Int(const std::string& k, int dflt, int min, int max) const {
    auto v = Get(k);
    if (!v) return dflt;
    int n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc() || ptr != v->data() + v->size() || n < min || n > max) {
      return InvalidArgument("parameter '" + k + "' must be an integer in [" +
                             std::to_string(min) + ", " + std::to_string(max) + "]");
    }
    return n;
  }

 private:
  std::map<std::string, std::string> values_;
};

ApiResponse Bad(const Status& s) {
  return ErrorResponse(s.code() == StatusCode::kNotFound ? 404 : 400, s.message());
}

json Entities(const std::vector<StoryEntity>& v) {
  json a = json::array();
  for (const StoryEntity& e : v) {
    a.push_back({{"id", e.id}, {"name", e.name}, {"documents", e.documents}});
  }
  return a;
}

bool Continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
// The last / first `n` bytes of `s`, cut on a UTF-8 boundary.
std::string Tail(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  size_t from = s.size() - n;
  while (from < s.size() && Continuation(s[from])) ++from;
  return s.substr(from);
}
std::string Head(const std::string& s, size_t n) {
  if (s.size() <= n) return s;
  while (n > 0 && Continuation(s[n])) --n;
  return s.substr(0, n);
}

// A report's snippet: the text around its span. `full` adds where it comes from (for warnings;
// an event source or a ledger report already says so itself).
json SnippetJson(const report::ReportData& d, size_t i, bool full = true) {
  if (i == report::kNoSnippet || i >= d.snippets.size()) return nullptr;
  const report::Snippet& s = d.snippets[i];
  if (!full) {
    return {{"before", Tail(s.before, kListContext)}, {"match", s.match},
            {"after", Head(s.after, kListContext)}};
  }
  return {{"doc", s.doc},       {"outlet", Opt(s.outlet)}, {"title", Opt(s.title)},
          {"published", Opt(s.published)}, {"language", s.language},
          {"start", s.start},   {"end", s.end},   {"before", Tail(s.before, kListContext)},
          {"match", s.match},   {"after", Head(s.after, kListContext)}};
}

json StorySummary(const Story& s, const report::StoryReport* sr) {
  std::set<std::string> languages;
  for (const StoryDocument& d : s.documents) languages.insert(d.language);
  json j = {{"id", s.id},
            {"title", s.title},
            {"first_day", Opt(s.first_day)},
            {"last_day", Opt(s.last_day)},
            {"documents", s.documents.size()},
            {"event_clusters", s.events},
            {"events", sr ? sr->events.size() : 0},
            {"facts", sr ? sr->facts.size() : 0},
            {"warnings", sr ? sr->warnings.size() : 0},
            {"outlets", s.outlets},
            {"languages", languages},
            {"places", Entities(s.places)},
            {"actors", Entities(s.actors)}};
  return j;
}

json EventJson(const report::ReportData& d, const report::ReportEvent& e,
               const std::map<std::string, const StoryDocument*>& docs) {
  json sources = json::array();
  for (size_t k = 0; k < e.entry.sources.size() && k < kMaxSourcesPerEvent; ++k) {
    const auto& src = e.entry.sources[k];
    auto it = docs.find(src.doc);
    sources.push_back({{"doc", src.doc},
                       {"outlet", Opt(src.outlet)},
                       {"language", it != docs.end() ? json(it->second->language) : json(nullptr)},
                       {"published", it != docs.end() ? Opt(it->second->published) : json(nullptr)},
                       {"start", src.start},
                       {"end", src.end},
                       {"relay", src.relay},
                       {"snippet", SnippetJson(d, k < e.snippets.size() ? e.snippets[k]
                                                                         : report::kNoSnippet,
                                               false)}});
  }
  return {{"id", e.id},
          {"story", e.entry.story},
          {"day", Opt(e.entry.day)},
          {"dated_by_event", e.entry.dated_by_event},
          {"type", std::string(Name(e.entry.type))},
          {"place", Opt(e.entry.place)},
          {"place_name", Opt(e.place_name)},
          {"country", Opt(e.country)},
          {"lat", OptD(e.lat)},
          {"lon", OptD(e.lon)},
          {"actors", e.actors},
          {"reports", e.entry.sources.size()},
          {"sources", std::move(sources)}};
}

json RangeJson(const std::optional<ValueRange>& v) {
  if (!v) return nullptr;
  return {{"min", v->min}, {"max", v->max}};
}

json FactJson(const report::ReportData& d, const report::StoryReport& sr, size_t i) {
  const connect::Fact& f = sr.facts[i];
  json reports = json::array();
  for (size_t k = 0; k < f.reports.size() && k < kMaxReportsPerFact; ++k) {
    const connect::LedgerReport& r = f.reports[k];
    const Claim& c = r.claim;
    size_t sn = i < sr.fact_snippets.size() && k < sr.fact_snippets[i].size()
                    ? sr.fact_snippets[i][k]
                    : report::kNoSnippet;
    reports.push_back({{"doc", r.doc},
                       {"outlet", Opt(r.outlet)},
                       {"published", Opt(r.published)},
                       {"day", Opt(r.day)},
                       {"counted", r.counted},
                       {"relay_of", Opt(r.relay_of)},
                       {"value", RangeJson(c.value)},
                       {"approx", std::string(Name(c.approx))},
                       {"label", Opt(c.label)},
                       {"artifact", c.artifact ? json(std::string(Name(*c.artifact))) : json(nullptr)},
                       {"source", c.attribution ? json(c.attribution->name) : json(nullptr)},
                       {"zone", std::string(Name(c.zone))},
                       {"start", c.span.begin},
                       {"end", c.span.end},
                       {"snippet", SnippetJson(d, sn, false)}});
  }
  json estimates = json::array();
  for (const connect::Estimate& e : f.estimates) {
    estimates.push_back({{"min", e.min}, {"max", e.max}, {"as_of", Opt(e.as_of)}});
  }
  auto est = f.estimate();
  return {{"id", sr.story.id + "-f" + std::to_string(i + 1)},
          {"story", f.story},
          {"quantity", std::string(Name(f.quantity))},
          {"group", std::string(Name(f.group))},
          {"place", Opt(f.place)},
          {"place_name", f.place ? json(report::NameOf(d, f.place)) : json(nullptr)},
          {"status", std::string(connect::Name(f.status))},
          {"estimate", est ? json({{"min", est->min}, {"max", est->max}, {"as_of", Opt(est->as_of)}})
                           : json(nullptr)},
          {"estimates", std::move(estimates)},
          {"reports_total", f.reports.size()},
          {"reports", std::move(reports)}};
}

std::map<std::string, const StoryDocument*> DocsOf(const Story& s) {
  std::map<std::string, const StoryDocument*> m;
  for (const StoryDocument& d : s.documents) m[d.id] = &d;
  return m;
}

json SpanJson(ByteSpan s) { return {{"start", s.begin}, {"end", s.end}}; }

json DocumentJson(const Document& doc) {
  json zones = json::array(), entities = json::array(), places = json::array(),
       times = json::array(), events = json::array(), claims = json::array(),
       warnings = json::array(), provenance = json::array();
  for (const Zone& z : doc.zones) {
    json j = SpanJson(z.span);
    j["kind"] = std::string(Name(z.kind));
    if (z.comment) j["comment_depth"] = z.comment->depth;
    zones.push_back(std::move(j));
  }
  std::map<std::string, const Place*> place_of;
  for (const Place& p : doc.places) place_of[p.entity] = &p;
  for (const Entity& e : doc.entities) {
    for (ByteSpan m : e.mentions) {
      json j = SpanJson(m);
      j["id"] = e.id;
      j["type"] = std::string(Name(e.type));
      j["name"] = e.name;
      entities.push_back(std::move(j));
      if (auto it = place_of.find(e.id); it != place_of.end()) {
        const Place& p = *it->second;
        json pj = SpanJson(m);
        pj["id"] = p.entity;
        pj["name"] = p.name;
        pj["kind"] = p.kind ? json(std::string(Name(*p.kind))) : json(nullptr);
        pj["country"] = Opt(p.country);
        pj["lat"] = OptD(p.lat);
        pj["lon"] = OptD(p.lon);
        places.push_back(std::move(pj));
      }
    }
  }
  for (const TimeExpr& t : doc.times) {
    json j = SpanJson(t.span);
    j["value"] = Opt(t.value);
    j["granularity"] = std::string(Name(t.granularity));
    times.push_back(std::move(j));
  }
  for (const Event& e : doc.events) {
    for (ByteSpan m : e.mentions.empty() ? std::vector<ByteSpan>{e.span} : e.mentions) {
      json j = SpanJson(m);
      j["type"] = std::string(Name(e.type));
      j["date"] = Opt(e.date);
      j["place"] = Opt(e.place);
      j["first"] = m == e.span;
      events.push_back(std::move(j));
    }
  }
  for (const Claim& c : doc.claims) {
    json j = SpanJson(c.span);
    j["quantity"] = std::string(Name(c.quantity));
    j["group"] = std::string(Name(c.group));
    j["value"] = RangeJson(c.value);
    j["approx"] = std::string(Name(c.approx));
    j["label"] = Opt(c.label);
    j["as_of"] = Opt(c.as_of);
    j["artifact"] = c.artifact ? json(std::string(Name(*c.artifact))) : json(nullptr);
    claims.push_back(std::move(j));
  }
  for (const Warning& w : doc.warnings) {
    json j = SpanJson(w.span);
    j["code"] = w.code;
    j["message"] = w.message;
    warnings.push_back(std::move(j));
  }
  for (const Provenance& p : doc.provenance) {
    json j = SpanJson(p.span);
    j["relation"] = std::string(Name(p.relation));
    j["outlet"] = Opt(p.outlet);
    j["url"] = Opt(p.url);
    provenance.push_back(std::move(j));
  }
  return {{"id", doc.id},
          {"title", Opt(doc.title)},
          {"outlet", Opt(doc.outlet)},
          {"domain", Opt(doc.domain)},
          {"url", Opt(doc.url)},
          {"language", doc.language},
          {"published", Opt(doc.published.value)},
          {"format", std::string(Name(doc.input.format))},
          {"text", doc.text},
          {"offsets", "bytes"},
          {"spans",
           {{"zones", std::move(zones)},
            {"entities", std::move(entities)},
            {"places", std::move(places)},
            {"times", std::move(times)},
            {"events", std::move(events)},
            {"claims", std::move(claims)},
            {"warnings", std::move(warnings)},
            {"provenance", std::move(provenance)}}}};
}

}  // namespace

ApiResponse ErrorResponse(int status, const std::string& message) {
  return {status, Dump({{"error", {{"status", status}, {"message", message}}}})};
}

Result<StorePool::Lease> StorePool::Acquire() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (!idle_.empty()) {
      std::unique_ptr<Store> s = std::move(idle_.back());
      idle_.pop_back();
      return Lease(this, std::move(s));
    }
  }
  SITREP_ASSIGN_OR_RETURN(std::unique_ptr<Store> store, Store::Open(location_));
  return Lease(this, std::move(store));
}

void StorePool::Return(std::unique_ptr<Store> store) {
  std::lock_guard<std::mutex> lock(mu_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(store));
}

std::string StoriesFingerprint(const std::vector<Story>& stories) {
  std::string all;
  for (const Story& s : stories) {
    all += s.id + "|" + s.title + "|" + s.first_day.value_or("") + "|" + s.last_day.value_or("") +
           "|" + std::to_string(s.events) + "\n";
    for (const StoryDocument& d : s.documents) all += d.id + d.event + "\n";
  }
  return base::Sha256Hex(all);
}

Result<std::shared_ptr<Snapshot>> BuildSnapshot(Store& store, std::vector<Story> stories) {
  auto snap = std::make_shared<Snapshot>();
  snap->fingerprint = StoriesFingerprint(stories);
  SITREP_ASSIGN_OR_RETURN(snap->data, report::LoadReport(store, stories));
  snap->stories = std::move(stories);
  snap->loaded_at = NowUtc();
  for (size_t i = 0; i < snap->data.stories.size(); ++i) {
    const report::StoryReport& sr = snap->data.stories[i];
    snap->story_index[sr.story.id] = i;
    auto docs = DocsOf(sr.story);
    for (size_t k = 0; k < sr.events.size(); ++k) {
      Snapshot::EventKey key;
      key.story = i;
      key.event = k;
      std::set<std::string> langs, outlets;
      for (const auto& src : sr.events[k].entry.sources) {
        if (auto it = docs.find(src.doc); it != docs.end()) langs.insert(it->second->language);
        if (src.outlet) outlets.insert(*src.outlet);
      }
      key.languages.assign(langs.begin(), langs.end());
      key.outlets.assign(outlets.begin(), outlets.end());
      key.json = Dump(EventJson(snap->data, sr.events[k], docs));
      snap->events.push_back(std::move(key));
    }
    std::vector<std::string> facts;
    for (size_t k = 0; k < sr.facts.size(); ++k) facts.push_back(Dump(FactJson(snap->data, sr, k)));
    snap->fact_json.push_back(std::move(facts));
  }
  return snap;
}

Api::Api(std::string location) : pool_(std::move(location)) {}

std::shared_ptr<const Snapshot> Api::snapshot() const {
  std::lock_guard<std::mutex> lock(snap_mu_);
  return snap_;
}

Status Api::Refresh(bool* changed) {
  if (changed) *changed = false;
  std::lock_guard<std::mutex> lock(refresh_mu_);
  SITREP_ASSIGN_OR_RETURN(StorePool::Lease store, pool_.Acquire());
  SITREP_ASSIGN_OR_RETURN(std::vector<Story> stories, store->Stories());
  std::shared_ptr<const Snapshot> current = snapshot();
  if (current && current->fingerprint == StoriesFingerprint(stories)) return Status::Ok();
  SITREP_ASSIGN_OR_RETURN(std::shared_ptr<Snapshot> next, BuildSnapshot(*store, std::move(stories)));
  {
    std::lock_guard<std::mutex> l(snap_mu_);
    snap_ = std::move(next);
  }
  if (changed) *changed = true;
  return Status::Ok();
}

ApiResponse Api::Handle(const ApiRequest& r) {
  if (r.method != "GET" && r.method != "HEAD") {
    return ErrorResponse(405, "method not allowed: the API is read-only (GET)");
  }
  const std::string& p = r.path;
  if (p == "/api/search") return Search(r);
  static const std::string kDocs = "/api/documents/";
  if (p.rfind(kDocs, 0) == 0) {
    if (auto ok = Params::Check(r, {}); !ok) return Bad(ok.error());
    return DocumentById(p.substr(kDocs.size()));
  }
  static const std::set<std::string> kKnown = {"/api/status", "/api/stories", "/api/events",
                                               "/api/ledger"};
  static const std::string kStories = "/api/stories/";
  bool story_path = p.rfind(kStories, 0) == 0;
  if (!kKnown.count(p) && !story_path) {
    return ErrorResponse(404, "no such API path; see README \"Web UI and API\"");
  }
  std::shared_ptr<const Snapshot> snap = snapshot();
  if (!snap) return ErrorResponse(503, "the store has not been read yet; try again shortly");
  if (p == "/api/events") return Events(*snap, r);
  if (p == "/api/ledger") return Ledger(*snap, r);
  if (auto ok = Params::Check(r, {}); !ok) return Bad(ok.error());
  if (p == "/api/status") return Status_(*snap);
  if (p == "/api/stories") return Stories(*snap);
  return OneStory(*snap, p.substr(kStories.size()));
}

ApiResponse Api::Status_(const Snapshot& s) {
  std::set<std::string> docs;
  for (const Story& st : s.stories) {
    for (const StoryDocument& d : st.documents) docs.insert(d.id);
  }
  return Ok({{"schema", "sitrep.api.status/1"},
             {"stories", s.stories.size()},
             {"documents", docs.size()},
             {"events", s.events.size()},
             {"loaded_at", s.loaded_at},
             {"snippets_dropped", s.data.snippets_dropped},
             {"warnings_dropped", s.data.warnings_dropped}});
}

ApiResponse Api::Stories(const Snapshot& s) {
  json a = json::array();
  for (const report::StoryReport& sr : s.data.stories) a.push_back(StorySummary(sr.story, &sr));
  return Ok({{"stories", std::move(a)}});
}

ApiResponse Api::OneStory(const Snapshot& s, const std::string& id) {
  if (!IsToken(id, 1, 64)) return ErrorResponse(400, "a story id is 1-64 letters, digits, - or _");
  auto it = s.story_index.find(id);
  if (it == s.story_index.end()) return ErrorResponse(404, "no story '" + id + "'");
  const report::StoryReport& sr = s.data.stories[it->second];
  json j = StorySummary(sr.story, &sr);
  json docs = json::array();
  for (const StoryDocument& d : sr.story.documents) {
    docs.push_back({{"id", d.id}, {"event", d.event}, {"title", Opt(d.title)},
                    {"outlet", Opt(d.outlet)}, {"published", Opt(d.published)},
                    {"language", d.language}, {"relay_of", Opt(d.relay_of)}});
  }
  j["document_list"] = std::move(docs);
  json outlets = json::array();
  for (const report::OutletSummary& o : sr.outlets) {
    json labels = json::object();
    for (const auto& [group, words] : o.labels) labels[group] = words;
    outlets.push_back({{"name", o.name}, {"languages", o.languages}, {"documents", o.documents},
                       {"relays", o.relays}, {"labels", std::move(labels)}});
  }
  j["sources"] = std::move(outlets);
  json warnings = json::array();
  for (const report::ReportWarning& w : sr.warnings) {
    warnings.push_back({{"code", w.code}, {"message", w.message},
                        {"snippet", SnippetJson(s.data, w.snippet)}});
  }
  j["warning_list"] = std::move(warnings);
  // What changed most recently: the last dated day's events, and figures that moved.
  std::string last_day;
  for (const report::ReportEvent& e : sr.events) {
    if (e.entry.day && *e.entry.day > last_day) last_day = *e.entry.day;
  }
  json recent_events = json::array(), moved = json::array();
  for (const report::ReportEvent& e : sr.events) {
    if (!last_day.empty() && e.entry.day == last_day) {
      recent_events.push_back({{"id", e.id}, {"type", std::string(Name(e.entry.type))},
                               {"place_name", Opt(e.place_name)}});
    }
  }
  for (size_t i = 0; i < sr.facts.size(); ++i) {
    const connect::Fact& f = sr.facts[i];
    if (f.estimates.size() < 2) continue;
    const connect::Estimate& a = f.estimates[f.estimates.size() - 2];
    const connect::Estimate& b = f.estimates.back();
    if (a.min == b.min && a.max == b.max) continue;
    moved.push_back({{"fact", sr.story.id + "-f" + std::to_string(i + 1)},
                     {"quantity", std::string(Name(f.quantity))},
                     {"group", std::string(Name(f.group))},
                     {"from", {{"min", a.min}, {"max", a.max}, {"as_of", Opt(a.as_of)}}},
                     {"to", {{"min", b.min}, {"max", b.max}, {"as_of", Opt(b.as_of)}}}});
  }
  j["recent"] = {{"day", last_day.empty() ? json(nullptr) : json(last_day)},
                 {"events", std::move(recent_events)},
                 {"figures", std::move(moved)}};
  return Ok(j);
}

ApiResponse Api::Events(const Snapshot& s, const ApiRequest& r) {
  auto params = Params::Check(r, {"story", "from", "to", "type", "place", "outlet", "lang",
                                  "limit", "offset"});
  if (!params) return Bad(params.error());
  auto story = params->Get("story"), from = params->Get("from"), to = params->Get("to"),
       type = params->Get("type"), place = params->Get("place"), outlet = params->Get("outlet"),
       lang = params->Get("lang");
  if (story && !s.story_index.count(*story)) {
    if (!IsToken(*story, 1, 64)) return ErrorResponse(400, "bad story id");
    return ErrorResponse(404, "no story '" + *story + "'");
  }
  if (from && !IsDay(*from)) return ErrorResponse(400, "parameter 'from' must be YYYY-MM-DD");
  if (to && !IsDay(*to)) return ErrorResponse(400, "parameter 'to' must be YYYY-MM-DD");
  if (from && to && *from > *to) return ErrorResponse(400, "'from' is after 'to'");
  EventType want_type{};
  if (type && !Parse(*type, &want_type)) {
    return ErrorResponse(400, "parameter 'type' is not an event type (protest, riot, arrest, ...)");
  }
  if (lang && !IsToken(*lang, 2, 8)) return ErrorResponse(400, "parameter 'lang' must be a language code");
  Result<int> limit = params->Int("limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit) return Bad(limit.error());
  Result<int> offset = params->Int("offset", 0, 0, kMaxOffset);
  if (!offset) return Bad(offset.error());
  std::string place_lower = place ? LowerAscii(*place) : "";

  std::string out;
  size_t total = 0, shown = 0;
  for (const Snapshot::EventKey& key : s.events) {
    const report::StoryReport& sr = s.data.stories[key.story];
    const report::ReportEvent& e = sr.events[key.event];
    if (story && sr.story.id != *story) continue;
    if (type && e.entry.type != want_type) continue;
    if ((from || to) && !e.entry.day) continue;
    if (from && *e.entry.day < *from) continue;
    if (to && *e.entry.day > *to) continue;
    if (place) {
      bool hit = (e.entry.place && *e.entry.place == *place) ||
                 (e.place_name && LowerAscii(*e.place_name).find(place_lower) != std::string::npos);
      if (!hit) continue;
    }
    if (outlet && !std::binary_search(key.outlets.begin(), key.outlets.end(), *outlet)) continue;
    if (lang && !std::binary_search(key.languages.begin(), key.languages.end(), *lang)) continue;
    ++total;
    if (total <= static_cast<size_t>(*offset) || shown >= static_cast<size_t>(*limit)) continue;
    out += shown++ ? "," : "";
    out += key.json;
  }
  return {200, "{\"total\":" + std::to_string(total) + ",\"offset\":" + std::to_string(*offset) +
                   ",\"limit\":" + std::to_string(*limit) + ",\"events\":[" + out + "]}"};
}

ApiResponse Api::Ledger(const Snapshot& s, const ApiRequest& r) {
  auto params = Params::Check(r, {"story", "quantity", "limit", "offset"});
  if (!params) return Bad(params.error());
  auto story = params->Get("story"), quantity = params->Get("quantity");
  if (story && !s.story_index.count(*story)) {
    if (!IsToken(*story, 1, 64)) return ErrorResponse(400, "bad story id");
    return ErrorResponse(404, "no story '" + *story + "'");
  }
  Quantity want{};
  if (quantity && !Parse(*quantity, &want)) {
    return ErrorResponse(400, "parameter 'quantity' must be killed, injured, detained, deployed "
                              "or participants");
  }
  Result<int> limit = params->Int("limit", kDefaultLimit, 1, kMaxLimit);
  if (!limit) return Bad(limit.error());
  Result<int> offset = params->Int("offset", 0, 0, kMaxOffset);
  if (!offset) return Bad(offset.error());
  std::string facts;
  size_t total = 0, shown = 0;
  for (size_t si = 0; si < s.data.stories.size(); ++si) {
    const report::StoryReport& sr = s.data.stories[si];
    if (story && sr.story.id != *story) continue;
    for (size_t i = 0; i < sr.facts.size(); ++i) {
      if (quantity && sr.facts[i].quantity != want) continue;
      ++total;
      if (total <= static_cast<size_t>(*offset) || shown >= static_cast<size_t>(*limit)) continue;
      facts += shown++ ? "," : "";
      facts += s.fact_json[si][i];
    }
  }
  return {200, "{\"total\":" + std::to_string(total) + ",\"offset\":" + std::to_string(*offset) +
                   ",\"limit\":" + std::to_string(*limit) + ",\"facts\":[" + facts + "]}"};
}

ApiResponse Api::DocumentById(const std::string& id) {
  if (!IsToken(id, 6, 80) || id.find_first_of(":._") != std::string::npos) {
    return ErrorResponse(400, "a document id is 6-80 letters and digits (a prefix will do)");
  }
  Result<StorePool::Lease> store = pool_.Acquire();
  if (!store) return ErrorResponse(503, "store unavailable: " + store.error().message());
  Result<Document> doc = (*store)->Get(id);
  if (!doc) {
    if (doc.error().code() == StatusCode::kNotFound) return ErrorResponse(404, "no document '" + id + "'");
    if (doc.error().code() == StatusCode::kInvalidArgument) return ErrorResponse(400, doc.error().message());
    return ErrorResponse(503, "store error: " + doc.error().message());
  }
  return Ok(DocumentJson(*doc));
}

ApiResponse Api::Search(const ApiRequest& r) {
  auto params = Params::Check(r, {"q", "limit"});
  if (!params) return Bad(params.error());
  auto q = params->Get("q");
  if (!q) return ErrorResponse(400, "parameter 'q' is required");
  Result<int> limit = params->Int("limit", 20, 1, kMaxSearchLimit);
  if (!limit) return Bad(limit.error());
  Result<StorePool::Lease> store = pool_.Acquire();
  if (!store) return ErrorResponse(503, "store unavailable: " + store.error().message());
  Result<std::vector<SearchHit>> hits = (*store)->Search(*q, *limit);
  if (!hits) {
    if (hits.error().code() == StatusCode::kInvalidArgument) {
      return ErrorResponse(400, "the query does not parse: " + hits.error().message());
    }
    return ErrorResponse(503, "store error: " + hits.error().message());
  }
  json a = json::array();
  for (const SearchHit& h : *hits) {
    a.push_back({{"id", h.id}, {"title", Opt(h.title)}, {"outlet", Opt(h.outlet)},
                 {"language", h.language}, {"snippet", h.snippet}, {"rank", h.rank}});
  }
  return Ok({{"query", *q}, {"hits", std::move(a)}});
}

}  // namespace sitrep::server
