// The real-format examples in ../shared/samples (SCIM: the examples of RFC 7643 and
// 7644; AWS: authorization reports from salesforce/cloudsplaining's tests), imported as
// an extra check against files we did not write. Skipped where the folder is absent
// (CI runs on a clean clone).
#include <gtest/gtest.h>

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
  EXPECT_TRUE(bundle.report()["verified"]);
}

}  // namespace
}  // namespace accessgraph
