#pragma once
// The files of a state directory and the records of its event log.
//
//   DIR/base.bin      the snapshot `state init` wrote: where history replays from
//   DIR/snapshot.bin  the latest snapshot (`state compact`); a hard link to base.bin
//                     until the first compaction
//   DIR/events.log    every applied batch since init, one checksummed record each
//   DIR/control       how much of events.log is acknowledged (control_file.hpp);
//                     written last by init: a directory without it is no state
//   DIR/lock          held (flock) by the one process that writes, from the moment it
//                     opens the state: apply, serve, compact, repair; it names them
#include <cstdint>
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
  std::filesystem::path control() const { return dir / "control"; }

  // Throws StateError unless `dir` holds a whole state (made by `accessgraph state
  // init`): a missing snapshot.bin, events.log or control file is named, never taken
  // for an empty state.
  void require_state() const;
  // Throws StateError when `dir` holds any file of a state (init must not overwrite).
  void require_no_state() const;
};

// One event-log record: a batch of HR events as the user gave it, with what is needed
// to apply it again identically (lifecycle decisions depend on the as-of date); or a
// record of the review loop (engine/review/review_records.hpp): a campaign opened, or
// reviewers' decisions, applied at the clock `as_of`.
struct LoggedBatch {
  enum class Kind : std::uint8_t { kHrEvents, kCampaign, kReview };
  Kind kind = Kind::kHrEvents;
  Date as_of;
  int retention_days = 90;
  std::string events_csv;   // kHrEvents
  std::string record_json;  // kCampaign, kReview
};

std::string encode_batch(const LoggedBatch& batch);
// Throws Error naming the log and record number when the payload is not a batch.
LoggedBatch decode_batch(std::string_view payload, const std::filesystem::path& log, std::size_t record_number);

// An exclusive lock on the state directory for as long as the object lives, so that
// only one process writes it. The lock file says who holds it (pid and command line),
// and a refused process names the holder.
class StateLock {
 public:
  explicit StateLock(const StatePaths& paths);  // throws StateError when another process holds it
  ~StateLock();
  StateLock(const StateLock&) = delete;
  StateLock& operator=(const StateLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace accessgraph
