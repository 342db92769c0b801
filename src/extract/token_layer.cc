#include "extract/token_layer.h"

#include <algorithm>

namespace sitrep::extract {

void TokenLayer::Clear() {
  tokens_.clear();
  zones_.clear();
  lower_used_ = 0;
}

void TokenLayer::Build(const Document& doc) {
  Clear();
  if (doc.text.size() > kMaxTextBytes) return;
  const std::string_view text = doc.text;
  text_ = text;
  auto add_zone = [&](ByteSpan span) {
    if (span.end > text.size() || span.begin >= span.end) return;
    if (lower_used_ == lower_.size()) lower_.emplace_back();
    std::string& lower = lower_[lower_used_++];
    TokenizeWordsInto(text.substr(span.begin, span.end - span.begin), span.begin,
                      kMaxZoneTokens, &scratch_, &lower);
    ZoneTokens z;
    z.span = span;
    z.first = uint32_t(tokens_.size());
    z.complete = scratch_.size() < kMaxZoneTokens;
    tokens_.insert(tokens_.end(), scratch_.begin(), scratch_.end());
    z.end = uint32_t(tokens_.size());
    zones_.push_back(z);
  };
  // The zone buffers are strings of at least 64 bytes (TokenizeWordsInto sizes them so), never
  // in the small-string buffer: moving them when lower_ grows keeps the views valid. Grown
  // before any is filled all the same.
  lower_.reserve(std::max(lower_.size(), doc.zones.size() + 1));
  if (doc.zones.empty()) {
    add_zone(ByteSpan{0, uint32_t(text.size())});
  } else {
    for (const Zone& z : doc.zones) {
      if (z.kind != ZoneKind::kBoilerplate) add_zone(z.span);
    }
  }
  std::sort(zones_.begin(), zones_.end(), [](const ZoneTokens& a, const ZoneTokens& b) {
    return a.span.begin < b.span.begin;
  });
  // Overlapping zones (a document the layer was not made for): no answers, every stage
  // tokenizes for itself.
  for (size_t k = 1; k < zones_.size(); ++k) {
    if (zones_[k].span.begin < zones_[k - 1].span.end) {
      Clear();
      return;
    }
  }
}

bool TokenLayer::SentenceRange(ByteSpan s, size_t max_tokens, std::span<const WordToken>* out,
                               size_t* cursor) const {
  if (zones_.empty() || s.begin > s.end || s.end > text_.size()) return false;
  // An edge inside a character: the span alone starts or ends with a broken one.
  auto inside_character = [&](uint32_t at) {
    return at < text_.size() && (static_cast<unsigned char>(text_[at]) & 0xC0) == 0x80;
  };
  if (inside_character(s.begin) || inside_character(s.end)) return false;
  // The zone holding s: the last one starting at or before it.
  auto z = std::upper_bound(zones_.begin(), zones_.end(), s.begin,
                            [](uint32_t at, const ZoneTokens& zt) { return at < zt.span.begin; });
  if (z == zones_.begin()) return false;
  --z;
  if (s.end > z->span.end) return false;
  const WordToken* const first = tokens_.data() + z->first;
  const WordToken* const last = tokens_.data() + z->end;
  const WordToken* b;
  if (const WordToken* c = tokens_.data() + (cursor ? *cursor : 0);
      cursor && c >= first && c <= last && (c == first || (c - 1)->begin < s.begin)) {
    // From the caller's last position, at or before the sentence: a walk over what lies between.
    b = c;
    while (b != last && b->begin < s.begin) ++b;
  } else {
    b = std::lower_bound(first, last, s.begin,
                         [](const WordToken& t, uint32_t at) { return t.begin < at; });
  }
  // The sentence's end: doubling steps from its start, then a binary search in the last step.
  const WordToken* e = b;
  for (size_t step = 1; e != last && e->begin < s.end; step *= 2) {
    const WordToken* probe = size_t(last - e) > step ? e + step : last;
    if (probe == last || probe->begin >= s.end) {
      e = std::lower_bound(e, probe, s.end,
                           [](const WordToken& t, uint32_t at) { return t.begin < at; });
      break;
    }
    e = probe;
  }
  if (cursor) *cursor = size_t(e - tokens_.data());
  // A token across the start or the end: the sentence alone splits it otherwise.
  if (b != first && (b - 1)->end > s.begin) return false;
  if (e != b && (e - 1)->end > s.end) return false;
  // The zone's tokens stop early: those past the cut are unknown, unless the sentence's own
  // cap is reached before it.
  const size_t count = size_t(e - b);
  if (!z->complete && e == last && count < max_tokens) return false;
  *out = std::span<const WordToken>(b, std::min(count, max_tokens));
  return true;
}

}  // namespace sitrep::extract
