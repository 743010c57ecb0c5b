// Conventions every command keeps (README.md, "Exit status"): check --exit-status
// answers by exit status like grep -q; with --json an error is one JSON object on
// stderr carrying what the error knows; a bad option value exits 2 naming the option.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

using testing::CommandResult;
using testing::run_command;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

CommandResult cli(const std::string& args) { return run_command(std::string(ACCESSGRAPH_CLI) + " " + args); }

// The one JSON object a failed --json command prints on stderr.
nlohmann::json error_json(const CommandResult& result) {
  EXPECT_TRUE(result.out.empty()) << result.out;
  EXPECT_EQ(std::count(result.err.begin(), result.err.end(), '\n'), 1) << result.err;
  return nlohmann::json::parse(result.err);
}

TEST(CliConventions, CheckExitStatusAnswersLikeGrepQ) {
  const std::string check = "check " + kSample + " --as-of 2026-11-01 --exit-status ";
  const CommandResult held = cli(check + "u-alice ent-ad-vpn");
  EXPECT_EQ(held.exit_code, 0) << held.err;
  EXPECT_NE(held.out.find("has"), std::string::npos);
  const CommandResult not_held = cli(check + "u-alice ent-erp-approve-payment --json");
  EXPECT_EQ(not_held.exit_code, 1) << not_held.err;
  EXPECT_TRUE(not_held.err.empty()) << not_held.err;  // not an error
  EXPECT_EQ(nlohmann::json::parse(not_held.out)["has"], false);  // the answer is still printed
  const CommandResult quiet = cli(check + "u-alice ent-erp-approve-payment -q");
  EXPECT_EQ(quiet.exit_code, 1);
  EXPECT_TRUE(quiet.out.empty()) << quiet.out;
  // An unknown id is an error, not "not held".
  EXPECT_EQ(cli(check + "u-nobody ent-ad-vpn -q").exit_code, 3);
  // Without the flag the answer alone tells.
  EXPECT_EQ(cli("check " + kSample + " --as-of 2026-11-01 u-alice ent-erp-approve-payment").exit_code, 0);
}

TEST(CliConventions, JsonErrorOfABadBundleNamesFileLineColumnValue) {
  testing::TempBundle bundle;  // the sample with an unknown account on line 2 of group_members.csv
  for (const auto& file : std::filesystem::directory_iterator(kSample))
    if (file.path().extension() == ".csv") bundle.set(file.path().filename(), testing::read_file(file.path()));
  bundle.set("group_members.csv", "group_id,member_kind,member_id\ngrp-ad-vpn-users,account,acct-9\n");
  const CommandResult result = cli("check " + bundle.path().string() + " u-alice ent-ad-vpn --as-of 2026-11-01 --json");
  EXPECT_EQ(result.exit_code, 2);
  const nlohmann::json error = error_json(result);
  EXPECT_EQ(error["error"], "bad_input");
  EXPECT_NE(error["file"].get<std::string>().find("group_members.csv"), std::string::npos) << error;
  EXPECT_EQ(error["line"], 2);
  EXPECT_EQ(error["column"], "member_id");
  EXPECT_EQ(error["value"], "acct-9");
  EXPECT_NE(error["message"].get<std::string>().find("group_members.csv:2"), std::string::npos) << error;
}

TEST(CliConventions, JsonErrorsOfEveryKind) {
  const std::string check = "check " + kSample + " ";
  const CommandResult bad_date = cli(check + "u-alice ent-ad-vpn --as-of 2026-13-01 --json");
  EXPECT_EQ(bad_date.exit_code, 2);
  nlohmann::json error = error_json(bad_date);
  EXPECT_EQ(error["error"], "bad_argument");
  EXPECT_EQ(error["option"], "--as-of");
  EXPECT_EQ(error["value"], "2026-13-01");

  const CommandResult parse_error = cli(check + "u-alice ent-ad-vpn --threads -1 --json");
  EXPECT_EQ(parse_error.exit_code, 2);
  error = error_json(parse_error);
  EXPECT_EQ(error["error"], "bad_argument");
  EXPECT_NE(error["message"].get<std::string>().find("--threads"), std::string::npos) << error;

  const CommandResult unknown = cli(check + "u-nobody ent-ad-vpn --as-of 2026-11-01 --json");
  EXPECT_EQ(unknown.exit_code, 3);
  EXPECT_EQ(error_json(unknown)["error"], "not_found");

  const CommandResult no_state = cli("check --state /nonexistent/accessgraph-state u-alice ent-ad-vpn --json");
  EXPECT_EQ(no_state.exit_code, 4);
  EXPECT_EQ(error_json(no_state)["error"], "state");

  // Without --json the same errors stay one text line.
  const CommandResult text = cli(check + "u-nobody ent-ad-vpn --as-of 2026-11-01 -q");
  EXPECT_EQ(text.err, "accessgraph: error: unknown identity \"u-nobody\"\n");
}

TEST(CliConventions, BadOptionValuesExit2NamingTheOption) {
  const std::string check = "check " + kSample + " u-alice ent-ad-vpn ";
  for (const std::string bad : {"--threads -1", "--threads 1e400", "--threads many", "--dormant-days -5"}) {
    const CommandResult result = cli(check + bad);
    EXPECT_EQ(result.exit_code, 2) << bad;
    const std::string option = bad.substr(0, bad.find(' '));
    EXPECT_NE(result.err.find(option), std::string::npos) << result.err;
    EXPECT_EQ(result.err.find("1.79"), std::string::npos) << result.err;  // no range up to the largest double
    EXPECT_EQ(result.err.find("17976931"), std::string::npos) << result.err;
  }
  const CommandResult date = cli(check + "--as-of 2026-02-30");
  EXPECT_EQ(date.exit_code, 2);
  EXPECT_NE(date.err.find("--as-of: not an ISO 8601 date"), std::string::npos) << date.err;
  EXPECT_EQ(date.err.find("column"), std::string::npos) << date.err;
}

}  // namespace
}  // namespace accessgraph
