// Every query subcommand of the CLI prints the same with --server as with the bundle,
// as text and as --json, errors and exit statuses included. (stats differs only in
// its load timings, which are the server's own.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <regex>

#include "tests/server/server_fixture.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using namespace testing;

std::string without_timings(const std::string& output) {
  static const std::regex json_timings(R"(,\s*"timings_seconds": \{[^}]*\})");
  static const std::regex text_timings(R"(timings:\n(  .*\n)*)");
  return std::regex_replace(std::regex_replace(output, json_timings, ""), text_timings, "");
}

TEST(CliServer, EveryQueryCommandPrintsTheSameAsWithTheBundle) {
  ServerProcess server({"--bundle", kSample, "--as-of", kSampleAsOf, "--max-page-items", "4"});
  const std::string cli = std::string(ACCESSGRAPH_CLI) + " ";
  const std::vector<std::string> queries = {
      "check u-alice ent-ad-vpn",         "check u-henry ent-erp-approve-payment", "access u-maria",
      "access u-leo",                     "explain u-alice ent-ad-vpn",            "explain u-maria ent-erp-approve-payment",
      "who-has ent-ad-vpn",               "who-has --resource account:prod",       "stats",
      "findings",                         "findings --identity u-maria",           "findings --type orphan_account",
      "findings --account acct-ad-olivia",   "check u-nobody ent-ad-vpn",             "access u-nobody",
      "findings --type no_such_type",     "who-has ent-nothing"};
  for (const std::string& query : queries) {
    for (const std::string format : {"", " --json"}) {
      const CommandResult local = run_command(cli + query + " --bundle " + kSample + " --as-of " + kSampleAsOf + " -q" + format);
      const CommandResult remote = run_command(cli + query + " --server " + server.address() + format);
      EXPECT_EQ(remote.exit_code, local.exit_code) << query << format << "\n" << remote.err;
      EXPECT_EQ(without_timings(remote.out), without_timings(local.out)) << query << format;
      EXPECT_EQ(remote.err, local.err) << query << format;
      if (query == "access u-maria") {
        EXPECT_FALSE(local.out.empty());
      }
    }
  }
}

TEST(CliServer, TokenFileAndBadAddress) {
  const auto dir = std::filesystem::temp_directory_path() / ("accessgraph-cli-token-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::ofstream(dir / "tokens") << "s3cret-0123456789abcdef read\n";
  std::filesystem::permissions(dir / "tokens", std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  std::ofstream(dir / "token") << "s3cret-0123456789abcdef\n";
  ServerProcess server({"--bundle", kSample, "--as-of", kSampleAsOf, "--tokens", (dir / "tokens").string()});
  const std::string cli = std::string(ACCESSGRAPH_CLI) + " check u-alice ent-ad-vpn --json --server " + server.address();
  const CommandResult with_token = run_command(cli + " --token " + (dir / "token").string());
  EXPECT_EQ(with_token.exit_code, 0) << with_token.err;
  EXPECT_NE(with_token.out.find("\"has\": true"), std::string::npos);
  // Refused by the server: exit 5, "not authorised", as JSON with --json.
  const CommandResult without = run_command(cli);
  EXPECT_EQ(without.exit_code, 5);
  const nlohmann::json error = nlohmann::json::parse(without.err);
  EXPECT_EQ(error["error"], "not_authorised");
  EXPECT_EQ(error["code"], "Unauthenticated");
  EXPECT_NE(error["message"].get<std::string>().find("not authorised: "), std::string::npos) << without.err;
  EXPECT_NE(without.err.find("a token is required"), std::string::npos) << without.err;
  const CommandResult text = run_command(std::string(ACCESSGRAPH_CLI) + " check u-alice ent-ad-vpn --server " +
                                         server.address());
  EXPECT_EQ(text.exit_code, 5);
  EXPECT_EQ(text.err.rfind("accessgraph: error: not authorised: ", 0), 0u) << text.err;
  EXPECT_EQ(run_command(std::string(ACCESSGRAPH_CLI) + " stats --server nowhere").exit_code, 2);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace accessgraph
