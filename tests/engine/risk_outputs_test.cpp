// risk.csv and recertification campaigns (SPEC sections 4 and 5) through the Engine.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

#include "accessgraph/batch.hpp"
#include "core/io/csv_format.hpp"
#include "engine/report/recert_writer.hpp"
#include "tests/support/csv_rows.hpp"
#include "tests/support/risk_world.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::csv_rows;
using testing::read_file;
using testing::RiskWorld;

class OutDir {
 public:
  OutDir() {
    char pattern[] = "/tmp/accessgraph-risk-out-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~OutDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

std::string csv_key(const std::string& id) {
  const bool quote = id.find_first_of(",\"\r\n") != std::string::npos;
  std::string key = quote ? "\"" : "";
  for (char c : id) key += c == '"' ? std::string("\"\"") : std::string(1, c);
  return key + (quote ? "\"," : ",");
}

// Equal access for identities whose ids sort differently as CSV fields than as plain
// strings ("a,1" is quoted, and '"' sorts before letters), so ties must be broken by
// the encoded ids.
RiskWorld tie_world() {
  RiskWorld w;
  w.system_owner("owner").person("owner", "active", "employee", "Board", "Chair");
  w.entitlement("e2", 1).entitlement("e1", 1).entitlement("crit", 3);
  for (const std::string id : {"b", "a,1", "a", "Z"}) {
    w.person(id).account("acct-" + id, id);
    w.grant("acct-" + id, "e2").grant("acct-" + id, "e1");
  }
  w.grant("acct-b", "crit");
  return w;
}

TEST(RiskCsv, HighestFirstTiesInCsvByteOrder) {
  RiskWorld world = tie_world();
  Engine engine = world.open();
  OutDir out;
  AnalyzeOptions analyze_options;
  analyze_options.out_dir = out.path();
  AnalyzeReport analyzed = analyze(engine, analyze_options);
  RiskWriteOptions options;
  options.out_dir = out.path();
  RiskReport report = write_risk(engine, options);
  EXPECT_EQ(report.rows, analyzed.effective_access_rows);

  const std::string text = read_file(out.path() / "risk.csv");
  auto rows = csv_rows(text);
  ASSERT_EQ(rows.size(), report.rows + 1);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"identity_id", "entitlement_id", "score", "reviewer_id",
                                               "recommendation", "factors"}));
  EXPECT_EQ(rows[1][0], "b");
  EXPECT_EQ(rows[1][1], "crit");
  const std::regex score_format(R"(\d{1,3}\.\d\d)");
  for (std::size_t r = 1; r < rows.size(); ++r) {
    ASSERT_EQ(rows[r].size(), 6u);
    EXPECT_TRUE(std::regex_match(rows[r][2], score_format)) << rows[r][2];
    EXPECT_EQ(rows[r][3], "owner");  // no manager, no entitlement owner: the system's owner
    EXPECT_EQ(rows[r][5].rfind("sensitivity=", 0), 0u) << rows[r][5];
    if (r == 1) continue;
    const double previous = std::stod(rows[r - 1][2]), score = std::stod(rows[r][2]);
    ASSERT_LE(score, previous);
    if (score == previous) {
      EXPECT_LT(csv_key(rows[r - 1][0]) + csv_key(rows[r - 1][1]), csv_key(rows[r][0]) + csv_key(rows[r][1]));
    }
  }
  EXPECT_NE(text.find("\n\"a,1\",e1,"), std::string::npos);  // quoted only where needed
  EXPECT_EQ(text.find('\r'), std::string::npos);

  auto summary = nlohmann::json::parse(read_file(out.path() / "summary.json"));
  EXPECT_EQ(summary["risk"]["rows"], report.rows);
  EXPECT_TRUE(summary["timings_seconds"].contains("risk_score"));
  EXPECT_TRUE(summary.contains("effective_access"));  // analyze's sections are kept
}

// --risk-min-score and --risk-top (engine side): the file is the head of the full one.
TEST(RiskCsv, MinScoreAndRowCapKeepTheHeadOfTheFullFile) {
  Engine engine = tie_world().open();
  OutDir full, capped, above;
  RiskWriteOptions options;
  options.out_dir = full.path();
  const RiskReport all = write_risk(engine, options);
  const auto all_rows = csv_rows(read_file(full.path() / "risk.csv"));
  ASSERT_GT(all.rows, 4u);
  EXPECT_EQ(all.scored, all.rows);

  options.out_dir = capped.path();
  options.max_rows = 3;
  const RiskReport top = write_risk(engine, options);
  EXPECT_EQ(top.rows, 3u);
  EXPECT_EQ(top.scored, all.scored);
  EXPECT_EQ(csv_rows(read_file(capped.path() / "risk.csv")),
            std::vector<std::vector<std::string>>(all_rows.begin(), all_rows.begin() + 4));

  options.out_dir = above.path();
  options.max_rows = 0;
  options.min_score = std::stod(all_rows[2][2]);  // the second row's score: ties kept
  const RiskReport kept = write_risk(engine, options);
  std::size_t expected = 0;
  for (std::size_t r = 1; r < all_rows.size(); ++r) expected += std::stod(all_rows[r][2]) >= options.min_score;
  EXPECT_EQ(kept.rows, expected);
  EXPECT_EQ(csv_rows(read_file(above.path() / "risk.csv")),
            std::vector<std::vector<std::string>>(all_rows.begin(), all_rows.begin() + 1 + expected));
  std::uint64_t by_recommendation = 0;
  for (const NamedCount& count : kept.recommendations) by_recommendation += count.count;
  EXPECT_EQ(by_recommendation, kept.rows);

  options.min_score = 101;
  EXPECT_THROW(write_risk(engine, options), InputError);
}

TEST(RiskCsv, ABadPolicyWritesNothing) {
  Engine engine = tie_world().open();
  OutDir out;
  RiskWriteOptions options;
  options.out_dir = out.path() / "risk";
  options.policy_file = "/nonexistent/policy.json";
  EXPECT_THROW(write_risk(engine, options), InputError);
  EXPECT_FALSE(fs::exists(options.out_dir));
}

// boss manages emp1 and emp2. "owner" owns the system: it reviews the orphan account
// acct-ghost, emp2's dormant acct-old and the ownerless service svc.
RiskWorld campaign_world() {
  RiskWorld w;
  w.system_owner("owner").person("owner", "active", "employee", "Board", "Chair").person("boss");
  w.person("emp1", "active", "employee", "Ops", "Eng", "boss").person("emp2", "active", "employee", "Ops", "Eng", "boss");
  w.person("svc", "active", "service");
  for (const std::string e : {"e1", "e2", "e3"}) w.entitlement(e, 1);
  w.entitlement("crit", 3);
  w.account("acct-emp1", "emp1").grant("acct-emp1", "e1").grant("acct-emp1", "e2").grant("acct-emp1", "e3");
  w.via_group("grp-critical", "acct-emp1", "crit");
  w.account("acct-emp2", "emp2").grant("acct-emp2", "e1");
  w.account("acct-old", "emp2", false, "enabled", "2025-01-01").grant("acct-old", "e2");
  w.account("acct-ghost", "ghost", true).grant("acct-ghost", "crit");
  w.account("acct-svc", "svc").grant("acct-svc", "e1");
  return w;
}

TEST(Recert, QueuesPerReviewerRiskiestFirstWithPaths) {
  Engine engine = campaign_world().open();
  OutDir out;
  RecertOptions options;
  options.out_dir = out.path();
  RecertReport report = recertify(engine, options);
  EXPECT_EQ(report.reviewers, 2u);  // boss, owner
  EXPECT_EQ(report.unrouted, 0u);

  auto boss = testing::csv_records(read_file(out.path() / "queues" / "boss.csv"));
  ASSERT_EQ(boss.size(), 4u + 2);  // emp1: e1 e2 e3 crit; emp2: e1 e2
  EXPECT_EQ(csv_rows(read_file(out.path() / "queues" / "boss.csv"))[0],
            (std::vector<std::string>{"item_id", "kind", "identity_id", "identity_name", "title", "department",
                                      "manager_name", "account_id", "entitlement_id", "entitlement_name",
                                      "system_name", "sensitivity", "last_used", "score", "recommendation", "reasons",
                                      "factors", "path", "expected_path", "reviewer_id", "decision", "comment"}));
  EXPECT_EQ(boss[0]["kind"], "access");
  EXPECT_EQ(boss[0]["identity_id"], "emp1");
  EXPECT_EQ(boss[0]["entitlement_id"], "crit");
  EXPECT_EQ(boss[0]["account_id"], "acct-emp1");
  EXPECT_EQ(boss[0]["path"], "account:acct-emp1 > group:grp-critical");
  EXPECT_EQ(boss[0]["reviewer_id"], "boss");
  for (std::size_t r = 1; r < boss.size(); ++r) EXPECT_LE(std::stod(boss[r]["score"]), std::stod(boss[r - 1]["score"]));

  auto owner = testing::csv_records(read_file(out.path() / "queues" / "owner.csv"));
  std::vector<std::string> kinds;
  for (auto& row : owner) kinds.push_back(row["kind"] + " " + row["identity_id"] + " " + row["account_id"]);
  std::sort(kinds.begin(), kinds.end());
  EXPECT_EQ(kinds, (std::vector<std::string>{"access svc acct-svc", "dormant_account emp2 acct-old",
                                             "nhi_no_owner svc ", "orphan_account ghost acct-ghost"}));
  EXPECT_EQ(owner[0]["kind"], "orphan_account");  // privileged, critical and nobody's: the riskiest
  EXPECT_EQ(owner[0]["recommendation"], "revoke");
  EXPECT_NE(owner[0]["factors"].find("max_sensitivity=3;privileged"), std::string::npos) << owner[0]["factors"];
  EXPECT_NE(owner[0]["reasons"].find("names no identity"), std::string::npos) << owner[0]["reasons"];

  auto campaign = nlohmann::json::parse(read_file(out.path() / "campaign.json"));
  EXPECT_EQ(campaign["items"], report.items);
  EXPECT_EQ(campaign["items_by_kind"]["orphan_account"], 1);
  EXPECT_EQ(campaign["findings"]["orphan_account"], 1);
  EXPECT_EQ(campaign["findings"]["nhi_no_owner"], 1);
  EXPECT_EQ(campaign["riskiest_identities"][0]["identity_id"], "emp1");
  EXPECT_TRUE(campaign.contains("auto_approvable_share"));
  EXPECT_EQ(campaign["queues"].size(), 2u);
}

TEST(Recert, CapAndMinimumScore) {
  Engine engine = campaign_world().open();
  OutDir out;
  RecertOptions options;
  options.out_dir = out.path();
  options.max_items_per_reviewer = 2;
  RecertReport capped = recertify(engine, options);
  auto boss = testing::csv_records(read_file(out.path() / "queues" / "boss.csv"));
  ASSERT_EQ(boss.size(), 2u);
  EXPECT_EQ(boss[0]["entitlement_id"], "crit");  // the riskiest are kept
  EXPECT_EQ(capped.deferred, 4u + 2u);  // boss 6 - 2, owner 4 - 2

  RecertOptions strict;
  strict.out_dir = out.path();  // a second campaign replaces the first
  strict.min_score = 50;
  RecertReport high = recertify(engine, strict);
  EXPECT_LT(high.items, capped.items + capped.deferred);
  for (const auto& entry : fs::directory_iterator(out.path() / "queues"))
    for (auto& row : testing::csv_records(read_file(entry.path()))) EXPECT_GE(std::stod(row["score"]), 50) << row["item_id"];
  EXPECT_FALSE(fs::exists(out.path() / ".queues.tmp"));

  strict.min_score = 101;
  EXPECT_THROW(recertify(engine, strict), InputError);
}

TEST(Recert, QueueFileNamesAreSafeAndDistinct) {
  EXPECT_EQ(queue_file_name("u-alice"), "u-alice.csv");
  EXPECT_EQ(queue_file_name("CN.Smith_2"), "CN.Smith_2.csv");
  const std::string slash = queue_file_name("a/b"), other = queue_file_name("a:b");
  EXPECT_EQ(slash.rfind("a_b~", 0), 0u);
  EXPECT_NE(slash, other);
  EXPECT_NE(queue_file_name("_unrouted"), "_unrouted.csv");
  EXPECT_NE(queue_file_name("..").find('~'), std::string::npos);
  EXPECT_LT(queue_file_name(std::string(256, 'x')).size(), 150u);
  // Never hidden, never read as an option, never "." or "..", and still distinct.
  std::set<std::string> names;
  for (const std::string id : {".", "..", "...", "-", "-2+3", "--help", ".hidden", "_", "-_", "._"}) {
    const std::string name = queue_file_name(id);
    EXPECT_NE(name.front(), '.') << id;
    EXPECT_NE(name.front(), '-') << id;
    EXPECT_NE(name.find('~'), std::string::npos) << id;
    EXPECT_TRUE(names.insert(name).second) << id;
  }
  EXPECT_EQ(queue_file_name("..").rfind("__~", 0), 0u);
  EXPECT_EQ(queue_file_name("-2+3").rfind("_2_3~", 0), 0u);
}

TEST(Recert, HumanFacingCellsNeverStartLikeAFormula) {
  std::string row;
  append_human_csv_row(row, "=1+2", "+1", "-2", "@SUM(A1)", "\tx", "plain", "a,=b", "=HYPERLINK(\"x\",\"y\")", "");
  EXPECT_EQ(row, "'=1+2,'+1,'-2,'@SUM(A1),'\tx,plain,\"a,=b\",\"'=HYPERLINK(\"\"x\"\",\"\"y\"\")\",\n");
  std::string machine;
  append_csv_row(machine, "=1+2", "-2");
  EXPECT_EQ(machine, "=1+2,-2\n");
}

}  // namespace
}  // namespace accessgraph
