#include "document/document_json.h"

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

}  // namespace

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
                      {"kind", Name(p.kind)}});
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
  for (const char* layer : {"events", "claims"}) j[layer] = json::array();
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
      if (!Parse(jp.at("kind").get<std::string>(), &p.kind)) return Corrupt("unknown place kind");
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
    for (const json& jw : j.at("warnings")) {
      d.warnings.push_back({jw.at("code").get<std::string>(),
                            {jw.at("start").get<uint32_t>(), jw.at("end").get<uint32_t>()},
                            jw.value("message", "")});
    }
    return d;
  } catch (const json::exception& e) {
    return Corrupt(std::string("document JSON: ") + e.what());
  }
}

}  // namespace sitrep::document
