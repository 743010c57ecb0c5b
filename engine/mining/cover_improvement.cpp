#include "engine/mining/cover_improvement.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

#include "engine/mining/essential_roles.hpp"
#include "engine/mining/greedy_cover.hpp"
#include "engine/mining/redundant_roles.hpp"

namespace accessgraph::mining {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

std::size_t shared(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  std::size_t n = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i] == b[j]) {
      ++n, ++i, ++j;
    } else if (a[i] < b[j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return n;
}

// The roles to free around roles[center]: itself and those overlapping it most.
std::vector<std::uint8_t> neighbourhood(const std::vector<Biclique>& roles, std::size_t center, std::size_t size) {
  std::vector<std::pair<std::size_t, std::size_t>> overlap;  // (-(rows*columns shared), index)
  for (std::size_t k = 0; k < roles.size(); ++k) {
    if (k == center) continue;
    const std::size_t rows = shared(roles[k].rows, roles[center].rows);
    const std::size_t columns = shared(roles[k].columns, roles[center].columns);
    if (rows + columns > 0) overlap.push_back({~(rows + columns), k});
  }
  std::sort(overlap.begin(), overlap.end());
  std::vector<std::uint8_t> freed(roles.size(), 0);
  freed[center] = 1;
  for (std::size_t k = 0; k + 1 < size && k < overlap.size(); ++k) freed[overlap[k].second] = 1;
  return freed;
}

std::vector<Biclique> repair(const CoverState& start, const std::vector<Biclique>& roles,
                             const std::vector<std::uint8_t>& freed, std::uint64_t tie_seed) {
  CoverState state = start;
  std::vector<Biclique> result;
  for (std::size_t k = 0; k < roles.size(); ++k) {
    if (freed[k]) continue;
    state.cover(roles[k]);  // pairs of dropped rows or columns are covered already: skipped
    result.push_back(roles[k]);
  }
  std::vector<std::uint32_t> dropped_rows, dropped_columns;
  state.drop_finished(dropped_rows, dropped_columns);
  const std::size_t kept = result.size();
  take_essential_roles(state, result, {}, 512);
  for (Biclique& role : greedy_cover(state, {.weighted = false, .take_essential = true, .tie_seed = tie_seed})) {
    result.push_back(std::move(role));
  }
  // Kept roles are maximal already; only the new ones grow.
  for (std::size_t k = kept; k < result.size(); ++k) {
    result[k] = maximal_extension(state.matrix(), state.transposed(), result[k]);
  }
  remove_redundant_roles(state.matrix(), result);
  return result;
}

}  // namespace

std::vector<Biclique> improve_cover(const CoverState& start, std::vector<Biclique> roles,
                                    const ImprovementOptions& options) {
  const unsigned width = std::max(1u, options.neighbourhoods_per_round);
  for (unsigned round = 0; round < options.rounds && roles.size() > options.lower_bound; ++round) {
    std::vector<std::vector<Biclique>> tries(width);
    tbb::parallel_for(0u, width, [&](unsigned k) {
      const std::uint64_t draw = mix(options.seed ^ mix(round * 1315423911ull + k + 1));
      const std::vector<std::uint8_t> freed = neighbourhood(roles, draw % roles.size(), options.neighbourhood_roles);
      tries[k] = repair(start, roles, freed, draw | 1);
    });
    std::size_t best = 0;
    for (std::size_t k = 1; k < tries.size(); ++k) {
      if (tries[k].size() < tries[best].size()) best = k;
    }
    // Equal size is accepted too: it moves the search along a plateau.
    if (tries[best].size() <= roles.size()) roles = std::move(tries[best]);
  }
  return roles;
}

}  // namespace accessgraph::mining
