// ldif: the AD-style export in fixtures/ldif (two files) with the HR export of
// fixtures/hr_csv, correlated by employeeID then mail (fixtures/directory_and_hr.json).
//
//   Domain Admins ─ carol               VPN Users ─┬─ alice
//   Cycle A ⇄ Cycle B, Cycle A ─ WS01                └─ Engineering ─┬─ alice
//   developers ─ dan (posixGroup memberUid)                          └─ bob (disabled)
#include <gtest/gtest.h>

#include <algorithm>
#include <set>

#include "accessgraph/engine.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;
using testing::read_file;

std::string config() { return read_file(testing::importer_fixtures() / "directory_and_hr.json"); }

const std::string kAlice = "ldap:CN=Alice Adams,OU=People,DC=acme,DC=example";
const std::string kBob = "ldap:CN=Bob Brown,OU=People,DC=acme,DC=example";
const std::string kCarol = "ldap:CN=Carol Chen,OU=People,DC=acme,DC=example";
const std::string kWs01 = "ldap:CN=WS01,OU=Computers,DC=acme,DC=example";
const std::string kVpn = "ldap:CN=VPN Users,OU=Groups,DC=acme,DC=example";
const std::string kEngineering = "ldap:CN=Engineering,OU=Groups,DC=acme,DC=example";

std::set<std::string> memberships(const ImportedBundle& bundle) {
  std::set<std::string> out;
  std::map<std::string, std::string> names;
  for (auto& row : bundle.rows("groups.csv")) names[row["id"]] = row["name"];
  for (auto& row : bundle.rows("accounts.csv")) names[row["id"]] = row["username"];
  for (auto& row : bundle.rows("group_members.csv"))
    out.insert(names[row["group_id"]] + " <- " + row["member_kind"] + " " + names[row["member_id"]]);
  return out;
}

TEST(LdifSource, AccountsWithStatusDatesAndPrivilege) {
  ImportedBundle bundle(config());
  EXPECT_EQ(bundle.column("accounts.csv", "username"),
            (std::vector<std::string>{"alice", "bob", "carol", "dan", "svc-backup", "WS01$"}));
  auto alice = bundle.find("accounts.csv", "id", kAlice);
  EXPECT_EQ(alice["status"], "enabled");
  EXPECT_EQ(alice["created"], "2020-03-01");    // whenCreated
  EXPECT_EQ(alice["last_used"], "2026-10-20");  // lastLogonTimestamp, a FILETIME
  EXPECT_EQ(alice["privileged"], "false");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kBob)["status"], "disabled");  // userAccountControl 514: bit 2
  EXPECT_EQ(bundle.find("accounts.csv", "id", kBob)["last_used"], "");       // lastLogonTimestamp 0: never
  // adminCount 1 and a member of Domain Admins; 66048 has no disable bit.
  EXPECT_EQ(bundle.find("accounts.csv", "id", kCarol)["privileged"], "true");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kCarol)["status"], "enabled");
  EXPECT_EQ(bundle.find("systems.csv", "id", "ldap")["name"], "Corporate directory");
  EXPECT_EQ(bundle.find("systems.csv", "id", "ldap")["kind"], "directory");
}

TEST(LdifSource, GroupsMembershipsAndTheirEntitlements) {
  ImportedBundle bundle(config());
  std::set<std::string> expected = {
      "Domain Admins <- account carol", "VPN Users <- account alice", "VPN Users <- group Engineering",
      "Engineering <- account alice",   "Engineering <- account bob", "Cycle A <- group Cycle B",
      "Cycle B <- group Cycle A",       "Cycle A <- account WS01$",   "developers <- account dan"};
  EXPECT_EQ(memberships(bundle), expected);
  // Each group grants one entitlement naming it; Domain Admins is critical.
  EXPECT_EQ(bundle.rows("entitlements.csv").size(), 6u);
  auto admins = bundle.find("entitlements.csv", "name", "Domain Admins");
  EXPECT_EQ(admins["sensitivity"], "3");
  EXPECT_EQ(admins["action"], "member");
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "VPN Users")["sensitivity"], "1");
  for (auto& grant : bundle.rows("group_grants.csv")) EXPECT_EQ(grant["group_id"], grant["entitlement_id"]);
}

TEST(LdifSource, NestedMembershipGivesEveryGroupAbove) {
  ImportedBundle bundle(config());
  OpenOptions options;
  options.as_of = *Date::parse("2026-11-01");
  Engine engine = Engine::open_bundle(bundle.dir(), options);
  auto held = [&](const std::string& identity) {
    std::vector<std::string> ids;
    for (const auto& entry : engine.access(identity).entitlements) ids.push_back(entry.entitlement_id);
    return ids;
  };
  EXPECT_EQ(held("1001"), (std::vector<std::string>{kEngineering, kVpn}));  // alice, directly and through Engineering
  EXPECT_TRUE(held("1002").empty());                                        // bob's account is disabled
  // WS01 is in Cycle A, which is in Cycle B, which is in Cycle A.
  EXPECT_EQ(held(kWs01).size(), 2u);
}

TEST(LdifSource, CorrelationByEmployeeIdThenMail) {
  ImportedBundle bundle(config());
  EXPECT_EQ(bundle.find("accounts.csv", "id", kAlice)["identity_id"], "1001");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kBob)["identity_id"], "1002");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kCarol)["identity_id"], "1003");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "dan")["identity_id"], "");         // ambiguous
  EXPECT_EQ(bundle.find("accounts.csv", "username", "svc-backup")["identity_id"], "");  // no match
  EXPECT_EQ(bundle.find("accounts.csv", "id", kWs01)["identity_id"], kWs01);            // a machine: its own
  auto computer = bundle.find("identities.csv", "id", kWs01);
  EXPECT_EQ(computer["kind"], "service");
  EXPECT_EQ(computer["display_name"], "WS01");

  const auto& correlation = bundle.source(1)["correlation"];
  EXPECT_EQ(correlation["correlated"], 3);
  EXPECT_EQ(correlation["uncorrelated"], 1);
  EXPECT_EQ(correlation["ambiguous"], 1);
  EXPECT_EQ(correlation["accounts_with_own_identity"], 1);
  EXPECT_EQ(correlation["correlated_by_rule"], nlohmann::json::array({3, 0}));
  const auto& ambiguous = correlation["ambiguous_accounts"][0];
  EXPECT_EQ(ambiguous["account"], "ldap:CN=Dan Doe,OU=People,DC=acme,DC=example");
  EXPECT_EQ(ambiguous["rule"], 1);
  EXPECT_EQ(ambiguous["identities"], nlohmann::json::array({"1004", "1005"}));
}

TEST(LdifSource, TheMessIsReportedNotFatal) {
  ImportedBundle bundle(config());
  const auto& ldif = bundle.source(1);
  EXPECT_EQ(ldif["files"], 2);
  EXPECT_EQ(ldif["read"]["entries"], 15);
  EXPECT_EQ(ldif["read"]["users"], 6);  // alice twice (the second, in the other file, a duplicate)
  const auto& reasons = ldif["skipped"]["reasons"];
  EXPECT_EQ(reasons["member not found"]["count"], 1);
  EXPECT_EQ(reasons["member not found"]["examples"][0], "cn=nobody here,ou=people,dc=acme,dc=example");
  EXPECT_EQ(reasons["member (organizationalUnit) not imported"]["examples"][0], "ou=people,dc=acme,dc=example");
  EXPECT_EQ(reasons["member (contact) not imported"]["count"], 1);
  EXPECT_EQ(reasons["not a user, computer or group (contact)"]["count"], 1);
  EXPECT_EQ(reasons["URL value not read (attr:<)"]["count"], 1);
  EXPECT_EQ(ldif["duplicates"]["kinds"]["accounts"]["count"], 1);
  EXPECT_EQ(ldif["duplicates"]["kinds"]["accounts"]["examples"][0], "cn=ALICE ADAMS,ou=people,dc=acme,dc=example");
  EXPECT_EQ(ldif["duplicates"]["kinds"]["memberships"]["count"], 1);  // bob twice in Engineering
  EXPECT_TRUE(bundle.report()["verified"]);
}

TEST(LdifSource, PeopleBecomeIdentitiesWhenThereIsNoHrExport) {
  ImportedBundle bundle(R"({"sources": [{"format": "ldif", "path": "ldif", "system": "ad", "identities": true}],
                            "correlation": [{"account": "mail", "identity": "email", "case": "insensitive"}]})");
  auto alice = bundle.find("identities.csv", "id", "ad:CN=Alice Adams,OU=People,DC=acme,DC=example");
  EXPECT_EQ(alice["kind"], "employee");
  EXPECT_EQ(alice["status"], "active");
  EXPECT_EQ(alice["department"], "Engineering");
  EXPECT_EQ(alice["manager_id"], "ad:CN=Carol Chen,OU=People,DC=acme,DC=example");  // manager DN, resolved
  EXPECT_EQ(bundle.find("identities.csv", "id", "ad:CN=Bob Brown,OU=People,DC=acme,DC=example")["status"],
            "terminated");  // disabled in the directory
  EXPECT_EQ(bundle.find("identities.csv", "id", "ad:CN=Carol Chen,OU=People,DC=acme,DC=example")["display_name"],
            "Carol Ch\xC3\xA9n");  // displayName:: base64
  for (auto& account : bundle.rows("accounts.csv")) EXPECT_EQ(account["identity_id"], account["id"]);
  EXPECT_EQ(bundle.source(0)["correlation"]["accounts_with_own_identity"], 6);
}

}  // namespace
}  // namespace accessgraph
