// The state directory behind VersionedEngine: what is applied survives reopening,
// nothing refused is written, damage is reported, readers never see half a version.
#include "accessgraph/versioned_engine.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "core/common/error.hpp"
#include "engine/store/event_log.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"

namespace accessgraph {
namespace {

using testing::exported;
using testing::TempBundle;

const std::string& kSample = testing::kSampleBundle;

OpenOptions at(const char* date) { return testing::options_at(date); }
std::string read_text(const std::filesystem::path& path) { return testing::read_bytes(path); }

// The sample's events split in two batches: the header plus lines [first, last).
std::string events_lines(std::size_t first, std::size_t last) {
  std::istringstream all(read_text(kSample + "/hr_events.csv"));
  std::string line, header, out;
  std::getline(all, header);
  out = header + "\n";
  for (std::size_t i = 0; std::getline(all, line); ++i)
    if (i >= first && i < last) out += line + "\n";
  return out;
}

// The state begins on the day of the first event, as applying the events to the bundle
// would start its clock, so that both keep the same history.
class StateDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override { VersionedEngine::init_state(kSample, state_, at("2026-11-02")); }
  TempBundle dir_;  // before state_, which is made from it
  std::filesystem::path state_ = dir_.path() / "state";
};

TEST_F(StateDirectoryTest, InitMakesTheBundleState) {
  VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
  EXPECT_EQ(testing::exported_bundle_files(engine.current()),
            testing::exported_bundle_files(Engine::open_bundle(kSample, at("2026-11-16"))));
  const StateStatus status = engine.status();
  EXPECT_EQ(status.clock, "2026-11-02");
  EXPECT_TRUE(status.pending.empty());
  EXPECT_EQ(status.version, 0u);
  EXPECT_EQ(status.events_applied, 0u);
  EXPECT_EQ(status.last_event_id, "");
  EXPECT_THROW(VersionedEngine::init_state(kSample, state_), StateError);  // never over an existing state
}

TEST_F(StateDirectoryTest, AppliedBatchesSurviveReopeningAndEqualApplyingToTheBundle) {
  {
    VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
    ApplyReceipt first = engine.apply_events_csv(events_lines(0, 4));
    EXPECT_EQ(first.version, 1u);
    EXPECT_EQ(first.events, 4u);
    ApplyReceipt second = engine.apply_events_csv(events_lines(4, 100));
    EXPECT_EQ(second.version, 2u);
  }
  Engine expected = Engine::open_bundle(kSample, at("2026-11-16"))
                        .apply_events_csv(events_lines(0, 4))
                        .after.apply_events_csv(events_lines(4, 100))
                        .after;
  VersionedEngine reopened = VersionedEngine::open_state(state_, at("2026-11-16"));
  EXPECT_EQ(exported(reopened.current()), exported(expected));
  EXPECT_EQ(reopened.current().all_findings(), expected.all_findings());
  const StateStatus status = reopened.status();
  EXPECT_EQ(status.version, 2u);
  EXPECT_EQ(status.events_applied, 9u);
  const StateStatus cheap = VersionedEngine::read_status(state_);
  EXPECT_EQ(cheap.version, status.version);
  EXPECT_EQ(cheap.events_applied, status.events_applied);
  EXPECT_EQ(cheap.last_event_id, status.last_event_id);
}

TEST_F(StateDirectoryTest, ARefusedBatchWritesNothing) {
  VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
  const auto log_size = std::filesystem::file_size(state_ / "events.log");
  const std::string bad = events_lines(0, 2) + "ev-bad,2026-11-20,transfer,u-nobody,,,,,,,\n";
  EXPECT_THROW(engine.apply_events_csv(bad), InputError);
  EXPECT_EQ(std::filesystem::file_size(state_ / "events.log"), log_size);
  EXPECT_EQ(engine.status().version, 0u);
  EXPECT_EQ(testing::exported_bundle_files(engine.current()),
            testing::exported_bundle_files(Engine::open_bundle(kSample, at("2026-11-16"))));
}

TEST_F(StateDirectoryTest, ATornAppendIsDroppedDamageToAnAcknowledgedRecordStopsTheStart) {
  std::string control_after_first;
  {
    VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
    engine.apply_events_csv(events_lines(0, 4));
    control_after_first = read_text(state_ / "control");
    engine.apply_events_csv(events_lines(4, 100));
  }
  const std::string log = read_text(state_ / "events.log");
  const std::string control = read_text(state_ / "control");
  // Torn: the second record cut short before its control commit, as a crash leaves it.
  testing::write_bytes(state_ / "control", control_after_first);
  testing::write_bytes(state_ / "events.log", log.substr(0, log.size() - 5));
  const StateStatus torn = VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead).status();
  EXPECT_EQ(torn.version, 1u);
  EXPECT_EQ(torn.torn_tail_bytes, log.size() - 5 - torn.log_bytes);
  EXPECT_EQ(VersionedEngine::open_state(state_, at("2026-11-16")).status().version, 1u);  // a writer cuts it
  EXPECT_EQ(read_text(state_ / "events.log").size(), torn.log_bytes);
  // Cut short after its commit: acknowledged data is missing, nothing is dropped.
  testing::write_bytes(state_ / "control", control);
  testing::write_bytes(state_ / "events.log", log.substr(0, log.size() - 5));
  EXPECT_THROW(VersionedEngine::open_state(state_, at("2026-11-16")), StateError);
  EXPECT_EQ(read_text(state_ / "events.log").size(), log.size() - 5);
  // Damaged: a flipped byte inside the first record, or in the last one.
  for (std::size_t position : {std::size_t{20}, log.size() - 3}) {
    std::string damaged = log;
    damaged[position] = static_cast<char>(damaged[position] ^ 1);
    testing::write_bytes(state_ / "events.log", damaged);
    EXPECT_THROW(VersionedEngine::open_state(state_, at("2026-11-16")), StateError) << position;
    EXPECT_THROW(VersionedEngine::read_status(state_), StateError) << position;
    EXPECT_EQ(read_text(state_ / "events.log"), damaged);
  }
}

TEST_F(StateDirectoryTest, CompactionReplaysNothingAndKeepsTheBase) {
  const std::string base = read_text(state_ / "base.bin");
  {
    VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
    engine.apply_events_csv(events_lines(0, 4));
    engine.compact();
    engine.apply_events_csv(events_lines(4, 100));
  }
  EXPECT_EQ(read_text(state_ / "base.bin"), base);
  const StateStatus status = VersionedEngine::read_status(state_);
  EXPECT_EQ(status.snapshot_version, 1u);
  EXPECT_EQ(status.version, 2u);
  Engine expected = Engine::open_bundle(kSample, at("2026-11-16"))
                        .apply_events_csv(events_lines(0, 4))
                        .after.apply_events_csv(events_lines(4, 100))
                        .after;
  EXPECT_EQ(exported(VersionedEngine::open_state(state_, at("2026-11-16")).current()), exported(expected));
}

// The lock is taken when a writer opens the state, not at its first write; readers
// take none and share the directory with the writer.
TEST_F(StateDirectoryTest, OneWriterAtATimeFromTheMomentItOpens) {
  VersionedEngine first = VersionedEngine::open_state(state_, at("2026-11-16"));
  try {
    VersionedEngine::open_state(state_, at("2026-11-16"));
    FAIL() << "a second writer opened the state";
  } catch (const StateError& error) {
    EXPECT_NE(std::string(error.what()).find("in use by another writer (pid "), std::string::npos) << error.what();
  }
  VersionedEngine reader = VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead);
  EXPECT_THROW(reader.apply_events_csv(events_lines(1, 2)), StateError);  // read-only
  EXPECT_THROW(reader.compact(), StateError);
  first.apply_events_csv(events_lines(0, 1));
  EXPECT_EQ(reader.status().version, 0u);  // what it opened
  EXPECT_EQ(VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead).status().version, 1u);
  EXPECT_EQ(VersionedEngine::read_status(state_).version, 1u);
}

TEST_F(StateDirectoryTest, TheLockIsFreeOnceTheWriterCloses) {
  { VersionedEngine first = VersionedEngine::open_state(state_, at("2026-11-16")); }
  VersionedEngine second = VersionedEngine::open_state(state_, at("2026-11-16"));
  EXPECT_EQ(second.apply_events_csv(events_lines(0, 4)).version, 1u);
}

// Readers take current() while batches apply: every answer about an identity the
// batches change is the one before or the one after, never anything else.
TEST(VersionedEngine, ReadersSeeTheOldOrTheNewVersionNeverAMix) {
  VersionedEngine engine = VersionedEngine::in_memory(Engine::open_bundle(kSample, at("2026-11-16")));
  const std::string transfer_there =
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
      "t1,2026-11-10,transfer,u-henry,,,Sales,Account Executive,,u-diego,\n";
  const std::string transfer_back =
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
      "t2,2026-11-11,transfer,u-henry,,,Finance,AP Clerk,,u-jamal,\n";
  const AccessResult before = engine.current().access("u-henry");
  const AccessResult there = engine.current().apply_events_csv(transfer_there).after.access("u-henry");
  const AccessResult back =
      engine.current().apply_events_csv(transfer_there).after.apply_events_csv(transfer_back).after.access("u-henry");
  ASSERT_NE(before, there);

  std::atomic<bool> done{false};
  std::atomic<int> reads{0}, mixed{0};
  std::vector<std::thread> readers;
  for (int r = 0; r < 2; ++r)
    readers.emplace_back([&] {
      while (!done) {
        const AccessResult seen = engine.current().access("u-henry");
        if (seen != before && seen != there && seen != back) ++mixed;
        ++reads;
      }
    });
  // Each round's events are new (event ids are unique for the life of a history) and
  // dated a day apart, the clock following them.
  const std::string header =
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n";
  Date day = *Date::parse("2026-11-16");
  for (int round = 0; round < 20; ++round) {
    while (reads < 3 * round + 1) std::this_thread::yield();  // interleave with the readers
    LifecycleOptions options;
    options.as_of = day = day.plus_days(1);
    engine.apply_events_csv(header + "there-" + std::to_string(round) + "," + day.to_string() +
                                ",transfer,u-henry,,,Sales,Account Executive,,u-diego,\n",
                            options);
    options.as_of = day = day.plus_days(1);
    engine.apply_events_csv(header + "back-" + std::to_string(round) + "," + day.to_string() +
                                ",transfer,u-henry,,,Finance,AP Clerk,,u-jamal,\n",
                            options);
  }
  done = true;
  for (auto& reader : readers) reader.join();
  EXPECT_EQ(mixed, 0);
  EXPECT_GT(reads, 0);
  EXPECT_EQ(engine.status().version, 40u);
}

}  // namespace
}  // namespace accessgraph
