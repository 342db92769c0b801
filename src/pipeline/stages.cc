#include "pipeline/stages.h"

namespace sitrep::pipeline {

Result<std::vector<std::unique_ptr<Stage>>> CreateStages(const lang::Resources& resources) {
  std::vector<std::unique_ptr<Stage>> stages;
  // Issue 3 adds entities, places and times here; issue 4 events and claims.
  return stages;
}

}  // namespace sitrep::pipeline
