// ClosureDag (engine/closure/closure_dag.hpp) against a naive search, on random graphs
// with cycles and on chains, at budgets from nothing stored to everything stored: set_of,
// add_to (several closures into one union, sharing fragment marks) and contains must give
// the same sets whichever fragments are materialised; so must any_contains over several.
#include "engine/closure/closure_dag.hpp"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/graph/dense_id.hpp"
#include "core/graph/graph.hpp"

namespace accessgraph {
namespace {

using Edges = std::vector<std::pair<std::uint32_t, std::uint32_t>>;  // (node, dependency)

// A node's own elements are a few values; `links` name nodes of a linked closure.
struct RandomClosure {
  std::size_t nodes = 0, universe = 0;
  Edges edges;
  std::vector<std::vector<std::uint32_t>> own;
  std::vector<std::vector<std::uint32_t>> links;
};

RandomClosure random_closure(std::mt19937& rng, std::size_t nodes, std::size_t universe, double edge_factor,
                             std::size_t linked_nodes) {
  RandomClosure c{nodes, universe, {}, std::vector<std::vector<std::uint32_t>>(nodes),
                  std::vector<std::vector<std::uint32_t>>(nodes)};
  std::uniform_int_distribution<std::uint32_t> node(0, static_cast<std::uint32_t>(nodes - 1));
  std::uniform_int_distribution<std::uint32_t> value(0, static_cast<std::uint32_t>(universe - 1));
  const auto edge_count = static_cast<std::size_t>(edge_factor * static_cast<double>(nodes));
  for (std::size_t e = 0; e < edge_count; ++e) {
    // Mostly downward edges (a DAG with long paths), some upward ones (cycles).
    std::uint32_t a = node(rng), b = node(rng);
    if (a > b && rng() % 8 != 0) std::swap(a, b);
    c.edges.emplace_back(a, b);
  }
  for (std::size_t n = 0; n < nodes; ++n) {
    for (std::uint32_t k = rng() % 3; k > 0; --k) c.own[n].push_back(value(rng));
    if (linked_nodes > 0 && rng() % 4 == 0) c.links[n].push_back(static_cast<std::uint32_t>(rng() % linked_nodes));
  }
  return c;
}

// Every node reachable from `start` (itself included), by breadth-first search.
std::vector<std::uint32_t> reachable(const Edges& edges, std::size_t nodes, std::uint32_t start) {
  std::vector<std::vector<std::uint32_t>> out(nodes);
  for (const auto& [a, b] : edges) out[a].push_back(b);
  std::vector<std::uint8_t> seen(nodes, 0);
  std::vector<std::uint32_t> order{start};
  seen[start] = 1;
  for (std::size_t i = 0; i < order.size(); ++i)
    for (std::uint32_t next : out[order[i]])
      if (!std::exchange(seen[next], 1)) order.push_back(next);
  return order;
}

std::set<std::uint32_t> naive_set(const RandomClosure& c, std::uint32_t node, const RandomClosure* linked) {
  std::set<std::uint32_t> set;
  for (std::uint32_t n : reachable(c.edges, c.nodes, node)) {
    set.insert(c.own[n].begin(), c.own[n].end());
    for (std::uint32_t l : c.links[n])
      for (std::uint32_t m : reachable(linked->edges, linked->nodes, l))
        set.insert(linked->own[m].begin(), linked->own[m].end());
  }
  return set;
}

using Dag = ClosureDag<EntitlementId>;

std::shared_ptr<const Dag> build(const RandomClosure& c, std::shared_ptr<const Dag> linked, std::uint64_t budget) {
  return std::make_shared<const Dag>(
      condense(c.nodes, c.edges), c.universe,
      [&](std::uint32_t node, MarkedUnion<EntitlementId>& set) {
        for (std::uint32_t v : c.own[node]) set.add(EntitlementId(v));
      },
      std::move(linked),
      [&](std::uint32_t node, std::vector<std::uint32_t>& links) {
        links.insert(links.end(), c.links[node].begin(), c.links[node].end());
      },
      budget);
}

std::set<std::uint32_t> values(std::span<const EntitlementId> set) {
  std::set<std::uint32_t> out;
  for (EntitlementId e : set) out.insert(e.value);
  return out;
}

void expect_equal_to_naive(const Dag& dag, const RandomClosure& c, const RandomClosure* linked, std::mt19937& rng) {
  MarkedUnion<EntitlementId> union_of_three(c.universe);
  for (std::uint32_t node = 0; node < c.nodes; ++node) {
    const std::set<std::uint32_t> expected = naive_set(c, node, linked);
    const ClosureSet<EntitlementId> set = dag.set_of(node);
    ASSERT_TRUE(std::is_sorted(set.begin(), set.end()));
    ASSERT_EQ(values(set.elements()), expected) << "node " << node;
    ASSERT_EQ(set.size(), expected.size());
    for (std::uint32_t v = 0; v < c.universe; ++v)
      ASSERT_EQ(dag.contains(node, EntitlementId(v)), expected.count(v) == 1) << "node " << node << " value " << v;

    // Three closures into one union: marks from the first walks must not hide anything.
    const std::uint32_t others[] = {node, static_cast<std::uint32_t>(rng() % c.nodes),
                                    static_cast<std::uint32_t>(rng() % c.nodes)};
    std::set<std::uint32_t> all;
    union_of_three.begin();
    for (std::uint32_t other : others) {
      dag.add_to(other, union_of_three);
      const auto part = naive_set(c, other, linked);
      all.insert(part.begin(), part.end());
    }
    ASSERT_EQ(values(union_of_three.sorted()), all) << "node " << node;
    const std::vector<GroupId> three{GroupId(others[0]), GroupId(others[1]), GroupId(others[2])};
    for (std::uint32_t v = 0; v < c.universe; ++v)
      ASSERT_EQ(dag.any_contains(three, EntitlementId(v)), all.count(v) == 1) << "node " << node << " value " << v;
  }
}

constexpr std::uint64_t kEverything = std::uint64_t{1} << 40;

TEST(ClosureDag, RandomGraphsEqualNaiveSearchAtEveryBudget) {
  std::mt19937 rng(19);
  for (int round = 0; round < 12; ++round) {
    const RandomClosure groups = random_closure(rng, 60, 40, 1.5, 0);
    const RandomClosure roles = random_closure(rng, 50, 40, 1.2, groups.nodes);
    for (std::uint64_t budget : {std::uint64_t{0}, std::uint64_t{5}, std::uint64_t{40}, std::uint64_t{300}, kEverything}) {
      SCOPED_TRACE("round " + std::to_string(round) + " budget " + std::to_string(budget));
      const auto group_dag = build(groups, nullptr, budget);
      const auto role_dag = build(roles, group_dag, budget);
      expect_equal_to_naive(*group_dag, groups, nullptr, rng);
      expect_equal_to_naive(*role_dag, roles, &groups, rng);
      if (budget == 0) {
        EXPECT_EQ(group_dag->stored_elements(), 0u);
      }
      if (budget == kEverything) {
        EXPECT_EQ(group_dag->materialised_count(), group_dag->component_count());
      }
      EXPECT_LE(group_dag->stored_elements(), budget);
      EXPECT_LE(role_dag->stored_elements(), budget);
    }
  }
}

// 0 <- 1 <- 2 ... <- n-1: node k depends on k+1 and owns {k}, so S(k) = {k..n-1} and the
// sets total n(n+1)/2. A budget of b stores about sqrt(2b) levels from the top.
TEST(ClosureDag, ChainStoresWithinTheBudgetAndAnswersBelowIt) {
  const std::uint32_t n = 3000;
  RandomClosure chain{n, n, {}, std::vector<std::vector<std::uint32_t>>(n), std::vector<std::vector<std::uint32_t>>(n)};
  for (std::uint32_t k = 0; k < n; ++k) {
    chain.own[k] = {k};
    if (k + 1 < n) chain.edges.emplace_back(k, k + 1);
  }
  const std::uint64_t budget = 20000;
  const auto dag = build(chain, nullptr, budget);
  EXPECT_LE(dag->stored_elements(), budget);
  EXPECT_GT(dag->materialised_count(), 150u);  // the top ~199 levels: 199*200/2 <= 20000
  EXPECT_LT(dag->materialised_count(), 250u);
  EXPECT_TRUE(dag->materialised(n - 1));
  EXPECT_FALSE(dag->materialised(0));
  for (std::uint32_t k : {0u, 1u, 1500u, n - 200, n - 1}) {
    const ClosureSet<EntitlementId> set = dag->set_of(k);
    ASSERT_EQ(set.size(), n - k);
    EXPECT_EQ(set.elements().front(), EntitlementId(k));
    EXPECT_EQ(set.elements().back(), EntitlementId(n - 1));
    EXPECT_TRUE(dag->contains(k, EntitlementId(n - 1)));
    EXPECT_EQ(dag->contains(k, EntitlementId(k == 0 ? 0 : k - 1)), k == 0);
  }
  // Two closures of one chain in one union: the second walk stops where the first began.
  MarkedUnion<EntitlementId> set(n);
  set.begin();
  dag->add_to(10, set);
  dag->add_to(5, set);
  EXPECT_EQ(set.items().size(), n - 5);
}

// A cycle of n nodes is one fragment whose own set is everything on it.
TEST(ClosureDag, CycleIsOneFragment) {
  const std::uint32_t n = 1000;
  RandomClosure cycle{n + 1, n + 1, {}, std::vector<std::vector<std::uint32_t>>(n + 1),
                      std::vector<std::vector<std::uint32_t>>(n + 1)};
  for (std::uint32_t k = 0; k < n; ++k) {
    cycle.own[k] = {k};
    cycle.edges.emplace_back(k, (k + 1) % n);
  }
  cycle.own[n] = {n};
  cycle.edges.emplace_back(n, 0);  // hangs below the cycle
  for (std::uint64_t budget : {std::uint64_t{0}, kEverything}) {
    const auto dag = build(cycle, nullptr, budget);
    EXPECT_EQ(dag->component_count(), 2u);
    EXPECT_EQ(dag->set_of(n).size(), n + 1);
    EXPECT_EQ(dag->set_of(17).size(), n);
    EXPECT_TRUE(dag->contains(500, EntitlementId(499)));
    EXPECT_FALSE(dag->contains(500, EntitlementId(n)));
  }
}

}  // namespace
}  // namespace accessgraph
