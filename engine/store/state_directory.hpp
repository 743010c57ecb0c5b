#pragma once
// The files of a state directory and the records of its event log.
//
//   DIR/base.bin      the snapshot `state init` wrote: where history replays from
//   DIR/snapshot.bin  the latest snapshot (`state compact`); a hard link to base.bin
//                     until the first compaction
//   DIR/events.log    every applied batch since init, one checksummed record each
//   DIR/lock          held (flock) by the one process that appends: apply, serve
#include <filesystem>
#include <string>
#include <string_view>

#include "core/common/date.hpp"

namespace accessgraph {

struct StatePaths {
  explicit StatePaths(std::filesystem::path dir) : dir(std::move(dir)) {}
  std::filesystem::path dir;
  std::filesystem::path base() const { return dir / "base.bin"; }
  std::filesystem::path snapshot() const { return dir / "snapshot.bin"; }
  std::filesystem::path log() const { return dir / "events.log"; }
  std::filesystem::path lock() const { return dir / "lock"; }

  // Throws Error unless `dir` holds a state (made by `accessgraph state init`).
  void require_state() const;
};

// One event-log record: a batch of HR events as the user gave it, with what is needed
// to apply it again identically (lifecycle decisions depend on the as-of date).
struct LoggedBatch {
  Date as_of;
  int retention_days = 90;
  std::string events_csv;
};

std::string encode_batch(const LoggedBatch& batch);
// Throws Error naming the log and record number when the payload is not a batch.
LoggedBatch decode_batch(std::string_view payload, const std::filesystem::path& log, std::size_t record_number);

// An exclusive lock on the state directory for as long as the object lives, so that
// only one process appends to the log.
class StateLock {
 public:
  explicit StateLock(const StatePaths& paths);  // throws Error when another process holds it
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace accessgraph
