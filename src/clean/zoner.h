// Zoner: splits a document's text into title / body / related / comment / boilerplate zones,
// reads reader-comment threads (index, depth, score, posted time, quoted author) and finds the
// page's own metadata lines: title, publication date in the text, outlet and url lines,
// provenance ("source : ...", "traduction X pour Y", "Lire la suite de l'article sur ...").
//
// Works on plain-text dumps (lines) and on HTML extractions (blocks already labelled by the HTML
// extractor are given as hints, which the zoner refines). Language knowledge (cue words,
// month names, comment-thread markers) comes from resources/<lang>/ tables of every pack; the code
// never branches on a language.
//
// Thread safety: immutable after Create(); Run() is const and safe for concurrent use.
#pragma once

#include <memory>
#include <vector>

#include "lang/resources.h"
#include "sitrep/document.h"
#include "sitrep/status.h"

namespace sitrep::clean {

class Zoner {
 public:
  // Loads and compiles the cue tables of every language pack. Corrupt("file:line: ...") on a
  // malformed table.
  static Result<std::unique_ptr<Zoner>> Create(const lang::Resources& resources);
  virtual ~Zoner() = default;

  // REQUIRES: doc.text is final. `hints` (possibly empty) are zones proposed by the HTML
  // extractor, sorted and non-overlapping. Fills doc.zones (sorted, non-overlapping, covering
  // every non-blank line), doc.provenance, and, when still unset, doc.title, doc.outlet,
  // doc.url, doc.published (source text or comments). May add warnings.
  virtual void Run(Document& doc, const std::vector<Zone>& hints) const = 0;
};

}  // namespace sitrep::clean
