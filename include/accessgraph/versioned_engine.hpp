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
//    event log; a batch counts as applied once its log record is fsync'd and the new
//    acknowledged length is fsync'd in the control file. Opening replays the log over
//    the snapshot. See docs/state.md.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accessgraph/campaign.hpp"
#include "accessgraph/engine.hpp"

namespace accessgraph {

struct ReviewRecord;  // engine-internal: engine/review/review_records.hpp

struct StateStatus {
  std::uint64_t version = 0;         // batches applied since the bundle was loaded (0 = as loaded)
  std::uint64_t events_applied = 0;  // HR events in those batches
  std::string last_event_id;         // of the last event applied, in application order
  std::uint64_t snapshot_version = 0;  // the version the snapshot holds (state directory only)
  std::uint64_t log_bytes = 0;         // size of the event log (state directory only)
  bool durable = false;                // true for a state directory
  // Bytes after the last whole log record, not replayed: an append cut short by a
  // crash, never acknowledged (its control commit had not happened). A writer cuts them.
  std::uint64_t torn_tail_bytes = 0;
  // Whole log records after the acknowledged length (a crash between the log's fsync
  // and the control commit): kept and replayed; a writer counts them acknowledged.
  std::uint64_t recovered_batches = 0;
  bool read_only = false;  // opened to read: takes no batches, holds no lock
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

// A state directory is opened by one writer at a time (apply, serve, compact), which
// takes the directory's lock when it opens it and keeps it to the end; readers take no
// lock, share the directory with a writer and see the batches acknowledged when they
// opened it (and any whole batch whose acknowledgement was under way).
enum class StateAccess { kWrite, kRead };

// What `state repair` did.
struct RepairReport {
  std::uint64_t kept_batches = 0, dropped_batches = 0, dropped_bytes = 0;  // dropped: whole batches, bytes
  std::uint64_t cut_at = 0;               // events.log now ends at this byte
  std::uint64_t acknowledged_before = 0;  // batches the control file acknowledged (0 when it was lost)
  bool snapshot_replaced = false;         // snapshot.bin is base.bin again (it held later batches or was damaged)
  std::filesystem::path copies;           // folder with the original files it changed
  std::vector<std::string> copied;        // their names
};

class VersionedEngine {
 public:
  // Called with a batch's run after it is computed and before it is logged; throwing
  // refuses the batch (nothing logged). The CLI writes `apply --out` here, so the batch
  // is reported applied only once its outputs exist. Not called for a retry of a batch
  // already applied (acknowledged again without change): the apply that logged it did.
  using BeforeCommit = std::function<void(const LifecycleRun&)>;

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
  // date it was applied with, then indexed at options.as_of. Throws StateError naming
  // the file (and byte offset) for a missing file, damaged acknowledged data, or (a
  // writer) a directory another writer holds. A writer cuts a torn tail off.
  static VersionedEngine open_state(const std::filesystem::path& state_dir, const OpenOptions& options = {},
                                    StateAccess access = StateAccess::kWrite);
  // A state directory's status without loading its graph: every snapshot section's
  // checksum, the control file and the log are checked (StateError on damage).
  static StateStatus read_status(const std::filesystem::path& state_dir);
  // `state repair`: keeps the first `keep_batches` whole batches of the log and drops
  // the rest, explicitly, after copying the files it changes into DIR/repair-TIME/;
  // puts base.bin back as snapshot.bin when the snapshot holds dropped batches or is
  // damaged or missing; writes a new control file. Takes the lock. ArgumentError when
  // fewer whole batches are left.
  static RepairReport repair_state(const std::filesystem::path& state_dir, std::uint64_t keep_batches);

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
  // A state directory opened read-only throws StateError.
  ApplyReceipt apply_events_csv(const std::string& csv_text, const LifecycleOptions& options = {},
                                const std::string& source = "hr_events.csv", const BeforeCommit& before_commit = {});
  // Moves the clock to options.as_of with no new events, running what falls due; durable
  // like any apply.
  ApplyReceipt advance_clock(const LifecycleOptions& options, const BeforeCommit& before_commit = {});

  // The review loop (SPEC section 9, docs/review.md; engine/versioned_campaigns.cpp), on a
  // state directory opened to write. Every step is durable before it returns: the
  // campaign's items are fsync'd and the campaign, like each set of decisions, is one
  // log record. Campaigns are scored, and decisions take effect, at the state's clock.
  //
  // Opens a campaign: writes the queues and campaign.json into options.recert.out_dir
  // and keeps the items in DIR/campaigns/ID/. Access certified and still valid is
  // left out.
  CampaignOpened open_campaign(const CampaignOptions& options);
  // Records a decisions file (`source` names it in errors): the whole file is checked
  // first (InputError naming the line for an unknown item, a reviewer who is not the
  // item's, an item already decided, a bad decision word; NotFoundError for an unknown
  // campaign), then revocations run through the lifecycle, with the campaign and item
  // as their cause.
  DecisionsApplied decide(const std::string& campaign_id, const std::string& decisions_csv,
                          const std::string& source = "decisions.csv");
  // Closes a campaign: undecided items get the policy's default, and
  // DIR/campaigns/ID/evidence.csv lists every item with its decision and plan (copied
  // into `evidence_dir` too when given).
  DecisionsApplied close_campaign(const std::string& campaign_id, const std::filesystem::path& evidence_dir = {});
  // A campaign's progress (NotFoundError for an unknown one); every campaign's, by id.
  CampaignProgress campaign_progress(const std::string& campaign_id) const;
  std::vector<CampaignProgress> campaigns() const;

  // State directory only: writes a snapshot of the current version atomically (temp
  // file, fsync, rename) so later opens replay nothing before it. The log is kept:
  // point-in-time history reads it.
  void compact();

 private:
  struct Impl;
  explicit VersionedEngine(std::unique_ptr<Impl> impl);
  DecisionsApplied record_decisions(ReviewRecord record, const std::string& source);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accessgraph
