// scim: fixtures/scim, two ListResponse pages of Users (the second repeats a user of the
// first; both say totalResults 5), Groups as JSON Lines, and a ServiceProviderConfig.
//
//   Engineering ─ u1 alice, u2 bob (inactive), u-gone (absent)
//   Everyone ─ Engineering (nested), u4 dan, dev-1 (a Device: not a SCIM member type)
//   Administrators ⇄ Loop, Administrators ─ u3 carol
#include <gtest/gtest.h>

#include <set>

#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

std::set<std::string> memberships(const ImportedBundle& bundle) {
  std::set<std::string> out;
  for (auto& row : bundle.rows("group_members.csv")) out.insert(row["group_id"] + " <- " + row["member_id"]);
  return out;
}

TEST(ScimSource, UsersGroupsAndNestedMembers) {
  ImportedBundle bundle(R"({"sources": [{"format": "scim", "path": "scim", "system": "okta"}]})");
  EXPECT_EQ(bundle.column("accounts.csv", "id"),
            (std::vector<std::string>{"okta:u1", "okta:u2", "okta:u3", "okta:u4"}));
  auto alice = bundle.find("accounts.csv", "id", "okta:u1");
  EXPECT_EQ(alice["username"], "alice@acme.example");  // the first copy, not the page-2 duplicate
  EXPECT_EQ(alice["created"], "2021-04-01");
  EXPECT_EQ(bundle.find("accounts.csv", "id", "okta:u2")["status"], "disabled");  // active: false
  EXPECT_EQ(bundle.find("systems.csv", "id", "okta")["kind"], "saas");
  std::set<std::string> expected = {"okta:g-eng <- okta:u1",       "okta:g-eng <- okta:u2",
                                    "okta:g-all <- okta:g-eng",    "okta:g-all <- okta:u4",
                                    "okta:g-admins <- okta:u3",    "okta:g-admins <- okta:g-loop",
                                    "okta:g-loop <- okta:g-admins"};
  EXPECT_EQ(memberships(bundle), expected);
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "Administrators")["sensitivity"], "3");
  EXPECT_EQ(bundle.find("accounts.csv", "id", "okta:u3")["privileged"], "true");
}

TEST(ScimSource, TheMessIsReported) {
  ImportedBundle bundle(R"({"sources": [{"format": "scim", "path": "scim", "system": "okta"}]})");
  const auto& scim = bundle.source(0);
  EXPECT_EQ(scim["files"], 4);
  EXPECT_EQ(scim["read"]["users"], 5);
  EXPECT_EQ(scim["duplicates"]["kinds"]["accounts"]["examples"][0], "u1");
  const auto& reasons = scim["skipped"]["reasons"];
  EXPECT_EQ(reasons["member not found"]["examples"][0], "u-gone");
  EXPECT_EQ(reasons["member of type Device not imported"]["examples"][0], "dev-1");
  EXPECT_EQ(reasons["not a SCIM User or Group"]["count"], 1);
  // alice's own "groups" back-link to Engineering is the same membership, not a duplicate.
  EXPECT_FALSE(scim["duplicates"]["kinds"].contains("memberships"));
  ASSERT_EQ(scim["metadata_mismatches"].size(), 2u);
  EXPECT_EQ(scim["metadata_mismatches"][0]["field"], "totalResults");
  EXPECT_EQ(scim["metadata_mismatches"][0]["declared"], 5);
  EXPECT_EQ(scim["metadata_mismatches"][0]["found"], 3);
}

TEST(ScimSource, EnterpriseExtensionCorrelatesAndMakesIdentities) {
  ImportedBundle hr_less(R"({"sources": [{"format": "scim", "path": "scim", "system": "okta", "identities": true}]})");
  auto bob = hr_less.find("identities.csv", "id", "okta:u2");
  EXPECT_EQ(bob["status"], "terminated");
  EXPECT_EQ(bob["title"], "Account Executive");
  EXPECT_EQ(bob["manager_id"], "okta:u3");  // the enterprise extension's manager

  ImportedBundle correlated(R"({"sources": [
      {"format": "hr_csv", "path": "hr_csv/hr.csv", "columns": {"id": "Employee ID", "email": "Work Email"}},
      {"format": "scim", "path": "scim", "system": "okta"}],
    "correlation": [{"account": "employeeID", "identity": "id"},
                    {"account": "mail", "identity": "email", "case": "insensitive"}]})");
  EXPECT_EQ(correlated.find("accounts.csv", "id", "okta:u1")["identity_id"], "1001");  // employeeNumber
  EXPECT_EQ(correlated.find("accounts.csv", "id", "okta:u3")["identity_id"], "1003");
  EXPECT_EQ(correlated.find("accounts.csv", "id", "okta:u4")["identity_id"], "");  // TEAM@: two people
  EXPECT_EQ(correlated.source(1)["correlation"]["ambiguous"], 1);
}

}  // namespace
}  // namespace accessgraph
