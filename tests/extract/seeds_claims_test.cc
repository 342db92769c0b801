// The whole Engine on ../shared/seeds/ (when present): general properties of the claims of the
// five pages (issue 4). Nothing from the seeds is copied here; the test only reads them.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sitrep/document.h"
#include "sitrep/engine.h"
#include "seeds_util.h"

namespace sitrep {
namespace {

using seeds::kSeeds;
using seeds::RunSeeds;

const Zone* ZoneAt(const Document& d, uint32_t offset) {
  for (const Zone& z : d.zones) {
    if (z.span.begin <= offset && offset < z.span.end) return &z;
  }
  return nullptr;
}

TEST(SeedsClaimsTest, ClaimsHaveTheRightZonesArtefactsAndGroups) {
  if (!std::filesystem::is_directory(kSeeds)) GTEST_SKIP() << "no " << kSeeds;
  std::vector<Document> docs = RunSeeds();
  ASSERT_EQ(docs.size(), 5u);
  size_t killed_security = 0, detained = 0, garbled = 0, masked = 0, comment_claims = 0;
  for (const Document& d : docs) {
    SCOPED_TRACE(d.input.path);
    for (const Claim& c : d.claims) {
      const Zone* z = ZoneAt(d, c.span.begin);
      ASSERT_NE(z, nullptr);
      // Claims come from the title, the body and comments only, and say which.
      EXPECT_NE(z->kind, ZoneKind::kRelated);
      EXPECT_NE(z->kind, ZoneKind::kBoilerplate);
      EXPECT_EQ(c.zone == ZoneKind::kComment, z->kind == ZoneKind::kComment);
      if (c.zone == ZoneKind::kComment) ++comment_claims;
      // Never a guessed number.
      EXPECT_EQ(c.value.has_value(), !c.artifact.has_value());
      if (c.artifact == Artifact::kGarbledNumber) ++garbled;
      if (c.artifact == Artifact::kMaskedNumber) ++masked;
      if (c.zone == ZoneKind::kBody && c.quantity == Quantity::kKilled &&
          c.group == Group::kSecurityForces) {
        ++killed_security;
      }
      if (c.quantity == Quantity::kDetained && c.value && c.value->min >= 100) ++detained;
    }
    // Every XNUMX outside boilerplate carries a masked_number warning.
    for (size_t at = d.text.find("XNUMX"); at != std::string::npos;
         at = d.text.find("XNUMX", at + 5)) {
      const Zone* z = ZoneAt(d, uint32_t(at));
      if (z != nullptr && z->kind == ZoneKind::kBoilerplate) continue;
      bool warned = false;
      for (const Warning& w : d.warnings) {
        warned |= w.code == "masked_number" && w.span.begin <= at && at < w.span.end;
      }
      EXPECT_TRUE(warned) << "XNUMX at " << at;
    }
  }
  EXPECT_GE(killed_security, 1u);
  EXPECT_GE(detained, 2u);
  EXPECT_GE(garbled, 1u);
  EXPECT_GE(masked, 1u);
  EXPECT_GE(comment_claims, 1u);
}

}  // namespace
}  // namespace sitrep
