// Risk through the real binary on the sample bundle (as of 2026-11-01): risk.csv from
// analyze, --skip-risk and --policy, recert queues and request-risk.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

#include "tests/support/csv_rows.hpp"
#include "tests/support/decisions_world.hpp"
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

// The index of each column of a CSV's header row.
std::map<std::string, std::size_t> columns_of(const std::vector<std::string>& header) {
  std::map<std::string, std::size_t> columns;
  for (std::size_t c = 0; c < header.size(); ++c) columns[header[c]] = c;
  return columns;
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
    const std::size_t score = columns_of(rows[0]).at("score");
    for (std::size_t r = 1; r < rows.size(); ++r) EXPECT_GE(std::stod(rows[r][score]), 10);
  }
  // u-jamal reviews Bob, whose riskiest access comes first, with its path, names and reasons.
  auto jamal = csv_rows(read_file(out / "queues" / "u-jamal.csv"));
  ASSERT_GT(jamal.size(), 1u);
  const auto c = columns_of(jamal[0]);
  EXPECT_EQ(jamal[1][c.at("identity_id")], "u-bob");
  EXPECT_EQ(jamal[1][c.at("identity_name")], "Bob Schmidt");
  EXPECT_EQ(jamal[1][c.at("manager_name")], "Jamal Carter");
  EXPECT_EQ(jamal[1][c.at("entitlement_id")], "ent-erp-approve-payment");
  EXPECT_EQ(jamal[1][c.at("path")], "account:acct-erp-bob");
  EXPECT_EQ(jamal[1][c.at("item_id")].size(), 16u);
  EXPECT_NE(jamal[1][c.at("reasons")].find("separation-of-duties"), std::string::npos) << jamal[1][c.at("reasons")];
  EXPECT_EQ(jamal[1][c.at("decision")], "");
  EXPECT_EQ(jamal[1][c.at("comment")], "");
  EXPECT_TRUE(campaign["findings"].contains("orphan_account"));

  // --json: the same items as JSON Lines.
  const fs::path lines = fresh_dir("recert-json");
  ASSERT_EQ(cli("recert " + kSample + " --out " + shell_quote(lines.string()) +
                " --quiet --max-items-per-reviewer 5 --min-score 10 --json")
                .exit_code,
            0);
  std::istringstream jsonl(read_file(lines / "queues" / "u-jamal.jsonl"));
  std::string line;
  std::size_t n = 0;
  while (std::getline(jsonl, line)) {
    const auto item = nlohmann::json::parse(line);
    ++n;
    EXPECT_EQ(item["item_id"], jamal[n][c.at("item_id")]);
    EXPECT_EQ(item["score"].get<double>(), std::stod(jamal[n][c.at("score")]));
  }
  EXPECT_EQ(n + 1, jamal.size());
  fs::remove_all(out);
  fs::remove_all(lines);
}

// The review loop through the binary: a campaign kept in a state, a queue filled in
// and handed back, the revocation in history, a bad file refused whole, the close.
TEST(RiskCommands, RecertDecideAndCloseOnAState) {
  const fs::path dir = fresh_dir("review");
  const std::string state = shell_quote((dir / "st").string()), out = shell_quote((dir / "campaign").string());
  auto run = [](const std::string& args) { return run_command(std::string(ACCESSGRAPH_CLI) + " " + args); };
  ASSERT_EQ(run("state init " + kSample + " --state " + state + " --as-of 2026-11-02 -q").exit_code, 0);
  ASSERT_EQ(run("apply --state " + state + " --as-of 2026-11-02 -q").exit_code, 0);
  auto opened = run("recert --state " + state + " --out " + out + " -q");
  ASSERT_EQ(opened.exit_code, 0) << opened.err;
  const std::string id = nlohmann::json::parse(read_file(dir / "campaign" / "campaign.json"))["campaign_id"];
  EXPECT_EQ(id, "c-20261102-1");
  EXPECT_NE(opened.out.find("campaign " + id), std::string::npos) << opened.out;

  // Jamal revokes Bob's payment approval in his queue file and hands it back.
  auto queue = csv_rows(read_file(dir / "campaign" / "queues" / "u-jamal.csv"));
  const auto c = columns_of(queue[0]);
  ASSERT_EQ(queue[1][c.at("entitlement_id")], "ent-erp-approve-payment");
  std::string decisions = "item_id,decision,reviewer_id,comment\n" + queue[1][c.at("item_id")] +
                          ",revoke,u-jamal,SoD: Bob enters invoices\n";
  std::ofstream(dir / "decisions.csv") << decisions;
  // A file with one good row and one for another reviewer's item is refused whole.
  auto diego = csv_rows(read_file(dir / "campaign" / "queues" / "u-diego.csv"));
  std::ofstream(dir / "bad.csv") << decisions << diego[1][c.at("item_id")] << ",certify,u-jamal,\n";
  auto bad = run("recert decide --state " + state + " --campaign " + id + " --decisions " +
                 shell_quote((dir / "bad.csv").string()));
  EXPECT_EQ(bad.exit_code, 2) << bad.err;
  EXPECT_NE(bad.err.find("bad.csv:3"), std::string::npos) << bad.err;
  EXPECT_NE(run("check u-bob ent-erp-approve-payment --state " + state + " --json").out.find("\"has\": true"),
            std::string::npos);

  auto decided = run("recert decide --state " + state + " --campaign " + id + " --decisions " +
                     shell_quote((dir / "decisions.csv").string()) + " --json");
  ASSERT_EQ(decided.exit_code, 0) << decided.err;
  const auto applied = nlohmann::json::parse(decided.out);
  EXPECT_EQ(applied["revoked"], 1);
  ASSERT_EQ(applied["plan"].size(), 1u);
  EXPECT_EQ(applied["plan"][0]["action"], "revoke");
  EXPECT_EQ(applied["plan"][0]["target_id"], "ent-erp-approve-payment");
  EXPECT_NE(run("check u-bob ent-erp-approve-payment --state " + state + " --json").out.find("\"has\": false"),
            std::string::npos);
  auto history = run("history u-bob --state " + state);
  EXPECT_NE(history.out.find("review:" + id + ":" + queue[1][c.at("item_id")]), std::string::npos) << history.out;
  // The same file again: already decided.
  EXPECT_EQ(run("recert decide --state " + state + " --campaign " + id + " --decisions " +
                shell_quote((dir / "decisions.csv").string()))
                .exit_code,
            2);
  EXPECT_EQ(run("recert decide --state " + state + " --campaign c-nope --decisions " +
                shell_quote((dir / "decisions.csv").string()))
                .exit_code,
            3);

  auto status = run("recert status --state " + state + " --campaign " + id + " --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(nlohmann::json::parse(status.out)["revoked"], 1);
  auto closed = run("recert close --state " + state + " --campaign " + id + " --out " +
                    shell_quote((dir / "evidence").string()));
  ASSERT_EQ(closed.exit_code, 0) << closed.err;
  auto evidence = csv_rows(read_file(dir / "evidence" / "evidence.csv"));
  const auto e = columns_of(evidence[0]);
  EXPECT_EQ(evidence.size(), nlohmann::json::parse(read_file(dir / "campaign" / "campaign.json"))["items"].get<std::size_t>() + 1);
  std::size_t revoked = 0;
  for (std::size_t r = 1; r < evidence.size(); ++r)
    if (evidence[r][e.at("decision")] == "revoke") {
      ++revoked;
      EXPECT_EQ(evidence[r][e.at("reviewer_id")], "u-jamal");
      EXPECT_EQ(evidence[r][e.at("comment")], "SoD: Bob enters invoices");
      EXPECT_EQ(evidence[r][e.at("plan")], "revoke acct-erp-bob ent-erp-approve-payment");
      EXPECT_EQ(evidence[r][e.at("decided_at")], "2026-11-02");
    } else {
      EXPECT_EQ(evidence[r][e.at("decision")], "none");  // the default close_default leaves them undecided
    }
  EXPECT_EQ(revoked, 1u);
  fs::remove_all(dir);
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

namespace accessgraph {
namespace {

// risk-auc end to end on a small generated case with a planted signal; analyze's
// risk.csv learns from the same decisions.csv.
TEST(RiskCommands, RiskAucPrintsEveryScoreAndNeedsDecisions) {
  testing::TempBundle bundle;
  testing::write_decisions_world(bundle, 600, 1.0);
  auto result = cli("risk-auc " + shell_quote(bundle.path().string()) + " --holdout 0.3 --seed 4 --json");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const auto json = nlohmann::json::parse(result.out);
  EXPECT_GT(json["held_out"].get<int>(), 100);
  EXPECT_EQ(json["training"].get<int>() + json["held_out"].get<int>(), json["decisions"].get<int>());
  EXPECT_TRUE(json["learned"].get<bool>());
  for (const char* key : {"blended", "learned", "unsupervised", "peers:department,title", "peers:manager_id",
                          "peers:department", "peers:title", "peers:location", "peers:everyone"})
    EXPECT_TRUE(json["auc"].contains(key)) << key;
  EXPECT_GT(json["auc"]["blended"].get<double>(), 0.8);  // at best about 0.875
  EXPECT_GT(json["auc"]["blended"].get<double>(), json["auc"]["unsupervised"].get<double>());
  const auto again = cli("risk-auc " + shell_quote(bundle.path().string()) + " --holdout 0.3 --seed 4 --json");
  EXPECT_EQ(nlohmann::json::parse(again.out)["auc"], json["auc"]);  // deterministic

  const auto text = cli("risk-auc " + shell_quote(bundle.path().string()) + " --quiet");
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("blended"), std::string::npos);
  EXPECT_NE(text.out.find("peers:department,title"), std::string::npos);

  const fs::path out = fresh_dir("learned");
  auto analyze = cli("analyze " + shell_quote(bundle.path().string()) + " --out " + shell_quote(out.string()) + " --quiet");
  ASSERT_EQ(analyze.exit_code, 0) << analyze.err;
  const auto rows = csv_rows(read_file(out / "risk.csv"));
  ASSERT_GT(rows.size(), 1000u);
  for (std::size_t r = 1; r < rows.size(); ++r) ASSERT_NE(rows[r][5].find(";learned=0."), std::string::npos) << rows[r][5];

  bundle.remove("decisions.csv");
  const auto none = cli("risk-auc " + shell_quote(bundle.path().string()) + " --quiet");
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("decisions.csv"), std::string::npos) << none.err;
}

}  // namespace
}  // namespace accessgraph
