#include "engine/store/event_log.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "core/common/error.hpp"
#include "tests/support/state_test_support.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph {
namespace {

using testing::read_bytes;
using testing::write_bytes;

TEST(Crc32c, MatchesTheCastagnoliCheckValue) {
  EXPECT_EQ(crc32c({"123456789"}), 0xE3069283u);
  EXPECT_EQ(crc32c({"12345", "6789"}), 0xE3069283u);  // parts in sequence
  EXPECT_EQ(crc32c_extend(crc32c_extend(0, "12345"), "6789"), 0xE3069283u);
}

// A log and its control file, as a state directory holds them.
class LogFiles {
 public:
  LogFiles() {
    create_event_log(log);
    ControlFile::create(control, {});
  }
  LogCommit acknowledged() const { return ControlFile::read(control).commit; }
  EventLogContents read() const { return read_event_log(log, acknowledged()); }
  EventLogWriter writer() const { return EventLogWriter(log, control, read()); }

  testing::TempBundle dir;
  std::filesystem::path log = dir.path() / "events.log", control = dir.path() / "control";
};

TEST(EventLog, RecordsReadBackInOrder) {
  LogFiles files;
  EXPECT_TRUE(files.read().records.empty());
  {
    EventLogWriter log = files.writer();
    log.append("first");
    log.append(std::string("with\0zero", 9));
    log.append("");
  }
  auto contents = files.read();
  EXPECT_EQ(contents.records, (std::vector<std::string>{"first", std::string("with\0zero", 9), ""}));
  EXPECT_EQ(contents.acknowledged_records, 3u);
  EXPECT_EQ(contents.tail_bytes, 0u);
  EXPECT_EQ(files.acknowledged(), (LogCommit{3, read_bytes(files.log).size()}));
}

TEST(EventLog, AMissingLogIsAnErrorNeverEmpty) {
  LogFiles files;
  std::filesystem::remove(files.log);
  try {
    files.read();
    FAIL() << "a missing log was read";
  } catch (const StateError& error) {
    EXPECT_NE(std::string(error.what()).find("events.log is missing"), std::string::npos) << error.what();
  }
}

// Crash window: during the append, before the control commit. Whatever part of the
// record reached the file is after the acknowledged length: a torn tail.
TEST(EventLog, ATornAppendAfterTheAcknowledgedLengthIsDroppedAtEveryCutAndCutOffByTheWriter) {
  LogFiles files;
  {
    EventLogWriter log = files.writer();
    log.append("acknowledged one");
    log.append("acknowledged two");
  }
  const std::string two = read_bytes(files.log);
  const std::string control = read_bytes(files.control);
  {
    EventLogWriter log = files.writer();
    log.append("the one being written when the crash came");
  }
  const std::string three = read_bytes(files.log);
  write_bytes(files.control, control);  // its commit never happened
  for (std::size_t cut = two.size() + 1; cut < three.size(); ++cut) {
    write_bytes(files.log, three.substr(0, cut));
    auto contents = files.read();
    EXPECT_EQ(contents.records.size(), 2u) << cut;
    EXPECT_EQ(contents.tail_bytes, cut - two.size()) << cut;
    EXPECT_EQ(contents.valid_bytes, two.size());
  }
  // The writer cuts the torn bytes; later appends read back cleanly.
  {
    EventLogWriter log = files.writer();
    EXPECT_EQ(read_bytes(files.log), two);
    log.append("after recovery");
  }
  auto contents = files.read();
  EXPECT_EQ(contents.records.back(), "after recovery");
  EXPECT_EQ(contents.records.size(), 3u);
  EXPECT_EQ(contents.tail_bytes, 0u);
}

// Crash window: after the log's fsync, before (or during) the control commit. The
// record is whole: it is kept, and the writer counts it acknowledged.
TEST(EventLog, AWholeRecordWhoseCommitACrashCutShortIsKept) {
  LogFiles files;
  {
    EventLogWriter log = files.writer();
    log.append("one");
  }
  const std::string control = read_bytes(files.control);
  {
    EventLogWriter log = files.writer();
    log.append("two");
  }
  for (bool torn_slot : {false, true}) {
    std::string older = control;
    if (torn_slot) {
      // The commit's slot half written: the other slot holds the commit before it.
      const std::string newer = read_bytes(files.control);
      const std::size_t slot = ControlFile::read(files.control).sequence % 2 == 0 ? 0 : 512;
      older = newer;
      for (std::size_t i = slot + 20; i < slot + 40; ++i) older[i] = '\x5a';
    }
    write_bytes(files.control, older);
    EXPECT_EQ(ControlFile::read(files.control).commit.records, 1u);
    EXPECT_EQ(ControlFile::read(files.control).other_slot_damaged, torn_slot);
    auto contents = files.read();
    EXPECT_EQ(contents.records, (std::vector<std::string>{"one", "two"}));
    EXPECT_EQ(contents.acknowledged_records, 1u);
    { EventLogWriter log = files.writer(); }
    EXPECT_EQ(files.acknowledged(), (LogCommit{2, read_bytes(files.log).size()}));
  }
}

// Every byte of an acknowledged record is protected: a flip anywhere, the last record
// included, is an error naming the offset, and nothing is cut.
TEST(EventLog, AFlippedByteInAnAcknowledgedRecordIsAnErrorNeverATornTail) {
  LogFiles files;
  {
    EventLogWriter log = files.writer();
    for (const char* record : {"one", "two", "three"}) log.append(record);
  }
  const std::string clean = read_bytes(files.log);
  const std::size_t last_record = 2 * (12 + 3);
  for (std::size_t position = 0; position < clean.size(); ++position) {
    std::string damaged = clean;
    damaged[position] = static_cast<char>(damaged[position] ^ 0x20);
    write_bytes(files.log, damaged);
    const std::size_t record_start = position < 15 ? 0 : position < 30 ? 15 : last_record;
    try {
      files.read();
      ADD_FAILURE() << "flip at " << position << " read without error";
    } catch (const StateError& error) {
      const std::string message = error.what();
      EXPECT_NE(message.find("events.log"), std::string::npos) << message;
      EXPECT_NE(message.find("byte " + std::to_string(record_start)), std::string::npos) << position << ": " << message;
    }
    EXPECT_THROW(files.writer(), StateError) << position;
    EXPECT_EQ(read_bytes(files.log), damaged) << "nothing truncated, flip at " << position;
  }
}

TEST(EventLog, ALogShorterThanAcknowledgedIsAnErrorAtEveryCut) {
  LogFiles files;
  {
    EventLogWriter log = files.writer();
    for (const char* record : {"one", "two", "three"}) log.append(record);
  }
  const std::string clean = read_bytes(files.log);
  for (std::size_t cut = 0; cut < clean.size(); ++cut) {
    write_bytes(files.log, clean.substr(0, cut));
    try {
      files.read();
      ADD_FAILURE() << "cut at " << cut << " read without error";
    } catch (const StateError& error) {
      EXPECT_NE(std::string(error.what()).find("shorter than the " + std::to_string(clean.size()) + " bytes acknowledged"),
                std::string::npos)
          << error.what();
    }
    EXPECT_EQ(read_bytes(files.log).size(), cut);
  }
}

TEST(EventLog, ADamagedRecordFollowedByAValidOneAfterTheAcknowledgedLengthIsAnError) {
  LogFiles files;
  {
    EventLogWriter log = files.writer();
    log.append("one");
  }
  const std::string control = read_bytes(files.control);
  {
    EventLogWriter log = files.writer();
    log.append("two");
    log.append("three");
  }
  write_bytes(files.control, control);
  std::string damaged = read_bytes(files.log);
  damaged[15 + 13] ^= 1;  // inside "two"
  write_bytes(files.log, damaged);
  EXPECT_THROW(files.read(), StateError);
}

TEST(ControlFile, CommitsAlternateSlotsAndADamagedSlotFallsBackToTheOther) {
  testing::TempBundle dir;
  const auto path = dir.path() / "control";
  EXPECT_THROW(ControlFile::read(path), StateError);  // missing
  ControlFile::create(path, {});
  {
    ControlFile control(path);
    control.commit({1, 100});
    control.commit({2, 250});
  }
  EXPECT_EQ(ControlFile::read(path).commit, (LogCommit{2, 250}));
  const std::string bytes = read_bytes(path);
  // Each slot damaged alone: the other answers (the newer, or the one before it).
  for (std::size_t slot : {0u, 512u}) {
    std::string damaged = bytes;
    damaged[slot + 17] ^= 0x40;
    write_bytes(path, damaged);
    const ControlContents contents = ControlFile::read(path);
    EXPECT_TRUE(contents.other_slot_damaged);
    EXPECT_TRUE(contents.commit == (LogCommit{2, 250}) || contents.commit == (LogCommit{1, 100}));
  }
  std::string both = bytes;
  both[5] ^= 1, both[512 + 30] ^= 1;
  write_bytes(path, both);
  EXPECT_THROW(ControlFile::read(path), StateError);
  write_bytes(path, bytes.substr(0, 30));
  EXPECT_THROW(ControlFile::read(path), StateError);
}

TEST(Crc32c, HardwareAndPortableAgreeOnEveryLengthAndAlignment) {
  std::string bytes;
  for (int i = 0; i < 300; ++i) bytes.push_back(static_cast<char>((i * 131 + 7) & 0xFF));
  for (std::size_t begin = 0; begin < 9; ++begin)
    for (std::size_t length = 0; begin + length <= bytes.size(); length += 7) {
      std::string_view part(bytes.data() + begin, length);
      ASSERT_EQ(crc32c({part}), crc32c_portable({part})) << begin << " " << length;
    }
  EXPECT_EQ(crc32c_portable({"123456789"}), 0xE3069283u);
}

}  // namespace
}  // namespace accessgraph
