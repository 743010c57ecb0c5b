#pragma once
// hr_events.csv (SPEC section 6): a few hundred lifecycle events dated after the
// reference day (hires, transfers, terminations, leaves and returns, rehires), consistent
// with the bundle: nobody is terminated twice, returns follow leaves, rehires are of
// people who left, hires get fresh identity numbers from N on.
#include <cstdint>

#include "datasets/generator/bundle_files.hpp"
#include "datasets/generator/org_model.hpp"
#include "datasets/generator/population.hpp"

namespace accessgraph::datasets {

void write_hr_events(const OrgModel& org, const Population& people, std::uint64_t seed,
                     BundleSink& sink);

}  // namespace accessgraph::datasets
