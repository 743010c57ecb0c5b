#pragma once
// The write-ahead log of a state directory: applied event batches, each appended as
// one record, fdatasync'd, and then counted as acknowledged in DIR/control
// (engine/store/control_file.hpp) before the batch is reported applied.
//
// Record: magic (4 bytes) | payload length (4) | CRC-32C of length and payload (4) |
// payload. All little-endian.
//
// Reading checks the log against the acknowledged length in the control file:
//  - every byte before it must be whole, valid records, as many as acknowledged; a
//    record there cut short or failing its checksum, or a log shorter than that, is
//    damage to acknowledged data: an error naming the file and byte offset, and
//    nothing is dropped or truncated;
//  - after it, whole valid records are batches whose append was fsync'd but whose
//    acknowledgement a crash cut short: they are kept (a retry of such a batch is
//    then acknowledged without change); what follows the last whole record is a torn
//    tail, never acknowledged, which is not replayed and which the next writer cuts.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "engine/store/control_file.hpp"
#include "engine/store/crc32c.hpp"

namespace accessgraph {

struct EventLogContents {
  std::vector<std::string> records;        // whole records, in log order
  std::uint64_t acknowledged_records = 0;  // the first ones, which the control file covers
  std::uint64_t valid_bytes = 0;           // end of the last whole record
  std::uint64_t tail_bytes = 0;            // after it: a torn append, never acknowledged
};

// Throws StateError naming the file (and byte offset) when it is missing, shorter than
// `acknowledged`, damaged before its end, or holds a damaged record followed by valid
// ones anywhere.
EventLogContents read_event_log(const std::filesystem::path& path, const LogCommit& acknowledged);

// The whole, valid records from the start up to the first one cut short or damaged,
// with no regard to the control file (`state repair`).
struct EventLogScan {
  std::vector<std::uint64_t> record_ends;  // byte offset after each whole record
  std::uint64_t file_bytes = 0;
};
EventLogScan scan_event_log(const std::filesystem::path& path);

// Creates an empty log (refusing an existing file) and fsyncs it; the caller syncs
// the folder.
void create_event_log(const std::filesystem::path& path);

// The one appender of a state directory's log (the process holding its lock).
class EventLogWriter {
 public:
  // `contents` must have been read under the lock. Cuts the torn tail off, and counts
  // whole records after the acknowledged ones as acknowledged (control commit).
  EventLogWriter(std::filesystem::path log, const std::filesystem::path& control, const EventLogContents& contents);
  ~EventLogWriter();
  EventLogWriter(const EventLogWriter&) = delete;
  EventLogWriter& operator=(const EventLogWriter&) = delete;

  // Appends one record, fdatasyncs it, then commits the new acknowledged length to
  // the control file; returns once both are on disk. On failure the record is cut off
  // again and StateError says the batch is not applied; if even that fails the writer
  // refuses every later append (the process must reopen the state).
  void append(std::string_view payload);
  std::uint64_t size_bytes() const { return size_; }

 private:
  [[noreturn]] void cut_back(const std::string& why, bool control_written);

  std::filesystem::path path_;
  int fd_ = -1;
  std::uint64_t size_ = 0, records_ = 0;
  std::unique_ptr<ControlFile> control_;
  std::string broken_;  // why appends are refused, once a failure could not be undone
};

}  // namespace accessgraph
