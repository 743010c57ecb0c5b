// Risk ranking (SPEC section 4) through the Engine API: the policy file, the ordering
// properties, peer smoothing, usage, reviewer routing, recommendations and requests.
#include <gtest/gtest.h>

#include <fstream>

#include "accessgraph/engine.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "tests/support/risk_world.hpp"

namespace accessgraph {
namespace {

using testing::RiskWorld;

const RiskItem& item_of(const std::vector<RiskItem>& items, const std::string& entitlement) {
  for (const RiskItem& item : items)
    if (item.entitlement_id == entitlement) return item;
  throw std::runtime_error("no risk item for " + entitlement);
}

RiskItem risk(const Engine& engine, const std::string& identity, const std::string& entitlement) {
  return item_of(engine.risk_for_identity(identity), entitlement);
}

std::string bad_policy_key(const std::string& json) {
  try {
    RiskPolicy::parse(json, "policy.json");
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "policy.json");
    return error.column();
  }
  return "(accepted)";
}

TEST(RiskPolicy, DefaultsAreTheShippedFile) {
  RiskPolicy policy = RiskPolicy::defaults();
  EXPECT_DOUBLE_EQ(policy.sensitivity[3], 0.50);
  EXPECT_DOUBLE_EQ(policy.identity.terminated, 0.80);
  EXPECT_EQ(policy.peers.notions.size(), 5u);
  EXPECT_EQ(policy.peers.notions[0].key.to_string(), "department,title");
  EXPECT_EQ(policy.peers.combine, PeerCombination::kEvidence);
  EXPECT_DOUBLE_EQ(policy.sod.risk("high"), 0.65);
  EXPECT_DOUBLE_EQ(policy.sod.risk("whatever"), 0.60);  // sod.default
  EXPECT_NE(default_risk_policy().find("\"half_risk_bits\""), std::string::npos);
}

TEST(RiskPolicy, AFileOverridesOnlyTheKeysItNames) {
  RiskPolicy policy = RiskPolicy::parse(R"({"_note": "comments start with _",
      "sensitivity": [0, 0, 0, 0.9], "peers": {"smoothing": 10, "combine": "max",
      "notions": [{"key": "manager_id"}]}, "sod": {"severity": {"extreme": 0.95}}})",
                                        "custom.json");
  EXPECT_DOUBLE_EQ(policy.sensitivity[3], 0.9);
  EXPECT_DOUBLE_EQ(policy.peers.smoothing, 10);
  EXPECT_EQ(policy.peers.combine, PeerCombination::kMax);
  ASSERT_EQ(policy.peers.notions.size(), 1u);  // arrays are replaced whole
  EXPECT_DOUBLE_EQ(policy.peers.notions[0].weight, 1.0);
  EXPECT_DOUBLE_EQ(policy.unjustified.by_class[0], 0.40);  // untouched default
  EXPECT_DOUBLE_EQ(policy.sod.risk("extreme"), 0.95);      // severity maps merge
  EXPECT_DOUBLE_EQ(policy.sod.risk("high"), 0.65);
  EXPECT_NE(policy.canonical, RiskPolicy::defaults().canonical);
}

TEST(RiskPolicy, BadPoliciesNameTheKey) {
  EXPECT_EQ(bad_policy_key(R"({"peers": {"smothing": 1}})"), "peers.smothing");
  EXPECT_EQ(bad_policy_key(R"({"usage": {"recent_days": "soon"}})"), "usage.recent_days");
  EXPECT_EQ(bad_policy_key(R"({"identity": {"terminated": 1.5}})"), "identity.terminated");
  EXPECT_EQ(bad_policy_key(R"({"sensitivity": [0, 0.1]})"), "sensitivity");
  EXPECT_EQ(bad_policy_key(R"({"peers": {"notions": [{"key": "shoe_size"}]}})"), "peers.notions[0].key");
  EXPECT_EQ(bad_policy_key(R"({"peers": {"combine": "vote"}})"), "peers.combine");
  EXPECT_EQ(bad_policy_key(R"({"usage": {"stale_days": 10}})"), "usage.stale_days");
  EXPECT_EQ(bad_policy_key(R"({"sensitivity": )"), "");  // not JSON at all
  EXPECT_THROW(RiskPolicy::load("/nonexistent/policy.json"), InputError);
  EXPECT_THROW(check_risk_policy("/nonexistent/policy.json"), InputError);
}

// Ten Ops/Eng peers, each expected (through a role) to have and having "base"
// (sensitivity 0), used two days ago. Then, one by one, the kinds of access that
// SPEC section 4 says must outrank that:
//   t      terminated, still holding "base" through an enabled account
//   u1     "pay" + "vendor" (sensitivity 0, justified, used), an SoD rule on the pair
//   u2     "crit" (sensitivity 3), unjustified, though u3..u9 hold it too
// and "w", the riskiest low-risk access there is: justified, common, recently used,
// sensitivity 0, but on leave, a contractor, through a privileged account, by a
// direct grant only.
RiskWorld ordering_world() {
  RiskWorld w;
  w.entitlement("base", 0).entitlement("pay", 0).entitlement("vendor", 0).entitlement("crit", 3);
  for (int i = 0; i < 10; ++i) {
    const std::string id = "u" + std::to_string(i), account = "acct-" + id;
    w.person(id).account(account, id).via_group("grp-" + id, account, "base").expect(id, "base");
    w.used(account, "base", "2026-02-27");
    if (i >= 2) w.grant(account, "crit").used(account, "crit", "2026-02-27");
  }
  w.grant("acct-u1", "pay").grant("acct-u1", "vendor").expect("u1", "pay").expect("u1", "vendor");
  w.used("acct-u1", "pay", "2026-02-27").used("acct-u1", "vendor", "2026-02-27").sod("sod-1", "pay", "vendor");
  w.person("t", "terminated").account("acct-t", "t").grant("acct-t", "base").used("acct-t", "base", "2026-02-27");
  w.person("w", "leave", "contractor").account("acct-w", "w", /*privileged=*/true).grant("acct-w", "base");
  w.expect("w", "base").used("acct-w", "base", "2026-02-27");
  return w;
}

TEST(RiskScore, SpecOrderingProperties) {
  Engine engine = ordering_world().open();
  const RiskItem baseline = risk(engine, "u0", "base");
  const RiskItem worst_baseline = risk(engine, "w", "base");
  EXPECT_EQ(baseline.factors, "sensitivity=0;justified;peers=0.95;unused=2d");
  EXPECT_EQ(baseline.recommendation, "approve");
  EXPECT_NE(worst_baseline.factors.find("leave;contractor;privileged;direct_grant"), std::string::npos)
      << worst_baseline.factors;
  for (const RiskItem& higher : {risk(engine, "t", "base"), risk(engine, "u1", "pay"), risk(engine, "u1", "vendor"),
                                 risk(engine, "u2", "crit")}) {
    EXPECT_GT(higher.score, baseline.score) << higher.identity_id << " " << higher.factors;
    EXPECT_GT(higher.score, worst_baseline.score) << higher.identity_id << " " << higher.factors;
    EXPECT_NE(higher.recommendation, "approve");
  }
  EXPECT_EQ(risk(engine, "t", "base").recommendation, "revoke");
  EXPECT_NE(risk(engine, "u1", "pay").factors.find(";sod=sod-1"), std::string::npos);
  EXPECT_NE(risk(engine, "u2", "crit").factors.find("sensitivity=3;unjustified=peer_common"), std::string::npos);
  for (const RiskItem& item : engine.risk_for_identity("u2")) {
    EXPECT_GE(item.score, 0);
    EXPECT_LE(item.score, 100);
  }
}

// Peers are smoothed: 1 of 1 peers is not "100% common", 20 of 20 is very common, and
// more holders never make access look rarer.
TEST(RiskScore, PeerFrequencyIsSmoothedAndMonotone) {
  RiskWorld w;
  w.entitlement("e", 1).entitlement("other", 0);
  auto add = [&](const std::string& id, const std::string& title, bool holds) {
    w.person(id, "active", "employee", "Ops", title).account("acct-" + id, id).grant("acct-" + id, holds ? "e" : "other");
  };
  add("pair-a", "Pair", true);
  add("pair-b", "Pair", true);
  for (int i = 0; i < 21; ++i) add("crowd-" + std::to_string(i), "Crowd", true);
  for (int i = 0; i < 21; ++i) add("half-" + std::to_string(i), "Half", i < 11);
  Engine engine = w.open();

  RequestRiskResult pair = engine.request_risk("pair-a", "e");
  ASSERT_EQ(pair.peers[0].key, "department,title");
  EXPECT_EQ(pair.peers[0].holders, 1u);
  EXPECT_EQ(pair.peers[0].peers, 1u);
  EXPECT_LT(pair.peers[0].smoothed, 0.9);
  RequestRiskResult crowd = engine.request_risk("crowd-0", "e");
  EXPECT_EQ(crowd.peers[0].holders, 20u);
  EXPECT_GT(crowd.peers[0].smoothed, pair.peers[0].smoothed);
  EXPECT_GT(crowd.peer_frequency, pair.peer_frequency);
  EXPECT_LT(crowd.score, pair.score);
  RequestRiskResult half = engine.request_risk("half-0", "e");  // 10 of 20
  EXPECT_LT(half.peer_frequency, crowd.peer_frequency);
  EXPECT_EQ(half.peers.back().key, "everyone");
  EXPECT_TRUE(half.peers.back().defined);
  // manager_id: nobody has a manager, so that notion says the population frequency.
  EXPECT_FALSE(half.peers[1].defined);
  EXPECT_DOUBLE_EQ(half.peers[1].smoothed, half.peers.back().smoothed);
}

// Usage: the latest date over the enabled accounts that hold it; rows of accounts that
// do not hold it, or are disabled, do not count; no row at all is "unknown".
TEST(RiskScore, DaysSinceLastUse) {
  RiskWorld w;
  w.entitlement("e", 1).entitlement("f", 1).person("u");
  w.account("a1", "u").account("a2", "u").account("off", "u", false, "disabled").grant("a1", "e").grant("a2", "e");
  w.grant("off", "e").grant("a1", "f");
  w.used("a1", "e", "2025-09-01").used("a2", "e", "2026-01-30").used("off", "e", "2026-02-28");
  w.used("a2", "f", "2026-02-28");  // a2 does not hold f
  Engine engine = w.open();
  EXPECT_NE(risk(engine, "u", "e").factors.find(";unused=30d"), std::string::npos);
  EXPECT_NE(risk(engine, "u", "f").factors.find(";unused=unknown;account_idle=2d"), std::string::npos);
  // Unknown is mildly risky: between recent use and long disuse.
  RiskWorld stale = w;
  stale.used("a1", "f", "2024-01-01");
  const double never_seen = risk(engine, "u", "f").score;
  EXPECT_GT(risk(stale.open(), "u", "f").score, never_seen);
}

// Reviewer: manager (owner for non-humans), else the entitlement's owner, else the
// system's owner; a terminated reviewer or the identity itself does not qualify.
TEST(RiskScore, ReviewerRoutingFallbacks) {
  RiskWorld w;
  w.system_owner("sysowner").person("sysowner").person("boss").person("gone", "terminated").person("entowner");
  w.person("emp", "active", "employee", "Ops", "Eng", "boss");
  w.person("svc", "active", "service", "", "", "", "boss");
  w.person("svc-orphan", "active", "service");
  w.person("left-behind", "active", "employee", "Ops", "Eng", "gone");
  w.entitlement("owned", 1, "entowner").entitlement("unowned", 1);
  for (const std::string id : {"emp", "svc", "svc-orphan", "left-behind", "sysowner"})
    w.account("acct-" + id, id).grant("acct-" + id, "owned").grant("acct-" + id, "unowned");
  Engine engine = w.open();
  EXPECT_EQ(risk(engine, "emp", "unowned").reviewer_id, "boss");
  EXPECT_EQ(risk(engine, "svc", "unowned").reviewer_id, "boss");
  EXPECT_EQ(risk(engine, "svc-orphan", "owned").reviewer_id, "entowner");
  EXPECT_EQ(risk(engine, "svc-orphan", "unowned").reviewer_id, "sysowner");
  EXPECT_EQ(risk(engine, "left-behind", "owned").reviewer_id, "entowner");
  EXPECT_EQ(risk(engine, "sysowner", "unowned").reviewer_id, "");  // nobody reviews their own access
}

TEST(RiskScore, AnotherPolicyChangesTheScore) {
  Engine engine = ordering_world().open();
  ::testing::TempDir();
  const std::string path = ::testing::TempDir() + "/accessgraph-risk-policy.json";
  std::ofstream(path) << R"({"sensitivity": [0.9, 0.9, 0.9, 0.9]})";
  RiskOptions options;
  options.policy_file = path;
  EXPECT_GT(item_of(engine.risk_for_identity("u0", options), "base").score, 90);
  EXPECT_LT(risk(engine, "u0", "base").score, 20);  // the default model is still there
}

TEST(RequestRisk, RecommendationsFollowJustificationPeersAndSod) {
  RiskWorld w = ordering_world();
  w.entitlement("planned", 0).expect("u0", "planned");  // expected, never provisioned
  w.entitlement("rare", 3).person("x", "active", "employee", "Sales").account("acct-x", "x").grant("acct-x", "rare");
  for (int i = 0; i < 40; ++i) w.person("sales-" + std::to_string(i), "active", "employee", "Sales");  // a population
  Engine engine = w.open();

  RequestRiskResult planned = engine.request_risk("u0", "planned");
  EXPECT_FALSE(planned.already_has);
  EXPECT_TRUE(planned.expected);
  ASSERT_FALSE(planned.justification.empty());
  EXPECT_EQ(planned.justification[1].kind, "role");
  EXPECT_EQ(planned.recommendation, "approve");

  RequestRiskResult rare = engine.request_risk("u0", "rare");
  EXPECT_FALSE(rare.expected);
  EXPECT_EQ(rare.unjustified_class, "peer_outlier");  // none of u0's 9 active peers has it
  EXPECT_EQ(rare.sensitivity, 3);
  EXPECT_EQ(rare.recommendation, "deny") << rare.score << " " << rare.factors;

  RequestRiskResult toxic = engine.request_risk("u0", "pay");  // u0 has neither; no SoD
  EXPECT_TRUE(toxic.sod_rules.empty());
  RequestRiskResult second_half = engine.request_risk("u1", "vendor");  // already has both: involved
  EXPECT_TRUE(second_half.already_has);
  EXPECT_EQ(second_half.sod_rules, std::vector<std::string>{"sod-1"});
  EXPECT_NE(second_half.recommendation, "approve");

  RiskWorld creates = ordering_world();
  creates.grant("acct-u0", "pay");
  RequestRiskResult would_violate = creates.open().request_risk("u0", "vendor");
  EXPECT_EQ(would_violate.sod_rules, std::vector<std::string>{"sod-1"});
  EXPECT_NE(would_violate.factors.find(";sod=sod-1"), std::string::npos);
  EXPECT_NE(would_violate.recommendation, "approve");

  EXPECT_EQ(engine.request_risk("t", "base").recommendation, "deny");  // terminated
  EXPECT_THROW(engine.request_risk("nobody", "base"), NotFoundError);
  EXPECT_THROW(engine.request_risk("u0", "nothing"), NotFoundError);
}

}  // namespace
}  // namespace accessgraph
