// VersionedEngine: publishes immutable Engine versions, in memory or backed by a
// state directory (engine/store/state_directory.hpp).
#include "accessgraph/versioned_engine.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <mutex>
#include <map>
#include <optional>
#include <set>

#include "engine/version/version_state.hpp"
#include "engine/version/versioned_engine_impl.hpp"
#include "core/io/output_file.hpp"
#include "engine/store/control_file.hpp"
#include "engine/store/event_log.hpp"
#include "engine/store/snapshot.hpp"
#include "engine/store/state_directory.hpp"
#include "core/io/hr_events_csv.hpp"
#include "loaders/events_loader.hpp"

namespace accessgraph {

void count_batch(StateStatus& status, std::size_t events, std::string_view last_event_id) {
  ++status.version;
  status.events_applied += events;
  if (events > 0) status.last_event_id = last_event_id;
}

void read_clock(StateStatus& status, const Engine& engine) {
  const auto& history = state_of(engine).graph.history;
  status.clock = history ? history->current_clock().to_string() : "";
  status.pending.clear();
  if (!history) return;
  const Date clock = history->current_clock();
  history->for_each_event([&](const LoggedEvent& logged) {
    if (logged.event.effective_date > clock)
      status.pending.emplace_back(logged.event.event_id, logged.event.effective_date.to_string());
  });
  std::stable_sort(status.pending.begin(), status.pending.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
}

namespace {

SnapshotInfo snapshot_info(const StateStatus& status, std::uint64_t log_records) {
  SnapshotInfo info{status.version, log_records, status.events_applied, status.last_event_id, status.clock, {}};
  for (const auto& [id, date] : status.pending) info.pending.push_back({id, date});
  return info;
}

// A version with a lifecycle history: one it brings (a bundle exported with its
// history), or a new one starting at its as-of date.
Graph with_history(const Engine& engine) {
  Graph graph = state_of(engine).graph;
  if (!graph.history) {
    auto history = std::make_shared<LifecycleHistory>();
    history->start = engine.as_of();
    graph.history = std::move(history);
  }
  return graph;
}

}  // namespace

void VersionedEngine::Impl::read_ledger(const std::vector<std::string>& records, std::size_t count) {
  for (std::size_t i = 0; i < count && i < records.size(); ++i) {
    const LoggedBatch batch = decode_batch(records[i], paths->log(), i + 1);
    if (batch.kind == LoggedBatch::Kind::kHrEvents) continue;
    try {
      if (batch.kind == LoggedBatch::Kind::kCampaign) ledger.add(decode_campaign_record(batch.record_json));
      else ledger.add(decode_review_record(batch.record_json));
    } catch (const std::exception& error) {
      throw StateError("event log " + paths->log().string() + ": record " + std::to_string(i + 1) +
                       " is not a readable review record: " + error.what());
    }
  }
}

LifecycleRun VersionedEngine::Impl::apply_record(const Engine& engine, const LoggedBatch& batch, std::size_t number) {
  try {
    LifecycleOptions options;
    options.as_of = batch.as_of;
    options.retention_days = batch.retention_days;
    switch (batch.kind) {
      case LoggedBatch::Kind::kHrEvents:
        return engine.apply_events_csv(batch.events_csv, options);
      case LoggedBatch::Kind::kCampaign: {
        ledger.add(decode_campaign_record(batch.record_json));
        return LifecycleRun{engine, {}, {}, {}, {}, {}};
      }
      case LoggedBatch::Kind::kReview: {
        const ReviewRecord record = decode_review_record(batch.record_json);
        LifecycleRun run = engine.apply_events(review_events(record), options, "review decisions");
        run.after = with_review_decisions(run.after, learnable_decisions(record, state_of(run.after).graph));
        ledger.add(record);
        return run;
      }
    }
    throw StateError("unknown record kind");
  } catch (const std::exception& error) {
    throw StateError("event log " + paths->log().string() + ": record " + std::to_string(number) +
                     " no longer applies: " + error.what());
  }
}

Engine VersionedEngine::Impl::replay(Engine engine, const std::vector<std::string>& records, std::size_t from) {
  for (std::size_t i = from; i < records.size(); ++i) {
    const LoggedBatch batch = decode_batch(records[i], paths->log(), i + 1);
    LifecycleRun run = apply_record(engine, batch, i + 1);
    if (batch.kind == LoggedBatch::Kind::kHrEvents) {
      const auto events = loaders::parse_events(batch.events_csv);
      count(run, events.size() - run.already_applied, events.empty() ? "" : events.back().event_id);
    } else {
      count(run, 0, "");
    }
    engine = std::move(run.after);
    ++log_records;
  }
  return engine;
}

void VersionedEngine::Impl::require_writer(std::string_view what) const {
  if (!paths) throw StateError(std::string(what) + " needs a state directory; this engine lives in memory");
  if (!log)
    throw StateError("state directory " + paths->dir.string() + " was opened read-only: " + std::string(what) +
                     " needs it opened to write");
}

VersionedEngine::VersionedEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VersionedEngine::VersionedEngine(VersionedEngine&&) noexcept = default;
VersionedEngine& VersionedEngine::operator=(VersionedEngine&&) noexcept = default;
VersionedEngine::~VersionedEngine() = default;

VersionedEngine VersionedEngine::in_memory(Engine initial) {
  return VersionedEngine(std::make_unique<Impl>(std::move(initial)));
}

void VersionedEngine::init_state(const std::filesystem::path& bundle_dir, const std::filesystem::path& state_dir,
                                 const OpenOptions& options) {
  StatePaths(state_dir).require_no_state();  // before the long load
  init_state(Engine::open_bundle(bundle_dir, options), state_dir);  // InputError before anything is written
}

void VersionedEngine::init_state(const Engine& engine, const std::filesystem::path& state_dir) {
  const StatePaths paths(state_dir);
  paths.require_no_state();
  std::filesystem::create_directories(state_dir);
  StateLock lock(paths);
  paths.require_no_state();  // again, under the lock
  Graph graph = with_history(engine);
  SnapshotInfo info;
  info.clock = graph.history->current_clock().to_string();
  write_snapshot(graph, info, paths.base());  // fsync'd, renamed, folder fsync'd
  create_event_log(paths.log());              // empty, fsync'd
  std::filesystem::create_hard_link(paths.base(), paths.snapshot());
  sync_directory(state_dir);
  // The control file last: a directory without it is no state yet (an interrupted init).
  ControlFile::create(paths.control(), {});
}

VersionedEngine VersionedEngine::open_state(const std::filesystem::path& state_dir, const OpenOptions& options,
                                            StateAccess access) {
  const StatePaths paths(state_dir);
  paths.require_state();
  // A writer holds the lock from here to its end: nothing else appends meanwhile.
  std::unique_ptr<StateLock> lock = access == StateAccess::kWrite ? std::make_unique<StateLock>(paths) : nullptr;
  paths.require_state();
  // Snapshot, then control, then log: each is read after what depends on it was
  // written, so a reader racing a writer sees a consistent prefix.
  Snapshot snapshot = read_snapshot(paths.snapshot());
  const ControlContents control = ControlFile::read(paths.control());
  const EventLogContents log = read_event_log(paths.log(), control.commit);  // throws on damaged acknowledged data
  if (log.records.size() < snapshot.info.log_records)
    throw StateError("state directory " + state_dir.string() + ": snapshot.bin includes " +
                std::to_string(snapshot.info.log_records) + " logged batches but events.log holds only " +
                std::to_string(log.records.size()) + "; nothing was changed");

  // Index once at the first replayed batch's date (or the wanted one when none).
  Date first_as_of = options.as_of;
  if (log.records.size() > snapshot.info.log_records)
    first_as_of = decode_batch(log.records[snapshot.info.log_records], paths.log(), snapshot.info.log_records + 1).as_of;
  OpenOptions first = options;
  first.as_of = first_as_of;
  Engine engine = engine_from_graph(std::move(snapshot.graph), first);

  auto impl = std::make_unique<Impl>(engine);
  read_clock(impl->status, engine);
  impl->paths = paths;
  impl->log_records = snapshot.info.log_records;
  impl->status.version = snapshot.info.version;
  impl->status.events_applied = snapshot.info.events_applied;
  impl->status.last_event_id = snapshot.info.last_event_id;
  impl->status.snapshot_version = snapshot.info.version;
  impl->status.durable = true;
  impl->status.log_bytes = log.valid_bytes;
  impl->status.torn_tail_bytes = log.tail_bytes;
  impl->status.recovered_batches = log.records.size() - log.acknowledged_records;
  impl->status.read_only = access == StateAccess::kRead;
  if (lock) {
    impl->lock = std::move(lock);
    impl->log = std::make_unique<EventLogWriter>(paths.log(), paths.control(), log);  // cuts the torn tail
  }
  impl->read_ledger(log.records, snapshot.info.log_records);
  impl->publish(impl->replay(std::move(engine), log.records, snapshot.info.log_records).evaluated_at(options.as_of));
  return VersionedEngine(std::move(impl));
}

StateStatus VersionedEngine::read_status(const std::filesystem::path& state_dir) {
  const StatePaths paths(state_dir);
  paths.require_state();
  const SnapshotInfo snapshot = verify_snapshot(paths.snapshot());  // every section's checksum
  const ControlContents control = ControlFile::read(paths.control());
  const EventLogContents log = read_event_log(paths.log(), control.commit);
  if (log.records.size() < snapshot.log_records)
    throw StateError("state directory " + state_dir.string() + ": snapshot.bin includes " +
                     std::to_string(snapshot.log_records) + " logged batches but events.log holds only " +
                     std::to_string(log.records.size()));
  StateStatus status{snapshot.version, snapshot.events_applied, snapshot.last_event_id, snapshot.version,
                     log.valid_bytes, true};
  status.torn_tail_bytes = log.tail_bytes;
  status.recovered_batches = log.records.size() - log.acknowledged_records;
  status.read_only = true;
  // The clock is the last batch's as-of date; pending events are those dated after it.
  std::map<std::string, std::string> waiting;
  for (const PendingEvent& event : snapshot.pending) waiting[event.event_id] = event.effective_date;
  std::set<std::string> seen;
  std::string clock = snapshot.clock;
  for (std::size_t i = snapshot.log_records; i < log.records.size(); ++i) {
    const LoggedBatch batch = decode_batch(log.records[i], paths.log(), i + 1);
    clock = std::max(clock, batch.as_of.to_string());
    if (batch.kind != LoggedBatch::Kind::kHrEvents) {
      count_batch(status, 0, "");
      continue;
    }
    const auto events = loaders::parse_events(batch.events_csv);
    std::size_t accepted = 0;
    for (const HrEvent& event : events) {
      if (!seen.insert(event.event_id).second || waiting.count(event.event_id)) continue;  // a retry
      ++accepted;
      waiting[event.event_id] = event.effective_date.to_string();
    }
    count_batch(status, accepted, events.empty() ? "" : events.back().event_id);
  }
  status.clock = clock;
  for (const auto& [id, date] : waiting)
    if (date > clock) status.pending.emplace_back(id, date);
  std::stable_sort(status.pending.begin(), status.pending.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  return status;
}

std::shared_ptr<const PublishedVersion> VersionedEngine::published() const { return impl_->published.load(); }

ApplyReceipt VersionedEngine::apply_events_csv(const std::string& csv_text, const LifecycleOptions& options,
                                               const std::string& source, const BeforeCommit& before_commit) {
  std::lock_guard lock(impl_->apply_mutex);
  if (impl_->paths && !impl_->log)
    throw StateError("state directory " + impl_->paths->dir.string() + " was opened read-only: it takes no batches");
  const Engine base = impl_->current();
  LifecycleOptions resolved = options;
  if (!resolved.as_of.present()) resolved.as_of = base.as_of();
  const auto events = loaders::parse_events(csv_text, source);
  // InputError or ArgumentError: nothing logged, nothing published.
  LifecycleRun run = base.apply_events(events, resolved, source);
  // A retry of a batch already applied, at the clock it reached: acknowledged again,
  // nothing logged (the version and the log stay as they are).
  // No BeforeCommit either: the apply that logged the batch ran it.
  if (!events.empty() && run.already_applied == events.size() && run.clock == run.clock_before)
    return {impl_->status.version, 0, impl_->status.last_event_id, std::move(run)};
  if (before_commit) before_commit(run);  // may throw: then nothing is logged
  if (impl_->log) {
    LoggedBatch batch;
    batch.as_of = resolved.as_of;
    batch.retention_days = resolved.retention_days;
    batch.events_csv = csv_text;
    impl_->log->append(encode_batch(batch));  // durable from here
    ++impl_->log_records;
    impl_->status.log_bytes = impl_->log->size_bytes();
  }
  const std::size_t accepted = events.size() - run.already_applied;
  impl_->count(run, accepted, events.empty() ? "" : events.back().event_id);
  impl_->publish(run.after);
  return {impl_->status.version, accepted, impl_->status.last_event_id, std::move(run)};
}

ApplyReceipt VersionedEngine::advance_clock(const LifecycleOptions& options, const BeforeCommit& before_commit) {
  return apply_events_csv(format_hr_events({}), options, "(no events)", before_commit);
}

void VersionedEngine::compact() {
  std::lock_guard lock(impl_->apply_mutex);
  if (!impl_->paths) throw StateError("compact needs a state directory; this engine lives in memory");
  if (!impl_->log)
    throw StateError("state directory " + impl_->paths->dir.string() + " was opened read-only: it cannot be compacted");
  const SnapshotInfo info = snapshot_info(impl_->status, impl_->log_records);
  // A new file renamed over snapshot.bin: base.bin keeps the original for history.
  write_snapshot(state_of(impl_->current()).graph, info, impl_->paths->snapshot());
  impl_->status.snapshot_version = info.version;
  impl_->publish(impl_->current());
}

namespace {

// A folder beside the state's files for the originals a repair changes, named by time.
std::filesystem::path new_copies_folder(const StatePaths& paths) {
  char stamp[32];
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &utc);
  for (int n = 1;; ++n) {
    auto folder = paths.dir / ("repair-" + std::string(stamp) + (n == 1 ? "" : "-" + std::to_string(n)));
    if (std::filesystem::create_directory(folder)) return folder;
  }
}

// A durable copy of `from` in `folder`.
void copy_durably(const std::filesystem::path& from, const std::filesystem::path& folder) {
  const auto to = folder / from.filename();
  std::filesystem::copy_file(from, to);
  const int fd = ::open(to.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 || ::fsync(fd) != 0) {
    const int error = errno;
    if (fd >= 0) ::close(fd);
    throw StateError("cannot copy " + from.string() + " to " + to.string() + ": " + std::strerror(error));
  }
  ::close(fd);
}

bool present(const std::filesystem::path& path) {
  std::error_code error;
  return std::filesystem::exists(std::filesystem::symlink_status(path, error));
}

}  // namespace

RepairReport VersionedEngine::repair_state(const std::filesystem::path& state_dir, std::uint64_t keep_batches) {
  const StatePaths paths(state_dir);
  if (!std::filesystem::is_directory(state_dir))
    throw StateError("state directory " + state_dir.string() + " does not exist");
  if (!present(paths.base()))
    throw StateError("state directory " + state_dir.string() + " has no base.bin, the start of its history: it "
                     "cannot be repaired");
  StateLock lock(paths);
  RepairReport report;
  report.kept_batches = keep_batches;
  if (present(paths.control())) {
    try {
      report.acknowledged_before = ControlFile::read(paths.control()).commit.records;
    } catch (const StateError&) {
      // lost: rebuilt below
    }
  }

  // What of the log is whole, from its start.
  EventLogScan scan;
  const bool has_log = present(paths.log());
  if (has_log) scan = scan_event_log(paths.log());
  if (keep_batches > scan.record_ends.size()) {
    const std::uint64_t whole_end = scan.record_ends.empty() ? 0 : scan.record_ends.back();
    throw ArgumentError("truncate-after", std::to_string(keep_batches),
                        !has_log ? "events.log is missing: only 0 keeps nothing of it"
                                 : "events.log holds " + std::to_string(scan.record_ends.size()) +
                                       " whole batches (up to byte " + std::to_string(whole_end) + " of " +
                                       std::to_string(scan.file_bytes) + "): give at most that");
  }
  const std::uint64_t keep_bytes = keep_batches == 0 ? 0 : scan.record_ends[keep_batches - 1];
  report.dropped_batches = scan.record_ends.size() - keep_batches;
  report.dropped_bytes = scan.file_bytes - keep_bytes;
  report.cut_at = keep_bytes;

  // The snapshot stays only if it is whole and holds no dropped batch.
  bool snapshot_ok = false;
  if (present(paths.snapshot())) {
    try {
      snapshot_ok = verify_snapshot(paths.snapshot()).log_records <= keep_batches;
    } catch (const StateError&) {
    }
  }
  report.snapshot_replaced = !snapshot_ok;

  // Copies of everything that changes, before anything does.
  report.copies = new_copies_folder(paths);
  auto keep_copy = [&](const std::filesystem::path& file) {
    if (!present(file)) return;
    copy_durably(file, report.copies);
    report.copied.push_back(file.filename().string());
  };
  if (report.dropped_bytes > 0) keep_copy(paths.log());
  keep_copy(paths.control());
  if (report.snapshot_replaced) keep_copy(paths.snapshot());
  sync_directory(report.copies);
  sync_directory(paths.dir);

  // Snapshot, then log, then control: stopped at any point, the state refuses to open
  // (the control file acknowledges more than the log) and the same repair runs again.
  if (report.snapshot_replaced) {
    const auto link = paths.dir / ".snapshot.bin.repair";
    std::filesystem::remove(link);
    std::filesystem::create_hard_link(paths.base(), link);
    std::filesystem::rename(link, paths.snapshot());
  }
  if (!has_log) {
    create_event_log(paths.log());
  } else if (report.dropped_bytes > 0) {
    const int fd = ::open(paths.log().c_str(), O_WRONLY | O_CLOEXEC);
    if (fd < 0 || ::ftruncate(fd, static_cast<off_t>(keep_bytes)) != 0 || ::fsync(fd) != 0) {
      const int error = errno;
      if (fd >= 0) ::close(fd);
      throw StateError("cannot truncate " + paths.log().string() + ": " + std::strerror(error));
    }
    ::close(fd);
  }
  sync_directory(paths.dir);
  ControlFile::create(paths.control(), {keep_batches, keep_bytes});
  return report;
}

}  // namespace accessgraph
