#include "engine/mining/approximate_cover.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <memory>
#include <stdexcept>

#include "engine/mining/cover_state.hpp"
#include "engine/mining/greedy_cover.hpp"
#include "engine/mining/matrix_reduction.hpp"
#include "engine/mining/redundant_roles.hpp"
#include "engine/mining/role_assignment.hpp"

namespace accessgraph::mining {
namespace {

// Roles over the reduced matrix and who has each, with the weighted pairs they give.
class WeightedAssignment {
 public:
  WeightedAssignment(const ReducedMatrix& reduced, std::vector<std::vector<std::uint32_t>> role_columns)
      : reduced_(reduced), role_columns_(std::move(role_columns)), user_roles_(reduced.matrix.row_count()) {}

  const std::vector<std::uint32_t>& role(std::uint32_t r) const { return role_columns_[r]; }
  std::uint32_t role_count() const { return static_cast<std::uint32_t>(role_columns_.size()); }
  std::vector<std::uint32_t>& roles_of(std::uint32_t u) { return user_roles_[u]; }
  const std::vector<std::uint32_t>& roles_of(std::uint32_t u) const { return user_roles_[u]; }

  // Columns user u gets from its roles, leaving out role `except`.
  std::vector<std::uint32_t> given(std::uint32_t u, std::uint32_t except = ~0u) const {
    std::vector<std::uint32_t> columns;
    for (const std::uint32_t r : user_roles_[u]) {
      if (r != except) columns.insert(columns.end(), role_columns_[r].begin(), role_columns_[r].end());
    }
    std::sort(columns.begin(), columns.end());
    columns.erase(std::unique(columns.begin(), columns.end()), columns.end());
    return columns;
  }

  // Weighted held pairs of u that `columns` give, and weighted pairs they give u
  // without its holding them; `already` (sorted) are columns u gets anyway.
  std::pair<std::uint64_t, std::uint64_t> gain_and_extra(std::uint32_t u, const std::vector<std::uint32_t>& columns,
                                                         const std::vector<std::uint32_t>& already) const {
    const auto held = reduced_.matrix.row(u);
    std::uint64_t gain = 0, extra = 0;
    for (const std::uint32_t c : columns) {
      if (std::binary_search(already.begin(), already.end(), c)) continue;
      const std::uint64_t weight = reduced_.pair_weight(u, c);
      if (std::binary_search(held.begin(), held.end(), c)) {
        gain += weight;
      } else {
        extra += weight;
      }
    }
    return {gain, extra};
  }

 private:
  const ReducedMatrix& reduced_;
  std::vector<std::vector<std::uint32_t>> role_columns_;
  std::vector<std::vector<std::uint32_t>> user_roles_;
};

// Gives roles to near-holders while each gift covers more held pairs than it adds,
// best ratio first, within `budget` extra weighted pairs. Returns the extra spent.
std::uint64_t extend_to_near_holders(const ReducedMatrix& reduced, WeightedAssignment& assignment,
                                     std::uint64_t budget) {
  struct Gift {
    double ratio;
    std::uint32_t role, user;
  };
  const AccessMatrix by_column = reduced.matrix.transposed();
  std::vector<Gift> gifts;
  std::vector<std::uint64_t> held_weight(reduced.matrix.row_count(), 0);
  std::vector<std::uint32_t> touched;
  for (std::uint32_t r = 0; r < assignment.role_count(); ++r) {
    std::uint64_t role_weight = 0;
    for (const std::uint32_t c : assignment.role(r)) {
      role_weight += reduced.column_weight[c];
      for (const std::uint32_t u : by_column.row(c)) {
        if (held_weight[u] == 0) touched.push_back(u);
        held_weight[u] += reduced.column_weight[c];
      }
    }
    for (const std::uint32_t u : touched) {
      // Worth a look only when the user holds more than half of the role.
      if (2 * held_weight[u] > role_weight && held_weight[u] < role_weight) {
        const std::uint64_t missing = (role_weight - held_weight[u]) * reduced.row_weight[u];
        const std::uint64_t holds = held_weight[u] * reduced.row_weight[u];
        gifts.push_back({static_cast<double>(holds) / static_cast<double>(missing), r, u});
      }
      held_weight[u] = 0;
    }
    touched.clear();
  }
  std::sort(gifts.begin(), gifts.end(), [](const Gift& a, const Gift& b) {
    if (a.ratio != b.ratio) return a.ratio > b.ratio;
    return a.role != b.role ? a.role < b.role : a.user < b.user;
  });
  std::uint64_t spent = 0;
  for (const Gift& gift : gifts) {
    std::vector<std::uint32_t>& roles = assignment.roles_of(gift.user);
    if (std::find(roles.begin(), roles.end(), gift.role) != roles.end()) continue;
    const auto [gain, extra] = assignment.gain_and_extra(gift.user, assignment.role(gift.role), assignment.given(gift.user));
    if (gain <= extra || spent + extra > budget) continue;
    roles.push_back(gift.role);
    spent += extra;
  }
  return spent;
}

// Drops roles, last taken first, while the covered weight stays >= target.
std::vector<std::uint8_t> prune_to_target(const ReducedMatrix& reduced, WeightedAssignment& assignment,
                                          std::uint64_t covered, std::uint64_t target) {
  std::vector<std::vector<std::uint32_t>> holders(assignment.role_count());
  for (std::uint32_t u = 0; u < reduced.matrix.row_count(); ++u) {
    for (const std::uint32_t r : assignment.roles_of(u)) holders[r].push_back(u);
  }
  std::vector<std::uint8_t> keep(assignment.role_count(), 1);
  for (std::uint32_t r = assignment.role_count(); r-- > 0;) {
    std::uint64_t loss = 0;
    for (const std::uint32_t u : holders[r]) {
      loss += assignment.gain_and_extra(u, assignment.role(r), assignment.given(u, r)).first;
    }
    if (covered - loss < target) continue;
    covered -= loss;
    keep[r] = 0;
    for (const std::uint32_t u : holders[r]) {
      std::vector<std::uint32_t>& roles = assignment.roles_of(u);
      roles.erase(std::remove(roles.begin(), roles.end(), r), roles.end());
    }
  }
  return keep;
}

}  // namespace

ApproximateCover mine_approximate_cover(const AccessMatrix& access, const ApproximateCoverOptions& options) {
  if (!(options.coverage > 0.0 && options.coverage <= 1.0)) {
    throw std::invalid_argument("coverage must be in (0, 1]");
  }
  if (!(options.allow_extra >= 0.0 && options.allow_extra <= 1.0)) {
    throw std::invalid_argument("allow_extra must be in [0, 1]");
  }
  const auto start = std::chrono::steady_clock::now();
  ApproximateCover result;
  ApproximateCoverStats& stats = result.stats;
  stats.users = access.row_count();
  stats.columns = access.column_count();
  stats.pairs = access.pair_count();
  stats.extra_budget = static_cast<std::uint64_t>(std::floor(options.allow_extra * static_cast<double>(stats.pairs)));
  // Covered weight needed, rounded up so that the share is really reached.
  const std::uint64_t target =
      std::min<std::uint64_t>(stats.pairs, static_cast<std::uint64_t>(std::ceil(options.coverage * static_cast<double>(stats.pairs) - 1e-9)));

  const ReducedMatrix reduced = merge_identical(access);
  stats.distinct_rows = reduced.matrix.row_count();
  stats.distinct_columns = reduced.matrix.column_count();

  CoverState state(std::make_shared<const AccessMatrix>(reduced.matrix), reduced.row_weight, reduced.column_weight);
  std::vector<Biclique> chosen = greedy_cover(
      state, {.weighted = true, .stop_at_uncovered_weight = stats.pairs - target, .take_essential = false});
  std::vector<std::vector<std::uint32_t>> role_columns;
  for (const Biclique& role : chosen) {
    role_columns.push_back(maximal_extension(state.matrix(), state.transposed(), role).columns);
  }
  const AccessMatrix within = assign_within_rows(
      reduced.matrix, AccessMatrix::from_rows(reduced.matrix.column_count(), role_columns));
  WeightedAssignment assignment(reduced, std::move(role_columns));
  for (std::uint32_t u = 0; u < reduced.matrix.row_count(); ++u) {
    assignment.roles_of(u).assign(within.row(u).begin(), within.row(u).end());
  }
  if (stats.extra_budget > 0) extend_to_near_holders(reduced, assignment, stats.extra_budget);
  std::uint64_t covered = 0;
  for (std::uint32_t u = 0; u < reduced.matrix.row_count(); ++u) {
    covered += assignment.gain_and_extra(u, assignment.given(u), {}).first;
  }
  const std::vector<std::uint8_t> keep = prune_to_target(reduced, assignment, covered, target);

  // Kept roles in original columns, renumbered; every original row takes its class's.
  std::vector<std::uint32_t> renumber(assignment.role_count(), ~0u);
  std::vector<std::vector<std::uint32_t>> original_roles;
  for (std::uint32_t r = 0; r < assignment.role_count(); ++r) {
    if (!keep[r]) continue;
    renumber[r] = static_cast<std::uint32_t>(original_roles.size());
    std::vector<std::uint32_t>& expanded = original_roles.emplace_back();
    for (const std::uint32_t c : assignment.role(r)) {
      const auto members = reduced.column_members.row(c);
      expanded.insert(expanded.end(), members.begin(), members.end());
    }
  }
  std::vector<std::vector<std::uint32_t>> user_roles(access.row_count());
  for (std::uint32_t u = 0; u < access.row_count(); ++u) {
    if (reduced.row_class[u] == kNoClass) continue;
    for (const std::uint32_t r : assignment.roles_of(reduced.row_class[u])) user_roles[u].push_back(renumber[r]);
  }
  result.roles.role_columns = AccessMatrix::from_rows(access.column_count(), std::move(original_roles));
  result.roles.user_roles = AccessMatrix::from_rows(result.roles.role_count(), std::move(user_roles));
  result.exceptions = uncovered_pairs(access, result.roles);
  const CoverCheck check = check_cover(access, result.roles);
  stats.covered_pairs = check.covered_pairs;
  stats.exception_pairs = check.missing_pairs;
  stats.extra_pairs = check.extra_pairs;
  stats.coverage = stats.pairs == 0 ? 1.0 : static_cast<double>(check.covered_pairs) / static_cast<double>(stats.pairs);
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace accessgraph::mining
