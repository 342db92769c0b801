#include "base/tsv.h"

#include <fstream>
#include <sstream>

#include "base/utf8.h"

namespace sitrep::base {
namespace {

std::vector<std::string> SplitTabs(std::string_view line) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    out.emplace_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
    if (tab == std::string_view::npos) break;
    start = tab + 1;
  }
  return out;
}

}  // namespace

int TsvTable::Column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return static_cast<int>(i);
  }
  return -1;
}

std::string TsvTable::Where(const TsvRow& row) const {
  return path + ":" + std::to_string(row.line);
}

Result<TsvTable> ParseTsv(std::string_view text, std::string path,
                          const std::vector<std::string>& required) {
  TsvTable table;
  table.path = std::move(path);
  if (!IsValidUtf8(text)) return Corrupt(table.path + ": not valid UTF-8");
  int line_no = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? nl : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    std::vector<std::string> fields = SplitTabs(line);
    if (table.header.empty()) {
      table.header = std::move(fields);
      continue;
    }
    if (fields.size() > table.header.size()) {
      return Corrupt(table.path + ":" + std::to_string(line_no) + ": " +
                     std::to_string(fields.size()) + " fields, header has " +
                     std::to_string(table.header.size()));
    }
    fields.resize(table.header.size());
    table.rows.push_back({line_no, std::move(fields)});
  }
  if (table.header.empty()) return Corrupt(table.path + ": no header row");
  for (const std::string& col : required) {
    if (table.Column(col) < 0) return Corrupt(table.path + ": missing column '" + col + "'");
  }
  return table;
}

Result<TsvTable> LoadTsv(const std::string& path, const std::vector<std::string>& required) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFound(path + ": cannot open");
  std::ostringstream ss;
  ss << in.rdbuf();
  return ParseTsv(ss.str(), path, required);
}

}  // namespace sitrep::base
