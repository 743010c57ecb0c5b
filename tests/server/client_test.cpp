// The C++ client against a real server process: every query answers exactly what the
// Engine answers in this process, across page boundaries, with the Engine's errors.
#include <gtest/gtest.h>

#include "tests/server/server_fixture.hpp"

namespace accessgraph {
namespace {

using testing::ServerProcess;

class ClientTest : public ::testing::Test {
 protected:
  // Pages of 3 items, so that every list of the sample spans several pages.
  static void SetUpTestSuite() {
    server_ = new ServerProcess({"--bundle", testing::kSample, "--as-of", testing::kSampleAsOf, "--max-page-items", "3"});
    engine_ = new Engine(testing::open_sample());
  }
  static void TearDownTestSuite() {
    delete server_;
    delete engine_;
  }
  Client client() const { return Client("127.0.0.1", server_->port()); }

  static ServerProcess* server_;
  static Engine* engine_;
};
ServerProcess* ClientTest::server_ = nullptr;
Engine* ClientTest::engine_ = nullptr;

void expect_same(const AccessResult& a, const AccessResult& b) {
  EXPECT_EQ(a.identity, b.identity);
  ASSERT_EQ(a.entitlements.size(), b.entitlements.size());
  for (std::size_t i = 0; i < a.entitlements.size(); ++i) {
    EXPECT_EQ(a.entitlements[i].entitlement_id, b.entitlements[i].entitlement_id);
    EXPECT_EQ(a.entitlements[i].justified, b.entitlements[i].justified);
    ASSERT_EQ(a.entitlements[i].via.size(), b.entitlements[i].via.size());
    for (std::size_t v = 0; v < a.entitlements[i].via.size(); ++v) {
      EXPECT_EQ(a.entitlements[i].via[v].account_id, b.entitlements[i].via[v].account_id);
      EXPECT_EQ(a.entitlements[i].via[v].direct_grant, b.entitlements[i].via[v].direct_grant);
      EXPECT_EQ(a.entitlements[i].via[v].groups, b.entitlements[i].via[v].groups);
    }
  }
  EXPECT_EQ(a.missing, b.missing);
}

void expect_same(const WhoHasResult& a, const WhoHasResult& b) {
  EXPECT_EQ(a.entitlement, b.entitlement);
  ASSERT_EQ(a.identities.size(), b.identities.size());
  for (std::size_t i = 0; i < a.identities.size(); ++i) {
    EXPECT_EQ(a.identities[i].identity_id, b.identities[i].identity_id);
    EXPECT_EQ(a.identities[i].justified, b.identities[i].justified);
    EXPECT_EQ(a.identities[i].accounts, b.identities[i].accounts);
  }
}

std::vector<std::string> ids(const std::vector<PathNode>& path) {
  std::vector<std::string> out;
  for (const auto& node : path) out.push_back(node.kind + ":" + node.id);
  return out;
}

TEST_F(ClientTest, PointQueriesEqualTheEngine) {
  const Client remote = client();
  for (const std::string identity : {"u-alice", "u-maria", "u-henry", "u-leo"}) {
    expect_same(remote.access(identity), engine_->access(identity));
    for (const std::string entitlement : {"ent-ad-vpn", "ent-erp-approve-payment"}) {
      const CheckResult a = remote.check(identity, entitlement), b = engine_->check(identity, entitlement);
      EXPECT_EQ(std::tie(a.identity, a.entitlement, a.has, a.justified, a.expected),
                std::tie(b.identity, b.entitlement, b.has, b.justified, b.expected));
      const ExplainResult x = remote.explain(identity, entitlement), y = engine_->explain(identity, entitlement);
      EXPECT_EQ(ids(x.actual), ids(y.actual));
      EXPECT_EQ(ids(x.expected_path), ids(y.expected_path));
      EXPECT_EQ(x.has, y.has);
      EXPECT_EQ(x.expected, y.expected);
    }
  }
}

TEST_F(ClientTest, ListsSpanPagesAndEqualTheEngine) {
  const Client remote = client();
  const WhoHasResult holders = remote.who_has("ent-ad-vpn");
  ASSERT_GT(holders.identities.size(), 3u);  // more than one page
  expect_same(holders, engine_->who_has("ent-ad-vpn"));
  const auto by_resource = remote.who_has_resource("account:prod"), local = engine_->who_has_resource("account:prod");
  ASSERT_EQ(by_resource.size(), local.size());
  for (std::size_t i = 0; i < local.size(); ++i) expect_same(by_resource[i], local[i]);
  EXPECT_EQ(remote.all_findings(), engine_->all_findings());
  EXPECT_GT(engine_->all_findings().size(), 3u);
  EXPECT_EQ(remote.findings_for_identity("u-maria"), engine_->findings_for_identity("u-maria"));
  EXPECT_EQ(remote.findings_of_type("orphan_account"), engine_->findings_of_type("orphan_account"));
  const std::string account = engine_->all_findings().front().subject_id;
  EXPECT_EQ(remote.findings_for_account(account), engine_->findings_for_account(account));
}

TEST_F(ClientTest, OnePageAtATime) {
  const Client remote = client();
  const WhoHasResult all = engine_->who_has("ent-ad-vpn");
  std::vector<Holder> collected;
  std::uint64_t cursor = 0;
  for (bool more = true; more;) {
    const Page<Holder> page = remote.who_has_page("ent-ad-vpn", cursor, 2);
    EXPECT_LE(page.items.size(), 2u);
    EXPECT_EQ(page.total, all.identities.size());
    collected.insert(collected.end(), page.items.begin(), page.items.end());
    cursor = page.next_cursor;
    more = page.has_more;
  }
  ASSERT_EQ(collected.size(), all.identities.size());
  for (std::size_t i = 0; i < collected.size(); ++i) EXPECT_EQ(collected[i].identity_id, all.identities[i].identity_id);
  // A limit above the server's cap is cut to it.
  EXPECT_EQ(remote.who_has_page("ent-ad-vpn", 0, 1000).items.size(), 3u);
}

TEST_F(ClientTest, RiskQueueWhatIfReorgAndStats) {
  const Client remote = client();
  const std::vector<RiskItem> local = engine_->risk_queue_for_reviewer("u-priya");
  const std::vector<RiskItem> queue = remote.risk_queue("u-priya");
  ASSERT_EQ(queue.size(), local.size());
  for (std::size_t i = 0; i < local.size(); ++i) {
    EXPECT_EQ(queue[i].identity_id, local[i].identity_id);
    EXPECT_EQ(queue[i].entitlement_id, local[i].entitlement_id);
    EXPECT_EQ(queue[i].score, local[i].score);
    EXPECT_EQ(queue[i].factors, local[i].factors);
    EXPECT_EQ(queue[i].reviewer_id, "u-priya");
  }
  for (std::size_t i = 1; i < queue.size(); ++i) EXPECT_GE(queue[i - 1].score, queue[i].score);

  const std::vector<std::pair<std::string, std::string>> move = {{"department", "Sales"}, {"title", "Account Executive"}};
  const WhatIfResult a = remote.whatif("u-henry", move), b = engine_->whatif("u-henry", move);
  EXPECT_EQ(std::tie(a.identity, a.grant, a.revoke, a.keep, a.sod_violations_after),
            std::tie(b.identity, b.grant, b.revoke, b.keep, b.sod_violations_after));

  const std::string transfers = "identity_id,department,title\nu-henry,Sales,Account Executive\nu-alice,Engineering,\n"
                                "u-maria,,AP Clerk\nu-leo,Finance,\n";
  const std::filesystem::path file = std::filesystem::temp_directory_path() / "accessgraph-client-test-reorg.csv";
  std::ofstream(file) << transfers;
  const ReorgResult local_reorg = engine_->whatif_reorg(file);
  std::filesystem::remove(file);
  const ReorgResult reorg = remote.whatif_reorg_csv(transfers);  // 4 identities over pages of 3
  ASSERT_EQ(reorg.identities.size(), local_reorg.identities.size());
  for (std::size_t i = 0; i < reorg.identities.size(); ++i) {
    EXPECT_EQ(reorg.identities[i].access.identity, local_reorg.identities[i].access.identity);
    EXPECT_EQ(reorg.identities[i].access.grant, local_reorg.identities[i].access.grant);
    EXPECT_EQ(reorg.identities[i].sod_appear, local_reorg.identities[i].sod_appear);
  }
  EXPECT_EQ(reorg.sensitivity_delta, local_reorg.sensitivity_delta);

  const GraphStats stats = remote.stats(), local_stats = engine_->stats();
  EXPECT_EQ(stats.as_of, local_stats.as_of);
  ASSERT_EQ(stats.nodes.size(), local_stats.nodes.size());
  for (std::size_t i = 0; i < stats.nodes.size(); ++i) EXPECT_EQ(stats.nodes[i].count, local_stats.nodes[i].count);
  const HealthResult health = remote.health();
  EXPECT_EQ(health.status, "ok");
  EXPECT_EQ(health.as_of, testing::kSampleAsOf);
  EXPECT_GE(health.connections, 1u);
}

TEST_F(ClientTest, ErrorsAreTheEnginesErrors) {
  const Client remote = client();
  std::string local_message;
  try {
    engine_->check("u-nobody", "ent-ad-vpn");
  } catch (const NotFoundError& e) {
    local_message = e.what();
  }
  try {
    remote.check("u-nobody", "ent-ad-vpn");
    FAIL() << "no error";
  } catch (const NotFoundError& e) {
    EXPECT_EQ(std::string(e.what()), local_message);
  }
  EXPECT_THROW(remote.findings_of_type("no_such_type"), InputError);
  EXPECT_THROW(remote.whatif("u-henry", {{"shoe_size", "9"}}), InputError);
  EXPECT_THROW(remote.check("", "ent-ad-vpn"), InputError);
  // The connection is still good after errors.
  EXPECT_TRUE(remote.check("u-alice", "ent-ad-vpn").has);
}

}  // namespace
}  // namespace accessgraph
