// Wall-time bounds in tests are there to catch a quadratic blow-up, not a constant factor. The
// sanitizer build (scripts/build-san.sh: ASan+UBSan at -O1) runs the same code several times
// slower, on a 2-core machine shared with other builds, so its bounds are scaled:
//   EXPECT_LT(seconds, 1.0 * kTimeBudgetScale);
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define SITREP_TESTS_UNDER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SITREP_TESTS_UNDER_ASAN 1
#endif
#endif

#ifdef SITREP_TESTS_UNDER_ASAN
inline constexpr double kTimeBudgetScale = 10.0;
#else
inline constexpr double kTimeBudgetScale = 1.0;
#endif
