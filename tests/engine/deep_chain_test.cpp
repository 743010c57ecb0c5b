// Regression of issue 19 item 6: a deep chain of nested groups and one of role
// includes, every level granting an entitlement of its own, used to be materialised
// per group and per role (for 200k levels, 2*10^10 elements: OOM-killed at 18-24 GB).
// The closures now stay linear in the input. 20k levels keep the test cheap and still
// hold 2*10^8 closure elements, fifty times the smallest budget, so most of each chain
// is computed on demand; bench/deep_chains.py measures the 200k chains. No timing
// assertion: were the closures quadratic again, this test would take gigabytes.
//
//   g-0 in g-1 in ... in g-(N-1)            g-k grants eg-k
//   r-0 includes r-1 ... includes r-(N-1)   r-k grants er-k and group g-k
//   u-0: account in g-0, holds r-0      (has eg-*, expects eg-* and er-*)
//   u-1: account in g-(N/2), holds r-(N/2)
//   u-2: account in g-(N-1), holds r-(N-1)
#include <gtest/gtest.h>

#include "accessgraph/batch.hpp"
#include "accessgraph/engine.hpp"
#include "accessgraph/history.hpp"
#include "engine/version/version_state.hpp"
#include "tests/support/bundle_text.hpp"

namespace accessgraph {
namespace {

using testing::BundleText;
using testing::TempBundle;

constexpr int kDepth = 20000;

std::string at(const char* prefix, int k) { return prefix + std::to_string(k); }

class DeepChain : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempBundle();
    BundleText b;
    for (int k = 0; k < kDepth; ++k) {
      b.entitlement(at("eg-", k)).entitlement(at("er-", k)).group(at("g-", k)).role(at("r-", k));
      b.group_grant(at("g-", k), at("eg-", k));
      b.role_grant(at("r-", k), "entitlement", at("er-", k)).role_grant(at("r-", k), "group", at("g-", k));
      if (k + 1 < kDepth) b.member(at("g-", k + 1), "group", at("g-", k)).include(at("r-", k), at("r-", k + 1));
    }
    const int positions[] = {0, kDepth / 2, kDepth - 1};
    for (int h = 0; h < 3; ++h) {
      b.identity(at("u-", h)).account(at("a-", h), at("u-", h));
      b.member(at("g-", positions[h]), "account", at("a-", h)).assign(at("u-", h), at("r-", positions[h]));
    }
    b.write_to(*dir_);
    OpenOptions options;
    options.as_of = *Date::parse("2026-03-01");
    engine_ = new Engine(Engine::open_bundle(dir_->path(), options));
  }
  static void TearDownTestSuite() {
    delete engine_;
    delete dir_;
  }

  static inline TempBundle* dir_ = nullptr;
  static inline Engine* engine_ = nullptr;
};

TEST_F(DeepChain, ClosuresStayLinearInTheInput) {
  const AccessIndex& index = *state_of(*engine_).index;
  const auto groups = index.group_access_footprint(), roles = index.role_access_footprint();
  EXPECT_EQ(groups.components, static_cast<std::size_t>(kDepth));
  const std::uint64_t budget = AccessIndex::closure_budget(state_of(*engine_).graph);
  EXPECT_LE(groups.stored_elements, budget);
  EXPECT_LE(roles.stored_elements, budget);
  EXPECT_LE(index.role_closure_footprint().stored_elements, budget);
  // Storing every set would take kDepth * (kDepth + 1) / 2 elements per closure.
  const std::uint64_t every_set = std::uint64_t{kDepth} * (kDepth + 1) / 2;
  EXPECT_LT(10 * budget, every_set);
  EXPECT_LT(groups.materialised, groups.components);  // the upper levels are computed on demand
  EXPECT_LT(roles.materialised, roles.components);
}

TEST_F(DeepChain, CheckAtBothEnds) {
  const CheckResult top = engine_->check("u-0", at("eg-", kDepth - 1));
  EXPECT_TRUE(top.has);
  EXPECT_TRUE(top.expected);
  EXPECT_TRUE(top.justified);
  EXPECT_TRUE(engine_->check("u-0", at("er-", kDepth - 1)).expected);
  const CheckResult below = engine_->check("u-2", "eg-0");
  EXPECT_FALSE(below.has);
  EXPECT_FALSE(below.expected);
  const CheckResult middle = engine_->check("u-1", at("eg-", kDepth / 2));
  EXPECT_TRUE(middle.has && middle.expected);
  EXPECT_FALSE(engine_->check("u-1", at("eg-", kDepth / 2 - 1)).has);
}

TEST_F(DeepChain, AccessHoldsTheWholeChainAbove) {
  const AccessResult all = engine_->access("u-0");
  ASSERT_EQ(all.entitlements.size(), static_cast<std::size_t>(kDepth));
  EXPECT_EQ(all.missing.size(), static_cast<std::size_t>(kDepth));  // every er-k: expected, not held
  for (const AccessEntry& entry : all.entitlements) EXPECT_TRUE(entry.justified);
  EXPECT_EQ(engine_->access("u-1").entitlements.size(), static_cast<std::size_t>(kDepth - kDepth / 2));
  EXPECT_EQ(engine_->access("u-2").entitlements.size(), 1u);
}

TEST_F(DeepChain, ExplainWalksTheWholeChain) {
  const ExplainResult explained = engine_->explain("u-0", at("eg-", kDepth - 1));
  // identity, account, every group, entitlement
  ASSERT_EQ(explained.actual.size(), static_cast<std::size_t>(kDepth) + 3);
  EXPECT_EQ(explained.actual[2].id, "g-0");
  EXPECT_EQ(explained.actual[kDepth + 1].id, at("g-", kDepth - 1));
  // identity, every role, the top group, entitlement: as short as through r-0 and every
  // group, and the search expands included roles first
  ASSERT_EQ(explained.expected_path.size(), static_cast<std::size_t>(kDepth) + 3);
  EXPECT_EQ(explained.expected_path[1].id, "r-0");
  EXPECT_EQ(explained.expected_path[2].id, "r-1");
  EXPECT_EQ(explained.expected_path[kDepth + 1].id, at("g-", kDepth - 1));
}

TEST_F(DeepChain, WhoHasReadsTheChainBackwards) {
  const WhoHasResult top = engine_->who_has(at("eg-", kDepth - 1));
  ASSERT_EQ(top.identities.size(), 3u);
  for (const Holder& holder : top.identities) EXPECT_TRUE(holder.justified);
  const WhoHasResult bottom = engine_->who_has("eg-0");
  ASSERT_EQ(bottom.identities.size(), 1u);
  EXPECT_EQ(bottom.identities[0].identity_id, "u-0");
}

TEST_F(DeepChain, AnalyzeWritesEveryPair) {
  TempBundle out;
  AnalyzeOptions options;
  options.out_dir = out.path() / "analyze";
  options.risk = RiskWriteOptions{};
  const AnalyzeReport report = analyze(*engine_, options);
  const std::uint64_t pairs = kDepth + (kDepth - kDepth / 2) + 1;
  EXPECT_EQ(report.effective_access_rows, pairs);
  EXPECT_EQ(report.justified_rows, pairs);
}

TEST_F(DeepChain, TransferProvisionsTheWholeRoleClosure) {
  // After a transfer an identity's account directly holds what its held roles, closed
  // under includes, grant: for u-1 the 100k roles from r-(N/2) up, their groups and their
  // entitlements, so it now has the er-k it only expected before.
  const std::string top = at("er-", kDepth - 1), first = at("er-", kDepth / 2), below = at("er-", kDepth / 2 - 1);
  ASSERT_FALSE(engine_->check("u-1", top).has);
  const LifecycleRun run = engine_->apply_events_csv(
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
      "ev-1,2026-03-01,transfer,u-1,,,Ops,,,,\n");
  EXPECT_TRUE(run.after.check("u-1", top).justified);
  EXPECT_TRUE(run.after.check("u-1", first).justified);
  EXPECT_FALSE(run.after.check("u-1", below).has);
  std::size_t grants = 0;
  for (const PlanAction& action : run.plan) grants += action.action == LifecycleAction::kGrant;
  EXPECT_EQ(grants, static_cast<std::size_t>(kDepth - kDepth / 2));

  // The history replays u-1 alone against the shared closures (AccessIndex::for_identities).
  // (Not access("u-1"): its account is now in N/2 groups of one chain, and the answer
  // lists every group each entitlement comes through, N^2/8 of them.)
  const StateHistory history(run.after);
  const Date day = *Date::parse("2026-03-01");
  const AccessHistory changes = history.history("u-1");
  ASSERT_EQ(changes.changes.size(), static_cast<std::size_t>(kDepth - kDepth / 2));
  for (const AccessChange& change : changes.changes) {
    EXPECT_EQ(change.change, "gained");
    EXPECT_EQ(change.entitlement_id.rfind("er-", 0), 0u) << change.entitlement_id;
  }
  const HoldersBetween holders = history.who_has_between(top, day, day);
  ASSERT_EQ(holders.holders.size(), 1u);
  EXPECT_EQ(holders.holders[0].identity_id, "u-1");
  EXPECT_EQ(history.access_at("u-0", day), engine_->access("u-0"));
}

}  // namespace
}  // namespace accessgraph
