// A pair's recommendation in words (engine/analysis/recommendation_reasons.hpp): the
// sentences follow the factors and the policy's limits, the deciding ones first.
#include "engine/analysis/recommendation_reasons.hpp"

#include <gtest/gtest.h>

namespace accessgraph {
namespace {

RiskFactors common_used_access() {
  RiskFactors f;
  f.justified = true;
  f.peer_frequency = 0.82f;
  f.usage = UsageState::kKnown;
  f.days_unused = 12;
  f.sensitivity = 1;
  return f;
}

std::string text_of(const RiskFactors& f, double score, const RiskPolicy& policy = RiskPolicy::defaults()) {
  return recommendation_reasons(f, score, recommend_access(f, score, policy.recommendation), policy);
}

TEST(RecommendationReasons, ApproveSaysWhyItIsLowRisk) {
  EXPECT_EQ(text_of(common_used_access(), 12.5), "approve: justified by its roles; held by 82% of peers; used 12 days ago");
  RiskFactors unknown = common_used_access();
  unknown.usage = UsageState::kUnknown;
  unknown.account_idle_days = 3;
  EXPECT_EQ(text_of(unknown, 15),
            "approve: justified by its roles; held by 82% of peers; usage unknown; its account was active 3 days ago; "
            "moderate sensitivity (1)");
}

TEST(RecommendationReasons, RevokeNamesTheDecidingFactFirst) {
  RiskFactors f = common_used_access();
  f.status = IdentityStatus::kTerminated;
  f.days_unused = 214;
  EXPECT_EQ(text_of(f, 84), "revoke: terminated identity; unused for 214 days");

  RiskFactors expired = common_used_access();
  expired.kind = IdentityKind::kService;
  expired.expired = true;
  EXPECT_EQ(text_of(expired, 75), "revoke: identity past its end of term");

  RiskFactors residue = common_used_access();
  residue.justified = false;
  residue.unjustified_class = UnjustifiedClass::kMoverResidue;
  residue.peer_frequency = 0.02f;
  residue.sensitivity = 3;
  const std::vector<std::string> reasons =
      recommendation_reason_list(residue, 81.5, Recommendation::kRevoke, RiskPolicy::defaults());
  ASSERT_GE(reasons.size(), 4u);
  EXPECT_EQ(reasons[0], "not granted by its roles: left over from a former role");
  EXPECT_EQ(reasons[1], "held by 2% of peers");
  EXPECT_EQ(reasons[2], "critical sensitivity (3)");
  EXPECT_EQ(reasons[3], "risk score 81.5 (revoke from 70)");
}

TEST(RecommendationReasons, ReviewSaysWhatKeepsItFromApprove) {
  RiskFactors rare = common_used_access();
  rare.justified = false;
  rare.unjustified_class = UnjustifiedClass::kPeerOutlier;
  rare.peer_frequency = 0.004f;
  EXPECT_EQ(text_of(rare, 40),
            "review: not granted by any of its roles; held by under 1% of peers; risk score 40 above the approve limit "
            "of 30");

  RiskFactors unknown = common_used_access();
  unknown.usage = UsageState::kUnknown;
  unknown.sensitivity = 3;
  EXPECT_EQ(text_of(unknown, 55),
            "review: usage unknown on critical sensitivity (3) access; risk score 55 above the approve limit of 30");

  RiskFactors idle = common_used_access();
  idle.usage = UsageState::kUnknown;
  idle.account_idle_days = 120;
  EXPECT_EQ(text_of(idle, 20), "review: unused for at least 120 days (its accounts are idle)");

  RiskFactors sod = common_used_access();
  sod.sod_rule = SodRuleId(0);
  sod.privileged = true;
  EXPECT_EQ(text_of(sod, 66),
            "review: one side of a separation-of-duties conflict it holds; risk score 66 above the approve limit of "
            "30; through a privileged account");

  RiskFactors unowned = common_used_access();
  unowned.kind = IdentityKind::kBot;
  unowned.nhi_unowned = true;
  EXPECT_EQ(text_of(unowned, 20), "review: non-human identity without a live owner");
}

TEST(RecommendationReasons, FollowThePolicyLimits) {
  RiskPolicy strict = RiskPolicy::parse(R"({"recommendation": {"approve_max_score": 10,
      "approve_max_days_unused": 7}})", "strict.json");
  EXPECT_EQ(text_of(common_used_access(), 12.5, strict),
            "review: unused for 12 days; risk score 12.5 above the approve limit of 10");
  RiskPolicy lenient = RiskPolicy::parse(R"({"recommendation": {"approve_nhi_unowned": true}})", "lenient.json");
  RiskFactors unowned = common_used_access();
  unowned.kind = IdentityKind::kBot;
  unowned.nhi_unowned = true;
  EXPECT_EQ(text_of(unowned, 20, lenient), "approve: justified by its roles; held by 82% of peers; used 12 days ago");
  // Never empty, whatever the facts.
  for (Recommendation r : {Recommendation::kApprove, Recommendation::kReview, Recommendation::kRevoke})
    EXPECT_FALSE(recommendation_reason_list(RiskFactors{}, 0, r, strict).empty());
}

}  // namespace
}  // namespace accessgraph
