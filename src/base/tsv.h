// TSV resource tables: UTF-8, one header row, tab-separated, `#` starts a comment line, blank
// lines ignored. docs/resources.md describes each table.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "sitrep/status.h"

namespace sitrep::base {

struct TsvRow {
  int line = 0;  // 1-based line number in the file, for error messages
  std::vector<std::string> fields;
};

struct TsvTable {
  std::string path;
  std::vector<std::string> header;
  std::vector<TsvRow> rows;

  // Index of a header column, or -1.
  int Column(std::string_view name) const;
  // "path:line" for messages.
  std::string Where(const TsvRow& row) const;
};

// Parses TSV text. Corrupt with "path:line: reason" when a row has more fields than the header,
// a required column (listed in `required`) is missing, or the text is not valid UTF-8.
// Rows with fewer fields than the header are padded with empty strings.
Result<TsvTable> ParseTsv(std::string_view text, std::string path,
                          const std::vector<std::string>& required = {});
Result<TsvTable> LoadTsv(const std::string& path, const std::vector<std::string>& required = {});

}  // namespace sitrep::base
