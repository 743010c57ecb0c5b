// The state directory through the real binary: init, apply --state, status, queries
// with --state (equal to the same queries on the bundle the events produce), history,
// compact, export, and the errors a user meets.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "tests/support/run_command.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

using testing::run_command;
using testing::shell_quote;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

testing::CommandResult cli(const std::string& args) {
  return run_command(std::string(ACCESSGRAPH_CLI) + " " + args);
}

class StateCommands : public ::testing::Test {
 protected:
  void SetUp() override {
    // The state begins on the day of the sample's first event (its clock starts there).
    auto init = cli("state init " + kSample + " --state " + shell_quote(state_) + " --as-of 2026-11-02 -q");
    ASSERT_EQ(init.exit_code, 0) << init.err;
  }
  testing::TempBundle dir_;
  std::string state_ = (dir_.path() / "state").string();
  std::string events_ = kSample + "/hr_events.csv";
};

TEST_F(StateCommands, ApplyAcknowledgesAndStatusCounts) {
  auto status = cli("state status --state " + state_ + " --json");
  ASSERT_EQ(status.exit_code, 0) << status.err;
  auto json = nlohmann::json::parse(status.out);
  EXPECT_EQ(json["version"], 0);
  EXPECT_EQ(json["events_applied"], 0);
  EXPECT_EQ(json["last_event_id"], "");
  EXPECT_EQ(json["clock"], "2026-11-02");

  auto apply = cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q");
  ASSERT_EQ(apply.exit_code, 0) << apply.err;
  EXPECT_EQ(apply.out, "applied 9 events: version 1, last event ev-2026-0109, clock 2026-11-16, 0 pending\n");

  json = nlohmann::json::parse(cli("state status --state " + state_ + " --json").out);
  EXPECT_EQ(json["version"], 1);
  EXPECT_EQ(json["events_applied"], 9);
  EXPECT_EQ(json["last_event_id"], "ev-2026-0109");
  EXPECT_EQ(json["clock"], "2026-11-16");
}

// Every query on the state answers as on the bundle `apply BUNDLE --out` writes.
TEST_F(StateCommands, QueriesOnTheStateEqualQueriesOnTheAppliedBundle) {
  const std::string out = (dir_.path() / "applied").string();
  ASSERT_EQ(cli("apply " + kSample + " --events " + events_ + " --out " + out + " --as-of 2026-11-16 -q").exit_code, 0);
  ASSERT_EQ(cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q").exit_code, 0);
  for (const std::string query : {"access u-henry", "access u-irene", "check u-irene ent-erp-create-invoice",
                                  "who-has ent-erp-create-invoice", "explain u-henry ent-sfdc-login",
                                  "findings --identity u-leo", "findings"}) {
    for (const std::string format : {"", " --json"}) {
      auto on_state = cli(query + " --state " + state_ + " --as-of 2026-11-16 -q" + format);
      auto on_bundle = cli(query + " --bundle " + out + "/bundle --as-of 2026-11-16 -q" + format);
      ASSERT_EQ(on_state.exit_code, 0) << query << on_state.err;
      EXPECT_EQ(on_state.out, on_bundle.out) << query << format;
    }
  }
}

TEST_F(StateCommands, HistoryAccessAtAndWhoHasBetween) {
  ASSERT_EQ(cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q").exit_code, 0);
  auto history = nlohmann::json::parse(cli("history u-henry --state " + state_ + " --json").out);
  ASSERT_FALSE(history["changes"].empty());
  for (const auto& change : history["changes"]) {
    EXPECT_EQ(change["event_id"], "ev-2026-0103");
    EXPECT_EQ(change["event_type"], "transfer");
    EXPECT_TRUE(change["change"] == "gained" || change["change"] == "lost");
  }

  auto before = nlohmann::json::parse(cli("access u-henry --state " + state_ + " --at 2026-11-02 --json").out);
  auto after = nlohmann::json::parse(cli("access u-henry --state " + state_ + " --at 2026-11-03 --json").out);
  EXPECT_EQ(before["at"], "2026-11-02");
  EXPECT_NE(before["entitlements"], after["entitlements"]);

  auto holders = nlohmann::json::parse(
      cli("who-has ent-erp-create-invoice --state " + state_ + " --between 2026-11-02 2026-11-30 --json").out);
  bool irene = false;
  for (const auto& holder : holders["identities"]) {
    if (holder["identity_id"] != "u-irene") continue;
    irene = true;
    EXPECT_EQ(holder["from"], "2026-11-02");  // hired that day
    EXPECT_EQ(holder["to"], "");
  }
  EXPECT_TRUE(irene);
  // Before the state began: refused, naming the first date it can answer for.
  auto earlier = cli("who-has ent-erp-create-invoice --state " + state_ + " --between 2026-10-01 2026-11-01 --json");
  EXPECT_EQ(earlier.exit_code, 2);
  EXPECT_NE(earlier.err.find("2026-11-02"), std::string::npos) << earlier.err;
  auto reversed = cli("who-has ent-erp-create-invoice --state " + state_ + " --between 2026-11-20 2026-11-05");
  EXPECT_EQ(reversed.exit_code, 2);
}

TEST_F(StateCommands, CompactAndExport) {
  ASSERT_EQ(cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q").exit_code, 0);
  ASSERT_EQ(cli("state compact --state " + state_ + " -q").exit_code, 0);
  auto json = nlohmann::json::parse(cli("state status --state " + state_ + " --json").out);
  EXPECT_EQ(json["snapshot_version"], 1);
  EXPECT_EQ(json["version"], 1);
  const std::string exported = (dir_.path() / "exported").string();
  ASSERT_EQ(cli("state export --state " + state_ + " --out " + exported + " -q").exit_code, 0);
  auto from_export = cli("access " + exported + " u-irene --as-of 2026-11-16 -q --json");
  auto from_state = cli("access u-irene --state " + state_ + " --as-of 2026-11-16 -q --json");
  ASSERT_EQ(from_export.exit_code, 0) << from_export.err;
  EXPECT_EQ(from_export.out, from_state.out);
}

TEST_F(StateCommands, ErrorsNameTheProblem) {
  auto again = cli("state init " + kSample + " --state " + state_ + " -q");
  EXPECT_EQ(again.exit_code, 4);
  EXPECT_NE(again.err.find("already holds a state"), std::string::npos) << again.err;

  auto missing = cli("access u-henry --state " + (dir_.path() / "nowhere").string() + " -q");
  EXPECT_EQ(missing.exit_code, 4);
  EXPECT_NE(missing.err.find("does not exist"), std::string::npos) << missing.err;

  ASSERT_EQ(cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q").exit_code, 0);
  // The same batch again (a retry): acknowledged, nothing applied twice.
  auto twice = cli("apply --state " + state_ + " --events " + events_ + " --as-of 2026-11-16 -q");
  EXPECT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_EQ(twice.out, "applied 0 events: version 1, last event ev-2026-0109, clock 2026-11-16, 0 pending\n");
  // An event id used again with other content is refused, naming the line.
  const std::string reused = (dir_.path() / "reused.csv").string();
  testing::write_file(reused, "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                              "manager_id,owner_id\nev-2026-0103,2026-11-17,transfer,u-henry,,,Finance,,,,\n");
  auto clash = cli("apply --state " + state_ + " --events " + reused + " --as-of 2026-11-17 -q");
  EXPECT_EQ(clash.exit_code, 2);
  EXPECT_NE(clash.err.find("reused.csv:2"), std::string::npos) << clash.err;
  // The clock never moves back.
  auto back = cli("apply --state " + state_ + " --as-of 2026-11-10 -q");
  EXPECT_EQ(back.exit_code, 2);
  EXPECT_NE(back.err.find("never moves back"), std::string::npos) << back.err;
  auto json = nlohmann::json::parse(cli("state status --state " + state_ + " --json").out);
  EXPECT_EQ(json["version"], 1);

  auto no_state = cli("access u-henry " + kSample + " --at 2026-11-02");
  EXPECT_EQ(no_state.exit_code, 2);
  EXPECT_NE(no_state.err.find("--state"), std::string::npos) << no_state.err;
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

// The README's seasonal contractor: hire and last day sent ahead, both pending, each
// acting by itself when an apply with no events moves the clock to its date.
TEST(SeasonalContractor, StartAndLastDayActOnTheirDates) {
  testing::TempBundle dir;
  const std::string state = (dir.path() / "st").string();
  const std::string events = (dir.path() / "contractor.csv").string();
  testing::write_file(events,
                      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
                      "manager_id,owner_id\n"
                      "ev-sc-1,2026-12-01,hire,u-sven,Sven Berg,contractor,Engineering,Software Engineer,Berlin,"
                      "u-ethan,\n"
                      "ev-sc-2,2027-01-15,terminate,u-sven,,,,,,,\n");
  ASSERT_EQ(cli("state init " + kSample + " --state " + state + " --as-of 2026-11-16 -q").exit_code, 0);
  auto queued = cli("apply --state " + state + " --events " + events + " --as-of 2026-11-16 -q");
  ASSERT_EQ(queued.exit_code, 0) << queued.err;
  EXPECT_NE(queued.out.find("2 pending"), std::string::npos) << queued.out;
  EXPECT_EQ(cli("access u-sven --state " + state + " --as-of 2026-11-16 -q").exit_code, 3);  // not hired yet

  const auto entitlements = [&](const std::string& as_of) {
    auto access = cli("access u-sven --state " + state + " --as-of " + as_of + " --json -q");
    EXPECT_EQ(access.exit_code, 0) << access.err;
    return nlohmann::json::parse(access.out)["entitlements"].size();
  };
  ASSERT_EQ(cli("apply --state " + state + " --as-of 2026-12-01 -q").exit_code, 0);
  EXPECT_GT(entitlements("2026-12-01"), 0u);
  ASSERT_EQ(cli("apply --state " + state + " --as-of 2027-01-15 -q").exit_code, 0);
  EXPECT_EQ(entitlements("2027-01-15"), 0u);
  auto status = nlohmann::json::parse(cli("state status --state " + state + " --json").out);
  EXPECT_EQ(status["clock"], "2027-01-15");
  EXPECT_TRUE(status["pending"].empty());

  // Her history has both dates, and the day before the last one still had access.
  auto at = cli("access u-sven --state " + state + " --at 2027-01-14 --json -q");
  ASSERT_EQ(at.exit_code, 0) << at.err;
  EXPECT_GT(nlohmann::json::parse(at.out)["entitlements"].size(), 0u);
  auto history = cli("history u-sven --state " + state + " -q");
  EXPECT_NE(history.out.find("2026-12-01"), std::string::npos) << history.out;
  EXPECT_NE(history.out.find("2027-01-15"), std::string::npos) << history.out;
  // The clock never moves back.
  EXPECT_EQ(cli("apply --state " + state + " --as-of 2026-12-20 -q").exit_code, 2);
}

}  // namespace
}  // namespace accessgraph
