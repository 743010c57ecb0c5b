// accessgraph import through the real binary: the README's five commands on
// datasets/import_example (import, analyze, findings, access, recert), refusals with exit
// status 2 and nothing written, and the help that explains the config.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "tests/support/csv_rows.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::read_file;
using testing::run_command;
using testing::shell_quote;

const fs::path kExample = fs::path(ACCESSGRAPH_SOURCE_DIR) / "datasets" / "import_example";

class ImportCommand : public ::testing::Test {
 protected:
  ImportCommand() {
    char pattern[] = "/tmp/accessgraph-import-cli-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  ~ImportCommand() override { fs::remove_all(dir_); }

  testing::CommandResult cli(const std::string& args) { return run_command(std::string(ACCESSGRAPH_CLI) + " " + args); }
  testing::CommandResult import(const fs::path& config, const fs::path& out, const std::string& more = "") {
    return cli("import --config " + shell_quote(config.string()) + " --out " + shell_quote(out.string()) + " " + more);
  }

  fs::path dir_;
};

TEST_F(ImportCommand, FromADirectoryExportAndAnHrCsvToAFirstCampaign) {
  fs::path bundle = dir_ / "acme";
  const std::string as_of = " --as-of 2026-11-01 -q";
  auto imported = import(kExample / "import.json", bundle);
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  EXPECT_NE(imported.err.find("ad: 12 accounts correlated, 1 uncorrelated, 0 ambiguous, 1 with their own identity"),
            std::string::npos)
      << imported.err;
  auto report = nlohmann::json::parse(read_file(bundle / "import_report.json"));
  EXPECT_EQ(report["sources"][1]["correlation"]["correlated"], 12);
  EXPECT_TRUE(report["verified"]);

  auto analyzed =
      cli("analyze " + shell_quote(bundle.string()) + " --out " + shell_quote((dir_ / "analysis").string()) + as_of);
  ASSERT_EQ(analyzed.exit_code, 0) << analyzed.err;
  std::string findings = read_file(dir_ / "analysis" / "findings.csv");
  EXPECT_NE(findings.find("leaver_access,account,\"ad:CN=Ben Carter,OU=Staff,DC=acme,DC=example\",E107"),
            std::string::npos);
  EXPECT_NE(findings.find("orphan_account,account,\"ad:CN=svc-backup,OU=Service Accounts,DC=acme,DC=example\","),
            std::string::npos);
  EXPECT_NE(findings.find("dormant_account,account,\"ad:CN=Tom Becker,OU=Staff,DC=acme,DC=example\",E101"),
            std::string::npos);
  EXPECT_NE(findings.find("nhi_no_owner,identity,\"ad:CN=FS01,OU=Servers,DC=acme,DC=example\""), std::string::npos);

  auto leavers = cli("findings " + shell_quote(bundle.string()) + " --type leaver_access --json" + as_of);
  ASSERT_EQ(leavers.exit_code, 0) << leavers.err;
  EXPECT_NE(leavers.out.find("E107"), std::string::npos);

  // Ivan's second account, correlated by employeeID, is a Domain Admin; VPN Users nests
  // in File Server Access, so his first account reaches the file server too.
  auto ivan = cli("access " + shell_quote(bundle.string()) + " E109 --json" + as_of);
  ASSERT_EQ(ivan.exit_code, 0) << ivan.err;
  auto access = nlohmann::json::parse(ivan.out);
  std::vector<std::string> held;
  for (const auto& entry : access["entitlements"]) held.push_back(entry["entitlement_id"]);
  EXPECT_EQ(held, (std::vector<std::string>{"ad:CN=Domain Admins,OU=Groups,DC=acme,DC=example",
                                            "ad:CN=File Server Access,OU=Groups,DC=acme,DC=example",
                                            "ad:CN=VPN Users,OU=Groups,DC=acme,DC=example"}));

  auto campaign =
      cli("recert " + shell_quote(bundle.string()) + " --out " + shell_quote((dir_ / "campaign").string()) + as_of);
  ASSERT_EQ(campaign.exit_code, 0) << campaign.err;
  // Sofia's and Ivan's manager (E100, E108) review them; Domain Admins first.
  auto queue = testing::csv_records(read_file(dir_ / "campaign" / "queues" / "E108.csv"));
  ASSERT_GE(queue.size(), 1u);
  EXPECT_EQ(queue[0]["identity_id"], "E109");
  EXPECT_EQ(queue[0]["entitlement_id"], "ad:CN=Domain Admins,OU=Groups,DC=acme,DC=example");
}

TEST_F(ImportCommand, AMalformedSourceExitsTwoNamingFileAndLineAndWritesNothing) {
  fs::copy(kExample, dir_ / "example");
  std::string ldif = read_file(dir_ / "example" / "directory.ldif");
  ldif.replace(ldif.find("cn: Raj Singh"), 13, "cn Raj Singh");
  std::ofstream(dir_ / "example" / "directory.ldif", std::ios::trunc) << ldif;
  std::uint64_t line = 1 + std::count(ldif.begin(), ldif.begin() + ldif.find("cn Raj Singh"), '\n');
  auto result = import(dir_ / "example" / "import.json", dir_ / "out");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("directory.ldif:" + std::to_string(line) + ": expected \"attribute: value\" (column 1)"),
            std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("(value \"cn Raj Singh\")"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  for (const auto& entry : fs::directory_iterator(dir_)) EXPECT_NE(entry.path().filename().string()[0], '.');
}

TEST_F(ImportCommand, AMalformedHrCsvExitsTwoNamingFileLineColumnAndValueAndWritesNothing) {
  fs::copy(kExample, dir_ / "example");
  std::string hr = read_file(dir_ / "example" / "hr.csv");
  hr.replace(hr.find("Tom Becker"), 10, "Tom \"T\" Becker");
  std::ofstream(dir_ / "example" / "hr.csv", std::ios::trunc | std::ios::binary) << hr;
  std::uint64_t line = 1 + std::count(hr.begin(), hr.begin() + hr.find("Tom \"T"), '\n');
  auto result = import(dir_ / "example" / "import.json", dir_ / "out");
  EXPECT_EQ(result.exit_code, 2) << result.err;
  EXPECT_NE(result.err.find("hr.csv:" + std::to_string(line) +
                            ": column \"Legal Name\": double quote inside an unquoted field (value \"Tom \"\")"),
            std::string::npos)
      << result.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
  for (const auto& entry : fs::directory_iterator(dir_)) EXPECT_NE(entry.path().filename().string()[0], '.');
}

TEST_F(ImportCommand, AnUnknownConfigKeyExitsTwoWithItsPath) {
  std::ofstream(dir_ / "import.json") << R"({"sources": [{"format": "ldif", "path": "d.ldif", "sytem": "ad"}]})";
  auto result = import(dir_ / "import.json", dir_ / "out");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("at $.sources[0].sytem: unknown key"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("(value \"sytem\")"), std::string::npos) << result.err;
  EXPECT_FALSE(fs::exists(dir_ / "out"));
}

TEST_F(ImportCommand, AnExistingBundleIsReplacedOnlyWhenAsked) {
  fs::path bundle = dir_ / "acme";
  ASSERT_EQ(import(kExample / "import.json", bundle, "-q").exit_code, 0);
  auto again = import(kExample / "import.json", bundle, "-q");
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("--replace"), std::string::npos) << again.err;
  std::ofstream(bundle / "stale.txt") << "from before";
  auto replaced = import(kExample / "import.json", bundle, "-q --replace --no-verify");
  ASSERT_EQ(replaced.exit_code, 0) << replaced.err;
  EXPECT_FALSE(fs::exists(bundle / "stale.txt"));
  EXPECT_FALSE(nlohmann::json::parse(read_file(bundle / "import_report.json"))["verified"]);
}

TEST_F(ImportCommand, HelpExplainsTheConfigAndPointsToTheDocs) {
  auto help = cli("import --help");
  EXPECT_EQ(help.exit_code, 0);
  for (const char* needle : {"--config", "--out", "hr_csv, ldif, scim, aws_iam, entra, bloodhound", "correlation",
                             "docs/importers.md", "import_report.json"})
    EXPECT_NE(help.out.find(needle), std::string::npos) << needle;
}

}  // namespace
}  // namespace accessgraph
