// events_eval_bench: precision, recall and F1 of the event stage per language over the hand-
// written table tests/fixtures/events/events.tsv (issue 4). Each row runs TimeFinder,
// EntityFinder and EventFinder on the text with the row's publication date; an event found
// counts as correct when it matches an expected one of the row by type, by date when the row
// writes one, and by mention count when the row writes one (each expected event matches once).
// Prints "lang<TAB>tp<TAB>fp<TAB>fn<TAB>P<TAB>R<TAB>F1" per language and for all; with --rows, each
// row that is not exactly right. A plain program (no BENCHMARK): the bench glob builds it.
//
// Usage: events_eval_bench [--rows] [events.tsv]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "base/tsv.h"
#include "extract/entities.h"
#include "extract/events.h"
#include "extract/times.h"
#include "lang/resources.h"

namespace {

struct Want {
  std::string type;
  std::optional<std::string> date;
  std::optional<size_t> mentions;
};

std::vector<Want> ParseWant(const std::string& cell) {
  std::vector<Want> out;
  std::istringstream in(cell);
  std::string item;
  while (in >> item) {
    Want w;
    if (size_t s = item.find('*'); s != std::string::npos) {
      w.mentions = std::strtoul(item.c_str() + s + 1, nullptr, 10);
      item.resize(s);
    }
    if (size_t a = item.find('@'); a != std::string::npos) {
      w.date = item.substr(a + 1);
      item.resize(a);
    }
    w.type = item;
    out.push_back(w);
  }
  return out;
}

std::string Unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == 'n') {
      out.push_back('\n');
      ++i;
    } else {
      out.push_back(s[i]);
    }
  }
  return out;
}

struct Score {
  int tp = 0, fp = 0, fn = 0;
};

void Print(const std::string& name, const Score& s) {
  double p = s.tp + s.fp ? double(s.tp) / (s.tp + s.fp) : 1.0;
  double r = s.tp + s.fn ? double(s.tp) / (s.tp + s.fn) : 1.0;
  double f = p + r > 0 ? 2 * p * r / (p + r) : 0.0;
  std::printf("%s\t%d\t%d\t%d\t%.3f\t%.3f\t%.3f\n", name.c_str(), s.tp, s.fp, s.fn, p, r, f);
}

}  // namespace

int main(int argc, char** argv) {
  bool rows = false;
  std::string path = SITREP_SOURCE_DIR "/tests/fixtures/events/events.tsv";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows") rows = true;
    else path = a;
  }
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  if (!res) {
    std::fprintf(stderr, "events_eval: %s\n", res.error().ToString().c_str());
    return 2;
  }
  auto times = sitrep::extract::TimeFinder::Create(*res);
  auto entities = sitrep::extract::EntityFinder::Create(*res);
  auto events = sitrep::extract::EventFinder::Create(*res);
  if (!times || !entities || !events) {
    std::fprintf(stderr, "events_eval: cannot create the stages\n");
    return 2;
  }
  auto table = sitrep::base::LoadTsv(path, {"id", "lang", "published", "text", "expected"});
  if (!table) {
    std::fprintf(stderr, "events_eval: %s\n", table.error().ToString().c_str());
    return 2;
  }
  int ic = table->Column("id"), lc = table->Column("lang"), pc = table->Column("published"),
      tc = table->Column("text"), ec = table->Column("expected");
  std::map<std::string, Score> by_lang;
  Score all;
  for (const sitrep::base::TsvRow& row : table->rows) {
    const auto& f = row.fields;
    sitrep::Document doc;
    doc.text = Unescape(f[size_t(tc)]);
    doc.language = f[size_t(lc)];
    if (!f[size_t(pc)].empty()) doc.published.value = f[size_t(pc)];
    (*times)->Run(doc);
    (*entities)->Run(doc);
    (*events)->Run(doc);
    std::vector<Want> want = ParseWant(f[size_t(ec)]);
    std::vector<bool> used(doc.events.size(), false);
    int tp = 0;
    for (const Want& w : want) {
      for (size_t k = 0; k < doc.events.size(); ++k) {
        const sitrep::Event& e = doc.events[k];
        if (used[k] || sitrep::Name(e.type) != w.type) continue;
        if (w.date && e.date.value_or("null") != *w.date) continue;
        if (w.mentions && e.mentions.size() != *w.mentions) continue;
        used[k] = true;
        ++tp;
        break;
      }
    }
    Score& s = by_lang[f[size_t(lc)]];
    int fp = int(doc.events.size()) - tp, fn = int(want.size()) - tp;
    s.tp += tp, s.fp += fp, s.fn += fn;
    all.tp += tp, all.fp += fp, all.fn += fn;
    if (rows && (fp || fn)) {
      std::string got;
      for (const sitrep::Event& e : doc.events) {
        got += std::string(got.empty() ? "" : " ") + std::string(sitrep::Name(e.type)) + "@" +
               e.date.value_or("null") + "*" + std::to_string(e.mentions.size());
      }
      std::printf("# %s\texpected [%s]\tgot [%s]\n", f[size_t(ic)].c_str(), f[size_t(ec)].c_str(),
                  got.c_str());
    }
  }
  std::printf("lang\ttp\tfp\tfn\tP\tR\tF1\n");
  for (const auto& [lang, s] : by_lang) Print(lang, s);
  Print("all", all);
  return 0;
}
