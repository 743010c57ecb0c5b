// Point-in-time history, checked against a plain replay of the events up to each date.
#include "accessgraph/history.hpp"

#include <gtest/gtest.h>

#include <fstream>
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

// The sample's events in two batches, applied to a state at 2026-11-16.
class HistoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    VersionedEngine::init_state(kSample, state_, at(kApplied));
    auto events = loaders::load_events(kSample + "/hr_events.csv");
    first_ = format_hr_events({events.begin(), events.begin() + 5});
    second_ = format_hr_events({events.begin() + 5, events.end()});
    VersionedEngine engine = VersionedEngine::open_state(state_, at(kApplied));
    engine.apply_events_csv(first_);
    engine.apply_events_csv(second_);
    all_events_ = loaders::parse_events(first_ + second_.substr(second_.find('\n') + 1));
  }

  // Plain replay: the bundle, then one batch of every event effective on or before
  // `date`, evaluated at `date`.
  Engine replayed_until(Date date) const {
    std::vector<HrEvent> until;
    for (const auto& event : all_events_)
      if (event.effective_date <= date) until.push_back(event);
    Engine engine = Engine::open_bundle(kSample, at(kApplied));
    if (!until.empty()) engine = engine.apply_events_csv(format_hr_events(until)).after;
    return engine.evaluated_at(date);
  }

  static constexpr Date kApplied = Date::from_days(20773);  // 2026-11-16
  TempBundle dir_;
  std::filesystem::path state_ = dir_.path() / "state";
  std::string first_, second_;
  std::vector<HrEvent> all_events_;
};

TEST_F(HistoryTest, AccessAtEachDateEqualsAReplayUpToThatDate) {
  ASSERT_EQ(kApplied.to_string(), "2026-11-16");
  const StateHistory history = StateHistory::open(state_, at(kApplied));
  for (const char* date : {"2026-10-01", "2026-11-02", "2026-11-03", "2026-11-05", "2026-11-06", "2026-11-10",
                           "2026-11-20", "2027-01-01"}) {
    const Engine expected = replayed_until(day(date));
    const Graph& g = state_of(expected).graph;
    for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
      const std::string id(g.identity_ids.name(IdentityId(i)));
      EXPECT_EQ(history.access_at(id, day(date)), expected.access(id)) << id << " at " << date;
    }
  }
  EXPECT_THROW(history.access_at("u-irene", day("2026-11-01")), NotFoundError);  // hired on 2026-11-02
}

// Someone is listed for [D1, D2] exactly when a replay shows them holding it on some
// day of the range; from/to are the days it was gained and lost.
TEST_F(HistoryTest, WhoHasBetweenListsEveryHolderOfTheRange) {
  const StateHistory history = StateHistory::open(state_, at(kApplied));
  std::set<std::string> entitlements;  // everything the events' identities had or gained
  for (const auto& event : all_events_)
    for (const char* date : {"2026-10-01", "2027-01-01"})
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
      if (!period.from.empty()) {
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
    std::set<std::string> access = entitlements_of(replayed_until(day("2026-10-01")), identity);
    const AccessHistory changes = history.history(identity);
    for (const AccessChange& change : changes.changes) {
      if (change.change == "gained") {
        EXPECT_TRUE(access.insert(change.entitlement_id).second) << identity;
      } else {
        EXPECT_EQ(access.erase(change.entitlement_id), 1u) << identity;
      }
      EXPECT_FALSE(change.event_id.empty());
    }
    EXPECT_EQ(access, entitlements_of(replayed_until(day("2027-01-01")), identity)) << identity;
  }
  EXPECT_THROW(history.history("u-nobody"), NotFoundError);
  EXPECT_TRUE(history.history("u-maria").changes.empty());  // untouched by the events
}

}  // namespace
}  // namespace accessgraph
