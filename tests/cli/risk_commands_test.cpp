// Risk through the real binary on the sample bundle (as of 2026-11-01): risk.csv from
// analyze, --skip-risk and --policy, recert queues and request-risk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/csv_rows.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::csv_rows;
using testing::read_file;
using testing::run_command;
using testing::shell_quote;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

testing::CommandResult cli(const std::string& args) {
  return run_command(std::string(ACCESSGRAPH_CLI) + " " + args + " --as-of 2026-11-01");
}

fs::path fresh_dir(const std::string& name) {
  fs::path dir = fs::temp_directory_path() / ("accessgraph-risk-cli-" + name + "-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  return dir;
}

TEST(RiskCommands, AnalyzeWritesRiskCsvOnTheSample) {
  const fs::path out = fresh_dir("analyze");
  auto result = cli("analyze " + kSample + " --out " + shell_quote(out.string()) + " --quiet");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto rows = csv_rows(read_file(out / "risk.csv"));
  auto access = csv_rows(read_file(out / "effective_access.csv"));
  ASSERT_EQ(rows.size(), access.size());  // every actual pair, plus the header
  ASSERT_GT(rows.size(), 100u);
  // The top: Bob enters invoices and approves payments (SoD), by a direct grant.
  EXPECT_EQ(rows[1][0], "u-bob");
  EXPECT_EQ(rows[1][1], "ent-erp-approve-payment");
  EXPECT_EQ(rows[1][3], "u-jamal");
  EXPECT_EQ(rows[1][4], "revoke");
  EXPECT_NE(rows[1][5].find("sod=sod-invoice-payment"), std::string::npos) << rows[1][5];
  for (std::size_t r = 2; r < rows.size(); ++r) ASSERT_LE(std::stod(rows[r][2]), std::stod(rows[r - 1][2]));
  // The terminated Victor's access is all to be revoked.
  for (std::size_t r = 1; r < rows.size(); ++r) {
    if (rows[r][0] == "u-victor") {
      EXPECT_EQ(rows[r][4], "revoke");
    }
  }
  auto summary = nlohmann::json::parse(read_file(out / "summary.json"));
  EXPECT_EQ(summary["risk"]["rows"], rows.size() - 1);
  fs::remove_all(out);
}

TEST(RiskCommands, SkipRiskAndPolicyOptions) {
  const fs::path out = fresh_dir("skip");
  auto skipped = cli("analyze " + kSample + " --out " + shell_quote(out.string()) + " --quiet --skip-risk");
  ASSERT_EQ(skipped.exit_code, 0) << skipped.err;
  EXPECT_FALSE(fs::exists(out / "risk.csv"));
  EXPECT_TRUE(fs::exists(out / "findings.csv"));

  const fs::path policy = out / "policy.json";
  std::ofstream(policy) << R"({"identity": {"terminated": 0.99}})";
  auto custom = cli("analyze " + kSample + " --out " + shell_quote(out.string()) + " --quiet --policy " +
                    shell_quote(policy.string()));
  ASSERT_EQ(custom.exit_code, 0) << custom.err;
  auto rows = csv_rows(read_file(out / "risk.csv"));
  EXPECT_EQ(rows[1][0], "u-victor");  // now nothing outranks a leaver

  const fs::path bad_out = fresh_dir("bad");
  std::ofstream(out / "bad.json") << R"({"identity": {"terminated": "yes"}})";
  auto bad = cli("analyze " + kSample + " --out " + shell_quote(bad_out.string()) + " --policy " +
                 shell_quote((out / "bad.json").string()));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("identity.terminated"), std::string::npos) << bad.err;
  EXPECT_FALSE(fs::exists(bad_out));  // nothing written
  fs::remove_all(out);
}

TEST(RiskCommands, RecertWritesQueuesAndCampaign) {
  const fs::path out = fresh_dir("recert");
  auto result = cli("recert " + kSample + " --out " + shell_quote(out.string()) +
                    " --quiet --max-items-per-reviewer 5 --min-score 10");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  auto campaign = nlohmann::json::parse(read_file(out / "campaign.json"));
  EXPECT_GT(campaign["items"].get<int>(), 0);
  EXPECT_GT(campaign["deferred_by_cap"].get<int>(), 0);
  for (const auto& queue : campaign["queues"]) {
    auto rows = csv_rows(read_file(out / queue["file"].get<std::string>()));
    EXPECT_EQ(rows.size(), queue["items"].get<std::size_t>() + 1);
    EXPECT_LE(rows.size(), 6u);
    for (std::size_t r = 1; r < rows.size(); ++r) EXPECT_GE(std::stod(rows[r][4]), 10);
  }
  // u-jamal reviews Bob, whose riskiest access comes first, with its path.
  auto jamal = csv_rows(read_file(out / "queues" / "u-jamal.csv"));
  ASSERT_GT(jamal.size(), 1u);
  EXPECT_EQ(jamal[1][1], "u-bob");
  EXPECT_EQ(jamal[1][3], "ent-erp-approve-payment");
  EXPECT_EQ(jamal[1][7], "account:acct-erp-bob");
  EXPECT_TRUE(campaign["findings"].contains("orphan_account"));
  fs::remove_all(out);
}

TEST(RiskCommands, RequestRiskJsonAndText) {
  auto json_result = cli("request-risk " + kSample + " u-alice ent-erp-approve-payment --json");
  ASSERT_EQ(json_result.exit_code, 0) << json_result.err;
  auto json = nlohmann::json::parse(json_result.out);
  EXPECT_EQ(json["identity"], "u-alice");
  EXPECT_EQ(json["already_has"], false);
  EXPECT_EQ(json["expected"], false);
  EXPECT_EQ(json["sod_rules"], nlohmann::json::array({"sod-invoice-payment"}));  // Alice enters invoices
  EXPECT_NE(json["recommendation"], "approve");
  for (const char* key : {"score", "reviewer_id", "peers", "peer_frequency", "sensitivity", "factors"})
    EXPECT_TRUE(json.contains(key)) << key;

  auto text = cli("request-risk " + kSample + " u-alice ent-ad-vpn");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("justified by:"), std::string::npos) << text.out;

  EXPECT_EQ(cli("request-risk " + kSample + " u-nobody ent-ad-vpn").exit_code, 3);
  EXPECT_EQ(cli("request-risk " + kSample + " u-alice").exit_code, 2);
}

// --risk-top N and --risk-min-score S write the head of the full risk.csv.
TEST(RiskCommands, RiskTopAndMinScoreWriteTheHeadOfTheFullFile) {
  const fs::path full = fresh_dir("full"), top = fresh_dir("top"), min = fresh_dir("min");
  ASSERT_EQ(cli("analyze " + kSample + " --out " + shell_quote(full.string()) + " -q --skip-effective-access").exit_code, 0);
  ASSERT_EQ(cli("analyze " + kSample + " --out " + shell_quote(top.string()) + " -q --risk-top 5").exit_code, 0);
  const std::string all = read_file(full / "risk.csv");
  auto all_rows = csv_rows(all);
  auto top_rows = csv_rows(read_file(top / "risk.csv"));
  ASSERT_EQ(top_rows.size(), 6u);  // header and five rows
  for (std::size_t r = 0; r < top_rows.size(); ++r) EXPECT_EQ(top_rows[r], all_rows[r]);

  const std::string threshold = all_rows[10][2];
  ASSERT_EQ(cli("analyze " + kSample + " --out " + shell_quote(min.string()) + " -q --risk-min-score " + threshold)
                .exit_code, 0);
  auto min_rows = csv_rows(read_file(min / "risk.csv"));
  ASSERT_GE(min_rows.size(), 11u);
  for (std::size_t r = 1; r < min_rows.size(); ++r) {
    EXPECT_EQ(min_rows[r], all_rows[r]);
    EXPECT_GE(std::stod(min_rows[r][2]), std::stod(threshold));
  }
  EXPECT_EQ(cli("analyze " + kSample + " --out " + shell_quote(min.string()) + " -q --risk-min-score 101").exit_code, 2);
  for (const auto& dir : {full, top, min}) fs::remove_all(dir);
}

}  // namespace
}  // namespace accessgraph
