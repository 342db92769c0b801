// dates_eval_bench: sitrep's side of the date-parser comparison (issue 3 item 3). Reads
// tests/fixtures/dates/sentences.tsv (lang, reference, sentence, expected), runs the TimeFinder
// stage on each sentence with the reference date as the anchor, takes the first expression
// resolved to a day or a datetime, and compares its day (YYYY-MM-DD) with the hand-written
// expected value. Prints "lang<TAB>correct<TAB>total" per language; with --rows, one line per
// sentence as well. A plain program (no BENCHMARK): it sits in bench/ so the bench glob builds it.
//
// Usage: dates_eval_bench [--rows] [sentences.tsv]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>

#include "base/tsv.h"
#include "extract/times.h"
#include "lang/resources.h"

namespace {

std::string FirstDay(const sitrep::Document& doc) {
  for (const sitrep::TimeExpr& t : doc.times) {
    if (!t.value) continue;
    if (t.granularity == sitrep::Granularity::kDay ||
        t.granularity == sitrep::Granularity::kDatetime) {
      return t.value->substr(0, 10);
    }
  }
  return "none";
}

}  // namespace

int main(int argc, char** argv) {
  bool rows = false;
  std::string path = SITREP_SOURCE_DIR "/tests/fixtures/dates/sentences.tsv";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--rows") rows = true;
    else path = a;
  }
  const char* env = std::getenv("SITREP_RESOURCES");
  auto res = sitrep::lang::Resources::Load(env ? env : SITREP_SOURCE_DIR "/resources");
  if (!res) {
    std::fprintf(stderr, "dates_eval: %s\n", res.error().ToString().c_str());
    return 2;
  }
  auto finder = sitrep::extract::TimeFinder::Create(*res);
  if (!finder) {
    std::fprintf(stderr, "dates_eval: %s\n", finder.error().ToString().c_str());
    return 2;
  }
  auto table = sitrep::base::LoadTsv(path, {"lang", "reference", "sentence", "expected"});
  if (!table) {
    std::fprintf(stderr, "dates_eval: %s\n", table.error().ToString().c_str());
    return 2;
  }
  int lc = table->Column("lang"), rc = table->Column("reference"), sc = table->Column("sentence"),
      ec = table->Column("expected");
  std::map<std::string, std::pair<int, int>> score;  // lang -> (correct, total)
  for (const sitrep::base::TsvRow& row : table->rows) {
    sitrep::Document doc;
    doc.language = row.fields[lc];
    doc.published.value = row.fields[rc];
    doc.text = row.fields[sc];
    (*finder)->Run(doc);
    std::string got = FirstDay(doc);
    bool ok = got == row.fields[ec];
    auto& s = score[row.fields[lc]];
    s.first += ok;
    s.second += 1;
    if (rows) {
      std::printf("row\t%d\t%s\t%s\t%s\t%s\t%s\n", row.line, row.fields[lc].c_str(),
                  ok ? "ok" : "WRONG", got.c_str(), row.fields[ec].c_str(),
                  row.fields[sc].c_str());
    }
  }
  for (const auto& [lang, s] : score) std::printf("%s\t%d\t%d\n", lang.c_str(), s.first, s.second);
  return 0;
}
