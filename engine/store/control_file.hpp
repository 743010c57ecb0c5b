#pragma once
// DIR/control: how much of events.log is acknowledged, kept durably beside the log
// (as PostgreSQL's pg_control is beside its WAL).
//
// An apply appends its record to events.log and fdatasyncs it, then commits the new
// acknowledged length here (pwrite + fdatasync), and only then reports the batch
// applied. So every acknowledged byte of the log lies before the committed length:
// a record there that is cut short or fails its checksum, or a log shorter than it,
// is damage to acknowledged data and is refused -- never dropped as a "torn tail".
//
// File: two 40-byte slots, at byte 0 and byte 512 (different disk sectors), each
// magic "AGCT" | format | sequence | records | log bytes | CRC-32C of the 36 bytes
// before it. A commit writes the slot the previous one did not use, with the next
// sequence number; reading takes the valid slot with the higher sequence. A write torn
// by a crash damages only the slot being written, whose commit was never reported,
// and the other slot still holds the one before it.
#include <cstdint>
#include <filesystem>

namespace accessgraph {

// The acknowledged prefix of events.log: `records` whole records in `bytes` bytes.
struct LogCommit {
  std::uint64_t records = 0;
  std::uint64_t bytes = 0;
  bool operator==(const LogCommit&) const = default;
};

struct ControlContents {
  LogCommit commit;
  std::uint64_t sequence = 0;
  bool other_slot_damaged = false;  // the newer or older slot failed its checksum
};

class ControlFile {
 public:
  static constexpr std::uint64_t kFileBytes = 1024;

  // Writes a new control file holding `commit`, durably (temporary file, fsync,
  // rename, fsync of the folder). Replaces any control file already there.
  static void create(const std::filesystem::path& path, const LogCommit& commit);
  // Throws StateError naming the file when it is missing, of another format or has no
  // valid slot.
  static ControlContents read(const std::filesystem::path& path);

  // Opens for commits (the process holding the directory's lock).
  explicit ControlFile(std::filesystem::path path);
  ~ControlFile();
  ControlFile(const ControlFile&) = delete;
  ControlFile& operator=(const ControlFile&) = delete;

  // Records `commit` as acknowledged; returns once it is on disk (fdatasync).
  // Throws StateError when it cannot be written or synced.
  void commit(const LogCommit& commit);
  const LogCommit& current() const { return current_.commit; }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  ControlContents current_;
};

}  // namespace accessgraph
