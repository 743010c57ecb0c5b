// The query subcommands through the real binary, on the sample bundle: JSON keys of
// SPEC section 7, text output, and exit statuses.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <fstream>
#include <set>

#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using testing::run_command;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

testing::CommandResult cli(const std::string& args) {
  return run_command(std::string(ACCESSGRAPH_CLI) + " " + args + " --as-of 2026-11-01");
}

TEST(QueryCommands, CheckJsonHasTheSpecKeys) {
  auto result = cli("check " + kSample + " u-alice ent-ad-vpn --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["identity"], "u-alice");
  EXPECT_EQ(json["entitlement"], "ent-ad-vpn");
  EXPECT_EQ(json["has"], true);
  EXPECT_EQ(json["justified"], true);
}

TEST(QueryCommands, BundleMayComeAsOption) {
  auto positional = cli("access " + kSample + " u-maria --json");
  auto option = cli("access --bundle " + kSample + " u-maria --json");
  ASSERT_EQ(positional.exit_code, 0) << positional.err;
  EXPECT_EQ(positional.out, option.out);
  auto json = nlohmann::json::parse(positional.out);
  ASSERT_FALSE(json["entitlements"].empty());
  std::vector<std::string> ids;
  for (const auto& entry : json["entitlements"]) {
    ids.push_back(entry["entitlement_id"]);
    EXPECT_TRUE(entry.contains("justified"));
    EXPECT_FALSE(entry["via"].empty());
  }
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
}

TEST(QueryCommands, WhoHasListsHoldersSortedAndByResource) {
  auto result = cli("who-has " + kSample + " ent-ad-vpn --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  EXPECT_EQ(json["entitlement"], "ent-ad-vpn");
  std::vector<std::string> ids;
  for (const auto& holder : json["identities"]) ids.push_back(holder["identity_id"]);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_NE(std::find(ids.begin(), ids.end(), "u-alice"), ids.end());
  // Every holder really has it.
  for (const auto& id : ids) {
    auto check = nlohmann::json::parse(cli("check " + kSample + " " + id + " ent-ad-vpn --json").out);
    EXPECT_EQ(check["has"], true) << id;
  }
}

TEST(QueryCommands, ExplainGivesNodePathsFromIdentityToEntitlement) {
  auto result = cli("explain " + kSample + " u-alice ent-ad-vpn --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto json = nlohmann::json::parse(result.out);
  for (const char* key : {"actual", "expected"}) {
    const auto& path = json[key];
    ASSERT_GE(path.size(), 3u) << key;
    EXPECT_EQ(path.front()["kind"], "identity");
    EXPECT_EQ(path.front()["id"], "u-alice");
    EXPECT_EQ(path.back()["kind"], "entitlement");
    EXPECT_EQ(path.back()["id"], "ent-ad-vpn");
  }
  EXPECT_EQ(json["actual"][1]["kind"], "account");
}

TEST(QueryCommands, FindingsByIdentityAccountAndTypeAgreeWithAnalyze) {
  std::string out = "/tmp/accessgraph-findings-" + std::to_string(::getpid());
  ASSERT_EQ(cli("analyze " + kSample + " --out " + out + " -q").exit_code, 0);
  std::string csv = testing::read_file(out + "/findings.csv");
  std::filesystem::remove_all(out);
  auto json = nlohmann::json::parse(cli("findings " + kSample + " --type sod_violation --json").out);
  ASSERT_FALSE(json["findings"].empty());
  for (const auto& f : json["findings"]) {
    EXPECT_EQ(f["type"], "sod_violation");
    std::string line = "sod_violation,identity," + f["subject_id"].get<std::string>() + "," +
                       f["related_id"].get<std::string>() + ",\n";
    EXPECT_NE(csv.find(line), std::string::npos) << line;
  }
  auto maria = nlohmann::json::parse(cli("findings " + kSample + " --identity u-maria --json").out);
  bool residue = false;
  for (const auto& f : maria["findings"]) residue |= f["detail"] == "mover_residue";
  EXPECT_TRUE(residue);
  EXPECT_EQ(cli("findings " + kSample + " --type nonsense").exit_code, 2);
  EXPECT_EQ(cli("findings " + kSample + " --account nobody").exit_code, 3);
}

TEST(QueryCommands, TextOutputIsReadable) {
  auto result = cli("check " + kSample + " u-alice ent-ad-vpn");
  ASSERT_EQ(result.exit_code, 0);
  EXPECT_EQ(result.out, "u-alice has ent-ad-vpn (justified)\n");
}

TEST(QueryCommands, ExitStatusesForUnknownIdsBadBundlesAndUsage) {
  auto unknown = cli("check " + kSample + " nobody ent-ad-vpn");
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_NE(unknown.err.find("unknown identity \"nobody\""), std::string::npos);
  auto missing = cli("stats /nonexistent/bundle");
  EXPECT_EQ(missing.exit_code, 2);
  auto usage = cli("check " + kSample + " only-one-argument");
  EXPECT_EQ(usage.exit_code, 2);
  auto bad_date = cli("stats " + kSample + " --as-of 2026-02-30");
  EXPECT_EQ(bad_date.exit_code, 2);
  EXPECT_EQ(run_command(std::string(ACCESSGRAPH_CLI) + " --help").exit_code, 0);
}

TEST(QueryCommands, AnalyzeWritesNothingForABadBundle) {
  std::string out = "/tmp/accessgraph-bad-out-" + std::to_string(::getpid());
  auto result = cli("analyze /nonexistent/bundle --out " + out);
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_FALSE(std::filesystem::exists(out));
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

TEST(LifecycleCommands, WhatIfPrintsTheSpecJsonAndApplyWritesEveryOutput) {
  auto whatif = cli("whatif " + kSample + " --identity u-henry --set department=Sales --set title=");
  ASSERT_EQ(whatif.exit_code, 0) << whatif.err;
  auto json = nlohmann::json::parse(whatif.out);
  for (const char* key : {"identity", "grant", "revoke", "keep", "sod_violations_after"}) EXPECT_TRUE(json.contains(key));
  EXPECT_EQ(json["identity"], "u-henry");

  std::string out = "/tmp/accessgraph-apply-" + std::to_string(::getpid());
  auto apply = run_command(std::string(ACCESSGRAPH_CLI) + " apply " + kSample + " --events " + kSample +
                           "/hr_events.csv --out " + out + " --as-of 2026-11-16 -q");
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  for (const char* file : {"plan.csv", "audit.csv", "archive.csv", "pending_events.csv", "bundle/identities.csv",
                           "bundle/accounts.csv"})
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  // SPEC's columns, then when each change takes effect and why.
  EXPECT_EQ(testing::read_file(out + "/plan.csv").rfind("event_id,seq,action,identity_id,account_id,target_id,date,cause\n", 0),
            0u);
  EXPECT_EQ(testing::read_file(out + "/audit.csv")
                .rfind("event_id,effective_date,seq,action,subject_kind,subject_id,field,before,after,date,cause\n", 0),
            0u);
  // The resulting bundle is a bundle: analyze reads it again.
  EXPECT_EQ(cli("analyze " + out + "/bundle --out " + out + "/analysis -q").exit_code, 0);
  std::filesystem::remove_all(out);

  // One bad event refuses the batch, names the event, writes nothing.
  std::string events = "/tmp/accessgraph-events-" + std::to_string(::getpid()) + ".csv";
  std::ofstream(events) << "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                           "manager_id,owner_id\nok,2026-11-02,transfer,u-alice,,,Sales,,,,\n"
                           "broken,2026-11-03,transfer,u-nobody,,,,,,,\n";
  auto refused = run_command(std::string(ACCESSGRAPH_CLI) + " apply " + kSample + " --events " + events + " --out " +
                             out + " --as-of 2026-11-16 -q");
  EXPECT_EQ(refused.exit_code, 2);
  EXPECT_NE(refused.err.find("\"broken\""), std::string::npos) << refused.err;
  EXPECT_FALSE(std::filesystem::exists(out));
  std::filesystem::remove(events);
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

// whatif --on: the transfer evaluated on a later day, from the state the timeline reaches
// by then. u-ethan's on-call role starts on 2026-11-15 (role_assignments.csv): on
// 11-01 it gives nothing, on 11-20 its prod-deploy entitlement is expected after.
TEST(LifecycleCommands, WhatIfOnADayUsesThatDaysRoles) {
  const auto expected_after = [](const std::string& out) {
    auto json = nlohmann::json::parse(out);
    std::set<std::string> after;
    for (const char* key : {"grant", "keep"})
      for (const auto& id : json[key]) after.insert(id.get<std::string>());
    return after;
  };
  auto today = cli("whatif " + kSample + " --identity u-ethan --set location=");
  ASSERT_EQ(today.exit_code, 0) << today.err;
  EXPECT_FALSE(expected_after(today.out).count("ent-aws-prod-deploy"));
  auto later = cli("whatif " + kSample + " --identity u-ethan --set location= --on 2026-11-20");
  ASSERT_EQ(later.exit_code, 0) << later.err;
  EXPECT_TRUE(expected_after(later.out).count("ent-aws-prod-deploy"));

  auto before = cli("whatif " + kSample + " --identity u-ethan --on 2026-10-20");
  EXPECT_EQ(before.exit_code, 2);
  EXPECT_NE(before.err.find("--on"), std::string::npos) << before.err;
  EXPECT_NE(before.err.find("2026-11-01"), std::string::npos) << before.err;
  EXPECT_EQ(cli("whatif " + kSample + " --rule x.csv --on 2026-11-20").exit_code, 2);
}

}  // namespace
}  // namespace accessgraph
