// Findings (SPEC section 3) and peer frequencies through the Engine API.
#include <gtest/gtest.h>

#include "accessgraph/engine.hpp"
#include "tests/support/bundle_text.hpp"

namespace accessgraph {
namespace {

using testing::BundleText;
using testing::TempBundle;

Engine open(const BundleText& text, AnalysisOptions analysis = {}) {
  static std::vector<std::unique_ptr<TempBundle>> keep;
  keep.push_back(std::make_unique<TempBundle>());
  text.write_to(*keep.back());
  OpenOptions options;
  options.as_of = *Date::parse("2026-03-01");
  options.analysis = analysis;
  return Engine::open_bundle(keep.back()->path(), options);
}

std::vector<std::string> describe(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const auto& f : findings) out.push_back(f.type + " " + f.subject_id + " " + f.related_id + " " + f.detail);
  return out;
}

// Ten Finance/Clerk peers. "rare" is held by u0 (and no peer); "common" by u0..u3 (3
// of u0's 9 peers have it: 3/9 >= 0.1). Nothing is expected, so both are unjustified.
BundleText peers_bundle() {
  BundleText b;
  b.entitlement("rare").entitlement("common").entitlement("tenth");
  for (int i = 0; i < 10; ++i) {
    std::string id = "u" + std::to_string(i);
    b.identity(id, "active", "Finance", "Clerk").account("acct-" + id, id);
    if (i < 4) b.account_grant("acct-" + id, "common");
    if (i < 2) b.account_grant("acct-" + id, "tenth");  // u1 holds it: 1 of u0's 9 peers
  }
  b.account_grant("acct-u0", "rare");
  b.identity("loner", "active", "Finance", "").account("acct-loner", "loner").account_grant("acct-loner", "rare");
  return b;
}

TEST(Findings, PeerClassesCompareExactlyAsFractions) {
  Engine engine = open(peers_bundle());
  EXPECT_EQ(describe(engine.findings_for_identity("u0")),
            (std::vector<std::string>{"unjustified_access u0 common peer_common",
                                      "unjustified_access u0 rare peer_outlier",
                                      "unjustified_access u0 tenth peer_common"}));  // 1/9 is not below 0.1
  EXPECT_EQ(describe(engine.findings_for_identity("loner")),
            (std::vector<std::string>{"unjustified_access loner rare no_peers"}));
}

TEST(Findings, ThresholdAndPeerKeyAreConfigurable) {
  AnalysisOptions strict;
  strict.outlier_threshold = "0.5";
  EXPECT_EQ(describe(open(peers_bundle(), strict).findings_for_identity("u0")),
            (std::vector<std::string>{"unjustified_access u0 common peer_outlier",
                                      "unjustified_access u0 rare peer_outlier",
                                      "unjustified_access u0 tenth peer_outlier"}));
  AnalysisOptions by_department;
  by_department.peer_key = "department";
  // Now loner is a peer of the clerks, and they of loner: u0's rare is 1 of 10 peers.
  auto findings = describe(open(peers_bundle(), by_department).findings_for_identity("u0"));
  EXPECT_EQ(findings[1], "unjustified_access u0 rare peer_common");
  AnalysisOptions bad;
  bad.peer_key = "shoe_size";
  EXPECT_THROW(open(peers_bundle(), bad), InputError);
}

// Accounts: orphan (names nobody / empty), leaver, dormant by last_used or created.
TEST(Findings, AccountFindings) {
  BundleText b;
  b.identity("gone", "terminated").identity("u").account("acct-gone", "gone").account("acct-ghost", "ghost");
  b.account("acct-off", "ghost", "disabled");
  Engine engine = open(b);
  EXPECT_EQ(describe(engine.findings_for_account("acct-gone")), (std::vector<std::string>{"leaver_access acct-gone gone "}));
  EXPECT_EQ(describe(engine.findings_for_account("acct-ghost")),
            (std::vector<std::string>{"orphan_account acct-ghost ghost "}));
  EXPECT_TRUE(engine.findings_for_account("acct-off").empty());
  EXPECT_THROW(engine.findings_for_account("nope"), NotFoundError);
}

TEST(Findings, SodMissingMoverResidueAndTerminatedIdentities) {
  BundleText b;
  b.identity("u").identity("gone", "terminated").account("acct-u", "u").account("acct-gone", "gone");
  b.entitlement("pay").entitlement("vendor").entitlement("old").entitlement("want");
  b.role("finance-old").role("current").role_grant("finance-old", "entitlement", "old");
  b.role_grant("current", "entitlement", "want").assign("u", "current").assign("gone", "current");
  for (const char* e : {"pay", "vendor", "old"}) b.account_grant("acct-u", e).account_grant("acct-gone", e);
  Engine engine = [&] {
    TempBundle* dir = new TempBundle();  // leaked on purpose: lives for the test binary
    b.write_to(*dir);
    dir->set("sod_rules.csv", "id,entitlement_a,entitlement_b,severity,description\nsod-1,vendor,pay,high,\"x, y\"\n");
    dir->set("role_history.csv", "identity_id,role_id,granted_at,revoked_at\nu,finance-old,2020-01-01,2026-03-01\n");
    OpenOptions options;
    options.as_of = *Date::parse("2026-03-01");
    return Engine::open_bundle(dir->path(), options);
  }();
  EXPECT_EQ(describe(engine.findings_for_identity("u")),
            (std::vector<std::string>{"missing_access u want ", "sod_violation u sod-1 ",
                                      "unjustified_access u old mover_residue",
                                      "unjustified_access u pay no_peers", "unjustified_access u vendor no_peers"}));
  EXPECT_TRUE(engine.findings_for_identity("gone").empty());
  EXPECT_EQ(engine.findings_of_type("sod_violation").size(), 1u);
  EXPECT_THROW(engine.findings_of_type("nonsense"), InputError);
}

TEST(Findings, NonHumanOwnershipAndExpiry) {
  TempBundle dir;
  BundleText().write_to(dir);
  dir.set("identities.csv",
          "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n"
          "boss,Boss,employee,terminated,,,,,,,\n"
          "svc-orphan,S,service,active,,,,,,,\n"
          "bot-left,B,bot,active,,,,,boss,,\n"
          "key-old,K,api_key,active,,,,,,,2026-02-28\n"
          "key-today,K,api_key,active,,,,,,,2026-03-01\n"
          "svc-dead,S,service,terminated,,,,,,,\n");
  OpenOptions options;
  options.as_of = *Date::parse("2026-03-01");
  Engine engine = Engine::open_bundle(dir.path(), options);
  EXPECT_EQ(describe(engine.all_findings()),
            (std::vector<std::string>{"nhi_expired key-old  ", "nhi_no_owner key-old  ", "nhi_no_owner key-today  ",
                                      "nhi_no_owner svc-orphan  ", "nhi_owner_terminated bot-left boss "}));
}

}  // namespace
}  // namespace accessgraph
