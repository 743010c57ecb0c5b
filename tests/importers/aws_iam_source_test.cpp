// aws_iam: fixtures/aws_iam, two pages of `aws iam get-account-authorization-details`
// (the second repeats alice). Policies are entitlements with sensitivity from what they
// allow; group policies reach members through membership; the role is a machine.
#include <gtest/gtest.h>

#include "accessgraph/engine.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

const std::string kAccount = "arn:aws:iam::111122223333:";

std::string config() {
  return R"({"sources": [{"format": "aws_iam", "path": "aws_iam", "system": "aws-prod"}],
             "correlation": [{"account": "employeeID", "identity": "id"}]})";
}

TEST(AwsIamSource, PoliciesAreEntitlementsWithSensitivityFromWhatTheyAllow) {
  ImportedBundle bundle(config());
  auto sensitivity = [&](const std::string& id) { return bundle.find("entitlements.csv", "id", id)["sensitivity"]; };
  EXPECT_EQ(sensitivity("aws-prod:arn:aws:iam::aws:policy/AdministratorAccess"), "3");
  EXPECT_EQ(sensitivity("aws-prod:" + kAccount + "user/ci-bot#pass-role"), "3");  // iam:PassRole, URL-encoded document
  EXPECT_EQ(sensitivity("aws-prod:" + kAccount + "group/developers#ec2-describe"), "2");  // ec2:Describe* on *
  EXPECT_EQ(sensitivity("aws-prod:" + kAccount + "user/admin-bob#s3-read"), "1");         // one action, one bucket
  // The default version counts (v2), not v1's "*".
  EXPECT_EQ(sensitivity("aws-prod:" + kAccount + "policy/DeployPolicy"), "1");
  EXPECT_EQ(bundle.find("entitlements.csv", "id", "aws-prod:" + kAccount + "policy/DeployPolicy")["action"],
            "managed policy");
  EXPECT_EQ(bundle.rows("entitlements.csv").size(), 5u);  // IAM groups grant policies, not themselves
  EXPECT_EQ(bundle.find("systems.csv", "id", "aws-prod")["kind"], "cloud");
}

TEST(AwsIamSource, UsersGroupsAndTheRoleAsAMachine) {
  ImportedBundle bundle(config());
  EXPECT_EQ(bundle.column("accounts.csv", "username"),
            (std::vector<std::string>{"alice", "admin-bob", "ci-bot", "deploy-role", "dave"}));
  auto role = bundle.find("accounts.csv", "username", "deploy-role");
  EXPECT_EQ(role["identity_id"], role["id"]);
  EXPECT_EQ(role["last_used"], "2026-10-30");  // RoleLastUsed
  EXPECT_EQ(bundle.find("identities.csv", "id", role["id"])["kind"], "service");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "admin-bob")["privileged"], "true");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "ci-bot")["privileged"], "true");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "alice")["privileged"], "false");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "alice")["created"], "2020-03-01");
  EXPECT_EQ(bundle.rows("group_members.csv").size(), 2u);  // alice and dave in developers
  const auto& aws = bundle.source(0);
  EXPECT_EQ(aws["skipped"]["reasons"]["group not found"]["count"], 1);  // alice's ghost-group
  EXPECT_EQ(aws["duplicates"]["kinds"]["accounts"]["examples"][0], kAccount + "user/alice");
}

TEST(AwsIamSource, GroupPoliciesReachMembersThroughMembership) {
  ImportedBundle bundle(
      R"({"sources": [{"format": "aws_iam", "path": "aws_iam", "system": "aws-prod", "identities": true}]})");
  OpenOptions options;
  options.as_of = *Date::parse("2026-11-01");
  Engine engine = Engine::open_bundle(bundle.dir(), options);
  std::string alice = "aws-prod:" + kAccount + "user/alice";
  EXPECT_TRUE(engine.check(alice, "aws-prod:" + kAccount + "group/developers#ec2-describe").has);
  EXPECT_TRUE(engine.check(alice, "aws-prod:" + kAccount + "policy/DeployPolicy").has);
  EXPECT_FALSE(engine.check(alice, "aws-prod:arn:aws:iam::aws:policy/AdministratorAccess").has);
}

TEST(AwsIamSource, TagsCorrelate) {
  ImportedBundle bundle(R"({"sources": [
      {"format": "hr_csv", "path": "hr_csv/hr.csv", "columns": {"id": "Employee ID", "email": "Work Email"}},
      {"format": "aws_iam", "path": "aws_iam", "system": "aws-prod"}],
    "correlation": [{"account": "employeeID", "identity": "id"}, {"account": "mail", "identity": "email"}]})");
  EXPECT_EQ(bundle.find("accounts.csv", "username", "admin-bob")["identity_id"], "1002");  // tag employeeID
  EXPECT_EQ(bundle.find("accounts.csv", "username", "alice")["identity_id"], "1001");      // tag email
}

}  // namespace
}  // namespace accessgraph
