// Improving an exact cover by large-neighbourhood search: free one role and the roles
// sharing most users and entitlements with it, cover what they leave again (essential
// roles first, then greedily), clean up, and keep the new cover when it is no larger.
// Greedy covers go wrong locally - two roles where one would do, because an early
// choice split a group - and re-covering a neighbourhood with the rest fixed undoes
// exactly that. Each round tries several neighbourhoods in parallel and keeps the
// smallest result (the first of equals), so the outcome does not depend on threads.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/mining/cover_state.hpp"

namespace accessgraph::mining {

struct ImprovementOptions {
  unsigned rounds = 16;
  unsigned neighbourhoods_per_round = 4;
  std::size_t neighbourhood_roles = 24;
  std::uint64_t seed = 1;
  std::size_t lower_bound = 0;  // stop when reached
};

// `roles` cover every pair of `start`, a state with nothing covered yet; returns a
// cover of the same pairs, never larger.
std::vector<Biclique> improve_cover(const CoverState& start, std::vector<Biclique> roles,
                                    const ImprovementOptions& options);

}  // namespace accessgraph::mining
