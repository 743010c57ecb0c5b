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
}

TEST(EventLog, RecordsReadBackInOrder) {
  testing::TempBundle dir;
  const auto path = dir.path() / "events.log";
  EXPECT_TRUE(read_event_log(path).records.empty());  // missing reads as empty
  {
    EventLogWriter log(path);
    log.append("first");
    log.append(std::string("with\0zero", 9));
    log.append("");
  }
  auto contents = read_event_log(path);
  EXPECT_EQ(contents.records, (std::vector<std::string>{"first", std::string("with\0zero", 9), ""}));
  EXPECT_FALSE(contents.torn_tail);
}

TEST(EventLog, ATornTailIsDroppedAtEveryCutAndCutOffOnReopen) {
  testing::TempBundle dir;
  const auto path = dir.path() / "events.log";
  {
    EventLogWriter log(path);
    log.append("acknowledged one");
    log.append("acknowledged two");
  }
  const std::string two = read_bytes(path);
  {
    EventLogWriter log(path);
    log.append("the one being written when the crash came");
  }
  const std::string three = read_bytes(path);
  for (std::size_t cut = two.size() + 1; cut < three.size(); ++cut) {
    write_bytes(path, three.substr(0, cut));
    auto contents = read_event_log(path);
    EXPECT_EQ(contents.records.size(), 2u) << cut;
    EXPECT_TRUE(contents.torn_tail) << cut;
    EXPECT_EQ(contents.valid_bytes, two.size());
  }
  // Reopening cuts the torn bytes; later appends read back cleanly.
  {
    EventLogWriter log(path);
    log.append("after recovery");
  }
  auto contents = read_event_log(path);
  EXPECT_EQ(contents.records.back(), "after recovery");
  EXPECT_EQ(contents.records.size(), 3u);
  EXPECT_FALSE(contents.torn_tail);
}

TEST(EventLog, AFlippedByteIsReportedNeverReplayed) {
  testing::TempBundle dir;
  const auto path = dir.path() / "events.log";
  {
    EventLogWriter log(path);
    for (const char* record : {"one", "two", "three"}) log.append(record);
  }
  const std::string clean = read_bytes(path);
  const std::size_t record_bytes = 12 + 3;  // header and "one"
  for (std::size_t position = 0; position < clean.size(); ++position) {
    std::string damaged = clean;
    damaged[position] = static_cast<char>(damaged[position] ^ 0x20);
    write_bytes(path, damaged);
    if (position < 2 * record_bytes) {
      // In the first two records, with valid records after: an error, not a skip.
      EXPECT_THROW(read_event_log(path), Error) << position;
    } else {
      // In the last record: dropped and reported, never returned.
      auto contents = read_event_log(path);
      EXPECT_TRUE(contents.torn_tail) << position;
      EXPECT_EQ(contents.records, (std::vector<std::string>{"one", "two"})) << position;
    }
  }
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
