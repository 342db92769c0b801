// The analysis stages after cleaning, in order. Filled in one place (stages.cc): adding a stage
// is one line there.
#pragma once

#include <memory>
#include <vector>

#include "lang/resources.h"
#include "pipeline/stage.h"
#include "sitrep/status.h"

namespace sitrep::pipeline {

Result<std::vector<std::unique_ptr<Stage>>> CreateStages(const lang::Resources& resources);

}  // namespace sitrep::pipeline
