// Merging identical rows and columns, and splitting into components.
#include "engine/mining/matrix_reduction.hpp"

#include <gtest/gtest.h>

namespace accessgraph::mining {
namespace {

//        c0 c1 c2 c3 c4
//   u0    x  x  .  .  .
//   u1    .  .  x  .  .
//   u2    x  x  .  .  .     same row as u0
//   u3    .  .  .  .  .     empty: no class
//   u4    .  .  x  .  x     c4 only with c2 here, but c2 is also u1's: distinct
// c0 and c1 are held by the same users {u0, u2}: one column class. c3: no one.
AccessMatrix drawn() {
  return AccessMatrix::from_rows(5, {{0, 1}, {2}, {1, 0}, {}, {2, 4}});
}

TEST(MatrixReductionTest, MergesIdenticalRowsAndColumns) {
  const ReducedMatrix reduced = merge_identical(drawn());
  EXPECT_EQ(reduced.matrix.row_count(), 3u);
  EXPECT_EQ(reduced.matrix.column_count(), 3u);  // {c0,c1}, {c2}, {c4}
  EXPECT_EQ(reduced.row_class, (std::vector<std::uint32_t>{0, 1, 0, kNoClass, 2}));
  EXPECT_EQ(reduced.column_class, (std::vector<std::uint32_t>{0, 0, 1, kNoClass, 2}));
  EXPECT_EQ(reduced.row_weight, (std::vector<std::uint32_t>{2, 1, 1}));
  EXPECT_EQ(reduced.column_weight, (std::vector<std::uint32_t>{2, 1, 1}));
  EXPECT_EQ(reduced.matrix, AccessMatrix::from_rows(3, {{0}, {1}, {1, 2}}));
  // Weighted pairs add up to the original pair count.
  std::uint64_t pairs = 0;
  for (std::uint32_t r = 0; r < reduced.matrix.row_count(); ++r) {
    for (const std::uint32_t c : reduced.matrix.row(r)) pairs += reduced.pair_weight(r, c);
  }
  EXPECT_EQ(pairs, drawn().pair_count());
}

TEST(MatrixReductionTest, SplitsComponents) {
  const ReducedMatrix reduced = merge_identical(drawn());
  const Components components = connected_components(reduced.matrix, reduced.matrix.transposed());
  ASSERT_EQ(components.count, 2u);  // {u0} x {c0c1}  and  {u1, u4} x {c2, c4}
  const std::vector<ComponentMatrix> parts = split_components(reduced.matrix, components);
  EXPECT_EQ(parts[0].rows, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(parts[1].rows, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(parts[1].columns, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(parts[1].matrix, AccessMatrix::from_rows(2, {{0}, {0, 1}}));
}

TEST(MatrixReductionTest, RejectsBadCsr) {
  EXPECT_THROW(AccessMatrix::from_csr(3, {0, 2}, {2, 1}), std::invalid_argument);  // unsorted
  EXPECT_THROW(AccessMatrix::from_csr(3, {0, 1}, {3}), std::invalid_argument);     // out of range
  EXPECT_THROW(AccessMatrix::from_rows(2, {{0, 5}}), std::invalid_argument);
  EXPECT_EQ(AccessMatrix::from_rows(3, {{2, 0, 2}}).row(0).size(), 2u);  // deduplicated
}

}  // namespace
}  // namespace accessgraph::mining
