// bloodhound: fixtures/bloodhound, a SharpHound v6 collection of two domains: users of
// CORP (meta.count says 4, the data holds 3) and of CHILD (meta written after the data;
// it repeats CORP's ALICE and holds a deleted object), CORP's groups and computers, and
// a domains file.
//
//   ADMINISTRATORS (S-1-5-32-544) ─ DOMAIN ADMINS (-512) ─ ADMINISTRATOR, DAVE (CHILD)
//                                 └ DC01 (a computer)
//   VPN ─ ALICE, BOB (disabled), -9999 (absent), an OU and a Base (not member types)
//   DOMAIN USERS (-513): no members listed (AD does not list primary-group members)
#include <gtest/gtest.h>

#include <set>

#include "accessgraph/engine.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

const std::string kCorp = "S-1-5-21-1000-2000-3000";
const std::string kChild = "S-1-5-21-4000-5000-6000";

std::string config(bool primary_groups = false) {
  return std::string(R"({"sources": [{"format": "bloodhound", "path": "bloodhound", "system": "ad")") +
         (primary_groups ? R"(, "primary_groups": true)" : "") + "}]}";
}

TEST(BloodhoundSource, SidsAreIdsAcrossDomains) {
  ImportedBundle bundle(config());
  std::set<std::string> ids;
  for (auto& id : bundle.column("accounts.csv", "id")) ids.insert(id);
  std::set<std::string> expected = {"ad:" + kCorp + "-1104",  "ad:" + kCorp + "-1105", "ad:" + kCorp + "-500",
                                    "ad:" + kChild + "-1106", "ad:" + kCorp + "-1000", "ad:" + kCorp + "-1001"};
  EXPECT_EQ(ids, expected);
  auto alice = bundle.find("accounts.csv", "id", "ad:" + kCorp + "-1104");
  EXPECT_EQ(alice["username"], "alice");
  EXPECT_EQ(alice["last_used"], "2026-10-25");  // lastlogontimestamp, Unix seconds
  EXPECT_EQ(alice["created"], "2020-01-02");
  auto bob = bundle.find("accounts.csv", "id", "ad:" + kCorp + "-1105");
  EXPECT_EQ(bob["status"], "disabled");
  EXPECT_EQ(bob["last_used"], "");  // -1: never
  EXPECT_EQ(bundle.find("accounts.csv", "id", "ad:" + kCorp + "-500")["privileged"], "true");
  EXPECT_EQ(bundle.find("accounts.csv", "id", "ad:" + kChild + "-1106")["privileged"], "true");  // in DOMAIN ADMINS
}

TEST(BloodhoundSource, ComputersAreMachineIdentities) {
  ImportedBundle bundle(config());
  auto dc = bundle.find("identities.csv", "id", "ad:" + kCorp + "-1000");
  EXPECT_EQ(dc["kind"], "service");
  EXPECT_EQ(dc["status"], "active");
  EXPECT_EQ(dc["display_name"], "DC01.CORP.LOCAL");
  EXPECT_EQ(bundle.find("identities.csv", "id", "ad:" + kCorp + "-1001")["status"], "terminated");  // WS02 disabled
  EXPECT_EQ(bundle.find("accounts.csv", "id", "ad:" + kCorp + "-1000")["identity_id"], "ad:" + kCorp + "-1000");
  EXPECT_EQ(bundle.rows("identities.csv").size(), 2u);
}

TEST(BloodhoundSource, PrivilegedGroupsAndNestedMembers) {
  ImportedBundle bundle(
      R"({"sources": [{"format": "bloodhound", "path": "bloodhound", "system": "ad", "identities": true}]})");
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "DOMAIN ADMINS@CORP.LOCAL")["sensitivity"], "3");
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "ADMINISTRATORS@CORP.LOCAL")["sensitivity"], "3");
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "VPN@CORP.LOCAL")["sensitivity"], "1");
  EXPECT_EQ(bundle.rows("group_members.csv").size(), 6u);
  OpenOptions options;
  options.as_of = *Date::parse("2026-11-01");
  Engine engine = Engine::open_bundle(bundle.dir(), options);
  // DAVE of CHILD is in DOMAIN ADMINS, which is in ADMINISTRATORS.
  EXPECT_TRUE(engine.check("ad:" + kChild + "-1106", "ad:CORP.LOCAL-S-1-5-32-544").has);
  EXPECT_TRUE(engine.check("ad:" + kCorp + "-1000", "ad:CORP.LOCAL-S-1-5-32-544").has);  // DC01, a member itself
}

TEST(BloodhoundSource, TheMessIsReported) {
  ImportedBundle bundle(config());
  const auto& ad = bundle.source(0);
  EXPECT_EQ(ad["files"], 5);
  const auto& reasons = ad["skipped"]["reasons"];
  EXPECT_EQ(reasons["member not found"]["examples"][0], kCorp + "-9999");
  EXPECT_EQ(reasons["member of type OU not imported"]["count"], 1);
  EXPECT_EQ(reasons["member of type Base not imported"]["count"], 1);
  EXPECT_EQ(reasons["deleted object (IsDeleted)"]["examples"][0], kChild + "-1107");
  EXPECT_EQ(reasons["not a user, group or computer (domains)"]["count"], 1);
  EXPECT_EQ(ad["duplicates"]["kinds"]["accounts"]["examples"][0], kCorp + "-1104");
  // Only CORP's users file disagrees with its meta.count; CHILD's meta comes last and agrees.
  ASSERT_EQ(ad["metadata_mismatches"].size(), 1u);
  EXPECT_NE(ad["metadata_mismatches"][0]["file"].get<std::string>().find("20240101_corp_users.json"),
            std::string::npos);
  EXPECT_EQ(ad["metadata_mismatches"][0]["declared"], 4);
  EXPECT_EQ(ad["metadata_mismatches"][0]["found"], 3);
}

TEST(BloodhoundSource, PrimaryGroupsWhenAsked) {
  ImportedBundle without(config());
  ImportedBundle with(config(true));
  // AD leaves a user's primary group out of the group's members; BloodHound records it
  // as PrimaryGroupSID. Users name DOMAIN USERS (-513, collected); computers name Domain
  // Controllers and Domain Computers (not collected: counted).
  EXPECT_EQ(with.rows("group_members.csv").size(), without.rows("group_members.csv").size() + 4);
  EXPECT_EQ(with.source(0)["imported"]["primary group memberships"], 6);
  EXPECT_EQ(with.source(0)["skipped"]["reasons"]["group not found"]["count"], 2);
  EXPECT_FALSE(without.source(0)["skipped"]["reasons"].contains("group not found"));
}

}  // namespace
}  // namespace accessgraph
