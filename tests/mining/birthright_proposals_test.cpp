// Birthright proposals recover the rules that generated a population's access.
#include "engine/mining/birthright_proposals.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <map>
#include <random>

namespace accessgraph::mining {
namespace {

// keys: kind (3 values), department (5), title (3 per department, codes reused across
// departments), location (4). Planted rules and their entitlements:
//   kind 0                  -> {0, 1}
//   department d            -> {10 + d}
//   department d, title t   -> {20 + 3d + t}
//   location l              -> {40 + l}
// Each planted pair is dropped with probability 5%, and 2% stray pairs are added.
struct Population {
  AccessMatrix held;
  PeerAttributes attributes;
  std::map<std::vector<std::uint32_t>, std::vector<std::uint32_t>> planted;  // condition -> columns
};

Population population(std::uint32_t users, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  Population p;
  p.attributes.keys = {"kind", "department", "title", "location"};
  p.attributes.codes.assign(4, std::vector<std::uint32_t>(users));
  std::vector<std::vector<std::uint32_t>> rows(users);
  std::uniform_int_distribution<std::uint32_t> percent(0, 99), stray(50, 59);
  for (std::uint32_t u = 0; u < users; ++u) {
    const std::uint32_t kind = percent(rng) < 80 ? 0 : 1 + rng() % 2;
    const std::uint32_t department = rng() % 5, title = rng() % 3, location = rng() % 4;
    p.attributes.codes[0][u] = kind;
    p.attributes.codes[1][u] = department;
    p.attributes.codes[2][u] = title;
    p.attributes.codes[3][u] = location;
    std::vector<std::uint32_t> grants{10 + department, 20 + 3 * department + title, 40 + location};
    if (kind == 0) grants.insert(grants.end(), {0, 1});
    for (const std::uint32_t c : grants) {
      if (percent(rng) >= 5) rows[u].push_back(c);
    }
    if (percent(rng) < 2 * grants.size()) rows[u].push_back(stray(rng));
  }
  p.held = AccessMatrix::from_rows(60, std::move(rows));
  const std::uint32_t any = kNoValue;
  p.planted[{0, any, any, any}] = {0, 1};
  for (std::uint32_t d = 0; d < 5; ++d) {
    p.planted[{any, d, any, any}] = {10 + d};
    for (std::uint32_t t = 0; t < 3; ++t) p.planted[{any, d, t, any}] = {20 + 3 * d + t};
  }
  for (std::uint32_t l = 0; l < 4; ++l) p.planted[{any, any, any, l}] = {40 + l};
  return p;
}

TEST(BirthrightProposalsTest, RecoversPlantedRules) {
  const Population p = population(20'000, 1);
  const AccessMatrix none = AccessMatrix::from_rows(60, std::vector<std::vector<std::uint32_t>>(20'000));
  const std::vector<ProposedRule> rules = propose_birthright_rules(p.held, none, p.attributes, {.min_share = 0.8});
  std::map<std::vector<std::uint32_t>, std::vector<std::uint32_t>> found;
  for (const ProposedRule& rule : rules) {
    found[rule.condition] = rule.columns;
    EXPECT_GE(rule.confidence, 0.9);
    EXPECT_EQ(rule.newly_grants, std::uint64_t{rule.support} * rule.columns.size() - rule.held_pairs);
    EXPECT_EQ(rule.justifies, 0u);  // nothing is unjustified in this input
  }
  EXPECT_EQ(found, p.planted);
  // Fewest conditions first.
  EXPECT_EQ(rules.front().condition, (std::vector<std::uint32_t>{0, kNoValue, kNoValue, kNoValue}));
}

TEST(BirthrightProposalsTest, CountsPairsItWouldJustify) {
  const Population p = population(5'000, 2);
  // Everyone's department entitlement is unjustified today.
  std::vector<std::vector<std::uint32_t>> unjustified(5'000);
  for (std::uint32_t u = 0; u < 5'000; ++u) {
    const std::uint32_t c = 10 + p.attributes.codes[1][u];
    if (p.held.contains(u, c)) unjustified[u].push_back(c);
  }
  const AccessMatrix unjust = AccessMatrix::from_rows(60, std::move(unjustified));
  const std::vector<ProposedRule> rules = propose_birthright_rules(p.held, unjust, p.attributes, {});
  std::uint64_t justified = 0;
  for (const ProposedRule& rule : rules) {
    if (rule.columns.size() == 1 && rule.columns[0] >= 10 && rule.columns[0] < 15) {
      EXPECT_EQ(rule.justifies, rule.held_pairs);
    } else {
      EXPECT_EQ(rule.justifies, 0u);
    }
    justified += rule.justifies;
  }
  EXPECT_EQ(justified, unjust.pair_count());
}

TEST(BirthrightProposalsTest, HighShareOrSupportFindsLess) {
  const Population p = population(3'000, 3);
  const AccessMatrix none = AccessMatrix::from_rows(60, std::vector<std::vector<std::uint32_t>>(3'000));
  EXPECT_TRUE(propose_birthright_rules(p.held, none, p.attributes, {.min_share = 1.0}).empty());
  EXPECT_TRUE(propose_birthright_rules(p.held, none, p.attributes, {.min_support = 5'000}).empty());
  EXPECT_THROW(propose_birthright_rules(p.held, none, p.attributes, {.min_share = 0}), std::invalid_argument);
}

TEST(BirthrightProposalsTest, SameRulesWhateverTheThreadCount) {
  const Population p = population(10'000, 4);
  const AccessMatrix none = AccessMatrix::from_rows(60, std::vector<std::vector<std::uint32_t>>(10'000));
  std::vector<ProposedRule> one, two;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = propose_birthright_rules(p.held, none, p.attributes, {.min_share = 0.7});
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 3);
    two = propose_birthright_rules(p.held, none, p.attributes, {.min_share = 0.7});
  }
  ASSERT_EQ(one.size(), two.size());
  for (std::size_t k = 0; k < one.size(); ++k) {
    EXPECT_EQ(one[k].condition, two[k].condition);
    EXPECT_EQ(one[k].columns, two[k].columns);
    EXPECT_EQ(one[k].held_pairs, two[k].held_pairs);
  }
}

}  // namespace
}  // namespace accessgraph::mining
