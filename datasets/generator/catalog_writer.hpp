#pragma once
// Writes the files that describe the catalog rather than people: systems, groups (and
// their nesting), entitlements, roles (includes and grants), SoD and birthright rules,
// and the truth.csv rows about the catalog's own structure (cycles, deep chains).
#include "datasets/generator/access_model.hpp"
#include "datasets/generator/bundle_files.hpp"
#include "datasets/generator/org_model.hpp"

namespace accessgraph::datasets {

void write_catalog(const OrgModel& org, const AccessModel& access, BundleSink& sink);

}  // namespace accessgraph::datasets
