// accessgraph roles mine | propose | mine-matrix through the real binary: adopting the
// mined roles justifies the access they were mined from, the report's figures agree
// with the files, proposals load into whatif, and bad option values exit 2.
#include <gtest/gtest.h>
#include <unistd.h>

#include <map>
#include <nlohmann/json.hpp>
#include <set>

#include "tests/support/csv_rows.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

using testing::csv_rows;
using testing::read_file;
using testing::run_command;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";
const std::string kAsOf = " --as-of 2026-11-01";

testing::CommandResult cli(const std::string& args) { return run_command(std::string(ACCESSGRAPH_CLI) + " " + args); }

class TempDir {
 public:
  TempDir() {
    char pattern[] = "/tmp/accessgraph-roles-XXXXXX";
    path_ = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  const std::filesystem::path& path() const { return path_; }
  std::string operator/(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

// Appends the data rows of `from` (a CSV with the same header) to `to`.
void append_rows(const std::string& from, const std::string& to) {
  const std::string text = read_file(from);
  std::ofstream(to, std::ios::app) << text.substr(text.find('\n') + 1);
}

std::filesystem::path copy_of_sample(const TempDir& dir) {
  const std::filesystem::path bundle = dir.path() / "bundle";
  std::filesystem::copy(kSample, bundle, std::filesystem::copy_options::recursive);
  return bundle;
}

TEST(RolesCommands, AdoptingExactRolesJustifiesEveryAccess) {
  TempDir dir;
  const std::filesystem::path bundle = copy_of_sample(dir);
  // Before: the sample has unjustified access.
  auto before = cli("findings " + bundle.string() + " --type unjustified_access --json" + kAsOf);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  ASSERT_FALSE(nlohmann::json::parse(before.out)["findings"].empty());

  auto mined = cli("roles mine " + kSample + " --out " + (dir / "mined") + " --exact -q" + kAsOf);
  ASSERT_EQ(mined.exit_code, 0) << mined.err;
  const auto report = nlohmann::json::parse(read_file(dir / "mined/mining_report.json"));
  EXPECT_EQ(report["method"]["mode"], "exact");
  EXPECT_EQ(report["coverage"]["share"], 1.0);
  EXPECT_EQ(report["coverage"]["extra_pairs"], 0);
  EXPECT_TRUE(report["exceptions"].empty());
  EXPECT_LE(report["method"]["lower_bound"].get<int>(), report["role_count"].get<int>());
  EXPECT_EQ(report["method"]["proven_optimal"], report["method"]["lower_bound"] == report["role_count"]);
  for (const auto& row : csv_rows(read_file(dir / "mined/role_assignments.csv"))) {
    if (row[0] != "identity_id") {
      EXPECT_EQ(row[2], "mined");
    }
  }

  // Adopt: the mined roles, grants and assignments join the bundle, which loads
  // (source "mined" included) and then expects everything anyone actually has.
  for (const char* file : {"roles.csv", "role_grants.csv", "role_assignments.csv"}) {
    append_rows(dir / (std::string("mined/") + file), (bundle / file).string());
  }
  auto after = cli("findings " + bundle.string() + " --type unjustified_access --json" + kAsOf);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_TRUE(nlohmann::json::parse(after.out)["findings"].empty()) << after.out;

  // Mined assignments live on through the lifecycle: the sample's HR events applied,
  // the exported bundle and its history keep them as `mined`, and the export loads and
  // exports them again unchanged.
  auto count_mined = [](const std::string& path) {
    std::size_t mined = 0;
    for (const auto& row : csv_rows(read_file(path))) mined += row.size() > 2 && row[2] == "mined";
    return mined;
  };
  const std::string events = (bundle / "hr_events.csv").string();
  auto applied = cli("apply " + bundle.string() + " --events " + events + " --out " + (dir / "run") + " -q --as-of 2026-11-30");
  ASSERT_EQ(applied.exit_code, 0) << applied.err;
  const std::size_t exported = count_mined(dir / "run/bundle/role_assignments.csv");
  EXPECT_GT(exported, 0u);
  EXPECT_GT(count_mined(dir / "run/bundle/history/role_assignments.csv"), 0u);  // changed identities' rows before
  auto again = cli("apply " + (dir / "run/bundle") + " --out " + (dir / "run2") + " -q --as-of 2026-11-30");
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_EQ(read_file(dir / "run2/bundle/role_assignments.csv"), read_file(dir / "run/bundle/role_assignments.csv"));
  EXPECT_EQ(read_file(dir / "run2/bundle/history/role_assignments.csv"),
            read_file(dir / "run/bundle/history/role_assignments.csv"));
}

TEST(RolesCommands, ApproximateReportAgreesWithItsFiles) {
  TempDir dir;
  auto mined = cli("roles mine " + kSample + " --out " + (dir / "m") + " --coverage 0.9 -q" + kAsOf);
  ASSERT_EQ(mined.exit_code, 0) << mined.err;
  const auto report = nlohmann::json::parse(read_file(dir / "m/mining_report.json"));
  EXPECT_EQ(report["method"]["mode"], "approximate");
  EXPECT_GE(report["coverage"]["share"].get<double>(), 0.9);
  EXPECT_EQ(report["coverage"]["extra_pairs"], 0);
  EXPECT_EQ(report["exceptions"].size(), report["coverage"]["exception_pairs"].get<std::size_t>());
  const auto roles = csv_rows(read_file(dir / "m/roles.csv"));
  EXPECT_EQ(roles.size() - 1, report["role_count"].get<std::size_t>());
  EXPECT_EQ(report["roles"].size(), roles.size() - 1);
  std::uint64_t covered = 0;
  for (const auto& role : report["roles"]) covered += role["pairs_covered"].get<std::uint64_t>();
  EXPECT_GE(covered, report["coverage"]["covered_pairs"].get<std::uint64_t>());  // roles may overlap
}

TEST(RolesCommands, MineMatrixCoversEveryPairExactly) {
  TempDir dir;
  //        p1 p2 p3 p4
  //   alice x  x  .  .
  //   bob   x  x  x  x
  //   carol .  .  x  x
  //   dan   x  x  .  .
  std::ofstream(dir / "m.txt") << "# user permission\nalice p1\nalice p2\nbob p1\nbob p2\nbob p3\nbob p4\n"
                                  "carol p3\ncarol p4\ndan p2\ndan p1\n";
  auto mined = cli("roles mine-matrix " + (dir / "m.txt") + " --out " + (dir / "out") + " --exact -q");
  ASSERT_EQ(mined.exit_code, 0) << mined.err;
  std::map<std::string, std::set<std::string>> role_columns, given;
  for (const auto& row : csv_rows(read_file(dir / "out/role_columns.csv"))) {
    if (row[0] != "role_id") role_columns[row[0]].insert(row[1]);
  }
  for (const auto& row : csv_rows(read_file(dir / "out/user_roles.csv"))) {
    if (row[0] != "user") given[row[0]].insert(role_columns[row[1]].begin(), role_columns[row[1]].end());
  }
  EXPECT_EQ(role_columns.size(), 2u);
  EXPECT_EQ(given["alice"], (std::set<std::string>{"p1", "p2"}));
  EXPECT_EQ(given["bob"], (std::set<std::string>{"p1", "p2", "p3", "p4"}));
  EXPECT_EQ(given["carol"], (std::set<std::string>{"p3", "p4"}));
  EXPECT_EQ(given["dan"], (std::set<std::string>{"p1", "p2"}));
  const auto report = nlohmann::json::parse(read_file(dir / "out/mining_report.json"));
  EXPECT_EQ(report["method"]["proven_optimal"], true);

  std::ofstream(dir / "bad.txt") << "alice p1\nbob\n";
  auto bad = cli("roles mine-matrix " + (dir / "bad.txt") + " --out " + (dir / "bad"));
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("bad.txt:2"), std::string::npos) << bad.err;
}

TEST(RolesCommands, ProposedRulesJustifyAccessAndLoadIntoWhatif) {
  TempDir dir;
  const std::filesystem::path bundle = copy_of_sample(dir);
  // The rules, and the assignments recorded from them, are what we want back.
  std::filesystem::remove(bundle / "birthright.csv");
  std::string kept;
  for (const auto& row : csv_rows(read_file(bundle / "role_assignments.csv"))) {
    if (row[2] != "birthright") kept += row[0] + "," + row[1] + "," + row[2] + "," + row[3] + "," + row[4] + "\n";
  }
  std::ofstream(bundle / "role_assignments.csv", std::ios::trunc) << kept;
  auto proposed = cli("roles propose " + bundle.string() + " --out " + (dir / "p") + " --min-support 3 -q" + kAsOf);
  ASSERT_EQ(proposed.exit_code, 0) << proposed.err;
  const auto rules = csv_rows(read_file(dir / "p/birthright.csv"));
  ASSERT_GT(rules.size(), 1u);
  EXPECT_EQ(rules[0], (std::vector<std::string>{"id", "role_id", "kind", "department", "title", "location", "support",
                                                "confidence", "justifies", "newly_grants", "found_in_role"}));
  std::uint64_t justifies = 0;
  bool all_staff = false;
  for (std::size_t k = 1; k < rules.size(); ++k) {
    justifies += std::stoull(rules[k][8]);
    EXPECT_GE(std::stod(rules[k][7]), 0.8);  // confidence: the group holds what it would be given
    all_staff |= rules[k][1] == "role-all-staff" && rules[k][2] == "employee";
  }
  EXPECT_GT(justifies, 0u);
  EXPECT_TRUE(all_staff);  // the sample's own employee rule, found again with its role

  // whatif reads the proposals as they are, proposed roles included (from the files
  // beside them), and says the same once those roles are in the bundle.
  const std::string whatif = "whatif " + bundle.string() + " --rule " + (dir / "p/birthright.csv") + " --json" + kAsOf;
  auto before = cli(whatif);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  EXPECT_FALSE(nlohmann::json::parse(before.out).empty());
  for (const char* file : {"roles.csv", "role_grants.csv"}) append_rows(dir / (std::string("p/") + file), (bundle / file).string());
  auto after = cli(whatif);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, before.out);
}

// Empties a bundle's role files (header only): access as an imported source brings it,
// with no roles, assignments or rules.
void strip_roles(const std::filesystem::path& bundle) {
  for (const char* file : {"roles.csv", "role_grants.csv", "role_includes.csv", "role_assignments.csv", "role_history.csv",
                           "birthright.csv"}) {
    const std::filesystem::path path = bundle / file;
    if (!std::filesystem::exists(path)) continue;
    const std::string text = read_file(path.string());
    std::ofstream(path, std::ios::trunc) << text.substr(0, text.find('\n') + 1);
  }
}

TEST(RolesCommands, BundleWithoutRolesGetsRolesAndRulesWhatifCanRead) {
  TempDir dir;
  const std::filesystem::path bundle = copy_of_sample(dir);
  strip_roles(bundle);
  auto mined = cli("roles mine " + bundle.string() + " --out " + (dir / "m") + " --exact -q" + kAsOf);
  ASSERT_EQ(mined.exit_code, 0) << mined.err;
  const auto report = nlohmann::json::parse(read_file(dir / "m/mining_report.json"));
  EXPECT_EQ(report["coverage"]["share"], 1.0);
  EXPECT_GT(report["role_count"].get<int>(), 0);

  auto proposed = cli("roles propose " + bundle.string() + " --out " + (dir / "p") + " --min-support 3 -q" + kAsOf);
  ASSERT_EQ(proposed.exit_code, 0) << proposed.err;
  const auto rules = csv_rows(read_file(dir / "p/birthright.csv"));
  ASSERT_GT(rules.size(), 1u);
  std::uint64_t justifies = 0;
  for (std::size_t k = 1; k < rules.size(); ++k) {
    EXPECT_EQ(rules[k][1].rfind("proposed-role-", 0), 0u) << rules[k][1];  // the bundle has no role to name
    EXPECT_EQ(rules[k][10], "1.0000");
    justifies += std::stoull(rules[k][8]);
  }
  EXPECT_GT(justifies, 0u);  // all access is unjustified without roles

  // Before anything is adopted, whatif shows what the rules would expect...
  const std::string whatif = "whatif " + bundle.string() + " --rule " + (dir / "p/birthright.csv") + " --json" + kAsOf;
  auto before = cli(whatif);
  ASSERT_EQ(before.exit_code, 0) << before.err;
  const auto impacts = nlohmann::json::parse(before.out);
  ASSERT_FALSE(impacts.empty());
  // ...and the same with the proposed roles in the bundle.
  for (const char* file : {"roles.csv", "role_grants.csv"}) append_rows(dir / (std::string("p/") + file), (bundle / file).string());
  auto after = cli(whatif);
  ASSERT_EQ(after.exit_code, 0) << after.err;
  EXPECT_EQ(after.out, before.out);

  // Without the proposed roles beside it, a rule naming one is refused, naming the row.
  std::filesystem::create_directories(dir / "alone");
  std::filesystem::copy_file(dir / "p/birthright.csv", dir / "alone/birthright.csv");
  strip_roles(bundle);
  auto alone = cli("whatif " + bundle.string() + " --rule " + (dir / "alone/birthright.csv") + kAsOf);
  EXPECT_EQ(alone.exit_code, 2);
  EXPECT_NE(alone.err.find("proposed-role-"), std::string::npos) << alone.err;
}

TEST(RolesCommands, OptionValuesOutOfRangeExitTwo) {
  TempDir dir;
  const std::string out = " --out " + (dir / "x");
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"roles mine " + kSample + out + " --coverage 0", "--coverage"},
      {"roles mine " + kSample + out + " --coverage 1.5", "--coverage"},
      {"roles mine " + kSample + out + " --allow-extra 2", "--allow-extra"},
      {"roles mine " + kSample + out + " --exact --coverage 0.9", "--coverage"},
      {"roles propose " + kSample + out + " --min-share 0", "--min-share"},
      {"roles propose " + kSample + out + " --min-support 0", "--min-support"},
      {"roles propose " + kSample + out + " --keys department,team", "team"},
  };
  for (const auto& [args, named] : cases) {
    auto result = cli(args + kAsOf);
    EXPECT_EQ(result.exit_code, 2) << args;
    EXPECT_NE(result.err.find(named), std::string::npos) << args << ": " << result.err;
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "x"));
}

}  // namespace
}  // namespace accessgraph
