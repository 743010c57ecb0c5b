#include "engine/mining/lower_bound.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace accessgraph::mining {
namespace {

std::uint64_t mix(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdull;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ull;
  x ^= x >> 33;
  return x;
}

std::vector<Pair> greedy_incompatible(const CoverState& state, const std::vector<Pair>& to_cover,
                                      unsigned attempt, std::uint64_t seed) {
  struct Keyed {
    std::uint64_t degree_product;
    std::uint64_t tie;
    Pair pair;
  };
  std::vector<Keyed> order;
  order.reserve(to_cover.size());
  for (const Pair& pair : to_cover) {
    const std::uint64_t product =
        std::uint64_t{state.live_row_degree(pair.first)} * state.live_column_degree(pair.second);
    const std::uint64_t tie =
        attempt == 0 ? (std::uint64_t{pair.first} << 32 | pair.second)
                     : mix(seed ^ mix(attempt) ^ (std::uint64_t{pair.first} << 32 | pair.second));
    order.push_back({product, tie, pair});
  }
  std::sort(order.begin(), order.end(), [](const Keyed& a, const Keyed& b) {
    return a.degree_product != b.degree_product ? a.degree_product < b.degree_product : a.tie < b.tie;
  });
  // Two chosen pairs never share a row (same-row pairs are compatible), so one chosen
  // column per row is all the state there is.
  std::vector<std::uint32_t> chosen_column(state.row_count(), ~0u);
  std::vector<Pair> chosen;
  for (const Keyed& keyed : order) {
    const auto [u, p] = keyed.pair;
    if (chosen_column[u] != ~0u) continue;
    bool compatible = false;
    for (const std::uint32_t other : state.transposed().row(p)) {
      const std::uint32_t q = chosen_column[other];
      if (q != ~0u && state.live_pair(other, p) && state.live_pair(u, q)) {
        compatible = true;
        break;
      }
    }
    if (!compatible) {
      chosen_column[u] = p;
      chosen.push_back(keyed.pair);
    }
  }
  return chosen;
}

}  // namespace

std::vector<Pair> incompatible_pairs(const CoverState& state, unsigned tries, std::uint64_t seed) {
  std::vector<Pair> to_cover;
  to_cover.reserve(state.uncovered_pairs());
  for (std::uint32_t r = 0; r < state.row_count(); ++r) {
    if (state.uncovered_in_row(r) == 0) continue;
    for (const std::uint32_t c : state.matrix().row(r)) {
      if (state.to_cover(r, c)) to_cover.push_back({r, c});
    }
  }
  if (to_cover.empty()) return {};
  tries = std::max(tries, 1u);
  std::vector<std::vector<Pair>> results(tries);
  tbb::parallel_for(0u, tries, [&](unsigned attempt) {
    results[attempt] = greedy_incompatible(state, to_cover, attempt, seed);
  });
  std::size_t best = 0;
  for (std::size_t k = 1; k < results.size(); ++k) {
    if (results[k].size() > results[best].size()) best = k;
  }
  return std::move(results[best]);
}

bool pairwise_incompatible(const CoverState& state, const std::vector<Pair>& pairs) {
  for (std::size_t i = 0; i < pairs.size(); ++i) {
    for (std::size_t j = i + 1; j < pairs.size(); ++j) {
      const auto [u1, p1] = pairs[i];
      const auto [u2, p2] = pairs[j];
      if (state.live_pair(u1, p2) && state.live_pair(u2, p1)) return false;
    }
  }
  return true;
}

}  // namespace accessgraph::mining
