#include "document/document_json.h"

#include <stdexcept>

#include <nlohmann/json.hpp>

namespace sitrep::document {
namespace {

using json = nlohmann::ordered_json;

template <typename T>
json OrNull(const std::optional<T>& v) {
  return v ? json(*v) : json(nullptr);
}

template <typename T>
std::optional<T> Opt(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<T>();
}

json Span(ByteSpan s) { return {{"start", s.begin}, {"end", s.end}}; }

json AttributionJson(const std::optional<Attribution>& a) {
  // SCHEMA.md: `attribution` is the source's words (a string) or null; the entity and span are
  // additions beside it.
  return a ? json(a->name) : json(nullptr);
}

void AddAttributionDetail(json& j, const std::optional<Attribution>& a) {
  if (!a) return;
  j["attribution_entity"] = OrNull(a->entity);
  j["attribution_span"] = Span(a->span);
}

std::optional<Attribution> ReadAttribution(const json& j) {
  auto it = j.find("attribution");
  if (it == j.end() || it->is_null()) return std::nullopt;
  Attribution a;
  a.name = it->get<std::string>();
  a.entity = Opt<std::string>(j, "attribution_entity");
  if (auto s = j.find("attribution_span"); s != j.end() && s->is_object()) {
    a.span = {s->at("start").get<uint32_t>(), s->at("end").get<uint32_t>()};
  }
  return a;
}

template <typename E>
E ParseOrThrow(const json& j, const char* key) {
  E out{};
  if (!Parse(j.at(key).get<std::string>(), &out)) {
    throw std::invalid_argument(std::string("unknown ") + key);
  }
  return out;
}

}  // namespace

json EventJson(const Event& e) {
  json actors = json::array();
  for (const std::string& a : e.actors) actors.push_back(a);
  json mentions = json::array();
  for (const ByteSpan& m : e.mentions) mentions.push_back(Span(m));
  json j = {{"type", Name(e.type)},           {"date", OrNull(e.date)},
            {"place", OrNull(e.place)},       {"actors", std::move(actors)},
            {"zone", Name(e.zone)},           {"start", e.span.begin},
            {"end", e.span.end},              {"attribution", AttributionJson(e.attribution)},
            {"mentions", std::move(mentions)}};
  AddAttributionDetail(j, e.attribution);
  return j;
}

json ClaimJson(const Claim& c) {
  json value = c.value ? json{{"min", c.value->min}, {"max", c.value->max}} : json(nullptr);
  json j = {{"quantity", Name(c.quantity)},
            {"group", Name(c.group)},
            {"label", OrNull(c.label)},
            {"value", std::move(value)},
            {"approx", Name(c.approx)},
            {"artifact", c.artifact ? json(Name(*c.artifact)) : json(nullptr)},
            {"attribution", AttributionJson(c.attribution)},
            {"as_of", OrNull(c.as_of)},
            {"place", OrNull(c.place)},
            {"zone", Name(c.zone)},
            {"start", c.span.begin},
            {"end", c.span.end}};
  AddAttributionDetail(j, c.attribution);
  return j;
}

Event EventFromJson(const json& j) {
  Event e;
  e.type = ParseOrThrow<EventType>(j, "type");
  e.date = Opt<std::string>(j, "date");
  e.place = Opt<std::string>(j, "place");
  for (const json& a : j.at("actors")) e.actors.push_back(a.get<std::string>());
  e.zone = ParseOrThrow<ZoneKind>(j, "zone");
  e.span = {j.at("start").get<uint32_t>(), j.at("end").get<uint32_t>()};
  if (auto it = j.find("mentions"); it != j.end() && it->is_array()) {
    for (const json& m : *it) {
      e.mentions.push_back({m.at("start").get<uint32_t>(), m.at("end").get<uint32_t>()});
    }
  }
  e.attribution = ReadAttribution(j);
  return e;
}

Claim ClaimFromJson(const json& j) {
  Claim c;
  c.quantity = ParseOrThrow<Quantity>(j, "quantity");
  c.group = ParseOrThrow<Group>(j, "group");
  c.label = Opt<std::string>(j, "label");
  if (auto it = j.find("value"); it != j.end() && it->is_object()) {
    c.value = ValueRange{it->at("min").get<int64_t>(), it->at("max").get<int64_t>()};
  }
  c.approx = ParseOrThrow<Approx>(j, "approx");
  if (auto it = j.find("artifact"); it != j.end() && !it->is_null()) {
    c.artifact = ParseOrThrow<Artifact>(j, "artifact");
  }
  c.attribution = ReadAttribution(j);
  c.as_of = Opt<std::string>(j, "as_of");
  c.place = Opt<std::string>(j, "place");
  c.zone = ParseOrThrow<ZoneKind>(j, "zone");
  c.span = {j.at("start").get<uint32_t>(), j.at("end").get<uint32_t>()};
  return c;
}

std::string ToJson(const Document& doc) {
  json j;
  j["schema"] = kDocumentSchema;
  j["id"] = doc.id;
  j["input"] = {{"path", doc.input.path},
                {"format", Name(doc.input.format)},
                {"record", OrNull(doc.input.record)}};
  j["url"] = OrNull(doc.url);
  j["domain"] = OrNull(doc.domain);
  j["outlet"] = OrNull(doc.outlet);
  j["title"] = OrNull(doc.title);
  j["language"] = doc.language;
  j["published"] = {{"value", OrNull(doc.published.value)},
                    {"source", Name(doc.published.source)}};
  j["text"] = doc.text;
  json zones = json::array();
  for (const Zone& z : doc.zones) {
    json jz = {{"kind", Name(z.kind)}, {"start", z.span.begin}, {"end", z.span.end}};
    if (z.comment) {
      const CommentInfo& c = *z.comment;
      jz["comment"] = {{"index", OrNull(c.index)},
                       {"depth", c.depth},
                       {"score", OrNull(c.score)},
                       {"posted", OrNull(c.posted)},
                       {"quoted_author", OrNull(c.quoted_author)}};
    }
    zones.push_back(std::move(jz));
  }
  j["zones"] = std::move(zones);
  json prov = json::array();
  for (const Provenance& p : doc.provenance) {
    prov.push_back({{"relation", Name(p.relation)},
                    {"outlet", OrNull(p.outlet)},
                    {"url", OrNull(p.url)},
                    {"translator", OrNull(p.translator)},
                    {"start", p.span.begin},
                    {"end", p.span.end}});
  }
  j["provenance"] = std::move(prov);
  json entities = json::array();
  for (const Entity& e : doc.entities) {
    json mentions = json::array();
    for (const ByteSpan& m : e.mentions) mentions.push_back({{"start", m.begin}, {"end", m.end}});
    entities.push_back({{"id", e.id},
                        {"type", Name(e.type)},
                        {"name", e.name},
                        {"mentions", std::move(mentions)}});
  }
  j["entities"] = std::move(entities);
  json places = json::array();
  for (const Place& p : doc.places) {
    places.push_back({{"entity", p.entity},
                      {"name", p.name},
                      {"country", OrNull(p.country)},
                      {"lat", OrNull(p.lat)},
                      {"lon", OrNull(p.lon)},
                      {"kind", p.kind ? json(Name(*p.kind)) : json(nullptr)}});
  }
  j["places"] = std::move(places);
  json times = json::array();
  for (const TimeExpr& t : doc.times) {
    times.push_back({{"start", t.span.begin},
                     {"end", t.span.end},
                     {"value", OrNull(t.value)},
                     {"granularity", Name(t.granularity)}});
  }
  j["times"] = std::move(times);
  json events = json::array();
  for (const Event& e : doc.events) events.push_back(EventJson(e));
  j["events"] = std::move(events);
  json claims = json::array();
  for (const Claim& c : doc.claims) claims.push_back(ClaimJson(c));
  j["claims"] = std::move(claims);
  json warnings = json::array();
  for (const Warning& w : doc.warnings) {
    warnings.push_back(
        {{"code", w.code}, {"start", w.span.begin}, {"end", w.span.end}, {"message", w.message}});
  }
  j["warnings"] = std::move(warnings);
  // Replace, never throw, on strings that are not valid UTF-8 (they should not exist: the
  // cleaner guarantees valid UTF-8, but a bug must not take the process down).
  return j.dump(-1, ' ', false, json::error_handler_t::replace);
}

Result<Document> FromJson(std::string_view text) {
  json j = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return Corrupt("document JSON does not parse");
  try {
    if (j.value("schema", "") != kDocumentSchema) return Corrupt("not a sitrep.document/1 object");
    Document d;
    d.id = j.at("id").get<std::string>();
    const json& in = j.at("input");
    d.input.path = in.at("path").get<std::string>();
    if (!Parse(in.at("format").get<std::string>(), &d.input.format)) {
      return Corrupt("unknown input format");
    }
    d.input.record = Opt<int64_t>(in, "record");
    d.url = Opt<std::string>(j, "url");
    d.domain = Opt<std::string>(j, "domain");
    d.outlet = Opt<std::string>(j, "outlet");
    d.title = Opt<std::string>(j, "title");
    d.language = j.at("language").get<std::string>();
    d.published.value = Opt<std::string>(j.at("published"), "value");
    if (!Parse(j.at("published").at("source").get<std::string>(), &d.published.source)) {
      return Corrupt("unknown published source");
    }
    d.text = j.at("text").get<std::string>();
    for (const json& jz : j.at("zones")) {
      Zone z;
      if (!Parse(jz.at("kind").get<std::string>(), &z.kind)) return Corrupt("unknown zone kind");
      z.span = {jz.at("start").get<uint32_t>(), jz.at("end").get<uint32_t>()};
      if (auto it = jz.find("comment"); it != jz.end() && it->is_object()) {
        CommentInfo c;
        c.index = Opt<int32_t>(*it, "index");
        c.depth = it->value("depth", 0);
        c.score = Opt<int32_t>(*it, "score");
        c.posted = Opt<std::string>(*it, "posted");
        c.quoted_author = Opt<std::string>(*it, "quoted_author");
        z.comment = c;
      }
      d.zones.push_back(std::move(z));
    }
    for (const json& jp : j.at("provenance")) {
      Provenance p;
      if (!Parse(jp.at("relation").get<std::string>(), &p.relation)) {
        return Corrupt("unknown provenance relation");
      }
      p.outlet = Opt<std::string>(jp, "outlet");
      p.url = Opt<std::string>(jp, "url");
      p.translator = Opt<std::string>(jp, "translator");
      p.span = {jp.at("start").get<uint32_t>(), jp.at("end").get<uint32_t>()};
      d.provenance.push_back(std::move(p));
    }
    for (const json& je : j.at("entities")) {
      Entity e;
      e.id = je.at("id").get<std::string>();
      if (!Parse(je.at("type").get<std::string>(), &e.type)) return Corrupt("unknown entity type");
      e.name = je.at("name").get<std::string>();
      for (const json& m : je.at("mentions")) {
        e.mentions.push_back({m.at("start").get<uint32_t>(), m.at("end").get<uint32_t>()});
      }
      d.entities.push_back(std::move(e));
    }
    for (const json& jp : j.at("places")) {
      Place p;
      p.entity = jp.at("entity").get<std::string>();
      p.name = jp.at("name").get<std::string>();
      p.country = Opt<std::string>(jp, "country");
      p.lat = Opt<double>(jp, "lat");
      p.lon = Opt<double>(jp, "lon");
      if (const json& jk = jp.at("kind"); !jk.is_null()) {
        PlaceKind kind{};
        if (!jk.is_string() || !Parse(jk.get<std::string>(), &kind)) {
          return Corrupt("unknown place kind");
        }
        p.kind = kind;
      }
      d.places.push_back(std::move(p));
    }
    for (const json& jt : j.at("times")) {
      TimeExpr t;
      t.span = {jt.at("start").get<uint32_t>(), jt.at("end").get<uint32_t>()};
      t.value = Opt<std::string>(jt, "value");
      if (!Parse(jt.at("granularity").get<std::string>(), &t.granularity)) {
        return Corrupt("unknown granularity");
      }
      d.times.push_back(std::move(t));
    }
    if (auto it = j.find("events"); it != j.end()) {
      for (const json& je : *it) d.events.push_back(EventFromJson(je));
    }
    if (auto it = j.find("claims"); it != j.end()) {
      for (const json& jc : *it) d.claims.push_back(ClaimFromJson(jc));
    }
    for (const json& jw : j.at("warnings")) {
      d.warnings.push_back({jw.at("code").get<std::string>(),
                            {jw.at("start").get<uint32_t>(), jw.at("end").get<uint32_t>()},
                            jw.value("message", "")});
    }
    return d;
  } catch (const json::exception& e) {
    return Corrupt(std::string("document JSON: ") + e.what());
  } catch (const std::invalid_argument& e) {
    return Corrupt(std::string("document JSON: ") + e.what());
  }
}

}  // namespace sitrep::document
