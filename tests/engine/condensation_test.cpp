#include "engine/closure/condensation.hpp"

#include <gtest/gtest.h>

namespace accessgraph {
namespace {

//   0 -> 1 -> 2 -> 1      (1 and 2 form a cycle)
//   3 -> 3                (self loop)
//   4 -> 0
TEST(Condensation, CyclesCollapseAndLevelsFollowDependencies) {
  Condensation c = condense(5, {{0, 1}, {1, 2}, {2, 1}, {3, 3}, {4, 0}});
  EXPECT_EQ(c.component_count(), 4u);
  EXPECT_EQ(c.component_of[1], c.component_of[2]);
  std::vector<std::uint32_t> level_of(c.component_count());
  for (std::uint32_t level = 0; level < c.levels.size(); ++level)
    for (std::uint32_t component : c.levels[level]) level_of[component] = level;
  EXPECT_EQ(level_of[c.component_of[1]], 0u);
  EXPECT_EQ(level_of[c.component_of[3]], 0u);
  EXPECT_EQ(level_of[c.component_of[0]], 1u);
  EXPECT_EQ(level_of[c.component_of[4]], 2u);
  for (std::size_t comp = 0; comp < c.component_count(); ++comp)
    for (std::uint32_t dep : c.depends_on[comp]) EXPECT_LT(level_of[dep], level_of[comp]);
}

TEST(Condensation, LongChainGetsOneLevelPerLink) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  for (std::uint32_t i = 0; i + 1 < 500; ++i) edges.emplace_back(i, i + 1);
  Condensation c = condense(500, edges);
  EXPECT_EQ(c.component_count(), 500u);
  EXPECT_EQ(c.levels.size(), 500u);
}

TEST(Condensation, EmptyGraph) {
  Condensation c = condense(0, {});
  EXPECT_EQ(c.component_count(), 0u);
  EXPECT_TRUE(c.levels.empty());
}

}  // namespace
}  // namespace accessgraph
