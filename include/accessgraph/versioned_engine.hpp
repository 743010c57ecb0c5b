#pragma once
// The engine's current version, and the one way to move it forward.
//
// Readers call current() and get an immutable Engine: a lock-free snapshot they may
// keep as long as they like; applying events never blocks or changes it. Writers call
// apply_events_csv(): batches are serialised, built on a copy of the current version
// (copy-on-write, see engine/lifecycle), made durable, and only then swapped in
// atomically. A reader therefore sees either the old or the new version, never a mix.
//
// Two kinds of home:
//  - in memory (`serve --bundle`): applied events live until the process exits;
//  - a state directory (issue 6): a binary snapshot plus an append-only, checksummed
//    event log; a batch counts as applied once its log record is fsync'd. Opening
//    replays the log over the snapshot. See docs/state.md.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "accessgraph/engine.hpp"

namespace accessgraph {

struct StateStatus {
  std::uint64_t version = 0;         // batches applied since the bundle was loaded (0 = as loaded)
  std::uint64_t events_applied = 0;  // HR events in those batches
  std::string last_event_id;         // of the last event applied, in application order
  std::uint64_t snapshot_version = 0;  // the version the snapshot holds (state directory only)
  std::uint64_t log_bytes = 0;         // size of the event log (state directory only)
  bool durable = false;                // true for a state directory
  // Bytes of a torn last log record dropped at open: an append cut short by a crash,
  // never acknowledged (its fsync had not returned).
  std::uint64_t torn_tail_bytes = 0;
  std::string clock;  // the lifecycle clock (docs/lifecycle.md): everything up to it has run
  std::vector<std::pair<std::string, std::string>> pending;  // (event id, date) of events waiting for the clock
};

// What one applied batch did; `after` is the version it published.
struct ApplyReceipt {
  std::uint64_t version = 0;
  std::uint64_t events = 0;
  std::string last_event_id;
  LifecycleRun run;
};

// A published version and its status, taken together: what one request answers from.
struct PublishedVersion {
  Engine engine;
  StateStatus status;
};

class VersionedEngine {
 public:
  // Serves `initial` and keeps applied events in memory only.
  static VersionedEngine in_memory(Engine initial);

  // Creates a state directory from a bundle: DIR/snapshot.bin and an empty log; its
  // lifecycle clock starts at options.as_of. Throws Error when DIR already holds a
  // state, InputError for a bad bundle.
  static void init_state(const std::filesystem::path& bundle_dir, const std::filesystem::path& state_dir,
                         const OpenOptions& options = {});
  // The same from a version already in memory.
  static void init_state(const Engine& engine, const std::filesystem::path& state_dir);
  // Opens a state directory: snapshot, then every logged batch replayed at the as-of
  // date it was applied with, then indexed at options.as_of. A torn last record is
  // dropped (and cut off); a damaged record before valid ones throws Error.
  static VersionedEngine open_state(const std::filesystem::path& state_dir, const OpenOptions& options = {});
  // A state directory's status without loading its graph (snapshot header and log).
  static StateStatus read_status(const std::filesystem::path& state_dir);

  VersionedEngine(VersionedEngine&&) noexcept;
  VersionedEngine& operator=(VersionedEngine&&) noexcept;
  ~VersionedEngine();

  // Lock-free, never waits for an apply in progress.
  std::shared_ptr<const PublishedVersion> published() const;
  Engine current() const { return published()->engine; }
  StateStatus status() const { return published()->status; }

  // Applies a batch (hr_events.csv text) to the current version: all or nothing,
  // InputError naming the first bad event and nothing written. Returns once the batch
  // is durable (state directory) and published.
  ApplyReceipt apply_events_csv(const std::string& csv_text, const LifecycleOptions& options = {},
                                const std::string& source = "hr_events.csv");
  // Moves the clock to options.as_of with no new events, running what falls due; durable
  // like any apply.
  ApplyReceipt advance_clock(const LifecycleOptions& options);

  // State directory only: writes a snapshot of the current version atomically (temp
  // file, fsync, rename) so later opens replay nothing before it. The log is kept:
  // point-in-time history reads it.
  void compact();

 private:
  struct Impl;
  explicit VersionedEngine(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accessgraph
