#include "extract/gazetteer.h"

#include <unicode/locid.h>
#include <unicode/unistr.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace sitrep::extract {
namespace {

namespace fs = std::filesystem;

std::vector<std::string_view> SplitTabs(std::string_view line) {
  std::vector<std::string_view> out;
  size_t start = 0;
  while (true) {
    size_t tab = line.find('\t', start);
    if (tab == std::string_view::npos) {
      out.push_back(line.substr(start));
      return out;
    }
    out.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

template <typename T>
bool ParseNumber(std::string_view s, T* out) {
  if (s.empty()) return false;
  auto r = std::from_chars(s.data(), s.data() + s.size(), *out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

uint8_t FeatureRank(std::string_view code) {
  if (code == "PPLC") return 3;
  if (code == "PPLA") return 2;
  if (code.starts_with("PPLA") || code == "PPLG") return 1;
  return 0;
}

// The comma-separated keys of a compiled row.
std::vector<std::string> SplitKeys(std::string_view k) {
  std::vector<std::string> keys;
  while (!k.empty()) {
    size_t comma = k.find(',');
    keys.emplace_back(k.substr(0, comma));
    if (comma == std::string_view::npos) break;
    k.remove_prefix(comma + 1);
  }
  return keys;
}

// Plain ASCII of an English name, words joined by '-': "United States" -> "united-states".
std::string Slug(std::string_view name) {
  std::string out;
  bool dash = false;
  for (char c : name) {
    if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      if (dash && !out.empty()) out.push_back('-');
      out.push_back(c);
      dash = false;
    } else {
      dash = true;
    }
  }
  return out;
}

std::string ExeDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

uint64_t KeyHash(std::string_view key) {
  // FNV-1a then a final avalanche (splitmix64): keys are short and this is on the hot path.
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

std::vector<CountryNames> IcuCountryNames(const std::vector<std::string>& languages) {
  std::vector<CountryNames> out;
  const char* const* codes = icu::Locale::getISOCountries();
  for (; codes && *codes; ++codes) {
    CountryNames c;
    c.iso2 = *codes;
    icu::UnicodeString u;
    icu::Locale("", *codes).getDisplayCountry(icu::Locale("en"), u);
    u.toUTF8String(c.english);
    if (c.english.empty() || c.english == c.iso2) continue;
    c.names.push_back(c.english);
    for (const std::string& lang : languages) {
      icu::UnicodeString v;
      icu::Locale("", *codes).getDisplayCountry(icu::Locale(lang.c_str()), v);
      std::string s;
      v.toUTF8String(s);
      if (!s.empty() && s != c.iso2 &&
          std::find(c.names.begin(), c.names.end(), s) == c.names.end()) {
        c.names.push_back(s);
      }
    }
    out.push_back(std::move(c));
  }
  return out;
}

uint32_t Gazetteer::Add(const GazetteerPlace& p, std::string_view name,
                        const std::vector<std::string>& keys) {
  uint32_t index = static_cast<uint32_t>(places_.size());
  GazetteerPlace q = p;
  q.name_begin = static_cast<uint32_t>(arena_.size());
  q.name_size = static_cast<uint32_t>(name.size());
  arena_.append(name);
  places_.push_back(q);
  primary_.push_back(q.kind == PlaceKind::kCountry || keys.empty() || keys[0].empty()
                         ? 0
                         : KeyHash(keys[0]));
  if (q.kind != PlaceKind::kCountry) ++cities_;
  for (const std::string& k : keys) {
    if (!k.empty()) entries_.emplace_back(KeyHash(k), index);
  }
  return index;
}

void Gazetteer::Freeze() {
  std::sort(entries_.begin(), entries_.end());
  entries_.erase(std::unique(entries_.begin(), entries_.end()), entries_.end());
  postings_.resize(entries_.size());
  for (size_t i = 0; i < entries_.size(); ++i) postings_[i] = entries_[i].second;
  size_t size = 16;
  while (size < entries_.size() * 2) size <<= 1;
  slots_.assign(size, kEmptySlot);
  mask_ = size - 1;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (i > 0 && entries_[i].first == entries_[i - 1].first) continue;
    uint64_t s = entries_[i].first & mask_;
    while (slots_[s] != kEmptySlot) s = (s + 1) & mask_;
    slots_[s] = (entries_[i].first >> 32 << 32) | uint64_t(i);
  }
  std::sort(countries_.begin(), countries_.end());
}

std::span<const uint32_t> Gazetteer::Find(std::string_view key) const {
  if (key.empty()) return {};
  return FindHash(KeyHash(key));
}

std::span<const uint32_t> Gazetteer::FindHash(uint64_t h) const {
  if (slots_.empty()) return {};
  const uint64_t tag = h >> 32;
  for (uint64_t s = h & mask_;; s = (s + 1) & mask_) {
    const uint64_t slot = slots_[s];
    if (slot == kEmptySlot) return {};
    // The tag settles most misses without reading entries_ (another cache miss).
    if (slot >> 32 != tag) continue;
    const uint32_t first = uint32_t(slot);
    if (entries_[first].first != h) continue;
    size_t last = first;
    while (last < entries_.size() && entries_[last].first == h) ++last;
    return std::span<const uint32_t>(postings_.data() + first, last - first);
  }
}

std::string Gazetteer::Id(uint32_t i) const {
  const GazetteerPlace& p = places_[i];
  if (p.kind == PlaceKind::kCountry) return "loc:" + Slug(name(i));
  if (p.kind == PlaceKind::kRegion) {
    return "loc:iso-" + Slug(p.country) + "-" + Slug(p.region);  // loc:iso-kz-man
  }
  return "loc:gn" + std::to_string(p.geonames_id);
}

int64_t Gazetteer::CountryIndex(std::string_view iso2) const {
  auto it = std::lower_bound(
      countries_.begin(), countries_.end(), iso2,
      [](const std::pair<std::string, uint32_t>& a, std::string_view b) { return a.first < b; });
  if (it == countries_.end() || it->first != iso2) return -1;
  return it->second;
}

std::string Gazetteer::FindCompiled(const lang::Resources& resources) {
  std::vector<std::string> candidates;
  if (const char* env = std::getenv("SITREP_GAZETTEER"); env && *env) return env;
  candidates.push_back(resources.Path("gazetteer.tsv"));
  if (std::string exe = ExeDir(); !exe.empty()) {
    candidates.push_back(exe + "/resources/gazetteer.tsv");
    candidates.push_back(exe + "/../resources/gazetteer.tsv");
  }
#ifdef SITREP_GAZETTEER_DEFAULT
  candidates.push_back(SITREP_GAZETTEER_DEFAULT);
#endif
  std::error_code ec;
  for (const std::string& c : candidates) {
    if (fs::is_regular_file(c, ec)) return c;
  }
  return std::string();
}

Result<std::unique_ptr<Gazetteer>> Gazetteer::Load(
    const NameFolder& folder, const std::vector<std::string>& languages,
    const std::string& compiled_path,
    const std::multimap<std::string, std::string>& extra_country_names) {
  auto g = std::make_unique<Gazetteer>();
  for (const CountryNames& c : IcuCountryNames(languages)) {
    GazetteerPlace p;
    p.kind = PlaceKind::kCountry;
    p.feature_rank = 3;
    std::memcpy(p.country, c.iso2.data(), std::min<size_t>(2, c.iso2.size()));
    std::vector<std::string> keys;
    for (const std::string& n : c.names) keys.push_back(folder.Key(n));
    for (auto [it, end] = extra_country_names.equal_range(c.iso2); it != end; ++it) {
      keys.push_back(folder.Key(it->second));
    }
    uint32_t index = g->Add(p, c.english, keys);
    g->countries_.emplace_back(c.iso2, index);
  }
  std::sort(g->countries_.begin(), g->countries_.end());
  if (compiled_path.empty()) {
    g->Freeze();
    return g;
  }

  std::ifstream in(compiled_path, std::ios::binary);
  if (!in) {
    return NotFound(compiled_path + ": compiled gazetteer missing (build it: scripts/build.sh, "
                    "or ninja sitrep_gazetteer then sitrep_gazetteer --help)");
  }
  std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::string_view all(data);
  size_t line_no = 0, pos = 0;
  const std::string rebuild = " (rebuild it: scripts/build.sh)";
  bool header_seen = false;
  while (pos < all.size()) {
    size_t nl = all.find('\n', pos);
    if (nl == std::string_view::npos) nl = all.size();
    std::string_view line = all.substr(pos, nl - pos);
    pos = nl + 1;
    ++line_no;
    const std::string where = compiled_path + ":" + std::to_string(line_no);
    if (line_no == 1) {
      std::vector<std::string_view> f = SplitTabs(line);
      if (f.size() < 3 || f[0] != kMagic) return Corrupt(where + ": not a sitrep gazetteer");
      if (f[1] != std::to_string(kFormatVersion)) {
        return Corrupt(where + ": gazetteer format " + std::string(f[1]) + ", expected " +
                       std::to_string(kFormatVersion) + rebuild);
      }
      if (f[2] != "fold=" + folder.fingerprint()) {
        return Corrupt(where + ": compiled with other name folding rules" + rebuild);
      }
      continue;
    }
    if (line.empty() || line[0] == '#') continue;
    if (!header_seen) {
      header_seen = true;
      continue;
    }
    std::vector<std::string_view> f = SplitTabs(line);
    if (f.size() != 8) return Corrupt(where + ": expected 8 fields");
    GazetteerPlace p;
    if (f[3] == "ADM1") {
      // A first-level region (ISO 3166-2 code, no coordinates, no population).
      const std::string_view code = f[0];
      if (code.size() < 4 || code.size() > 6 || code[2] != '-' || code.substr(0, 2) != f[2]) {
        return Corrupt(where + ": bad region code");
      }
      std::memcpy(p.country, f[2].data(), 2);
      std::memcpy(p.region, code.data() + 3, code.size() - 3);
      p.kind = PlaceKind::kRegion;
      g->Add(p, f[1], SplitKeys(f[7]));
      continue;
    }
    float lat = 0, lon = 0;
    if (!ParseNumber(f[0], &p.geonames_id) || !ParseNumber(f[4], &lat) ||
        !ParseNumber(f[5], &lon) || !ParseNumber(f[6], &p.population) || f[2].size() != 2) {
      return Corrupt(where + ": bad number or country code");
    }
    p.lat = lat;
    p.lon = lon;
    p.has_point = true;
    std::memcpy(p.country, f[2].data(), 2);
    if (f[3] == "PCLI") {
      // Representative point of a country: fills the ICU country row.
      int64_t ci = g->CountryIndex(f[2]);
      if (ci >= 0) {
        g->places_[ci].lat = lat;
        g->places_[ci].lon = lon;
        g->places_[ci].has_point = true;
        g->places_[ci].population = p.population;
      }
      continue;
    }
    p.kind = PlaceKind::kCity;
    p.feature_rank = FeatureRank(f[3]);
    g->Add(p, f[1], SplitKeys(f[7]));
  }
  if (!header_seen) return Corrupt(compiled_path + ": empty gazetteer" + rebuild);
  g->Freeze();
  return g;
}

}  // namespace sitrep::extract
