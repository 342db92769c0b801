// Resources: the language packs under resources/<lang>/ and resources/common/.
//
// Resources only knows where the packs are and which languages exist; each stage parses the
// tables it needs (base::LoadTsv) into its own typed, read-only form in its Create(). A stage that
// needs a cue list for "every language" iterates languages(): code never branches on a language.
//
// Thread safety: immutable after Load(); safe for concurrent use.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/tsv.h"
#include "sitrep/status.h"

namespace sitrep::lang {

class Resources {
 public:
  // Finds the resources folder: `dir` if not empty, else $SITREP_RESOURCES, else
  // <exe dir>/../share/sitrep/resources, <exe dir>/resources, then the source tree's
  // resources/ (compiled in). NotFound if none holds a language pack.
  static Result<Resources> Load(const std::string& dir);

  const std::string& root() const { return root_; }
  // Language codes with a pack (folders other than common/), sorted: {"en", "fr", "ru"}.
  const std::vector<std::string>& languages() const { return languages_; }
  // Whether text in `language` (a code from language identification: "en", "pt-BR", "und") is
  // read with the packs' words: when it has a pack, or when it is unknown ("" or "und": every
  // pack is tried). Text in a language without a pack is not read with other languages' words
  // (German "die" is not the English verb).
  static bool Reads(const std::vector<std::string>& languages, std::string_view language);
  bool Reads(std::string_view language) const { return Reads(languages_, language); }

  // resources/<lang>/<file>. NotFound if the pack lacks the file.
  Result<base::TsvTable> Table(const std::string& lang, const std::string& file,
                               const std::vector<std::string>& required = {}) const;
  // The same table from every pack that has it, in languages() order; a missing file is
  // skipped, a malformed one is an error.
  Result<std::vector<base::TsvTable>> TableFromEveryPack(
      const std::string& file, const std::vector<std::string>& required = {}) const;
  // resources/common/<file>
  Result<base::TsvTable> Common(const std::string& file,
                                const std::vector<std::string>& required = {}) const;
  std::string Path(const std::string& sub) const { return root_ + "/" + sub; }

 private:
  std::string root_;
  std::vector<std::string> languages_;
};

}  // namespace sitrep::lang
