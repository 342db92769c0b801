// libFuzzer target: NumberReader::ReadAt at every token of a valid UTF-8 input (fr, en, ru
// packs). A read must consume at least one token, stay inside the tokens and the text, and a
// value must be an ordered range.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "base/utf8.h"
#include "extract/claim_words.h"
#include "extract/claims.h"
#include "extract/numbers.h"
#include "lang/resources.h"

namespace {
const sitrep::extract::NumberReader& Reader() {
  static const sitrep::extract::ClaimFinder* finder = [] {
    auto res = sitrep::lang::Resources::Load("");
    if (!res) std::abort();
    auto f = sitrep::extract::ClaimFinder::Create(*res);
    if (!f) {
      std::fprintf(stderr, "fuzz: %s\n", f.error().ToString().c_str());
      std::abort();
    }
    return std::move(*f).release();
  }();
  return finder->numbers();
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace sitrep;  // NOLINT: fuzzer entry point
  if (size < 1 || size > (1 << 14)) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  if (!base::IsValidUtf8(text)) return 0;
  const bool hedge = data[0] & 1;
  const uint32_t base = data[0] >> 1;
  const extract::NumberReader& reader = Reader();
  extract::Words words = extract::TokenizeWords(text, base, 4096);
  const std::vector<extract::WordToken>& tokens = words.tokens;
  for (size_t i = 0; i < tokens.size(); ++i) {
    auto r = reader.ReadAt(text, base, tokens, i, hedge);
    if (!r) continue;
    if (r->first_token != i || r->end_token <= i || r->end_token > tokens.size()) std::abort();
    if (r->span.begin > r->span.end || r->span.begin < base ||
        r->span.end > base + text.size()) {
      std::abort();
    }
    if (r->value && r->value->min > r->value->max) std::abort();
  }
  auto whole = reader.Read(text);
  (void)whole;
  return 0;
}
