// Birthright proposals on a generated company, checked against the rules the generator
// used (issue 20, "Judged by"): every generator rule matching enough identities is
// proposed again with the same conditions, almost always naming the generator's role.
#include <gtest/gtest.h>

#include <map>
#include <set>
#include <tuple>

#include "accessgraph/role_mining.hpp"
#include "tests/support/csv_rows.hpp"
#include "tests/support/generated_company.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph {
namespace {

class RoleProposalsTest : public testing::GeneratedCompany {};

using Condition = std::tuple<std::string, std::string, std::string, std::string>;  // kind, department, title, location

std::vector<std::map<std::string, std::string>> csv_records(const std::filesystem::path& path) {
  return testing::csv_records(testing::read_file(path.string()));
}

Condition condition_of(std::map<std::string, std::string>& row) {
  return {row["kind"], row["department"], row["title"], row["location"]};
}

TEST_F(RoleProposalsTest, RecoversTheGeneratorsRules) {
  const std::filesystem::path bundle = dir_->path() / "bundle", out = dir_->path() / "proposals";
  RuleProposalOptions options;
  options.out_dir = out;
  const RuleProposalReport report = propose_rules(*before_, options);
  ASSERT_GT(report.rules, 0u);

  // Identities each generator condition matches (not terminated), as the rule would.
  auto generator = csv_records(bundle / "birthright.csv");
  std::set<std::tuple<bool, bool, bool, bool>> shapes;
  for (auto& rule : generator) {
    shapes.insert({!rule["kind"].empty(), !rule["department"].empty(), !rule["title"].empty(), !rule["location"].empty()});
  }
  std::map<Condition, std::uint32_t> matching;
  for (auto& identity : csv_records(bundle / "identities.csv")) {
    if (identity["status"] == "terminated") continue;
    for (const auto& [kind, department, title, location] : shapes) {
      ++matching[{kind ? identity["kind"] : "", department ? identity["department"] : "", title ? identity["title"] : "",
                  location ? identity["location"] : ""}];
    }
  }
  std::map<Condition, std::string> proposed;  // condition -> role
  for (auto& rule : csv_records(out / "birthright.csv")) proposed[condition_of(rule)] = rule["role_id"];

  std::size_t eligible = 0, found = 0, same_role = 0;
  for (auto& rule : generator) {
    const Condition condition = condition_of(rule);
    if (matching[condition] < options.min_support) continue;
    ++eligible;
    const auto it = proposed.find(condition);
    if (it == proposed.end()) {
      ADD_FAILURE() << "not proposed: " << std::get<0>(condition) << "/" << std::get<1>(condition) << "/"
                    << std::get<2>(condition) << "/" << std::get<3>(condition) << " (" << matching[condition]
                    << " identities)";
      continue;
    }
    ++found;
    same_role += it->second == rule["role_id"];
  }
  ASSERT_GT(eligible, 10u);
  EXPECT_EQ(found, eligible);
  EXPECT_GE(same_role * 100, eligible * 95) << same_role << " of " << eligible << " name the generator's role";
}

}  // namespace
}  // namespace accessgraph
