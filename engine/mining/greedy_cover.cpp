#include "engine/mining/greedy_cover.hpp"

#include <queue>

#include <tbb/parallel_for.h>

#include "engine/mining/essential_roles.hpp"

namespace accessgraph::mining {
namespace {

struct Candidate {
  std::uint64_t value;
  std::uint64_t tie;
  std::uint32_t seed;  // < row_count: a row's concept; else a column's
  bool operator<(const Candidate& other) const {
    if (value != other.value) return value < other.value;
    return tie > other.tie;  // std::priority_queue is a max-heap: smaller tie wins
  }
};

std::uint64_t tie_key(std::uint32_t seed, std::uint64_t tie_seed) {
  if (tie_seed == 0) return seed;
  std::uint64_t x = (std::uint64_t{seed} + 1) * 0x9e3779b97f4a7c15ull ^ tie_seed;
  x ^= x >> 31;
  x *= 0xbf58476d1ce4e5b9ull;
  return x ^ (x >> 29);
}

Biclique concept_of(const CoverState& state, std::uint32_t seed) {
  return seed < state.row_count() ? state.row_concept(seed) : state.column_concept(seed - state.row_count());
}

bool seed_live(const CoverState& state, std::uint32_t seed) {
  return seed < state.row_count() ? state.row_live(seed) && state.uncovered_in_row(seed) > 0
                                  : state.column_live(seed - state.row_count());
}

std::uint64_t value_of(const CoverState& state, const Biclique& role, bool weighted) {
  return weighted ? state.uncovered_weight_in(role) : state.uncovered_count_in(role);
}

}  // namespace

std::vector<Biclique> greedy_cover(CoverState& state, const GreedyOptions& options) {
  std::vector<Biclique> roles;
  const std::uint32_t seeds = state.row_count() + state.column_count();
  std::vector<std::uint64_t> initial(seeds, 0);
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, seeds, 32), [&](const auto& range) {
    for (std::uint32_t s = range.begin(); s != range.end(); ++s) {
      if (seed_live(state, s)) initial[s] = value_of(state, concept_of(state, s), options.weighted);
    }
  });
  std::priority_queue<Candidate> queue;
  for (std::uint32_t s = 0; s < seeds; ++s) {
    if (initial[s] > 0) queue.push({initial[s], tie_key(s, options.tie_seed), s});
  }
  auto left = [&] { return options.weighted ? state.uncovered_weight() : state.uncovered_pairs(); };
  while (left() > options.stop_at_uncovered_weight && !queue.empty()) {
    const Candidate top = queue.top();
    queue.pop();
    if (!seed_live(state, top.seed)) continue;
    Biclique role = concept_of(state, top.seed);
    const std::uint64_t value = value_of(state, role, options.weighted);
    if (value == 0) continue;
    if (!queue.empty() && value < queue.top().value) {
      queue.push({value, top.tie, top.seed});
      continue;
    }
    state.cover(role);
    roles.push_back(std::move(role));
    queue.push({value, top.tie, top.seed});  // its concept may still have pairs later
    if (options.take_essential) {
      std::vector<std::uint32_t> dropped_rows, dropped_columns;
      state.drop_finished(dropped_rows, dropped_columns);
      std::vector<std::uint32_t> touched =
          rows_touched_by_drops(state, dropped_rows, dropped_columns, options.essential_degree_cap);
      if (!touched.empty()) take_essential_roles(state, roles, std::move(touched), options.essential_degree_cap);
    }
  }
  return roles;
}

}  // namespace accessgraph::mining
