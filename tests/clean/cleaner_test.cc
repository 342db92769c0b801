#include "clean/cleaner.h"

#include <gtest/gtest.h>

namespace sitrep::clean {
namespace {

TEST(DomainOfTest, ExtractsHost) {
  struct Case {
    const char* url;
    std::optional<std::string> domain;
  } cases[] = {
      {"https://www.Example.org/a/b?c", "example.org"},
      {"http://news.example.ru:8080/x", "news.example.ru"},
      {"https://user@site.fr#top", "site.fr"},
      {"not a url", std::nullopt},
      {"https:///path", std::nullopt},
      {"file://localhost/x", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.url);
    EXPECT_EQ(DomainOf(c.url), c.domain);
  }
}

TEST(NormalizeIsoDateTest, KeepsMinutesAndRejectsImpossibleDates) {
  struct Case {
    const char* raw;
    std::optional<std::string> iso;
  } cases[] = {
      {"2025-03-12T10:20:33+03:00", "2025-03-12T10:20"},
      {"2025-03-12", "2025-03-12"},
      {" 2025-03-12 08:05 ", "2025-03-12T08:05"},
      {"2025-02-30", std::nullopt},
      {"2025-13-01", std::nullopt},
      {"0000-01-01", std::nullopt},
      {"Wed, 12 Mar 2025", std::nullopt},
      {"2025-03-12T25:00", "2025-03-12"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.raw);
    EXPECT_EQ(NormalizeIsoDate(c.raw), c.iso);
  }
}

}  // namespace
}  // namespace sitrep::clean
