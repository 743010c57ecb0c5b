// Recommendations (SPEC section 4, docs/risk.md "Recommendation"): unknown usage is
// weighed by the policy, not a veto; the accounts' last activity bounds the last use;
// an identity past its end of term scores above a valid one and is revoked.
#include <gtest/gtest.h>

#include <fstream>

#include "accessgraph/engine.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "tests/support/risk_world.hpp"

namespace accessgraph {
namespace {

using testing::RiskWorld;

RiskItem risk(const Engine& engine, const std::string& identity, const std::string& entitlement,
              const std::string& policy_json = "") {
  RiskOptions options;
  if (!policy_json.empty()) {
    options.policy_file = ::testing::TempDir() + "/accessgraph-recommendation-policy.json";
    std::ofstream(options.policy_file) << policy_json;
  }
  for (RiskItem& item : engine.risk_for_identity(identity, options))
    if (item.entitlement_id == entitlement) return item;
  throw std::runtime_error("no risk item for " + entitlement);
}

// Ten Ops/Eng peers, each expected to have and having, through groups, "base"
// (sensitivity 0) and "mid" (sensitivity 2), with no usage rows; their accounts were last used 2026-02-27, two
// days before the as-of date.
RiskWorld crowd() {
  RiskWorld w;
  w.entitlement("base", 0).entitlement("mid", 2);
  for (int i = 0; i < 10; ++i) {
    const std::string id = "u" + std::to_string(i), account = "acct-" + id;
    w.person(id).account(account, id).via_group("grp-base-" + id, account, "base").via_group("grp-mid-" + id, account, "mid");
    w.expect(id, "base").expect(id, "mid");
  }
  return w;
}

TEST(RiskRecommendation, UnknownUsageIsWeighedByThePolicyNotAVeto) {
  Engine engine = crowd().open();
  const RiskItem base = risk(engine, "u0", "base");
  EXPECT_NE(base.factors.find(";unused=unknown;account_idle=2d"), std::string::npos) << base.factors;
  EXPECT_EQ(base.recommendation, "approve");  // low sensitivity, accounts in use
  const RiskItem mid = risk(engine, "u0", "mid");
  EXPECT_EQ(mid.recommendation, "review");  // sensitivity 2: approvable only when seen used
  // The issue's example: unknown usage costs nothing and any age is recent enough.
  const std::string lenient = R"({"usage": {"unknown": 0}, "recommendation": {"approve_max_days_unused": 100000,
      "approve_unknown_usage_max_sensitivity": 3}})";
  EXPECT_EQ(risk(engine, "u0", "mid", lenient).recommendation, "approve");
  EXPECT_LT(risk(engine, "u0", "mid", lenient).score, mid.score);
  // And the other way: nothing unseen is approvable.
  EXPECT_EQ(risk(engine, "u0", "base", R"({"recommendation": {"approve_unknown_usage_max_sensitivity": -1}})")
                .recommendation,
            "review");
  RiskWorld used = crowd();
  used.used("acct-u0", "mid", "2026-02-20");
  EXPECT_EQ(risk(used.open(), "u0", "mid").recommendation, "approve");  // seen used 9 days ago
}

TEST(RiskRecommendation, TheAccountsLastActivityBoundsTheLastUse) {
  RiskWorld w = crowd();
  w.person("idle").account("acct-idle", "idle", false, "enabled", "2025-10-01").grant("acct-idle", "base");
  w.person("never").account("acct-never", "never", false, "enabled", "", "2025-01-01").grant("acct-never", "base");
  w.person("fresh").account("acct-fresh", "fresh", false, "enabled", "", "2026-02-20").grant("acct-fresh", "base");
  for (const std::string id : {"idle", "never", "fresh"}) w.expect(id, "base");
  Engine engine = w.open();
  const RiskItem idle = risk(engine, "idle", "base");
  EXPECT_NE(idle.factors.find(";account_idle=151d"), std::string::npos) << idle.factors;
  EXPECT_EQ(idle.recommendation, "review");  // cannot have been used within 90 days
  const RiskItem never = risk(engine, "never", "base");  // never used: idle since created
  EXPECT_NE(never.factors.find(";account_idle=424d"), std::string::npos) << never.factors;
  EXPECT_EQ(never.recommendation, "review");
  EXPECT_GT(never.score, idle.score);
  EXPECT_EQ(risk(engine, "fresh", "base").recommendation, "approve");  // created 9 days ago
  EXPECT_EQ(risk(engine, "idle", "base", R"({"recommendation": {"approve_max_days_unused": 200}})").recommendation,
            "approve");
}

TEST(RiskRecommendation, AnExpiredNonHumanIdentityScoresAboveAValidOne) {
  RiskWorld w;
  w.entitlement("e", 1).person("boss");
  // As of 2026-03-01: one ends later, one ended in February (status not yet updated),
  // one ends on the as-of date itself (its first day without access).
  w.person("svc-valid", "active", "service", "", "", "", "boss", "2026-12-31");
  w.person("svc-expired", "active", "service", "", "", "", "boss", "2026-02-01");
  w.person("svc-today", "active", "service", "", "", "", "boss", "2026-03-01");
  for (const std::string id : {"svc-valid", "svc-expired", "svc-today"}) {
    w.account("acct-" + id, id).via_group("grp-" + id, "acct-" + id, "e").expect(id, "e");
    w.used("acct-" + id, "e", "2026-02-27");
  }
  Engine engine = w.open();
  const RiskItem valid = risk(engine, "svc-valid", "e");
  const RiskItem expired = risk(engine, "svc-expired", "e");
  EXPECT_EQ(valid.factors.find("expired"), std::string::npos) << valid.factors;
  EXPECT_NE(expired.factors.find(";expired"), std::string::npos) << expired.factors;
  EXPECT_GT(expired.score, valid.score);
  EXPECT_GE(expired.score, 70);  // identity.expired alone sets the floor
  EXPECT_EQ(expired.recommendation, "revoke");
  EXPECT_NE(valid.recommendation, "revoke");
  EXPECT_EQ(risk(engine, "svc-today", "e").recommendation, "revoke");
  EXPECT_EQ(engine.request_risk("svc-expired", "e").recommendation, "deny");
  // The weight is the policy's.
  EXPECT_LT(risk(engine, "svc-expired", "e", R"({"identity": {"expired": 0.3}})").score, expired.score);
}

TEST(RiskRecommendation, AnUnownedNonHumanIdentityIsNotApprovedUnlessThePolicySays) {
  RiskWorld w;
  w.entitlement("e", 0);
  w.person("svc", "active", "service");
  w.account("acct-svc", "svc").via_group("grp-svc", "acct-svc", "e").expect("svc", "e").used("acct-svc", "e", "2026-02-27");
  Engine engine = w.open();
  const RiskItem item = risk(engine, "svc", "e");
  EXPECT_NE(item.factors.find(";nhi_unowned"), std::string::npos) << item.factors;
  EXPECT_EQ(item.recommendation, "review");
  EXPECT_EQ(risk(engine, "svc", "e", R"({"recommendation": {"approve_nhi_unowned": true}})").recommendation,
            "approve");
}

TEST(RiskRecommendation, BadRecommendationKeysAreRefused) {
  for (const std::string json : {R"({"recommendation": {"approve_nhi_unowned": "yes"}})",
                                 R"({"recommendation": {"approve_unknown_usage_max_sensitivity": 4}})",
                                 R"({"identity": {"expired": 1.2}})"})
    EXPECT_THROW(RiskPolicy::parse(json, "policy.json"), InputError) << json;
  const RiskPolicy defaults = RiskPolicy::defaults();
  EXPECT_DOUBLE_EQ(defaults.identity.expired, 0.70);
  EXPECT_EQ(defaults.recommendation.approve_unknown_usage_max_sensitivity, 1);
  EXPECT_FALSE(defaults.recommendation.approve_nhi_unowned);
}

}  // namespace
}  // namespace accessgraph
