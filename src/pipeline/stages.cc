#include "pipeline/stages.h"

#include "extract/claims.h"
#include "extract/entities.h"
#include "extract/events.h"
#include "extract/times.h"

namespace sitrep::pipeline {

Result<std::vector<std::unique_ptr<Stage>>> CreateStages(const lang::Resources& resources) {
  std::vector<std::unique_ptr<Stage>> stages;
  // Issue 3 adds entities, places and times here; issue 4 events and claims.
  SITREP_ASSIGN_OR_RETURN(stages.emplace_back(), extract::TimeFinder::Create(resources));
  SITREP_ASSIGN_OR_RETURN(stages.emplace_back(), extract::EntityFinder::Create(resources));
  SITREP_ASSIGN_OR_RETURN(stages.emplace_back(), extract::EventFinder::Create(resources));
  SITREP_ASSIGN_OR_RETURN(stages.emplace_back(), extract::ClaimFinder::Create(resources));
  return stages;
}

}  // namespace sitrep::pipeline
