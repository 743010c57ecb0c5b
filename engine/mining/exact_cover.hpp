// Exact role mining (the basic role-minimisation problem): roles such that every
// user's roles give exactly the columns it holds, as few roles as can be found; a
// minimum biclique cover of the user-column graph.
//
// The method is Ene et al.'s (SACMAT 2008, "Fast exact and heuristic methods for role
// minimization problems"), which reaches the published optimum on the HP matrices:
//   1. merge identical rows and columns (matrix_reduction.hpp);
//   2. split into connected components, solved in parallel;
//   3. per component, take essential roles to a fixed point (essential_roles.hpp);
//   4. bound what is left from below with pairwise incompatible pairs (lower_bound.hpp);
//   5. cover what is left greedily over row and column concepts, interleaved with
//      step 3, from several seeded tie-break orders in parallel; grow each role to its
//      maximal biclique and drop redundant ones; keep the smallest cover;
//   6. improve it by re-covering neighbourhoods of roles (cover_improvement.hpp).
// When the cover is as small as the bound, it is proven minimum.
#pragma once

#include <cstdint>

#include "engine/mining/access_matrix.hpp"
#include "engine/mining/role_set.hpp"

namespace accessgraph::mining {

struct ExactCoverOptions {
  unsigned restarts = 8;      // greedy orders tried on a component not yet proven minimum (fewer past 200k kernel pairs)
  unsigned bound_tries = 8;   // orders tried for the lower bound
  unsigned improvement_rounds = 128;  // neighbourhood re-covers (cover_improvement.hpp), fewer on big kernels
  std::uint64_t seed = 1;     // fixes the tie-break orders: same seed, same roles
};

struct ExactCoverStats {
  std::uint32_t users = 0;            // access rows (with or without access)
  std::uint32_t columns = 0;
  std::uint64_t pairs = 0;
  std::uint32_t distinct_rows = 0;     // after merging identical rows
  std::uint32_t distinct_columns = 0;  // after merging identical columns
  std::uint32_t components = 0;
  std::uint32_t essential_roles = 0;   // taken by step 3 before any search
  std::uint64_t kernel_pairs = 0;      // distinct pairs left to the search after step 3
  std::uint32_t lower_bound = 0;       // no exact cover has fewer roles
  bool proven_optimal = false;         // role count == lower_bound
  std::uint32_t components_proven = 0;
  double seconds = 0;             // all of it; the phases below add up to about this
  double reduce_seconds = 0;      // merging, components
  double search_seconds = 0;      // essential roles, bound, greedy orders (components in parallel)
  double assign_seconds = 0;      // roles per user
};

struct ExactCover {
  RoleSet roles;  // roles sorted by their columns; every check_cover(...).exact()
  ExactCoverStats stats;
};

// Uses the calling thread's TBB arena (limit threads with tbb::global_control or a
// task_arena). The result does not depend on the number of threads.
ExactCover mine_exact_cover(const AccessMatrix& access, const ExactCoverOptions& options = {});

}  // namespace accessgraph::mining
