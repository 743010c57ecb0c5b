// Approximate role mining: the coverage target is met, nobody gets access it does not
// hold unless extras are allowed (and then within the budget), exceptions are exactly
// the pairs left uncovered.
#include "engine/mining/approximate_cover.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <random>

#include "engine/mining/exact_cover.hpp"
#include "tests/mining/mining_fixtures.hpp"

namespace accessgraph::mining {
namespace {

using testing::planted_matrix;
using testing::random_matrix;

// The planted matrix plus `noise` stray pairs per 1000 held: access no role explains.
AccessMatrix with_noise(const AccessMatrix& clean, std::uint64_t seed, std::uint32_t noise_per_mille) {
  std::mt19937_64 rng(seed);
  std::vector<std::vector<std::uint32_t>> rows;
  std::uniform_int_distribution<std::uint32_t> column(0, clean.column_count() - 1), chance(0, 999);
  for (std::uint32_t r = 0; r < clean.row_count(); ++r) {
    std::vector<std::uint32_t>& row = rows.emplace_back(clean.row(r).begin(), clean.row(r).end());
    for (std::size_t k = 0, n = row.size(); k < n; ++k) {
      if (chance(rng) < noise_per_mille) row.push_back(column(rng));
    }
  }
  return AccessMatrix::from_rows(clean.column_count(), std::move(rows));
}

void expect_consistent(const AccessMatrix& access, const ApproximateCover& cover, const ApproximateCoverOptions& options) {
  const CoverCheck check = check_cover(access, cover.roles);
  EXPECT_EQ(check.covered_pairs, cover.stats.covered_pairs);
  EXPECT_EQ(check.missing_pairs, cover.exceptions.pair_count());
  EXPECT_EQ(cover.exceptions, uncovered_pairs(access, cover.roles));
  EXPECT_GE(static_cast<double>(check.covered_pairs), options.coverage * static_cast<double>(access.pair_count()) - 1e-9);
  EXPECT_LE(check.extra_pairs, cover.stats.extra_budget);
  if (options.allow_extra == 0.0) {
    EXPECT_EQ(check.extra_pairs, 0u);
  }
  // Every exception is held, and no role's columns hide one.
  for (std::uint32_t u = 0; u < access.row_count(); ++u) {
    for (const std::uint32_t c : cover.exceptions.row(u)) EXPECT_TRUE(access.contains(u, c));
  }
}

TEST(ApproximateCoverTest, MeetsCoverageWithoutExtras) {
  const auto planted = planted_matrix(3, 60, 3000, 80, 6);
  const AccessMatrix noisy = with_noise(planted.access, 9, 30);
  for (const double coverage : {0.5, 0.8, 0.95, 1.0}) {
    const ApproximateCoverOptions options{.coverage = coverage};
    const ApproximateCover cover = mine_approximate_cover(noisy, options);
    expect_consistent(noisy, cover, options);
    if (coverage < 0.97) {
      // The planted roles alone give ~97% of the pairs: no more roles are needed.
      EXPECT_LE(cover.roles.role_count(), planted.minimum_roles) << coverage;
    }
  }
}

TEST(ApproximateCoverTest, FullCoverageIsAnExactCover) {
  const AccessMatrix access = random_matrix(21, 150, 60, 0.08);
  const ApproximateCover cover = mine_approximate_cover(access, {.coverage = 1.0});
  EXPECT_TRUE(check_cover(access, cover.roles).exact());
  EXPECT_EQ(cover.exceptions.pair_count(), 0u);
}

TEST(ApproximateCoverTest, LowerTargetNeverNeedsMoreRoles) {
  const auto planted = planted_matrix(4, 50, 2000, 60, 5);
  const AccessMatrix noisy = with_noise(planted.access, 4, 50);
  std::uint32_t previous = 0;
  for (const double coverage : {0.3, 0.6, 0.9, 0.99}) {
    const std::uint32_t roles = mine_approximate_cover(noisy, {.coverage = coverage}).roles.role_count();
    EXPECT_GE(roles, previous) << coverage;
    previous = roles;
  }
}

// Extras let a role reach users who lack one column of it: the extra stays within the
// budget and buys fewer exceptions for the same roles.
TEST(ApproximateCoverTest, ExtrasStayWithinBudget) {
  const auto planted = planted_matrix(5, 40, 2000, 50, 6);
  // Knock one pair out of some rows: their owners lack one column of a role.
  std::mt19937_64 rng(5);
  std::vector<std::vector<std::uint32_t>> rows;
  for (std::uint32_t r = 0; r < planted.access.row_count(); ++r) {
    std::vector<std::uint32_t>& row = rows.emplace_back(planted.access.row(r).begin(), planted.access.row(r).end());
    if (row.size() > 3 && rng() % 4 == 0) row.erase(row.begin() + static_cast<std::ptrdiff_t>(rng() % row.size()));
  }
  const AccessMatrix holey = AccessMatrix::from_rows(planted.access.column_count(), std::move(rows));
  const ApproximateCoverOptions strict{.coverage = 0.9};
  const ApproximateCoverOptions loose{.coverage = 0.9, .allow_extra = 0.02};
  const ApproximateCover without = mine_approximate_cover(holey, strict);
  const ApproximateCover with = mine_approximate_cover(holey, loose);
  expect_consistent(holey, without, strict);
  expect_consistent(holey, with, loose);
  EXPECT_GT(with.stats.extra_pairs, 0u);
  EXPECT_LE(with.roles.role_count(), without.roles.role_count());
}

TEST(ApproximateCoverTest, RejectsOptionsOutOfRange) {
  const AccessMatrix access = random_matrix(1, 10, 10, 0.3);
  EXPECT_THROW(mine_approximate_cover(access, {.coverage = 0.0}), std::invalid_argument);
  EXPECT_THROW(mine_approximate_cover(access, {.coverage = 1.5}), std::invalid_argument);
  EXPECT_THROW(mine_approximate_cover(access, {.coverage = 0.9, .allow_extra = -0.1}), std::invalid_argument);
}

TEST(ApproximateCoverTest, SameRolesWhateverTheThreadCount) {
  const AccessMatrix access = with_noise(planted_matrix(8, 80, 4000, 100, 6).access, 8, 40);
  ApproximateCover one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = mine_approximate_cover(access, {.coverage = 0.9, .allow_extra = 0.01});
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 3);
    two = mine_approximate_cover(access, {.coverage = 0.9, .allow_extra = 0.01});
  }
  EXPECT_EQ(one.roles.role_columns, two.roles.role_columns);
  EXPECT_EQ(one.roles.user_roles, two.roles.user_roles);
  EXPECT_EQ(one.exceptions, two.exceptions);
}

}  // namespace
}  // namespace accessgraph::mining
