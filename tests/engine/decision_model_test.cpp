// Learning from review decisions (engine/analysis/decision_model.hpp): target
// encoding out of fold, the regression, the blend, and the Engine's risk scores and
// risk_auc with a decisions.csv.
#include "engine/analysis/decision_model.hpp"

#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <cmath>
#include <map>

#include "accessgraph/engine.hpp"
#include "engine/version/version_state.hpp"
#include "tests/support/decisions_world.hpp"

namespace accessgraph {
namespace {

using testing::DecidedPair;
using testing::TempBundle;

// Everything DecisionModel needs besides the graph: plain inputs (the same
// unsupervised score for every pair, no peer notions).
struct PlainInputs {
  std::vector<RiskFactors> factors;
  std::vector<PairInputs> inputs;
  explicit PlainInputs(std::size_t n) : factors(n) {
    for (const RiskFactors& f : factors) inputs.push_back({&f, 50.0, {}});
  }
};

Engine open_world(TempBundle& bundle) {
  OpenOptions options;
  options.as_of = *Date::parse("2026-03-01");
  return Engine::open_bundle(bundle.path(), options);
}

std::vector<ReviewDecision> decisions_of(const Graph& g, const std::vector<DecidedPair>& pairs) {
  std::vector<ReviewDecision> out;
  for (const DecidedPair& p : pairs)
    out.push_back({*g.identity_ids.find(p.identity), *g.entitlement_ids.find(p.entitlement), p.revoked, Date(), ""});
  return out;
}

TEST(DecisionModel, SmoothedRateAndFoldsAreFixed) {
  EXPECT_DOUBLE_EQ(DecisionModel::smoothed_rate(3, 4, 0.1, 0), 0.75);
  EXPECT_DOUBLE_EQ(DecisionModel::smoothed_rate(0, 0, 0.1, 10), 0.1);   // no decisions: the prior
  EXPECT_DOUBLE_EQ(DecisionModel::smoothed_rate(10, 10, 0.0, 10), 0.5);  // 10 of 10 against 10 pseudo-decisions at 0
  std::map<std::uint32_t, int> sizes;
  for (std::uint32_t i = 0; i < 1000; ++i) {
    const std::uint32_t fold = DecisionModel::fold_of(IdentityId(i), EntitlementId(i % 7), 5);
    EXPECT_EQ(fold, DecisionModel::fold_of(IdentityId(i), EntitlementId(i % 7), 5));
    ++sizes[fold];
  }
  ASSERT_EQ(sizes.size(), 5u);
  for (const auto& [fold, size] : sizes) EXPECT_NEAR(size, 200, 60) << fold;
}

TEST(DecisionModel, RocAucCountsTiesHalf) {
  const std::vector<double> scores = {0.1, 0.4, 0.35, 0.8};
  const std::vector<std::uint8_t> positive = {0, 0, 1, 1};
  EXPECT_DOUBLE_EQ(roc_auc(scores, positive), 0.75);
  const std::vector<double> tied = {1, 1, 1, 1};
  EXPECT_DOUBLE_EQ(roc_auc(tied, positive), 0.5);
  EXPECT_TRUE(std::isnan(roc_auc(scores, std::vector<std::uint8_t>{0, 0, 0, 0})));
}

// Every decision has its own department and title, and labels are coin flips. Encoded
// in fold, a department's share of revokes would be the decision's own label and the
// regression would lean on it; out of fold it is the prior, worth nothing.
TEST(DecisionModel, OutOfFoldEncodingNeverSeesTheDecisionsOwnLabel) {
  TempBundle bundle;
  std::string identities =
      "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n";
  std::string accounts = "id,system_id,identity_id,username,status,created,last_used,privileged\n";
  std::string grants = "account_id,entitlement_id,granted_at\n";
  std::vector<DecidedPair> pairs;
  std::mt19937_64 random(3);
  for (int p = 0; p < 800; ++p) {
    const std::string id = "u" + std::to_string(p);
    identities += id + ",P,employee,active,dept" + std::to_string(p) + ",title" + std::to_string(p) + ",,,,,\n";
    accounts += "a" + id + ",sys," + id + "," + id + ",enabled,,,false\n";
    grants += "a" + id + ",e1,\n";
    pairs.push_back({id, "e1", random() % 2 == 0});
  }
  bundle.set("identities.csv", identities);
  bundle.set("systems.csv", "id,name,kind,owner_id\nsys,S,other,\n");
  bundle.set("accounts.csv", accounts);
  bundle.set("entitlements.csv", "id,system_id,name,resource,action,sensitivity,owner_id\ne1,sys,E,r,use,0,\n");
  bundle.set("account_grants.csv", grants);
  const Engine engine = open_world(bundle);
  const Graph& g = state_of(engine).graph;
  const auto decisions = decisions_of(g, pairs);
  const PlainInputs plain(decisions.size());
  const DecisionModel model(g, decisions, plain.inputs, 0, RiskPolicy::defaults().learning);
  const auto& names = model.feature_names();
  for (std::size_t j = 0; j < names.size(); ++j)
    if (names[j] == "revoked|department" || names[j] == "revoked|title" || names[j] == "revoked|department,title") {
      EXPECT_EQ(model.coefficients()[j], 0.0) << names[j];  // constant out of fold
    }
}

TEST(DecisionModel, LearnsAPlantedSignalDeterministically) {
  TempBundle bundle;
  const std::vector<DecidedPair> held_out = testing::write_decisions_world(bundle);
  const Engine engine = open_world(bundle);
  const Graph& g = state_of(engine).graph;
  ASSERT_NE(g.decisions, nullptr);
  const std::vector<ReviewDecision> training(g.decisions->begin(), g.decisions->end());
  const PlainInputs plain(training.size());
  const LearningPolicy policy = RiskPolicy::defaults().learning;
  const DecisionModel model(g, training, plain.inputs, 0, policy);
  EXPECT_NEAR(model.revoke_share(), 0.20, 0.08);

  const auto test = decisions_of(g, held_out);
  std::vector<double> scores;
  std::vector<std::uint8_t> revoked;
  RiskFactors f;
  for (const ReviewDecision& d : test) {
    scores.push_back(model.predict(d.identity, d.entitlement, {&f, 50.0, {}}));
    revoked.push_back(d.revoked);
  }
  // The best possible here is about 0.875: 80% of revokes are foreign pairs, 5% of certifies.
  EXPECT_GT(roc_auc(scores, revoked), 0.8);

  // The same coefficients again, and on one thread.
  const DecisionModel again(g, training, plain.inputs, 0, policy);
  EXPECT_EQ(again.coefficients(), model.coefficients());
  tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
  const DecisionModel serial(g, training, plain.inputs, 0, policy);
  EXPECT_EQ(serial.coefficients(), model.coefficients());
}

TEST(DecisionModel, BlendFollowsTheWeight) {
  TempBundle bundle;
  testing::write_decisions_world(bundle, 200);
  const Engine engine = open_world(bundle);
  const Graph& g = state_of(engine).graph;
  const std::vector<ReviewDecision> training(g.decisions->begin(), g.decisions->end());
  const PlainInputs plain(training.size());
  LearningPolicy policy;
  policy.weight = 0;
  EXPECT_NEAR(DecisionModel(g, training, plain.inputs, 0, policy).blend(40, 0.9), 40, 1e-9);
  policy.weight = 1;
  EXPECT_NEAR(DecisionModel(g, training, plain.inputs, 0, policy).blend(40, 0.9), 90, 1e-9);
  policy.weight = 0.5;
  const DecisionModel half(g, training, plain.inputs, 0, policy);
  EXPECT_NEAR(half.blend(50, 0.5), 50, 1e-9);
  EXPECT_GT(half.blend(40, 0.9), 40);
  EXPECT_LT(half.blend(40, 0.9), 90);
  EXPECT_LT(half.blend(40, 0.2), half.blend(40, 0.3));  // monotone in each
  EXPECT_LT(half.blend(30, 0.5), half.blend(40, 0.5));
}

TEST(DecisionModel, RiskScoresBlendOnlyWhenThereAreDecisions) {
  TempBundle bundle;
  testing::write_decisions_world(bundle, 300);
  const Engine with = open_world(bundle);
  bundle.remove("decisions.csv");
  const Engine without = open_world(bundle);
  const auto learned = with.risk_for_identity("u8");
  const auto plain = without.risk_for_identity("u8");
  ASSERT_EQ(learned.size(), plain.size());
  ASSERT_FALSE(learned.empty());
  for (const RiskItem& item : plain) EXPECT_EQ(item.factors.find("learned="), std::string::npos) << item.factors;
  for (const RiskItem& item : learned) EXPECT_NE(item.factors.find(";learned=0."), std::string::npos) << item.factors;
  // Scores follow the learned chance: u8 is in department d0, where e0, e5, e10...
  // are foreign (planted revokes), so those score above the others.
  for (const RiskItem& a : learned)
    for (const RiskItem& b : learned) {
      const int ea = std::stoi(a.entitlement_id.substr(1)), eb = std::stoi(b.entitlement_id.substr(1));
      if (testing::foreign(0, ea) && !testing::foreign(0, eb)) {
        EXPECT_GT(a.score, b.score) << a.entitlement_id;
      }
    }
}

TEST(DecisionModel, RiskAucReportsEveryScoreAndNeedsDecisions) {
  TempBundle bundle;
  testing::write_decisions_world(bundle, 600, 1.0);
  const Engine engine = open_world(bundle);
  RiskAucOptions options;
  const RiskAucResult a = engine.risk_auc(options), b = engine.risk_auc(options);
  EXPECT_EQ(a.auc, b.auc);  // deterministic
  EXPECT_TRUE(a.learned);
  EXPECT_EQ(a.training + a.held_out, a.decisions);
  EXPECT_NEAR(double(a.held_out) / double(a.decisions), 0.3, 0.06);
  ASSERT_EQ(a.auc.size(), 3u + 5u + 1u);  // blended, learned, unsupervised, five notions, everyone
  EXPECT_EQ(a.auc[0].first, "blended");
  EXPECT_EQ(a.auc[3].first, "peers:department,title");
  EXPECT_EQ(a.auc.back().first, "peers:everyone");
  EXPECT_GT(a.auc[0].second, 0.8);  // at best about 0.875 (see above)
  EXPECT_GT(a.auc[0].second, a.auc[2].second);  // learning beats the unsupervised score here
  options.seed = 2;
  EXPECT_NE(engine.risk_auc(options).held_out, 0u);

  bundle.remove("decisions.csv");
  const Engine none = open_world(bundle);
  EXPECT_THROW(none.risk_auc(), ArgumentError);
}

}  // namespace
}  // namespace accessgraph
