// Matrices for the mining tests: drawn by hand, random, and planted with a known
// minimum role count; and a brute-force minimum cover to hold small ones against.
#pragma once

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining::testing {

inline AccessMatrix random_matrix(std::uint64_t seed, std::uint32_t rows, std::uint32_t columns, double density) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution holds(density);
  std::vector<std::vector<std::uint32_t>> cells(rows);
  for (auto& row : cells) {
    for (std::uint32_t c = 0; c < columns; ++c) {
      if (holds(rng)) row.push_back(c);
    }
  }
  return AccessMatrix::from_rows(columns, std::move(cells));
}

struct PlantedMatrix {
  AccessMatrix access;
  std::uint32_t minimum_roles = 0;
};

// `roles` roles over `columns` columns, each with one private column (held through
// that role only) plus a few shared ones; one witness user holds each role alone, the
// other users a random 1..4 roles, duplicates included. The planted roles cover
// exactly, and the witnesses' private pairs are pairwise incompatible (witness r lacks
// role s's private column), so no cover has fewer: the minimum is `roles`.
inline PlantedMatrix planted_matrix(std::uint64_t seed, std::uint32_t roles, std::uint32_t users,
                                    std::uint32_t shared_columns, std::uint32_t shared_per_role) {
  std::mt19937_64 rng(seed);
  const std::uint32_t columns = roles + shared_columns;
  // Column ids shuffled so that private columns are not recognisable by position.
  std::vector<std::uint32_t> column_id(columns);
  for (std::uint32_t c = 0; c < columns; ++c) column_id[c] = c;
  std::shuffle(column_id.begin(), column_id.end(), rng);
  std::vector<std::vector<std::uint32_t>> role_columns(roles);
  std::uniform_int_distribution<std::uint32_t> pick_shared(0, shared_columns - 1);
  for (std::uint32_t r = 0; r < roles; ++r) {
    role_columns[r].push_back(column_id[r]);
    for (std::uint32_t k = 0; k < shared_per_role; ++k) role_columns[r].push_back(column_id[roles + pick_shared(rng)]);
  }
  std::vector<std::vector<std::uint32_t>> rows;
  auto add_user = [&](const std::vector<std::uint32_t>& held_roles) {
    std::vector<std::uint32_t>& row = rows.emplace_back();
    for (const std::uint32_t r : held_roles) row.insert(row.end(), role_columns[r].begin(), role_columns[r].end());
  };
  for (std::uint32_t r = 0; r < roles; ++r) add_user({r});
  std::uniform_int_distribution<std::uint32_t> role_count(1, 4), pick_role(0, roles - 1);
  while (rows.size() < users) {
    std::vector<std::uint32_t> held;
    for (std::uint32_t k = role_count(rng); k > 0; --k) held.push_back(pick_role(rng));
    add_user(held);
  }
  std::shuffle(rows.begin(), rows.end(), rng);
  return {AccessMatrix::from_rows(columns, std::move(rows)), roles};
}

// Minimum number of bicliques covering every pair, by exhaustive search over the
// maximal bicliques (closures of row subsets). For matrices of at most ~10 rows.
inline std::uint32_t brute_force_minimum(const AccessMatrix& access) {
  const std::uint32_t n = access.row_count(), m = access.column_count();
  std::vector<std::uint64_t> row_bits(n, 0);
  for (std::uint32_t r = 0; r < n; ++r) {
    for (const std::uint32_t c : access.row(r)) row_bits[r] |= std::uint64_t{1} << c;
  }
  std::vector<std::vector<std::uint64_t>> concepts;  // per row: columns of the concept, 0 if not in it
  for (std::uint32_t subset = 1; subset < (1u << n); ++subset) {
    std::uint64_t columns = ~std::uint64_t{0} >> (64 - m);
    for (std::uint32_t r = 0; r < n; ++r) {
      if (subset >> r & 1) columns &= row_bits[r];
    }
    if (columns == 0) continue;
    std::vector<std::uint64_t> closure(n, 0);
    for (std::uint32_t r = 0; r < n; ++r) {
      if ((row_bits[r] & columns) == columns) closure[r] = columns;
    }
    if (std::find(concepts.begin(), concepts.end(), closure) == concepts.end()) concepts.push_back(closure);
  }
  // Iterative deepening: branch on the concepts covering the first uncovered pair.
  std::vector<std::uint64_t> left = row_bits;
  auto search = [&](auto&& self, std::uint32_t budget) -> bool {
    std::uint32_t r = 0;
    while (r < n && left[r] == 0) ++r;
    if (r == n) return true;
    if (budget == 0) return false;
    const std::uint64_t pair = left[r] & (~left[r] + 1);
    for (const auto& candidate : concepts) {
      if ((candidate[r] & pair) == 0) continue;
      const std::vector<std::uint64_t> saved = left;
      for (std::uint32_t k = 0; k < n; ++k) left[k] &= ~candidate[k];
      if (self(self, budget - 1)) return true;
      left = saved;
    }
    return false;
  };
  std::uint32_t k = 0;
  while (!search(search, k)) {
    left = row_bits;
    ++k;
  }
  return k;
}

}  // namespace accessgraph::mining::testing
