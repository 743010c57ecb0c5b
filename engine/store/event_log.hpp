#pragma once
// The write-ahead log of a state directory: applied event batches, each appended as
// one record and fsync'd before it counts as applied (issue 6 builds snapshots and
// recovery on this).
//
// Record: magic (4 bytes) | payload length (4) | CRC-32C of length and payload (4) |
// payload. All little-endian.
//
// Reading tells two failures apart. A torn tail -- the last record cut short or
// garbled, as a crash during append leaves it -- is dropped and reported, since it
// was never acknowledged. A damaged record with valid records after it is corruption
// of acknowledged data: reading stops with an error instead of skipping it.
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/crc32c.hpp"

namespace accessgraph {

struct EventLogContents {
  std::vector<std::string> records;
  std::uint64_t valid_bytes = 0;  // end of the last good record
  bool torn_tail = false;         // bytes after valid_bytes were dropped
};

// Throws Error naming the file and byte offset when a damaged record is followed by
// valid ones. A missing file reads as empty.
EventLogContents read_event_log(const std::filesystem::path& path);

class EventLogWriter {
 public:
  // Opens for appending; a torn tail left by a crash is cut off first.
  explicit EventLogWriter(std::filesystem::path path);
  ~EventLogWriter();
  EventLogWriter(const EventLogWriter&) = delete;
  EventLogWriter& operator=(const EventLogWriter&) = delete;

  // Appends one record and returns once it is on disk (fsync).
  void append(std::string_view payload);
  std::uint64_t size_bytes() const { return size_; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
};

}  // namespace accessgraph
