// who-has read backwards (engine/query/entitlement_holders.hpp) against the forward
// point questions, for every entitlement of a generated company, before and after
// HR events patched rows of the version.
#include <gtest/gtest.h>

#include "engine/version/version_state.hpp"
#include "engine/query/entitlement_holders.hpp"
#include "tests/support/generated_company.hpp"
#include "tests/support/risk_world.hpp"

namespace accessgraph {
namespace {

class EntitlementHoldersTest : public testing::GeneratedCompany {};

// Counts in `holdings` the (identity, entitlement) holdings compared.
void expect_holders_equal_forward_queries(const Engine& engine, std::uint64_t& holdings) {
  const AccessIndex& index = *state_of(engine).index;
  const Graph& g = index.graph();
  for (std::uint32_t e = 0; e < g.entitlement_count(); ++e) {
    const EntitlementId entitlement(e);
    const EntitlementHolders holders = find_holders(index, entitlement);
    std::size_t next = 0;
    for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
      const IdentityId identity(i);
      if (!index.has(identity, entitlement)) continue;
      ++holdings;
      ASSERT_LT(next, holders.identities.size()) << g.entitlement_ids.name(entitlement);
      ASSERT_EQ(holders.identities[next], identity) << g.entitlement_ids.name(entitlement);
      EXPECT_EQ(holders.justified[next] != 0, index.expects(identity, entitlement)) << g.identity_ids.name(identity);
      std::vector<AccountId> giving;
      for (AccountId account : g.identity_accounts[identity])
        if (index.account_holds(account, entitlement)) giving.push_back(account);
      std::sort(giving.begin(), giving.end());
      const auto found = holders.accounts_of(next);
      EXPECT_EQ(std::vector<AccountId>(found.begin(), found.end()), giving) << g.identity_ids.name(identity);
      ++next;
    }
    EXPECT_EQ(next, holders.identities.size()) << g.entitlement_ids.name(entitlement);
  }
}

TEST_F(EntitlementHoldersTest, EqualForwardQueriesForEveryEntitlement) {
  std::uint64_t holdings = 0;
  expect_holders_equal_forward_queries(*before_, holdings);
  EXPECT_GT(holdings, 10000u);
}

TEST_F(EntitlementHoldersTest, FollowPatchedRowsOfTheNewVersion) {
  const Graph& g = state_of(after_->after).graph;
  ASSERT_FALSE(g.account_groups.patched_rows().empty());  // the events did patch memberships
  std::uint64_t holdings = 0;
  expect_holders_equal_forward_queries(after_->after, holdings);
  EXPECT_GT(holdings, 10000u);
}

// The public answer: sorted by identity id, with the same holders.
TEST_F(EntitlementHoldersTest, WhoHasIsSortedAndComplete) {
  const Engine& engine = after_->after;
  const Graph& g = state_of(engine).graph;
  for (std::uint32_t e = 0; e < g.entitlement_count(); e += 17) {
    const std::string name(g.entitlement_ids.name(EntitlementId(e)));
    const WhoHasResult result = engine.who_has(name);
    for (std::size_t k = 1; k < result.identities.size(); ++k)
      EXPECT_LT(result.identities[k - 1].identity_id, result.identities[k].identity_id);
    for (const Holder& holder : result.identities) {
      const CheckResult check = engine.check(holder.identity_id, name);
      EXPECT_TRUE(check.has) << holder.identity_id;
      EXPECT_EQ(holder.justified, check.expected) << holder.identity_id;
      EXPECT_TRUE(std::is_sorted(holder.accounts.begin(), holder.accounts.end()));
    }
  }
}

// Dense ids in file order are not byte order here: the answer is sorted anyway.
TEST(WhoHas, SortedByIdentityIdWhateverTheFileOrder) {
  testing::RiskWorld world;
  world.system_owner("owner").person("owner", "active", "employee", "Board", "Chair");
  world.entitlement("e1", 1);
  for (const std::string id : {"b", "a,1", "a", "Z"}) {
    world.person(id).account("acct-" + id, id).account("acct-2-" + id, id);
    world.grant("acct-2-" + id, "e1").grant("acct-" + id, "e1");
  }
  const WhoHasResult result = world.open().who_has("e1");
  std::vector<std::string> ids, accounts_of_a;
  for (const Holder& holder : result.identities) ids.push_back(holder.identity_id);
  EXPECT_EQ(ids, (std::vector<std::string>{"Z", "a", "a,1", "b"}));
  EXPECT_EQ(result.identities[1].accounts, (std::vector<std::string>{"acct-2-a", "acct-a"}));
}

}  // namespace
}  // namespace accessgraph
