// The real-format examples in ../shared/samples (SCIM: the examples of RFC 7643 and
// 7644; AWS: authorization reports from salesforce/cloudsplaining's tests), imported as
// an extra check against files we did not write. Skipped where the folder is absent
// (CI runs on a clean clone).
#include <gtest/gtest.h>

#include <set>

#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

const std::filesystem::path kSamples = std::filesystem::path(ACCESSGRAPH_SOURCE_DIR) / ".." / "shared" / "samples";

TEST(SharedSamples, ScimRfcExamples) {
  if (!std::filesystem::exists(kSamples / "scim")) GTEST_SKIP() << kSamples << " absent";
  ImportedBundle bundle(R"({"sources": [{"format": "scim", "path": ")" + (kSamples / "scim").string() +
                        R"(", "system": "example"}]})");
  // bjensen is the same user in four examples: kept once.
  auto babs = bundle.find("accounts.csv", "id", "example:2819c223-7f76-453a-919d-413861904646");
  EXPECT_EQ(babs["username"], "bjensen@example.com");
  EXPECT_EQ(babs["created"], "2010-01-23");
  EXPECT_EQ(bundle.source(0)["duplicates"]["kinds"]["accounts"]["count"], 3);
  // RFC 7644 3.7.1: two groups that contain each other.
  auto a = "example:c3a26dd3-27a0-4dec-a2ac-ce211e105f97", b = "example:6c5bb468-14b2-4183-baf2-06d523e03bd3";
  bool a_in_b = false, b_in_a = false;
  for (auto& row : bundle.rows("group_members.csv")) {
    a_in_b |= row["group_id"] == b && row["member_id"] == a && row["member_kind"] == "group";
    b_in_a |= row["group_id"] == a && row["member_id"] == b && row["member_kind"] == "group";
  }
  EXPECT_TRUE(a_in_b && b_in_a);
  // RFC 7643 8.4: "Tour Guides" lists Mandy Pepperidge, who is in no example.
  EXPECT_EQ(bundle.source(0)["skipped"]["reasons"]["member not found"]["examples"][0],
            "902c246b-6245-4190-8e05-00816be7344a");
  EXPECT_EQ(bundle.source(0)["metadata_mismatches"][0]["declared"], 100);  // RFC 7644 3.4.3: a page of 100
  // Everything the seven files hold, once: the users bjensen (four times), jsmith of 3.4.2
  // and jsmith of 3.4.3 (another id), told from groups by shape where a file has no
  // schemas; the groups Tour Guides, Group A, Group B and Smith Family; the memberships
  // bjensen in Tour Guides and the two groups in each other.
  EXPECT_EQ(bundle.rows("accounts.csv").size(), 3u);
  EXPECT_EQ(bundle.find("accounts.csv", "id", "example:c75ad752-64ae-4823-840d-ffa80929976c")["username"], "jsmith");
  EXPECT_EQ(bundle.rows("groups.csv").size(), 4u);
  EXPECT_EQ(bundle.find("groups.csv", "id", "example:c8596b90-7539-4f20968d1908")["name"], "Smith Family");
  EXPECT_EQ(bundle.rows("group_members.csv").size(), 3u);
  EXPECT_EQ(bundle.find("group_members.csv", "member_id", "example:2819c223-7f76-453a-919d-413861904646")["group_id"],
            "example:e9e30dba-f08f-4109-8486-d5c6a331660a");
  // Every group grants its membership entitlement; bjensen holds Tour Guides'.
  EXPECT_EQ(bundle.rows("entitlements.csv").size(), 4u);
  EXPECT_EQ(bundle.rows("group_grants.csv").size(), 4u);
  EXPECT_EQ(babs["status"], "enabled");
  EXPECT_TRUE(bundle.report()["verified"]);
}

TEST(SharedSamples, AwsAuthorizationReports) {
  if (!std::filesystem::exists(kSamples / "aws_iam")) GTEST_SKIP() << kSamples << " absent";
  ImportedBundle bundle(R"({"sources": [{"format": "aws_iam", "path": ")" + (kSamples / "aws_iam").string() +
                        R"(", "system": "aws"}]})");
  auto obama = bundle.find("accounts.csv", "username", "obama");
  EXPECT_EQ(obama["privileged"], "true");  // AdministratorAccess
  EXPECT_EQ(bundle.find("entitlements.csv", "name", "AdministratorAccess")["sensitivity"], "3");
  auto role = bundle.find("accounts.csv", "username", "MyRole");
  EXPECT_EQ(bundle.find("identities.csv", "id", role["id"])["kind"], "service");
  // What the two reports hold, read here independently: every user, group and role once
  // (MyOtherRole is in both files, with one ARN: a duplicate), every GroupList entry a
  // membership, every role its own service identity.
  std::set<std::string> users, groups, roles;
  std::size_t memberships = 0;
  for (const char* name : {"example-authz-details.json", "example_authz_v2.json"}) {
    auto report = nlohmann::json::parse(testing::read_file(kSamples / "aws_iam" / name));
    for (const auto& user : report["UserDetailList"]) {
      users.insert(user["Arn"].get<std::string>());
      memberships += user["GroupList"].size();
    }
    for (const auto& group : report["GroupDetailList"]) groups.insert(group["Arn"].get<std::string>());
    for (const auto& role : report["RoleDetailList"]) roles.insert(role["Arn"].get<std::string>());
  }
  EXPECT_EQ(bundle.rows("accounts.csv").size(), users.size() + roles.size());
  EXPECT_EQ(bundle.rows("groups.csv").size(), groups.size());
  EXPECT_EQ(bundle.rows("group_members.csv").size(), memberships);
  EXPECT_EQ(bundle.rows("identities.csv").size(), roles.size());
  EXPECT_EQ(bundle.source(0)["duplicates"]["kinds"]["accounts"]["count"], 1);
  for (const auto& arn : users) EXPECT_FALSE(bundle.find("accounts.csv", "id", "aws:" + arn).empty()) << arn;
  EXPECT_TRUE(bundle.report()["verified"]);
}

}  // namespace
}  // namespace accessgraph
