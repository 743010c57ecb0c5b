#pragma once
// The bundle's actual access as mining matrices, for `roles mine` and `roles propose`:
// every identity that is not terminated (a leaver's access is to be removed, not
// modelled), one row each, with what it holds and the part nothing expects.
#include <vector>

#include "accessgraph/engine.hpp"
#include "core/graph/dense_id.hpp"
#include "engine/mining/access_matrix.hpp"

namespace accessgraph {

struct BundleAccess {
  std::vector<IdentityId> identities;  // one per row
  mining::AccessMatrix held;
  mining::AccessMatrix unjustified;
};

// Computed in parallel; rows in identity id order whatever the thread count.
BundleAccess bundle_access(const Engine& engine);

}  // namespace accessgraph
