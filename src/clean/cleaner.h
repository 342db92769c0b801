// Cleaner: a RawRecord (bytes + container metadata) -> a Document with final text, zones,
// provenance, title, outlet, published date, language and warnings.
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <memory>

#include "clean/zoner.h"
#include "ingest/reader.h"
#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/engine.h"

namespace sitrep::clean {

class Cleaner {
 public:
  static Result<std::unique_ptr<Cleaner>> Create(const lang::Resources& resources,
                                                 const Limits& limits);
  // Never fails: content trouble becomes warnings. The result passes ValidateDocument().
  Document Run(ingest::RawRecord&& record, std::string_view path) const;

 private:
  Cleaner(std::unique_ptr<Zoner> zoner, const Limits& limits,
          std::vector<std::string> read_languages)
      : zoner_(std::move(zoner)), limits_(limits), read_languages_(std::move(read_languages)) {}
  std::unique_ptr<Zoner> zoner_;
  Limits limits_;
  std::vector<std::string> read_languages_;  // the packs' languages (lang::DetectLanguage)
};

// "https://www.example.org/a/b" -> "example.org"; absent when `url` has no host.
std::optional<std::string> DomainOf(std::string_view url);
// Normalises a metadata date ("2022-01-07T10:20:00+06:00", "2022-01-07") to "2022-01-07T10:20"
// or "2022-01-07"; absent when it is not ISO-like or not a real calendar date.
std::optional<std::string> NormalizeIsoDate(std::string_view raw);

}  // namespace sitrep::clean
