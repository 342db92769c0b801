// Sixteen bytes at a time for the claim and event tokenizers (claim_words.cc, event_lexicon.cc):
// most words of a news text are a run of ASCII letters and digits shorter than sixteen bytes,
// which these find, lower-case and classify with a handful of vector instructions instead of a
// table load and a branch per byte (issue 4: the per-document pipeline at 5 000 documents/s).
// Without SSE2 they take the bytes one by one, with the same results.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace sitrep::extract {

// Bit k (k < 16) set if p[k] is an ASCII letter or digit (kAsciiWordByte); bits 16 and up clear.
// `*digits`: bit k set if p[k] is an ASCII digit. REQUIRES: p[0, 16) readable.
inline unsigned AsciiWordMask16(const char* p, unsigned* digits) {
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  // Unsigned range tests with signed compares: x - lo + 0x80 < 0x80 - 0x80 + (hi - lo + 1),
  // i.e. (x + (0x80 - lo)) as a signed byte is below -128 + count.
  const __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));  // 'A'..'Z' -> 'a'..'z'
  const __m128i letter = _mm_cmplt_epi8(_mm_add_epi8(lower, _mm_set1_epi8(char(0x80 - 'a'))),
                                        _mm_set1_epi8(char(-128 + 26)));
  const __m128i digit = _mm_cmplt_epi8(_mm_add_epi8(v, _mm_set1_epi8(char(0x80 - '0'))),
                                       _mm_set1_epi8(char(-128 + 10)));
  *digits = unsigned(_mm_movemask_epi8(digit));
  return unsigned(_mm_movemask_epi8(_mm_or_si128(letter, digit)));
#else
  unsigned word = 0, dig = 0;
  for (unsigned k = 0; k < 16; ++k) {
    auto b = static_cast<unsigned char>(p[k]);
    bool d = b >= '0' && b <= '9';
    bool l = (b | 0x20) >= 'a' && (b | 0x20) <= 'z';
    word |= unsigned(d || l) << k;
    dig |= unsigned(d) << k;
  }
  *digits = dig;
  return word;
#endif
}

// Writes p[0, len) OR 0x20 (the lower case of ASCII letters and digits) to out[0, len) and zeros
// to out[len, 16). REQUIRES: p[0, 16) readable, out[0, 16) writable, len <= 16.
inline void StoreAsciiLower16(const char* p, size_t len, char* out) {
  // Sixteen bytes of 0xFF then sixteen of zero: the sixteen from 16 - len keep the first len.
  alignas(16) static constexpr unsigned char kKeep[32] = {
      0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF};
#if defined(__SSE2__)
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i keep = _mm_loadu_si128(reinterpret_cast<const __m128i*>(kKeep + 16 - len));
  _mm_storeu_si128(reinterpret_cast<__m128i*>(out),
                   _mm_and_si128(_mm_or_si128(v, _mm_set1_epi8(0x20)), keep));
#else
  for (size_t k = 0; k < 16; ++k) out[k] = char((p[k] | 0x20) & kKeep[16 - len + k]);
#endif
}

}  // namespace sitrep::extract
