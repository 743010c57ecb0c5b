// A lower bound on the number of roles: pairs no two of which can share a role.
// Pairs (u1, p1) and (u2, p2) can sit in one biclique only if u1 holds p2 and u2
// holds p1 (same user or same column always can). A set of pairwise incompatible
// pairs still to cover needs one role each, so its size bounds every cover of the
// state from below (Ene et al. 2008, section 4; it is a clique cover bound on the
// pair-compatibility graph).
//
// Finding the largest such set is itself hard; a greedy pass, taking first the pairs
// compatible with the fewest others (small live degrees), is sharp on most published
// matrices. Several orders are tried in parallel and the largest set kept.
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "engine/mining/cover_state.hpp"

namespace accessgraph::mining {

using Pair = std::pair<std::uint32_t, std::uint32_t>;  // (row, column)

// Pairwise incompatible pairs among those still to cover in `state`'s live graph.
// `tries` orders: the first by live degrees alone, the others with seeded random
// tie-breaks. Deterministic for given arguments, whatever the thread count.
std::vector<Pair> incompatible_pairs(const CoverState& state, unsigned tries, std::uint64_t seed);

// True when no two pairs of `pairs` fit in one biclique of `state`'s live graph.
bool pairwise_incompatible(const CoverState& state, const std::vector<Pair>& pairs);

}  // namespace accessgraph::mining
