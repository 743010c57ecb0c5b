// Approximate role mining: few roles that together give at least a share `coverage`
// of the held pairs; the pairs they leave are exceptions, listed. By default a role
// is given only to users holding all of it, so nobody gets anything they do not hold;
// `allow_extra` (a share of the held pairs) lets a role also go to users who lack a
// few of its columns, when that covers more of what they hold than it adds.
//
// Method: merge identical rows and columns (weights keep the counts honest), take
// roles greedily by weighted pairs covered over row and column concepts until the
// target is met (greedy_cover.hpp), grow each to its maximal biclique, assign, extend
// to near-holders within the extra budget, then drop every role the target can do
// without, last taken first.
#pragma once

#include <cstdint>

#include "engine/mining/access_matrix.hpp"
#include "engine/mining/role_set.hpp"

namespace accessgraph::mining {

struct ApproximateCoverOptions {
  double coverage = 0.95;    // in (0, 1]: share of held pairs the roles must give
  double allow_extra = 0.0;  // in [0, 1]: extra pairs allowed, as a share of held pairs
};

struct ApproximateCoverStats {
  std::uint32_t users = 0;
  std::uint32_t columns = 0;
  std::uint64_t pairs = 0;
  std::uint32_t distinct_rows = 0;
  std::uint32_t distinct_columns = 0;
  std::uint64_t covered_pairs = 0;    // held pairs the roles give
  std::uint64_t exception_pairs = 0;  // held pairs they do not
  std::uint64_t extra_pairs = 0;      // pairs they give that are not held
  std::uint64_t extra_budget = 0;     // allow_extra x pairs, rounded down
  double coverage = 1.0;              // covered_pairs / pairs (1 for an empty matrix)
  double seconds = 0;
};

struct ApproximateCover {
  RoleSet roles;
  AccessMatrix exceptions;  // per user, the held columns no role gives
  ApproximateCoverStats stats;
};

// Throws std::invalid_argument for options out of range. Deterministic whatever the
// thread count.
ApproximateCover mine_approximate_cover(const AccessMatrix& access, const ApproximateCoverOptions& options = {});

}  // namespace accessgraph::mining
