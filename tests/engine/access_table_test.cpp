// check through the point-query table answers exactly as the walk over accounts,
// groups and roles does: on a generated company, and on the version its HR events
// make (touched identities fall back to the walk, hires are not in the table).
#include "engine/query/access_table.hpp"

#include <gtest/gtest.h>

#include "engine/version/version_state.hpp"
#include "engine/query/point_queries.hpp"
#include "tests/support/generated_company.hpp"

namespace accessgraph {
namespace {

class AccessTableTest : public testing::GeneratedCompany {};

// Every identity against a stride of entitlements plus every entitlement it has or
// is expected to have: held, expected-only and unrelated pairs all come up.
void expect_same_checks(const Engine& prepared, const Engine& walked) {
  const Graph& g = state_of(walked).graph;
  std::size_t checked = 0, has = 0, expected_only = 0;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    const std::string identity(g.identity_ids.name(IdentityId(i)));
    std::vector<std::string> entitlements;
    for (std::uint32_t e = i % 97; e < g.entitlement_count(); e += 97)
      entitlements.emplace_back(g.entitlement_ids.name(EntitlementId(e)));
    const AccessResult access = walked.access(identity);
    for (const AccessEntry& entry : access.entitlements) entitlements.push_back(entry.entitlement_id);
    entitlements.insert(entitlements.end(), access.missing.begin(), access.missing.end());
    for (const std::string& entitlement : entitlements) {
      const CheckResult fast = prepared.check(identity, entitlement);
      ASSERT_EQ(fast, walked.check(identity, entitlement)) << identity << " " << entitlement;
      ++checked;
      has += fast.has;
      expected_only += !fast.has && fast.expected;
    }
  }
  EXPECT_GT(checked, 10'000u);
  EXPECT_GT(has, 1'000u);
  EXPECT_GT(expected_only, 0u);
}

TEST_F(AccessTableTest, CheckAnswersAsTheWalkDoes) {
  OpenOptions options;
  options.as_of = before_->as_of();
  const Engine prepared = engine_from_graph(state_of(*before_).graph, options);
  prepared.prepare_point_queries();
  ASSERT_NE(state_of(prepared).point_table.load(), nullptr);
  expect_same_checks(prepared, *before_);
}

TEST_F(AccessTableTest, VersionsAfterEventsKeepTheTableAndStayExact) {
  OpenOptions options;
  options.as_of = before_->as_of();
  const Engine prepared = engine_from_graph(state_of(*before_).graph, options);
  prepared.prepare_point_queries();
  std::ifstream events(dir_->path() / "bundle" / "hr_events.csv");
  std::stringstream text;
  text << events.rdbuf();
  const Engine after = prepared.apply_events_csv(text.str()).after;
  const auto point = state_of(after).point_table.load();
  ASSERT_NE(point, nullptr);
  EXPECT_FALSE(point->stale.empty());  // the events' identities
  EXPECT_TRUE(std::is_sorted(point->stale.begin(), point->stale.end()));
  expect_same_checks(after, after_->after);
}

}  // namespace
}  // namespace accessgraph
