// Eight bytes at a time in a uint64_t ("SIMD within a register"): the constants and byte tests
// the text scanners share (clean/decode, clean/zoner_cues, extract/time_scan, base/utf8).
// Byte i of a word loaded with memcpy is bits 8i..8i+7 on the little-endian machines we build
// for (static_assert below).
#pragma once

#include <bit>
#include <cstdint>

namespace sitrep::base {

static_assert(std::endian::native == std::endian::little, "byte i of a loaded word is bits 8i..8i+7");

inline constexpr uint64_t kByteOnes = 0x0101010101010101ull;   // 0x01 in every byte
inline constexpr uint64_t kByteHighs = 0x8080808080808080ull;  // the high bit of every byte

// Whether some byte of `v` is zero (the classic test: exact as a yes/no, not per byte).
constexpr bool HasZeroByte(uint64_t v) { return ((v - kByteOnes) & ~v & kByteHighs) != 0; }

// The high bit of each byte of the result is set exactly where `w` has a byte equal to `b`
// (no borrows between bytes).
constexpr uint64_t BytesEqual(uint64_t w, unsigned char b) {
  const uint64_t x = w ^ (kByteOnes * b);
  return ~(((x & ~kByteHighs) + ~kByteHighs) | x) & kByteHighs;
}

}  // namespace sitrep::base
