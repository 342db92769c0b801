// chrono-node's side of the date-parser comparison (issue 3 item 3). Reads
// tests/fixtures/dates/sentences.tsv, runs chrono.fr.parseDate / chrono.en.parseDate with the
// reference date as the reference instant, and compares the day (YYYY-MM-DD, local time) with the
// hand-written expected value. Languages chrono-node has no parser for are skipped.
// Prints "lang<TAB>correct<TAB>total"; with --rows, one line per sentence too.
// Run with TZ=UTC (run-compare.sh does) so the reference noon and the printed day agree.
import { readFileSync } from "node:fs";
import * as chrono from "chrono-node";

const args = process.argv.slice(2);
const rows = args.includes("--rows");
const path = args.find((a) => !a.startsWith("--"));
const parsers = { fr: chrono.fr, en: chrono.en };

const pad = (n) => String(n).padStart(2, "0");
const day = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

const lines = readFileSync(path, "utf8").split("\n").filter((l) => l && !l.startsWith("#"));
const header = lines.shift().split("\t");
const col = (name) => header.indexOf(name);
const score = {};
lines.forEach((line, i) => {
  const f = line.split("\t");
  const lang = f[col("lang")];
  const parser = parsers[lang];
  if (!parser) return;
  const [y, m, d] = f[col("reference")].split("-").map(Number);
  const reference = new Date(y, m - 1, d, 12, 0, 0);
  let got = "none";
  try {
    const r = parser.parseDate(f[col("sentence")], reference);
    if (r) got = day(r);
  } catch (e) {
    got = "error";
  }
  const ok = got === f[col("expected")];
  score[lang] ??= [0, 0];
  score[lang][0] += ok ? 1 : 0;
  score[lang][1] += 1;
  if (rows) {
    console.log(["row", i, lang, ok ? "ok" : "WRONG", got, f[col("expected")], f[col("sentence")]].join("\t"));
  }
});
for (const [lang, [c, t]] of Object.entries(score).sort()) console.log(`${lang}\t${c}\t${t}`);
