// The review loop on a state directory (SPEC section 9): a campaign kept with the
// state, decisions checked as a whole, revocations through the lifecycle (gone from
// access, in history, surviving a reopen), certified access not queued again,
// reassignment, closing with the policy's default and the auditors' evidence.
#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "accessgraph/batch.hpp"
#include "accessgraph/history.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "core/common/error.hpp"
#include "engine/version/version_state.hpp"
#include "loaders/csv_reader.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::TempBundle;

using Row = std::map<std::string, std::string>;

// Every row of every queue of a campaign's --out, by column name.
std::vector<Row> queue_rows(const fs::path& out) {
  std::vector<Row> rows;
  for (const auto& entry : fs::directory_iterator(out / "queues")) {
    auto csv = loaders::CsvFile::open(entry.path(), entry.path().filename().string());
    for (const auto& chunk : csv.split(SIZE_MAX))
      csv.parse(
          chunk,
          [&](const loaders::CsvRecord& record) {
            Row row;
            for (std::size_t c = 0; c < csv.header().size(); ++c) row[csv.header()[c]] = std::string(record.fields[c]);
            rows.push_back(std::move(row));
          },
          [](const loaders::CsvSyntaxError& error) { FAIL() << error.reason; });
  }
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.at("item_id") < b.at("item_id"); });
  return rows;
}

std::string decisions(const std::vector<std::array<std::string, 4>>& rows) {
  std::string text = "item_id,decision,reviewer_id,comment\n";
  for (const auto& row : rows) text += row[0] + "," + row[1] + "," + row[2] + "," + row[3] + "\n";
  return text;
}

class ReviewLoopTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VersionedEngine::init_state(testing::kSampleBundle, state_, testing::options_at("2026-11-02"));
    // The clock's first run processes what is due on the first date; done here, a
    // decision changes only what it decides.
    open().advance_clock(testing::clock_at(*Date::parse("2026-11-02")));
  }

  VersionedEngine open() { return VersionedEngine::open_state(state_, testing::options_at("2026-11-02")); }
  // A reader beside the open writer: what another process sees of the state on disk.
  VersionedEngine reader() {
    return VersionedEngine::open_state(state_, testing::options_at("2026-11-02"), StateAccess::kRead);
  }

  CampaignOpened open_campaign(VersionedEngine& engine, const std::string& name, const std::string& policy = "") {
    CampaignOptions options;
    options.recert.out_dir = dir_.path() / name;
    if (!policy.empty()) {
      options.recert.policy_file = dir_.path() / (name + "-policy.json");
      std::ofstream(options.recert.policy_file) << policy;
    }
    return engine.open_campaign(options);
  }

  // An access item whose identity holds the entitlement through a group membership
  // or a direct grant of an account the lifecycle can act on.
  Row revocable_item(const std::vector<Row>& rows, const Engine& engine) const {
    for (const Row& row : rows)
      if (row.at("kind") == "access" && !row.at("reviewer_id").empty() && !row.at("account_id").empty() &&
          engine.check(row.at("identity_id"), row.at("entitlement_id")).has)
        return row;
    ADD_FAILURE() << "no revocable item";
    return {};
  }

  TempBundle dir_;
  fs::path state_ = dir_.path() / "state";
};

TEST_F(ReviewLoopTest, QueuesCarryWhatAReviewerNeedsAndTheCampaignIsKept) {
  VersionedEngine engine = open();
  const CampaignOpened opened = open_campaign(engine, "c1");
  EXPECT_EQ(opened.campaign_id, "c-20261102-1");
  const std::vector<Row> rows = queue_rows(dir_.path() / "c1");
  ASSERT_EQ(rows.size(), opened.report.items);
  ASSERT_GT(rows.size(), 0u);
  for (const char* column : {"item_id", "identity_name", "title", "department", "manager_name", "entitlement_name",
                             "system_name", "sensitivity", "last_used", "reasons", "decision", "comment"})
    EXPECT_TRUE(rows.front().count(column)) << column;
  // u-alice's manager is Jamal Carter; every access row names its entitlement and system.
  bool saw_alice = false;
  for (const Row& row : rows) {
    EXPECT_TRUE(row.at("decision").empty());
    if (row.at("kind") != "access") continue;
    EXPECT_FALSE(row.at("entitlement_name").empty());
    EXPECT_FALSE(row.at("system_name").empty());
    EXPECT_FALSE(row.at("reasons").empty());
    if (row.at("identity_id") == "u-alice") {
      saw_alice = true;
      EXPECT_EQ(row.at("identity_name"), "Alice Nguyen");
      EXPECT_EQ(row.at("manager_name"), "Jamal Carter");
      EXPECT_EQ(row.at("department"), "Finance");
      EXPECT_EQ(row.at("title"), "AP Clerk");
    }
  }
  EXPECT_TRUE(saw_alice);
  // Item ids are unique, and kept by the state across a reopen.
  for (std::size_t i = 1; i < rows.size(); ++i) EXPECT_NE(rows[i - 1].at("item_id"), rows[i].at("item_id"));
  const CampaignProgress progress = reader().campaign_progress(opened.campaign_id);
  EXPECT_EQ(progress.items, rows.size());
  EXPECT_EQ(progress.pending, rows.size());
  EXPECT_THROW(reader().campaign_progress("c-nope"), NotFoundError);
}

TEST_F(ReviewLoopTest, RevocationsLeaveAccessDurablyAndShowInHistory) {
  VersionedEngine engine = open();
  const CampaignOpened opened = open_campaign(engine, "c1");
  const Row item = revocable_item(queue_rows(dir_.path() / "c1"), engine.current());
  const std::string& identity = item.at("identity_id");
  const std::string& entitlement = item.at("entitlement_id");
  const DecisionsApplied applied = engine.decide(
      opened.campaign_id, decisions({{item.at("item_id"), "revoke", item.at("reviewer_id"), "not needed"}}));
  EXPECT_EQ(applied.revoked, 1u);
  // The plan holds the revocation's actions (and, on the state's first date, what else
  // falls due then, like any first apply).
  const std::string cause = "review:" + opened.campaign_id + ":" + item.at("item_id");
  std::size_t revocation_actions = 0;
  for (const PlanAction& action : applied.plan)
    if (action.cause == cause) {
      ++revocation_actions;
      EXPECT_EQ(action.identity_id, identity);
      EXPECT_TRUE(action.action == LifecycleAction::kRemoveMember || action.action == LifecycleAction::kRevoke);
    }
  EXPECT_GT(revocation_actions, 0u);
  EXPECT_FALSE(engine.current().check(identity, entitlement).has);
  EXPECT_EQ(applied.progress.revoked, 1u);

  // The risk model learns from it, like from decisions.csv.
  auto learned = [](const Engine& e) {
    const auto& decisions = state_of(e).graph.decisions;
    return decisions ? decisions->size() : 0u;
  };
  EXPECT_EQ(learned(engine.current()), 1u);
  ASSERT_TRUE(state_of(engine.current()).graph.decisions->front().revoked);

  // Durable: a reopen replays the decision from the log.
  VersionedEngine reopened = reader();
  EXPECT_FALSE(reopened.current().check(identity, entitlement).has);
  EXPECT_EQ(learned(reopened.current()), 1u);
  EXPECT_EQ(reopened.campaign_progress(opened.campaign_id).revoked, 1u);
  // History names the campaign and the item.
  const AccessHistory history = StateHistory::open(state_, testing::options_at("2026-11-02")).history(identity);
  bool lost = false;
  for (const AccessChange& change : history.changes)
    lost |= change.entitlement_id == entitlement && change.change == "lost" && change.cause == cause &&
            change.event_type == "review_revoke";
  EXPECT_TRUE(lost);

  // Exported as a bundle (history/ included), the revocation keeps its place in time.
  const fs::path exported = dir_.path() / "exported";
  export_bundle(reopened.current(), exported);
  const Engine reloaded = Engine::open_bundle(exported, testing::options_at("2026-11-02"));
  EXPECT_FALSE(reloaded.check(identity, entitlement).has);
  EXPECT_EQ(StateHistory(reloaded).history(identity).changes, history.changes);
}

TEST_F(ReviewLoopTest, ABadDecisionsFileIsRefusedWhole) {
  VersionedEngine engine = open();
  const CampaignOpened opened = open_campaign(engine, "c1");
  const std::vector<Row> rows = queue_rows(dir_.path() / "c1");
  const Row good = revocable_item(rows, engine.current());
  const Row* other = nullptr;
  for (const Row& row : rows)
    if (row.at("reviewer_id") != good.at("reviewer_id") && !row.at("reviewer_id").empty()) other = &row;
  ASSERT_NE(other, nullptr);
  const auto log_bytes = fs::file_size(state_ / "events.log");
  const std::array<std::string, 4> good_row = {good.at("item_id"), "revoke", good.at("reviewer_id"), ""};
  const std::vector<std::vector<std::array<std::string, 4>>> bad_files = {
      {good_row, {"0000000000000000", "certify", good.at("reviewer_id"), ""}},       // unknown item
      {good_row, {other->at("item_id"), "certify", good.at("reviewer_id"), ""}},    // not this reviewer's
      {good_row, {other->at("item_id"), "approve", other->at("reviewer_id"), ""}},  // bad word
      {good_row, {good.at("item_id"), "certify", good.at("reviewer_id"), ""}},      // twice
      {good_row, {other->at("item_id"), "reassign:u-nobody", other->at("reviewer_id"), ""}},
  };
  for (const auto& file : bad_files) {
    try {
      engine.decide(opened.campaign_id, decisions(file), "decisions.csv");
      ADD_FAILURE() << "accepted " << decisions(file);
    } catch (const InputError& error) {
      EXPECT_EQ(error.file(), "decisions.csv");
      EXPECT_EQ(error.line(), 3u) << error.what();
    }
    EXPECT_TRUE(engine.current().check(good.at("identity_id"), good.at("entitlement_id")).has);
    EXPECT_EQ(engine.campaign_progress(opened.campaign_id).decided, 0u);
    EXPECT_EQ(fs::file_size(state_ / "events.log"), log_bytes);
  }
  // Decided once, it cannot be decided again.
  engine.decide(opened.campaign_id, decisions({good_row}));
  EXPECT_THROW(engine.decide(opened.campaign_id, decisions({good_row})), InputError);
  EXPECT_THROW(engine.decide("c-nope", decisions({good_row})), NotFoundError);
}

TEST_F(ReviewLoopTest, HostileDecisionsFilesRecordNothing) {
  VersionedEngine engine = open();
  const CampaignOpened opened = open_campaign(engine, "c1");
  const Row item = revocable_item(queue_rows(dir_.path() / "c1"), engine.current());
  const std::string& reviewer = item.at("reviewer_id");
  auto refused = [&](const std::string& text, std::uint64_t line, const std::string& column) {
    try {
      engine.decide(opened.campaign_id, text, "decisions.csv");
      ADD_FAILURE() << "accepted " << text.substr(0, 200);
    } catch (const InputError& error) {
      EXPECT_EQ(error.line(), line) << error.what();
      EXPECT_EQ(error.column(), column) << error.what();
    }
  };
  refused("item_id,decision,comment\n" + item.at("item_id") + ",revoke,x\n", 1, "reviewer_id");  // a missing column
  const std::string huge(10000, 'x');
  refused(decisions({{item.at("item_id"), "reassign:" + huge, reviewer, ""}}), 2, "decision");  // no such identity
  refused(decisions({{item.at("item_id"), "revoke", std::string(257, 'r'), ""}}), 2, "reviewer_id");
  refused(decisions({{std::string(300, 'f'), "revoke", reviewer, ""}}), 2, "item_id");
  refused(decisions({{item.at("item_id"), "reassign:", reviewer, ""}}), 2, "decision");
  refused("item_id,decision,reviewer_id,comment\n" + item.at("item_id") + ",revoke,\"" + reviewer, 2, "");  // cut short
  // Rows with an empty decision are not decided yet: nothing to record.
  const DecisionsApplied nothing = engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "", reviewer, ""}}));
  EXPECT_EQ(nothing.certified + nothing.revoked + nothing.reassigned, 0u);
  EXPECT_EQ(engine.campaign_progress(opened.campaign_id).decided, 0u);
  // A comment with commas, quotes and a line break is kept as written, and the
  // reviewer's guard quote from the queue (a formula-like id) is read back without it.
  const DecisionsApplied kept = engine.decide(
      opened.campaign_id, "item_id,decision,reviewer_id,comment\n" + item.at("item_id") + ",certify," + reviewer +
                              ",\"ok, \"\"checked\"\"\nsecond line\"\n");
  EXPECT_EQ(kept.certified, 1u);
}

TEST_F(ReviewLoopTest, CertifiedAccessIsNotQueuedAgainWhileValid) {
  VersionedEngine engine = open();
  const CampaignOpened first = open_campaign(engine, "c1");
  const Row item = revocable_item(queue_rows(dir_.path() / "c1"), engine.current());
  engine.decide(first.campaign_id, decisions({{item.at("item_id"), "certify", item.at("reviewer_id"), "ok"}}));
  engine = VersionedEngine::in_memory(engine.current());  // lets go of the state
  VersionedEngine reopened = open();  // the certification comes back from the log
  const CampaignOpened second = open_campaign(reopened, "c2");
  EXPECT_EQ(second.campaign_id, "c-20261102-2");
  EXPECT_EQ(second.left_out, 1u);
  EXPECT_EQ(second.report.items + 1, first.report.items);
  for (const Row& row : queue_rows(dir_.path() / "c2"))
    EXPECT_FALSE(row.at("identity_id") == item.at("identity_id") && row.at("entitlement_id") == item.at("entitlement_id"));
  // Once the certification ends (365 days for a low score by default; shorter for
  // riskier items), the access is queued again.
  LifecycleOptions later;
  later.as_of = *Date::parse("2027-11-03");
  reopened.advance_clock(later);
  const CampaignOpened third = open_campaign(reopened, "c3");
  EXPECT_EQ(third.left_out, 0u);
}

TEST_F(ReviewLoopTest, ReassignedItemsMoveToTheirNewReviewer) {
  VersionedEngine engine = open();
  const CampaignOpened opened = open_campaign(engine, "c1");
  const Row item = revocable_item(queue_rows(dir_.path() / "c1"), engine.current());
  const std::string to = item.at("reviewer_id") == "u-olivia" ? "u-priya" : "u-olivia";
  const DecisionsApplied moved =
      engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "reassign:" + to, item.at("reviewer_id"), ""}}));
  EXPECT_EQ(moved.reassigned, 1u);
  EXPECT_EQ(moved.progress.decided, 0u);
  // The old reviewer may no longer decide it; the new one may.
  EXPECT_THROW(engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "certify", item.at("reviewer_id"), ""}})),
               InputError);
  const DecisionsApplied decided =
      engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "certify", to, "checked"}}));
  EXPECT_EQ(decided.certified, 1u);
  std::uint64_t of_new_reviewer = 0;
  for (const ReviewerProgress& reviewer : decided.progress.reviewers)
    if (reviewer.reviewer_id == to) of_new_reviewer = reviewer.certified;
  EXPECT_EQ(of_new_reviewer, 1u);
}

TEST_F(ReviewLoopTest, ClosingAppliesTheDefaultAndWritesEvidence) {
  VersionedEngine engine = open();
  const CampaignOpened opened =
      open_campaign(engine, "c1", R"({"certification": {"close_default": "revoke"}})");
  const std::vector<Row> rows = queue_rows(dir_.path() / "c1");
  const Row item = revocable_item(rows, engine.current());
  engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "certify", item.at("reviewer_id"), "keep"}}));
  const DecisionsApplied closed = engine.close_campaign(opened.campaign_id, dir_.path() / "evidence");
  EXPECT_TRUE(closed.progress.closed);
  EXPECT_EQ(closed.progress.pending, 0u);
  EXPECT_EQ(closed.revoked, rows.size() - 1);
  const std::string evidence = testing::read_bytes(dir_.path() / "evidence" / "evidence.csv");
  EXPECT_EQ(evidence, testing::read_bytes(state_ / "campaigns" / opened.campaign_id / "evidence.csv"));
  EXPECT_EQ(std::count(evidence.begin(), evidence.end(), '\n'), static_cast<long>(rows.size() + 1));
  // The certified item as its reviewer decided it; the others by the default.
  const std::size_t at = evidence.find(item.at("item_id") + ",access,");
  const std::string line = evidence.substr(at, evidence.find('\n', at) - at);
  EXPECT_NE(line.find("," + item.at("reviewer_id") + ",certify,keep,2026-11-02,"), std::string::npos) << line;
  EXPECT_TRUE(line.ends_with(",reviewer")) << line;
  EXPECT_NE(evidence.find(",close_default\n"), std::string::npos);
  // Closed: no more decisions, no second close.
  EXPECT_THROW(engine.decide(opened.campaign_id, decisions({{item.at("item_id"), "revoke", item.at("reviewer_id"), ""}})),
               ArgumentError);
  EXPECT_THROW(engine.close_campaign(opened.campaign_id), ArgumentError);
  EXPECT_TRUE(reader().campaign_progress(opened.campaign_id).closed);
}

TEST_F(ReviewLoopTest, MicroCertificationQueuesOnlyWhatChangedForTouchedIdentities) {
  VersionedEngine engine = open();
  LifecycleOptions clock;
  clock.as_of = *Date::parse("2026-11-20");
  engine.apply_events_csv(testing::read_bytes(testing::kSampleBundle + "/hr_events.csv"), clock);
  std::set<std::string> touched;
  auto events = loaders::CsvFile::open(testing::kSampleBundle + "/hr_events.csv", "hr_events.csv");
  for (const auto& chunk : events.split(SIZE_MAX))
    events.parse(
        chunk, [&](const loaders::CsvRecord& record) { touched.emplace(record.fields[*events.column("identity_id")]); },
        [](const loaders::CsvSyntaxError&) {});
  CampaignOptions options;
  options.recert.out_dir = dir_.path() / "micro";
  options.since = *Date::parse("2026-11-02");
  const CampaignOpened micro = engine.open_campaign(options);
  const CampaignOpened full = open_campaign(engine, "full");
  EXPECT_GT(micro.report.items, 0u);
  EXPECT_LT(micro.report.items, full.report.items);
  for (const Row& row : queue_rows(dir_.path() / "micro")) {
    EXPECT_EQ(row.at("kind"), "access");
    EXPECT_TRUE(touched.count(row.at("identity_id"))) << row.at("identity_id");
  }
}

}  // namespace
}  // namespace accessgraph
