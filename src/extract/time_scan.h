// TimeScanner: recognises time expressions in text ("jeudi 6 janvier", "la semaine dernière",
// "6 января 2022 года в 10:20", "last Friday", "2022-01-06", "à 10 h 20") and returns their
// byte spans with the DateParts the text said plus the tense that governs them. Resolution
// against an anchor date is date_resolve.h's job.
//
// Language knowledge is data: months.tsv (owned by the zoner, read here), weekdays.tsv,
// relative_days.tsv and time_cues.tsv from every pack (docs/resources.md). Recognition matches the
// tables of every pack at once, so a mislabelled comment still gets its dates; the only choice
// made per document language is which textual and numeric orders are allowed (time_cues kind
// date_order), looked up by language code.
//
// Matching works on tokens (letter runs, digit runs, single punctuation marks) with a bounded
// look-around, so time is linear in the text and independent of the tables' size.
//
// Thread safety: immutable after Create(); Find() is const and safe for concurrent use.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "base/tsv.h"
#include "extract/date_resolve.h"
#include "lang/resources.h"
#include "sitrep/status.h"

namespace sitrep::extract {

// One expression found by TimeScanner::Find. Offsets are bytes into the searched text.
struct FoundTime {
  size_t begin = 0;
  size_t end = 0;
  DateParts parts;
  Tense tense = Tense::kPast;
};

// The tables of one language pack. Any of them may be empty (no rows) except that a pack with
// no table at all contributes nothing.
struct TimeTables {
  std::string language;        // "fr"
  base::TsvTable months;       // number, name
  base::TsvTable weekdays;     // number, name, standalone
  base::TsvTable relative;     // phrase, unit, offset
  base::TsvTable cues;         // kind, phrase
};

class TimeScanner {
 public:
  // Reads the four tables of every pack in resources.languages(). A pack lacking weekdays.tsv,
  // relative_days.tsv or time_cues.tsv contributes only what it has. Corrupt("path:line: ...")
  // on a malformed row (unknown kind or unit, number out of range, empty phrase).
  static Result<std::unique_ptr<TimeScanner>> Create(const lang::Resources& resources);
  // Same from parsed tables. Used by tests.
  static Result<std::unique_ptr<TimeScanner>> FromTables(const std::vector<TimeTables>& packs);
  ~TimeScanner();
  TimeScanner(const TimeScanner&) = delete;  // large lookup tables; share one instance
  TimeScanner& operator=(const TimeScanner&) = delete;

  // Every time expression in `text`, sorted by begin, non-overlapping. `language` (ISO 639-1 or
  // "und") only selects the date orders; unknown codes allow every order with day-first numeric
  // dates. At most `max_results` expressions are returned.
  // REQUIRES: text is valid UTF-8. Time is linear in text.size().
  std::vector<FoundTime> Find(std::string_view text, std::string_view language,
                              size_t max_results = 100000) const;

  struct Lexicon;  // compiled tables, defined in time_scan.cc

 private:
  TimeScanner();
  std::unique_ptr<Lexicon> lex_;
};

// Lower-cases one UTF-8 string the way the scanner does (Unicode simple case mapping, typographic
// apostrophes folded to '), for tests and table compilation.
std::string FoldForTimes(std::string_view s);

// The tokens the scanner splits `text` into, one per line: "begin end kind fold flags", kind
// W (letters), N (digits) or P (anything else), flags s (space before), n (line break before),
// C (capitalised), then the digit count and value of a number. For tests: the tokenizer's fast
// paths are checked against the plain one they replaced (time_scan_reference_test.cc).
std::string DumpTimeTokens(std::string_view text);

}  // namespace sitrep::extract
