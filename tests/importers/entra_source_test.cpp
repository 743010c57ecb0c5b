// entra: fixtures/entra, Microsoft Graph responses: users (a second file repeats alice),
// groups with their members, app role assignments of one application and its service
// principal.
//
//   Engineering ─ alice, Platform (nested), d-1 (a device: skipped)
//   Platform ─ BOB (id in upper case), ...dead (absent)
//   Tenant Admins (role-assignable) ─ carol; its member list was cut by paging
//   Salesforce: System Administrator -> alice; default access -> Engineering
#include <gtest/gtest.h>

#include "accessgraph/engine.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

const std::string kAlice = "entra:6e1b4b8e-0a3c-4d1e-9f6a-000000000a01";
const std::string kBob = "entra:6e1b4b8e-0a3c-4d1e-9f6a-000000000a02";
const std::string kCarol = "entra:6e1b4b8e-0a3c-4d1e-9f6a-000000000a03";
const std::string kEngineering = "entra:0f3e2c1b-1111-4222-8333-000000000011";
const std::string kSalesforceAdmin =
    "entra:app:9a8b7c6d-5e4f-4a3b-8c2d-000000000001/3d2c1b0a-aaaa-4bbb-8ccc-000000000001";
const std::string kSalesforceDefault =
    "entra:app:9a8b7c6d-5e4f-4a3b-8c2d-000000000001/00000000-0000-0000-0000-000000000000";

std::string config() {
  return R"({"sources": [{"format": "entra", "path": "entra", "system": "entra", "identities": true}]})";
}

TEST(EntraSource, UsersWithSignInActivityAndAccountEnabled) {
  ImportedBundle bundle(config());
  auto alice = bundle.find("accounts.csv", "id", kAlice);
  EXPECT_EQ(alice["username"], "alice@acme.example");
  EXPECT_EQ(alice["last_used"], "2026-10-30");  // the latest of the sign-in dates
  EXPECT_EQ(alice["created"], "2020-03-01");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kBob)["status"], "disabled");
  EXPECT_EQ(bundle.find("accounts.csv", "id", kCarol)["privileged"], "true");  // Tenant Admins is role-assignable
  auto alice_person = bundle.find("identities.csv", "id", kAlice);
  EXPECT_EQ(alice_person["department"], "Engineering");
  EXPECT_EQ(alice_person["title"], "Engineer");
  EXPECT_EQ(alice_person["manager_id"], kCarol);
  EXPECT_EQ(bundle.find("identities.csv", "id", "entra:6e1b4b8e-0a3c-4d1e-9f6a-000000000a04")["kind"],
            "partner");  // a guest
}

TEST(EntraSource, GroupsMembersAndAppRoleAssignments) {
  ImportedBundle bundle(config());
  EXPECT_EQ(bundle.rows("group_members.csv").size(), 4u);  // alice, Platform, bob, carol
  auto admin = bundle.find("entitlements.csv", "id", kSalesforceAdmin);
  EXPECT_EQ(admin["name"], "Salesforce (production) / System Administrator");  // named from the service principal
  EXPECT_EQ(admin["sensitivity"], "2");
  EXPECT_EQ(bundle.find("entitlements.csv", "id", kSalesforceDefault)["name"],
            "Salesforce (production) / default access");
  auto grant = bundle.find("account_grants.csv", "account_id", kAlice);
  EXPECT_EQ(grant["entitlement_id"], kSalesforceAdmin);
  EXPECT_EQ(grant["granted_at"], "2024-01-10");
  EXPECT_EQ(bundle.find("group_grants.csv", "entitlement_id", kSalesforceDefault)["group_id"], kEngineering);

  OpenOptions options;
  options.as_of = *Date::parse("2026-11-01");
  Engine engine = Engine::open_bundle(bundle.dir(), options);
  EXPECT_TRUE(engine.check(kAlice, kSalesforceDefault).has);  // through Engineering
  EXPECT_TRUE(engine.check(kAlice, kSalesforceAdmin).has);
  EXPECT_FALSE(engine.check(kBob, kSalesforceDefault).has);  // in Platform, inside Engineering, but disabled
}

TEST(EntraSource, TheMessIsReported) {
  ImportedBundle bundle(config());
  const auto& entra = bundle.source(0);
  const auto& reasons = entra["skipped"]["reasons"];
  EXPECT_EQ(reasons["member of type #microsoft.graph.device not imported"]["count"], 1);
  EXPECT_EQ(reasons["member not found"]["examples"][0], "6e1b4b8e-0a3c-4d1e-9f6a-00000000dead");
  EXPECT_EQ(reasons["app role assignment to a service principal not imported"]["count"], 1);
  EXPECT_EQ(reasons["group members cut short by paging (members@odata.nextLink)"]["count"], 1);
  EXPECT_EQ(entra["duplicates"]["kinds"]["accounts"]["count"], 1);
  EXPECT_EQ(entra["duplicates"]["kinds"]["appRoleAssignments"]["examples"][0], "asg-1");
  ASSERT_EQ(entra["metadata_mismatches"].size(), 1u);
  EXPECT_EQ(entra["metadata_mismatches"][0]["field"], "@odata.count");
  EXPECT_EQ(entra["metadata_mismatches"][0]["declared"], 4);
  EXPECT_EQ(entra["metadata_mismatches"][0]["found"], 3);
}

}  // namespace
}  // namespace accessgraph
