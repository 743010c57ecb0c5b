// Point-in-time history, checked against one batch of the events up to each date on a
// history that starts where the state's does (the "one truth" of docs/lifecycle.md).
#include "accessgraph/history.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "core/common/error.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "engine/version/version_state.hpp"
#include "core/io/hr_events_csv.hpp"
#include "loaders/events_loader.hpp"
#include "tests/support/state_test_support.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

using testing::TempBundle;

const std::string& kSample = testing::kSampleBundle;

OpenOptions at(Date date) { return testing::options_at(date); }
Date day(const char* text) { return *Date::parse(text); }

// Actual access by entitlement id; nothing for an identity not hired yet.
std::set<std::string> entitlements_of(const Engine& engine, const std::string& identity) {
  std::set<std::string> ids;
  try {
    for (const AccessEntry& e : engine.access(identity).entitlements) ids.insert(e.entitlement_id);
  } catch (const NotFoundError&) {
  }
  return ids;
}

// A version whose lifecycle history begins on `start`, as a state initialised then.
Engine starting_on(const Engine& engine, Date start) {
  Graph graph = state_of(engine).graph;
  auto history = std::make_shared<LifecycleHistory>();
  history->start = start;
  graph.history = std::move(history);
  return engine_from_graph(std::move(graph), at(engine.as_of()));
}

// The sample's events in two batches, applied on 2026-11-16 to a state begun on
// 2026-11-01.
class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VersionedEngine::init_state(kSample, state_, at(kStart));
    auto events = loaders::load_events(kSample + "/hr_events.csv");
    first_ = format_hr_events({events.begin(), events.begin() + 5});
    second_ = format_hr_events({events.begin() + 5, events.end()});
    VersionedEngine engine = VersionedEngine::open_state(state_, at(kApplied));
    engine.apply_events_csv(first_);
    engine.apply_events_csv(second_);
    all_events_ = loaders::parse_events(first_ + second_.substr(second_.find('\n') + 1));
  }

  // One batch of every event effective on or before `date`, the clock moved to `date`,
  // on a history begun when the state's was; evaluated at `date`.
  Engine replayed_until(Date date) const {
    if (auto cached = replays_.find(date.days()); cached != replays_.end()) return cached->second;
    std::vector<HrEvent> until;
    for (const auto& event : all_events_)
      if (event.effective_date <= date) until.push_back(event);
    LifecycleOptions options;
    options.as_of = date;
    Engine engine = starting_on(Engine::open_bundle(kSample, at(kApplied)), kStart);
    engine = engine.apply_events(until, options).after.evaluated_at(date);
    replays_.emplace(date.days(), engine);
    return engine;
  }

  static constexpr Date kStart = Date::from_days(20758);    // 2026-11-01
  static constexpr Date kApplied = Date::from_days(20773);  // 2026-11-16
  mutable std::map<std::int32_t, Engine> replays_;
  TempBundle dir_;
  std::filesystem::path state_ = dir_.path() / "state";
  std::string first_, second_;
  std::vector<HrEvent> all_events_;
};

TEST_F(HistoryTest, AccessAtEachDateEqualsAReplayUpToThatDate) {
  ASSERT_EQ(kStart.to_string(), "2026-11-01");
  ASSERT_EQ(kApplied.to_string(), "2026-11-16");
  const StateHistory history = StateHistory::open(state_, at(kApplied));
  for (const char* date : {"2026-11-01", "2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06", "2026-11-10",
                           "2026-11-15", "2026-11-16"}) {
    const Engine expected = replayed_until(day(date));
    const Graph& g = state_of(expected).graph;
    for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
      const std::string id(g.identity_ids.name(IdentityId(i)));
      EXPECT_EQ(history.access_at(id, day(date)), expected.access(id)) << id << " at " << date;
    }
  }
  EXPECT_THROW(history.access_at("u-irene", day("2026-11-01")), NotFoundError);  // hired on 2026-11-02
  // Before the state began nothing is known: refused, naming the first date.
  try {
    history.access_at("u-carmen", day("2025-01-01"));
    ADD_FAILURE() << "a date before the history was answered";
  } catch (const ArgumentError& error) {
    EXPECT_NE(std::string(error.what()).find("2026-11-01"), std::string::npos) << error.what();
  }
  EXPECT_THROW(history.who_has_between("ent-ad-vpn", day("2024-01-01"), day("2024-12-31")), ArgumentError);
  EXPECT_THROW(history.who_has_between("ent-ad-vpn", day("2026-11-10"), day("2026-11-05")), ArgumentError);
  EXPECT_EQ(history.first_date(), kStart);
}

// Someone is listed for [D1, D2] exactly when a replay shows them holding it on some
// day of the range; from/to are the days it was gained and lost.
TEST_F(HistoryTest, WhoHasBetweenListsEveryHolderOfTheRange) {
  const StateHistory history = StateHistory::open(state_, at(kApplied));
  std::set<std::string> entitlements;  // everything the events' identities had or gained
  for (const auto& event : all_events_)
    for (const char* date : {"2026-11-01", "2026-11-16"})
      for (const std::string& id : entitlements_of(replayed_until(day(date)), event.identity_id)) entitlements.insert(id);
  ASSERT_GT(entitlements.size(), 5u);
  const Date from = day("2026-11-03"), to = day("2026-11-12");
  for (const std::string& entitlement : entitlements) {
    std::set<std::string> expected;
    for (Date d = from; d <= to; d = d.plus_days(1))
      for (const Holder& holder : replayed_until(d).who_has(entitlement).identities) expected.insert(holder.identity_id);
    std::set<std::string> listed;
    for (const HoldingPeriod& period : history.who_has_between(entitlement, from, to).holders) {
      listed.insert(period.identity_id);
      // Held at the start: dated from its direct grant (which may precede the history),
      // else from before the history began (empty).
      if (!period.from.empty() && day(period.from.c_str()) >= kStart) {
        EXPECT_TRUE(replayed_until(day(period.from.c_str())).check(period.identity_id, entitlement).has);
      }
      if (!period.to.empty()) {
        EXPECT_FALSE(replayed_until(day(period.to.c_str())).check(period.identity_id, entitlement).has);
        EXPECT_TRUE(replayed_until(day(period.to.c_str()).plus_days(-1)).check(period.identity_id, entitlement).has);
      }
    }
    EXPECT_EQ(listed, expected) << entitlement;
  }
}

// The changes of an identity, applied to what it had at the start, give what it has
// at the end; each names its event.
TEST_F(HistoryTest, HistoryChangesLeadFromTheBaseToTheCurrentAccess) {
  const StateHistory history = StateHistory::open(state_, at(kApplied));
  std::set<std::string> touched;
  for (const auto& event : all_events_) touched.insert(event.identity_id);
  for (const std::string& identity : touched) {
    std::set<std::string> access = entitlements_of(replayed_until(kStart), identity);
    const AccessHistory changes = history.history(identity);
    for (const AccessChange& change : changes.changes) {
      if (change.change == "gained") {
        EXPECT_TRUE(access.insert(change.entitlement_id).second) << identity;
      } else {
        EXPECT_EQ(access.erase(change.entitlement_id), 1u) << identity;
      }
      EXPECT_FALSE(change.cause.empty());
      if (!change.event_id.empty()) {
        EXPECT_EQ(change.cause, change.event_id);
      }
    }
    EXPECT_EQ(access, entitlements_of(replayed_until(kApplied), identity)) << identity;
  }
  EXPECT_THROW(history.history("u-nobody"), NotFoundError);
  EXPECT_TRUE(history.history("u-maria").changes.empty());  // untouched by the events
}

}  // namespace
}  // namespace accessgraph
