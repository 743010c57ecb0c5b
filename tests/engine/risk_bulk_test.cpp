// The bulk paths of risk scoring agree bit for bit with the per-pair ones they
// replace in analyze and recert: PeerConsensus::frequencies (one pass per peer group)
// against PeerConsensus::frequency (lookups per pair), and scan_risk against scoring
// each identity alone; on a generated company and on a version after HR events.
#include <gtest/gtest.h>

#include <algorithm>

#include "engine/analysis/risk_model.hpp"
#include "engine/version/version_state.hpp"
#include "engine/report/risk_scan.hpp"
#include "tests/support/generated_company.hpp"

namespace accessgraph {
namespace {

// 1500 identities, some not active, some in no group of a notion; and a later version.
class RiskBulk : public testing::GeneratedCompany {};

RiskPolicy policy(const std::string& peers_json) {
  return RiskPolicy::parse(R"({"peers": )" + peers_json + "}", "policy.json");
}

// Every pair's bulk frequency equals the per-pair one exactly; returns the number of
// pairs of identities that are not active, to show that path was exercised.
std::uint64_t expect_bulk_equals_per_pair(const Engine& engine, const RiskPolicy& risk_policy) {
  const auto model = state_of(engine).derived.risk_model(risk_policy);
  const Graph& g = state_of(engine).graph;
  const MaterializedAccess access = MaterializedAccess::compute(model->index());
  const std::vector<float> bulk = model->peers().frequencies(access);
  EXPECT_EQ(bulk.size(), access.pair_count());
  std::uint64_t mismatches = 0, inactive_pairs = 0;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    const IdentityId identity(i);
    const auto held = access.of(identity);
    if (g.identities[i].status != IdentityStatus::kActive) inactive_pairs += held.size();
    for (std::size_t k = 0; k < held.size(); ++k) {
      const float per_pair = static_cast<float>(model->peers().frequency(identity, held[k], true));
      if (bulk[access.first_pair(identity) + k] != per_pair && ++mismatches <= 5)
        ADD_FAILURE() << g.identity_ids.name(identity) << " " << g.entitlement_ids.name(held[k]) << ": bulk "
                      << bulk[access.first_pair(identity) + k] << ", per pair " << per_pair;
    }
  }
  EXPECT_EQ(mismatches, 0u);
  return inactive_pairs;
}

TEST_F(RiskBulk, BulkPeerFrequenciesEqualPerPairForEveryCombination) {
  EXPECT_GT(expect_bulk_equals_per_pair(*before_, RiskPolicy::defaults()), 0u);
  expect_bulk_equals_per_pair(*before_, policy(R"({"combine": "logit_mean"})"));
  expect_bulk_equals_per_pair(*before_, policy(R"({"combine": "mean"})"));
  expect_bulk_equals_per_pair(*before_, policy(R"({"combine": "evidence", "confident_peers": 0, "everyone_weight": 0,
      "notions": [{"key": "department,location", "weight": 3}, {"key": "manager_id", "weight": 0}]})"));
  expect_bulk_equals_per_pair(*before_, policy(R"({"combine": "max", "notions": [
      {"key": "manager_id", "weight": 0}, {"key": "department,location", "weight": 2}]})"));
  expect_bulk_equals_per_pair(*before_, policy(R"({"smoothing": 0.5, "notions": [{"key": "owner_id"}]})"));
}

TEST_F(RiskBulk, BulkPeerFrequenciesFollowTheNewVersion) {
  ASSERT_FALSE(after_->events.empty());
  expect_bulk_equals_per_pair(after_->after, RiskPolicy::defaults());
}

TEST_F(RiskBulk, NotionsWithoutGroupsAreExercised) {
  // The data behind the tests above: identities without a manager are in no group of
  // the manager notion, and the fallback to the prior must have run.
  const Graph& g = state_of(*before_).graph;
  std::size_t without_manager = 0;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i)
    without_manager += g.identities[i].status == IdentityStatus::kActive && !g.identities[i].manager.valid();
  EXPECT_GT(without_manager, 0u);
}

// scan_risk (bulk frequencies) gives each identity exactly the rows that scoring it
// alone gives (per-pair frequencies), in entitlement CSV order.
void expect_scan_equals_point_path(const Engine& engine) {
  const auto model = state_of(engine).derived.risk_model(RiskPolicy::defaults());
  const RiskScan scan = scan_risk(*model, [](const ScoredAccess&) { return true; });
  auto scratch = model->make_scratch();
  std::vector<ScoredAccess> alone;
  std::uint64_t compared = 0;
  for (const auto& block : scan.blocks)
    for (std::size_t r = 0; r < block.size(); r += alone.size()) {
      const IdentityId identity = block[r].identity;
      alone.clear();
      model->score_identity(identity, scratch, [&](const ScoredAccess& scored) { alone.push_back(scored); });
      std::sort(alone.begin(), alone.end(), [&](const ScoredAccess& a, const ScoredAccess& b) {
        return scan.entitlement_rank[a.entitlement.value] < scan.entitlement_rank[b.entitlement.value];
      });
      ASSERT_LE(r + alone.size(), block.size());
      for (std::size_t k = 0; k < alone.size(); ++k) {
        const ScoredAccess& bulk = block[r + k];
        ASSERT_EQ(bulk.identity, identity);
        ASSERT_EQ(bulk.entitlement, alone[k].entitlement);
        EXPECT_EQ(bulk.score_centi, alone[k].score_centi);
        EXPECT_EQ(bulk.recommendation, alone[k].recommendation);
        EXPECT_EQ(bulk.factors.peer_frequency, alone[k].factors.peer_frequency);
        std::string bulk_text, alone_text;
        append_factors(bulk_text, *model, bulk);
        append_factors(alone_text, *model, alone[k]);
        EXPECT_EQ(bulk_text, alone_text);
        ++compared;
      }
    }
  EXPECT_EQ(compared, scan.rows);
  EXPECT_GT(compared, 10000u);
}

TEST_F(RiskBulk, ScanEqualsScoringEachIdentityAlone) { expect_scan_equals_point_path(*before_); }
TEST_F(RiskBulk, ScanEqualsScoringEachIdentityAloneOnTheNewVersion) {
  expect_scan_equals_point_path(after_->after);
}

}  // namespace
}  // namespace accessgraph
