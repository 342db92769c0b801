// Stage: one analysis step over a cleaned Document (entities, times, claims, ...).
//
// Lifecycle (re2's): everything that can fail (reading resources/<lang>/ tables, compiling
// patterns) happens in the stage's static Create(); Run() cannot fail: content trouble becomes a
// Warning on the document. Run() is const and keeps per-document state on the stack or in the
// Document, so one stage serves many threads.
#pragma once

#include <string_view>

#include "sitrep/document.h"

namespace sitrep::extract {
class TokenLayer;
}

namespace sitrep::pipeline {

class Stage {
 public:
  virtual ~Stage() = default;
  virtual std::string_view name() const = 0;
  // REQUIRES: doc.text is final (cleaning done). Adds annotations; never changes doc.text.
  virtual void Run(Document& doc) const = 0;
  // The same with the document's token layer, built by the engine before the stages
  // (extract/token_layer.h): a stage that tokenizes sentences the claim tokenizer's way reads
  // them from it instead. Outputs are those of Run(doc), which stays the reference.
  virtual void RunWithLayer(Document& doc, const extract::TokenLayer& /*layer*/) const { Run(doc); }
};

}  // namespace sitrep::pipeline
