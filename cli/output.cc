#include "cli/output.h"

#include "base/utf8.h"

#include <unistd.h>

#include <chrono>

namespace sitrep::cli {

void PrintProblem(const Problem& p) {
  if (p.record) {
    std::fprintf(stderr, "sitrep: rejected %s (record %lld): %s\n", p.path.c_str(),
                 static_cast<long long>(*p.record), p.reason.c_str());
  } else {
    std::fprintf(stderr, "sitrep: rejected %s: %s\n", p.path.c_str(), p.reason.c_str());
  }
}

std::string HumanBytes(uint64_t bytes) {
  const char* units[] = {"B", "KB", "MB", "GB", "TB"};
  double v = static_cast<double>(bytes);
  int u = 0;
  while (v >= 1000 && u < 4) {
    v /= 1000;
    ++u;
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
  return buf;
}

ProgressBar::ProgressBar() : enabled_(::isatty(STDERR_FILENO) == 1) {}

void ProgressBar::Update(const Progress& p) {
  if (!enabled_) return;
  long long now = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::steady_clock::now().time_since_epoch())
                      .count();
  if (now - last_ms_ < 100) return;
  last_ms_ = now;
  constexpr int kWidth = 30;
  double frac = p.bytes_total ? static_cast<double>(p.bytes_done) / p.bytes_total : 0;
  if (frac > 1) frac = 1;
  int fill = static_cast<int>(frac * kWidth);
  std::string bar(fill, '#');
  bar.resize(kWidth, '.');
  std::string name = p.current;
  if (name.size() > 40) name = "..." + name.substr(name.size() - 37);
  std::fprintf(stderr, "\r\033[K[%s] %3.0f%%  %s / %s  %llu docs  %s", bar.c_str(), frac * 100,
               HumanBytes(p.bytes_done).c_str(), HumanBytes(p.bytes_total).c_str(),
               static_cast<unsigned long long>(p.documents), name.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void ProgressBar::Finish() {
  if (enabled_ && drawn_) std::fprintf(stderr, "\r\033[K");
  drawn_ = false;
}

std::string Clip(std::string_view s, size_t max) {
  size_t pos = 0, chars = 0;
  while (pos < s.size() && chars < max) {
    base::DecodeOne(s, &pos);
    ++chars;
  }
  if (pos >= s.size()) return std::string(s);
  // One character less, for the ellipsis.
  size_t keep = 0, kept = 0;
  while (keep < s.size() && kept + 1 < max) {
    base::DecodeOne(s, &keep);
    ++kept;
  }
  return std::string(s.substr(0, keep)) + (max > 0 ? "\u2026" : "");
}

std::string Column(std::string_view s, size_t width) {
  std::string out = Clip(s, width);
  size_t chars = 0, pos = 0;
  while (pos < out.size()) {
    base::DecodeOne(out, &pos);
    ++chars;
  }
  if (chars < width) out.append(width - chars, ' ');
  return out;
}

}  // namespace sitrep::cli
