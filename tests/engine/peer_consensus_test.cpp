// The combination of peer notions (PeerConsensus, docs/risk.md "Peers"): monotone in
// holders under every combination, smoothed by sample size (one peer says little, many
// say much), and not led by a weak notion against a strong one.
#include <gtest/gtest.h>

#include <string>

#include "engine/analysis/risk_model.hpp"
#include "engine/version/version_state.hpp"
#include "tests/support/risk_world.hpp"

namespace accessgraph {
namespace {

using testing::RiskWorld;

constexpr const char* kCombinations[] = {"evidence", "logit_mean", "mean", "max"};

RiskPolicy with_combine(const std::string& combine, const std::string& more = "") {
  return RiskPolicy::parse(R"({"peers": {"combine": ")" + combine + "\"" + more + "}}", "policy.json");
}

// The combined frequency of E for I (I has it) under `policy`.
double frequency(const Engine& engine, const RiskPolicy& policy, const std::string& identity,
                 const std::string& entitlement = "e") {
  const auto model = state_of(engine).derived.risk_model(policy);
  const Graph& g = state_of(engine).graph;
  return model->peers().frequency(*g.identity_ids.find(identity), *g.entitlement_ids.find(entitlement), true);
}

// `count` people in a department and title under a manager, the first `holders` holding
// e and everyone holding "other" (so that every account holds something).
void crowd(RiskWorld& w, const std::string& prefix, int count, int holders, const std::string& department,
           const std::string& title, const std::string& manager = "") {
  for (int i = 0; i < count; ++i) {
    const std::string id = prefix + std::to_string(i);
    w.person(id, "active", "employee", department, title, manager)
        .account("acct-" + id, id)
        .grant("acct-" + id, "other");
    if (i < holders) w.grant("acct-" + id, "e");
  }
}

RiskWorld base_world() {
  RiskWorld w;
  w.entitlement("e", 1).entitlement("other", 0).person("boss").person("boss2");
  w.person("me", "active", "employee", "Ops", "Eng", "boss").account("acct-me", "me").grant("acct-me", "e");
  crowd(w, "dept-", 30, 3, "Ops", "Analyst");            // same department, other title
  crowd(w, "title-", 20, 2, "Sales", "Eng");             // same title, other department
  crowd(w, "team-", 2, 0, "Finance", "Clerk", "boss");   // same manager only
  crowd(w, "far-", 40, 4, "Legal", "Counsel", "boss2");  // no peer of me on any notion
  return w;
}

// One more holder, wherever they are (a peer on some notion, or nobody's peer), never
// makes access look rarer, under every combination.
TEST(PeerConsensus, OneMoreHolderNeverMakesAccessLookRarer) {
  const std::string newcomers[][3] = {{"Ops", "Analyst", ""},   {"Sales", "Eng", ""},   {"Finance", "Clerk", "boss"},
                                      {"Legal", "Counsel", ""}, {"Ops", "Eng", "boss"}, {"", "", ""}};
  for (const char* combine : kCombinations) {
    const RiskPolicy policy = with_combine(combine);
    RiskWorld w = base_world();
    double before = frequency(w.open(), policy, "me");
    for (int round = 0; round < 2; ++round)
      for (const auto& [department, title, manager] : newcomers) {
        // A new holder; then an existing non-holder of the same group starts holding.
        const std::string id = "new-" + std::to_string(round) + department + title + manager;
        w.person(id, "active", "employee", department, title, manager)
            .account("acct-" + id, id)
            .grant("acct-" + id, "e");
        const double after = frequency(w.open(), policy, "me");
        EXPECT_GE(after, before) << combine << ": " << id;
        before = after;
      }
    for (int i = 3; i < 30; i += 5) {
      w.grant("acct-dept-" + std::to_string(i), "e");
      const double after = frequency(w.open(), policy, "me");
      EXPECT_GE(after, before) << combine << ": dept-" << i;
      before = after;
    }
  }
}

// Sample-size smoothing: all of 1 peer holding it moves the frequency far less than all
// of 200 peers, and none of 1 peer far less than none of 200 (evidence).
TEST(PeerConsensus, ANotionWithOnePeerSaysLittleAndOneWithManySaysMuch) {
  const RiskPolicy policy = with_combine("evidence", R"(, "notions": [{"key": "department"}])");
  RiskWorld w;
  w.entitlement("e", 1).entitlement("other", 0);
  crowd(w, "pop-", 400, 40, "Pop", "X");     // the population: 10% hold e
  crowd(w, "one-", 2, 2, "One", "X");        // 1 of 1 peer holds it
  crowd(w, "many-", 201, 201, "Many", "X");  // 200 of 200
  crowd(w, "none1-", 2, 1, "NoneOne", "X");  // the holder's 1 peer does not hold it
  crowd(w, "none200-", 201, 1, "NoneMany", "X");
  const Engine engine = w.open();
  const double one = frequency(engine, policy, "one-0"), many = frequency(engine, policy, "many-0");
  const double none_of_one = frequency(engine, policy, "none1-0"),
               none_of_many = frequency(engine, policy, "none200-0");
  const double prior = frequency(engine, with_combine("evidence", R"(, "notions": [])"), "one-0");
  EXPECT_GT(one, prior);
  EXPECT_LT(one - prior, 0.1 * (many - prior));  // 1/(1+20) of the weight vs 200/(200+20)
  EXPECT_GT(many, 0.5);
  EXPECT_LT(none_of_one, prior);
  EXPECT_LT(prior - none_of_one, 0.2 * (prior - none_of_many));
  EXPECT_LT(none_of_many, 0.25 * prior);
  // A notion under which nobody has peers changes nothing.
  EXPECT_DOUBLE_EQ(frequency(engine, with_combine("evidence", R"(, "notions": [{"key": "manager_id"}])"), "one-0"),
                   prior);
}

// A weak notion (one peer) does not outvote a strong one (a big department), either way;
// the mean of log-odds let it pull the result much further.
TEST(PeerConsensus, AWeakNotionDoesNotDominateAStrongOne) {
  RiskWorld w;
  w.entitlement("e", 1).entitlement("other", 0).person("boss-a").person("boss-b");
  crowd(w, "pop-", 400, 40, "Pop", "X");
  // Department "Rare": 150 peers, none holds e; but "rare-0"'s only teammate holds it.
  crowd(w, "rare-", 150, 0, "Rare", "Y");
  w.person("mate-a", "active", "employee", "Elsewhere", "Z", "boss-a").account("acct-mate-a", "mate-a");
  w.grant("acct-mate-a", "e").grant("acct-mate-a", "other");
  w.person("me-rare", "active", "employee", "Rare", "Y2", "boss-a").account("acct-me-rare", "me-rare");
  w.grant("acct-me-rare", "e");
  // Department "Common": 150 peers all hold e; "me-common"'s only teammate does not.
  crowd(w, "common-", 150, 150, "Common", "Y");
  w.person("mate-b", "active", "employee", "Elsewhere", "Z", "boss-b").account("acct-mate-b", "mate-b");
  w.grant("acct-mate-b", "other");
  w.person("me-common", "active", "employee", "Common", "Y2", "boss-b").account("acct-me-common", "me-common");
  w.grant("acct-me-common", "e");
  const Engine engine = w.open();
  const std::string notions = R"(, "notions": [{"key": "department"}, {"key": "manager_id"}])";
  const std::string department_only = R"(, "notions": [{"key": "department"}])";
  for (const char* combine : {"evidence", "logit_mean"}) {
    SCOPED_TRACE(combine);
    const RiskPolicy both = with_combine(combine, notions), alone = with_combine(combine, department_only);
    const double rare = frequency(engine, both, "me-rare"), rare_alone = frequency(engine, alone, "me-rare");
    const double common = frequency(engine, both, "me-common"), common_alone = frequency(engine, alone, "me-common");
    if (std::string(combine) == "evidence") {
      EXPECT_LT(rare, 1.1 * rare_alone);       // one teammate's 1 of 1 barely lifts it
      EXPECT_GT(common, 0.97 * common_alone);  // one teammate's 0 of 1 barely lowers it
    } else {
      // The mean of log-odds gives the single teammate as much say as 150 peers.
      EXPECT_GT(rare, 1.5 * rare_alone);
      EXPECT_LT(common, 0.9 * common_alone);
    }
    EXPECT_GT(common, 0.5);
  }
}

TEST(PeerConsensus, EvidenceIsTheDefaultAndOthersRemainSelectable) {
  EXPECT_EQ(RiskPolicy::defaults().peers.combine, PeerCombination::kEvidence);
  EXPECT_DOUBLE_EQ(RiskPolicy::defaults().peers.confident_peers, 20);
  EXPECT_DOUBLE_EQ(RiskPolicy::defaults().peers.everyone_weight, 1);
  EXPECT_EQ(with_combine("logit_mean").peers.combine, PeerCombination::kLogitMean);
  EXPECT_THROW(RiskPolicy::parse(R"({"peers": {"confident_peers": -1}})", "policy.json"), InputError);
}

// The per-identity cursors (one scan over an identity's entitlements) say exactly
// what breakdown() says pair by pair, held or not, in any order.
TEST(PeerConsensus, CursorBreakdownEqualsPairByPairBreakdown) {
  RiskWorld world = base_world();
  const Engine engine = world.open();
  const auto model = state_of(engine).derived.risk_model(RiskPolicy::defaults());
  const Graph& g = state_of(engine).graph;
  const PeerConsensus& peers = model->peers();
  std::vector<float> smoothed(peers.policy().notions.size() + 1);
  PeerConsensus::Cursors cursors;
  std::size_t compared = 0;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    peers.reset(cursors, IdentityId(i));
    for (int pass = 0; pass < 2; ++pass)  // ascending, then descending
      for (std::uint32_t k = 0; k < g.entitlement_count(); ++k) {
        const EntitlementId e(pass == 0 ? k : static_cast<std::uint32_t>(g.entitlement_count()) - 1 - k);
        for (const bool has : {true, false}) {
          peers.smoothed_breakdown(cursors, e, has, smoothed);
          const auto expected = peers.breakdown(IdentityId(i), e, has);
          ASSERT_EQ(expected.size(), smoothed.size());
          for (std::size_t n = 0; n < smoothed.size(); ++n, ++compared)
            EXPECT_EQ(smoothed[n], static_cast<float>(expected[n].smoothed)) << i << " " << e.value << " " << n;
        }
      }
  }
  EXPECT_GT(compared, 100u);
}

}  // namespace
}  // namespace accessgraph
