// What a state directory promises about acknowledged batches (docs/state.md): nothing
// acknowledged is ever dropped, whatever a crash or damage leaves; damage and missing
// files are refused naming the file (and byte offset) and change nothing; dropping
// batches is an explicit `state repair`, which keeps copies.
#include <gtest/gtest.h>

#include <fstream>

#include "accessgraph/versioned_engine.hpp"
#include "core/common/error.hpp"
#include "engine/store/control_file.hpp"
#include "tests/support/exported_bundle.hpp"
#include "tests/support/state_test_support.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

using testing::read_bytes;
using testing::TempBundle;
using testing::write_bytes;

const std::string& kSample = testing::kSampleBundle;
const std::string kHeader =
    "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n";

OpenOptions at(const char* date) { return testing::options_at(date); }

// Batch n (0-based) of a stream of transfers, each dated a day after the last.
std::string batch(int n) {
  const Date day = Date::parse("2026-11-17")->plus_days(n);
  return kHeader + "move-" + std::to_string(n) + "," + day.to_string() +
         (n % 2 == 0 ? ",transfer,u-henry,,,Sales,Account Executive,,u-diego,\n"
                     : ",transfer,u-henry,,,Finance,AP Clerk,,u-jamal,\n");
}
LifecycleOptions on_day_of(int n) {
  LifecycleOptions options;
  options.as_of = Date::parse("2026-11-17")->plus_days(n);
  return options;
}

std::string message_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const StateError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no StateError";
  return "";
}

// The same files, byte for byte (nothing truncated, deleted or rewritten).
std::map<std::string, std::string> files_of(const std::filesystem::path& dir) {
  std::map<std::string, std::string> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir))
    if (entry.is_regular_file() && entry.path().filename() != "lock")
      files[entry.path().filename().string()] = read_bytes(entry.path());
  return files;
}

class StateDurabilityTest : public ::testing::Test {
 protected:
  // An 80-batch state, built once and copied for each test.
  static const std::filesystem::path& eighty() {
    static TempBundle dir;
    static const std::filesystem::path state = [] {
      const auto path = dir.path() / "state80";
      VersionedEngine::init_state(kSample, path, at("2026-11-02"));
      VersionedEngine engine = VersionedEngine::open_state(path, at("2026-11-16"));
      for (int n = 0; n < 80; ++n) engine.apply_events_csv(batch(n), on_day_of(n));
      return path;
    }();
    return state;
  }
  void SetUp() override { std::filesystem::copy(eighty(), state_, std::filesystem::copy_options::recursive); }

  TempBundle dir_;
  std::filesystem::path state_ = dir_.path() / "state";
};

TEST_F(StateDurabilityTest, TruncatingTheLogAnywhereIsRefusedAndNothingIsCut) {
  const std::string log = read_bytes(state_ / "events.log");
  ASSERT_EQ(VersionedEngine::read_status(state_).version, 80u);
  for (std::size_t cut = 0; cut < log.size(); cut += 97) {
    write_bytes(state_ / "events.log", log.substr(0, cut));
    const std::string message = message_of([&] { VersionedEngine::read_status(state_); });
    EXPECT_NE(message.find("events.log is " + std::to_string(cut) + " bytes, shorter than the " +
                           std::to_string(log.size()) + " bytes acknowledged (80 batches)"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("state repair --state"), std::string::npos) << message;
    EXPECT_THROW(VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead), StateError) << cut;
    EXPECT_THROW(VersionedEngine::open_state(state_, at("2026-11-16")), StateError) << cut;
    EXPECT_EQ(std::filesystem::file_size(state_ / "events.log"), cut) << "nothing truncated";
  }
}

TEST_F(StateDurabilityTest, ABitFlipInTheLastAcknowledgedRecordIsRefusedNamingItsOffset) {
  const std::string log = read_bytes(state_ / "events.log");
  for (std::size_t back : {1u, 5u, 20u, 60u}) {
    std::string damaged = log;
    damaged[log.size() - back] ^= 0x08;
    write_bytes(state_ / "events.log", damaged);
    const std::string message = message_of([&] { VersionedEngine::open_state(state_, at("2026-11-16")); });
    EXPECT_NE(message.find("events.log: damaged record at byte "), std::string::npos) << message;
    EXPECT_NE(message.find("(batch 80, acknowledged"), std::string::npos) << message;
    EXPECT_NE(message.find("--truncate-after 79"), std::string::npos) << message;
    EXPECT_THROW(VersionedEngine::read_status(state_), StateError);
    EXPECT_EQ(read_bytes(state_ / "events.log"), damaged) << "nothing truncated";
  }
}

TEST_F(StateDurabilityTest, MissingFilesAreNamedNeverTakenForAnEmptyState) {
  const auto before = files_of(state_);
  for (const char* name : {"events.log", "snapshot.bin", "control"}) {
    std::filesystem::rename(state_ / name, dir_.path() / name);
    for (StateAccess access : {StateAccess::kRead, StateAccess::kWrite}) {
      const std::string message = message_of([&] { VersionedEngine::open_state(state_, at("2026-11-16"), access); });
      EXPECT_NE(message.find(name), std::string::npos) << message;
    }
    EXPECT_NE(message_of([&] { VersionedEngine::read_status(state_); }).find(name), std::string::npos);
    // init refuses, deleting nothing
    EXPECT_NE(message_of([&] { VersionedEngine::init_state(kSample, state_); }).find("already holds a state"),
              std::string::npos);
    std::filesystem::rename(dir_.path() / name, state_ / name);
  }
  EXPECT_EQ(files_of(state_), before);
  EXPECT_EQ(VersionedEngine::read_status(state_).version, 80u);
}

TEST_F(StateDurabilityTest, InitRefusesADirectoryHoldingAnyStateFileAndDeletesNothing) {
  for (const char* keep : {"events.log", "snapshot.bin", "base.bin", "control"}) {
    TempBundle dir;
    const auto target = dir.path() / "target";
    std::filesystem::create_directory(target);
    std::filesystem::copy_file(state_ / keep, target / keep);
    const std::string message = message_of([&] { VersionedEngine::init_state(kSample, target); });
    EXPECT_NE(message.find(std::string("already holds a state (") + keep), std::string::npos) << message;
    EXPECT_EQ(files_of(target).size(), 1u);
    EXPECT_EQ(read_bytes(target / keep), read_bytes(state_ / keep));
  }
  // An empty directory is fine.
  TempBundle dir;
  VersionedEngine::init_state(kSample, dir.path() / "fresh", at("2026-11-02"));
  EXPECT_EQ(VersionedEngine::read_status(dir.path() / "fresh").version, 0u);
}

// An init stopped before its control file: no state yet, refused by open and by init,
// completed by an explicit repair.
TEST_F(StateDurabilityTest, AnInterruptedInitIsNoStateUntilRepaired) {
  TempBundle dir;
  const auto target = dir.path() / "target";
  VersionedEngine::init_state(kSample, target, at("2026-11-02"));
  std::filesystem::remove(target / "control");
  EXPECT_NE(message_of([&] { VersionedEngine::open_state(target); }).find("has no control file"), std::string::npos);
  EXPECT_THROW(VersionedEngine::init_state(kSample, target), StateError);
  VersionedEngine::repair_state(target, 0);
  EXPECT_EQ(VersionedEngine::read_status(target).version, 0u);
}

// Crash window: after the control commit, before the line "applied" was printed. The
// client sends the batch again: acknowledged without change.
TEST_F(StateDurabilityTest, ARetryOfAnAppliedBatchIsAcknowledgedWithoutChange) {
  const std::string log = read_bytes(state_ / "events.log");
  {
    VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
    const ApplyReceipt again = engine.apply_events_csv(batch(79), on_day_of(79));
    EXPECT_EQ(again.version, 80u);
    EXPECT_EQ(again.events, 0u);
    EXPECT_EQ(again.run.already_applied, 1u);
    // The same id with other content is refused.
    std::string other = batch(79);
    other.replace(other.find("Finance"), 7, "Legal");
    EXPECT_THROW(engine.apply_events_csv(other, on_day_of(79)), InputError);
  }
  EXPECT_EQ(read_bytes(state_ / "events.log"), log);
  EXPECT_EQ(VersionedEngine::read_status(state_).version, 80u);
}

// Crash window: after the log's fsync, before the control commit (the newest control
// slot lost or never written). The whole record is kept, never dropped.
TEST_F(StateDurabilityTest, AWholeBatchWhoseAcknowledgementWasCutShortIsKept) {
  const std::string control = read_bytes(state_ / "control");
  {
    VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
    engine.apply_events_csv(batch(80), on_day_of(80));
  }
  write_bytes(state_ / "control", control);
  const StateStatus status = VersionedEngine::read_status(state_);
  EXPECT_EQ(status.version, 81u);
  EXPECT_EQ(status.recovered_batches, 1u);
  { VersionedEngine writer = VersionedEngine::open_state(state_, at("2026-11-16")); }  // counts it acknowledged
  EXPECT_EQ(VersionedEngine::read_status(state_).recovered_batches, 0u);
  EXPECT_EQ(ControlFile::read(state_ / "control").commit.records, 81u);
}

// Compaction crash windows: a temporary snapshot left behind is ignored; a snapshot
// renamed into place holds only acknowledged batches; the log is never rewritten.
TEST_F(StateDurabilityTest, CompactionLeavesTheStateWholeAtEveryStep) {
  const std::string log = read_bytes(state_ / "events.log");
  const Engine expected = VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead).current();
  write_bytes(state_ / ".snapshot.bin.tmp", "half a snapshot");  // killed while writing it
  EXPECT_EQ(testing::exported(VersionedEngine::open_state(state_, at("2026-11-16")).current()),
            testing::exported(expected));
  { VersionedEngine::open_state(state_, at("2026-11-16")).compact(); }
  EXPECT_EQ(read_bytes(state_ / "events.log"), log);
  const StateStatus status = VersionedEngine::read_status(state_);
  EXPECT_EQ(status.snapshot_version, 80u);
  EXPECT_EQ(status.version, 80u);
  EXPECT_EQ(testing::exported(VersionedEngine::open_state(state_, at("2026-11-16"), StateAccess::kRead).current()),
            testing::exported(expected));
  // A log cut below what the new snapshot holds is refused, not replayed around.
  write_bytes(state_ / "events.log", log.substr(0, log.size() / 2));
  EXPECT_THROW(VersionedEngine::read_status(state_), StateError);
}

TEST_F(StateDurabilityTest, StatusChecksEverySnapshotSection) {
  { VersionedEngine::open_state(state_, at("2026-11-16")).compact(); }  // snapshot.bin its own file
  const std::string snapshot = read_bytes(state_ / "snapshot.bin");
  for (std::size_t position = snapshot.size() / 8; position < snapshot.size(); position += snapshot.size() / 8) {
    std::string damaged = snapshot;
    damaged[position] ^= 0x10;
    write_bytes(state_ / "snapshot.bin", damaged);
    const std::string message = message_of([&] { VersionedEngine::read_status(state_); });
    EXPECT_NE(message.find("snapshot.bin"), std::string::npos) << message;
  }
}

TEST_F(StateDurabilityTest, RepairDropsBatchesOnlyWhenAskedAndKeepsCopies) {
  { VersionedEngine::open_state(state_, at("2026-11-16")).compact(); }  // the snapshot holds all 80
  const std::string log = read_bytes(state_ / "events.log");
  const std::string snapshot = read_bytes(state_ / "snapshot.bin");
  std::string damaged = log;
  damaged[log.size() * 3 / 4] ^= 0x01;
  write_bytes(state_ / "events.log", damaged);
  const std::string message = message_of([&] { VersionedEngine::read_status(state_); });
  const auto hint = message.find("--truncate-after ");
  ASSERT_NE(hint, std::string::npos) << message;
  const std::uint64_t keep = std::stoull(message.substr(hint + 17));
  EXPECT_LT(keep, 80u);
  EXPECT_THROW(VersionedEngine::repair_state(state_, keep + 1), ArgumentError);  // past the damage
  EXPECT_EQ(read_bytes(state_ / "events.log"), damaged);

  const RepairReport report = VersionedEngine::repair_state(state_, keep);
  EXPECT_EQ(report.kept_batches, keep);
  EXPECT_EQ(report.acknowledged_before, 80u);
  EXPECT_TRUE(report.snapshot_replaced);
  EXPECT_EQ(read_bytes(report.copies / "events.log"), damaged);
  EXPECT_EQ(read_bytes(report.copies / "snapshot.bin"), snapshot);
  EXPECT_TRUE(std::filesystem::exists(report.copies / "control"));

  const StateStatus status = VersionedEngine::read_status(state_);
  EXPECT_EQ(status.version, keep);
  EXPECT_EQ(status.snapshot_version, 0u);
  EXPECT_EQ(status.last_event_id, "move-" + std::to_string(keep - 1));
  // The same as a state that only ever had those batches.
  const auto reference = dir_.path() / "reference";
  VersionedEngine::init_state(kSample, reference, at("2026-11-02"));
  {
    VersionedEngine engine = VersionedEngine::open_state(reference, at("2026-11-16"));
    for (int n = 0; n < static_cast<int>(keep); ++n) engine.apply_events_csv(batch(n), on_day_of(n));
  }
  VersionedEngine repaired = VersionedEngine::open_state(state_, at("2026-11-16"));
  EXPECT_EQ(testing::exported(repaired.current()),
            testing::exported(VersionedEngine::open_state(reference, at("2026-11-16"), StateAccess::kRead).current()));
  EXPECT_EQ(repaired.apply_events_csv(batch(static_cast<int>(keep)), on_day_of(static_cast<int>(keep))).version,
            keep + 1);
}

TEST_F(StateDurabilityTest, ABatchWhoseOutputsFailIsNotLogged) {
  const std::string log = read_bytes(state_ / "events.log");
  VersionedEngine engine = VersionedEngine::open_state(state_, at("2026-11-16"));
  EXPECT_THROW(engine.apply_events_csv(batch(80), on_day_of(80), "hr_events.csv",
                                       [](const LifecycleRun&) { throw Error("disk full"); }),
               Error);
  EXPECT_EQ(read_bytes(state_ / "events.log"), log);
  EXPECT_EQ(engine.status().version, 80u);
  EXPECT_EQ(engine.apply_events_csv(batch(80), on_day_of(80)).version, 81u);
}

}  // namespace
}  // namespace accessgraph
