// STUB: replaced by the encoding work (issue #2).
#include "clean/decode.h"

#include "base/utf8.h"

namespace sitrep::clean {

std::string NormalizeNfc(std::string_view utf8) { return std::string(utf8); }

Decoded DecodeToUtf8(std::string_view bytes, std::string_view declared, bool markup) {
  Decoded d;
  d.encoding = "UTF-8";
  d.how = "utf8-valid";
  size_t i = 0;
  while (i < bytes.size()) {
    size_t p = i;
    char32_t c = base::DecodeOne(bytes, &p);
    if (c == 0xFFFD && p == i + 1) ++d.replaced;
    base::AppendUtf8(c, &d.text);
    i = p;
  }
  return d;
}

}  // namespace sitrep::clean
