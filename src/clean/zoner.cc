// STUB: replaced by the zoning work (issue #2).
#include "clean/zoner.h"

namespace sitrep::clean {
namespace {

class SimpleZoner : public Zoner {
 public:
  void Run(Document& doc, const std::vector<Zone>& hints) const override {
    if (!hints.empty()) {
      doc.zones = hints;
      return;
    }
    if (!doc.text.empty()) doc.zones.push_back({ZoneKind::kBody, {0, uint32_t(doc.text.size())}, {}});
  }
};

}  // namespace

Result<std::unique_ptr<Zoner>> Zoner::Create(const lang::Resources& resources) {
  return std::unique_ptr<Zoner>(new SimpleZoner());
}

}  // namespace sitrep::clean
