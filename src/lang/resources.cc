#include "lang/resources.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace sitrep::lang {
namespace fs = std::filesystem;
namespace {

std::vector<std::string> PacksIn(const fs::path& dir) {
  std::vector<std::string> langs;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return langs;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    std::string name = entry.path().filename().string();
    if (entry.is_directory(ec) && name != "common" && name.size() <= 3) langs.push_back(name);
  }
  std::sort(langs.begin(), langs.end());
  return langs;
}

std::string ExeDir() {
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return ec ? std::string() : exe.parent_path().string();
}

}  // namespace

Result<Resources> Resources::Load(const std::string& dir) {
  std::vector<std::string> candidates;
  if (!dir.empty()) {
    candidates.push_back(dir);
  } else {
    if (const char* env = std::getenv("SITREP_RESOURCES"); env && *env) candidates.push_back(env);
    std::string exe = ExeDir();
    if (!exe.empty()) {
      candidates.push_back(exe + "/../share/sitrep/resources");
      candidates.push_back(exe + "/resources");
    }
#ifdef SITREP_SOURCE_RESOURCES
    candidates.push_back(SITREP_SOURCE_RESOURCES);
#endif
  }
  for (const std::string& c : candidates) {
    std::vector<std::string> langs = PacksIn(c);
    if (!langs.empty()) {
      Resources r;
      r.root_ = fs::weakly_canonical(c).string();
      r.languages_ = std::move(langs);
      return r;
    }
  }
  std::string tried;
  for (const auto& c : candidates) tried += (tried.empty() ? "" : ", ") + c;
  return NotFound("no language packs found (tried: " + tried +
                  "); pass --resources DIR or set SITREP_RESOURCES");
}

bool Resources::Reads(const std::vector<std::string>& languages, std::string_view language) {
  if (language.empty() || language == "und") return true;
  language = language.substr(0, language.find('-'));
  return std::find(languages.begin(), languages.end(), language) != languages.end();
}

Result<base::TsvTable> Resources::Table(const std::string& lang, const std::string& file,
                                        const std::vector<std::string>& required) const {
  return base::LoadTsv(root_ + "/" + lang + "/" + file, required);
}

Result<std::vector<base::TsvTable>> Resources::TableFromEveryPack(
    const std::string& file, const std::vector<std::string>& required) const {
  std::vector<base::TsvTable> out;
  for (const std::string& lang : languages_) {
    std::error_code ec;
    std::string path = root_ + "/" + lang + "/" + file;
    if (!fs::exists(path, ec)) continue;
    SITREP_ASSIGN_OR_RETURN(base::TsvTable t, base::LoadTsv(path, required));
    out.push_back(std::move(t));
  }
  return out;
}

Result<base::TsvTable> Resources::Common(const std::string& file,
                                         const std::vector<std::string>& required) const {
  return base::LoadTsv(root_ + "/common/" + file, required);
}

}  // namespace sitrep::lang
