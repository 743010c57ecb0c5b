// VersionedEngine: publishes immutable Engine versions, in memory or backed by a
// state directory (engine/store/state_directory.hpp).
#include "accessgraph/versioned_engine.hpp"

#include <atomic>
#include <mutex>
#include <map>
#include <optional>
#include <set>

#include "engine/version/version_state.hpp"
#include "core/io/output_file.hpp"
#include "engine/store/event_log.hpp"
#include "engine/store/snapshot.hpp"
#include "engine/store/state_directory.hpp"
#include "core/io/hr_events_csv.hpp"
#include "loaders/events_loader.hpp"

namespace accessgraph {

namespace {

// One more batch in a status: a version, its events, and the last of them.
void count_batch(StateStatus& status, std::size_t events, std::string_view last_event_id) {
  ++status.version;
  status.events_applied += events;
  if (events > 0) status.last_event_id = last_event_id;
}

// The clock and the pending events of a version, for its status.
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

struct VersionedEngine::Impl {
  explicit Impl(const Engine& initial) { publish(initial); }

  std::atomic<std::shared_ptr<const PublishedVersion>> published;
  std::mutex apply_mutex;  // one batch at a time; readers never take it
  StateStatus status;      // of the version being built; guarded by apply_mutex

  // State directory only.
  std::optional<StatePaths> paths;
  std::uint64_t log_records = 0;  // records of the log the current version includes
  OpenOptions open_options;
  std::unique_ptr<StateLock> lock;        // taken by the first apply or compaction
  std::unique_ptr<EventLogWriter> log;

  void publish(const Engine& next) {
    published.store(std::make_shared<const PublishedVersion>(PublishedVersion{next, status}));
  }
  Engine current() const { return published.load()->engine; }

  // Applies logged batches `from` onward to `engine`, each at the date it was applied.
  Engine replay(Engine engine, const std::vector<std::string>& records, std::size_t from) {
    for (std::size_t i = from; i < records.size(); ++i) {
      const LoggedBatch batch = decode_batch(records[i], paths->log(), i + 1);
      LifecycleRun run = [&] {
        try {
          LifecycleOptions options;
          options.as_of = batch.as_of;
          options.retention_days = batch.retention_days;
          return engine.apply_events_csv(batch.events_csv, options);
        } catch (const std::exception& error) {
          throw StateError("event log " + paths->log().string() + ": record " + std::to_string(i + 1) +
                      " no longer applies: " + error.what());
        }
      }();
      const auto events = loaders::parse_events(batch.events_csv);
      count(run, events.size() - run.already_applied, events.empty() ? "" : events.back().event_id);
      engine = std::move(run.after);
      ++log_records;
    }
    return engine;
  }

  // The batch's accepted events (retries aside), the last in file order.
  void count(const LifecycleRun& run, std::size_t accepted, std::string_view last_event_id) {
    count_batch(status, accepted, last_event_id);
    read_clock(status, run.after);
  }

  // Before the first write: lock the directory, and catch up with batches another
  // process appended since this one opened it.
  void become_writer() {
    if (log) return;
    lock = std::make_unique<StateLock>(*paths);
    const EventLogContents contents = read_event_log(paths->log());
    if (contents.records.size() > log_records) {
      const Date as_of = current().as_of();
      publish(replay(current(), contents.records, log_records).evaluated_at(as_of));
    }
    log = std::make_unique<EventLogWriter>(paths->log());
  }
};

VersionedEngine::VersionedEngine(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
VersionedEngine::VersionedEngine(VersionedEngine&&) noexcept = default;
VersionedEngine& VersionedEngine::operator=(VersionedEngine&&) noexcept = default;
VersionedEngine::~VersionedEngine() = default;

VersionedEngine VersionedEngine::in_memory(Engine initial) {
  return VersionedEngine(std::make_unique<Impl>(std::move(initial)));
}

void VersionedEngine::init_state(const std::filesystem::path& bundle_dir, const std::filesystem::path& state_dir,
                                 const OpenOptions& options) {
  if (std::filesystem::exists(StatePaths(state_dir).snapshot()))  // before the long load
    throw StateError("state directory " + state_dir.string() + " already holds a state (snapshot.bin)");
  init_state(Engine::open_bundle(bundle_dir, options), state_dir);  // InputError before anything is written
}

void VersionedEngine::init_state(const Engine& engine, const std::filesystem::path& state_dir) {
  const StatePaths paths(state_dir);
  if (std::filesystem::exists(paths.snapshot()))
    throw StateError("state directory " + state_dir.string() + " already holds a state (snapshot.bin)");
  std::filesystem::create_directories(state_dir);
  StateLock lock(paths);
  Graph graph = with_history(engine);
  SnapshotInfo info;
  info.clock = graph.history->current_clock().to_string();
  write_snapshot(graph, info, paths.base());
  std::filesystem::remove(paths.log());
  EventLogWriter(paths.log());  // creates it empty, fsync'd
  // The snapshot appears last: a directory without it is no state yet.
  std::filesystem::create_hard_link(paths.base(), paths.snapshot());
  sync_directory(state_dir);
}

VersionedEngine VersionedEngine::open_state(const std::filesystem::path& state_dir, const OpenOptions& options) {
  const StatePaths paths(state_dir);
  paths.require_state();
  Snapshot snapshot = read_snapshot(paths.snapshot());
  const EventLogContents log = read_event_log(paths.log());  // throws on a damaged acknowledged record
  if (log.records.size() < snapshot.info.log_records)
    throw StateError("state directory " + state_dir.string() + ": snapshot.bin includes " +
                std::to_string(snapshot.info.log_records) + " logged batches but events.log holds only " +
                std::to_string(log.records.size()));

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
  impl->open_options = options;
  impl->log_records = snapshot.info.log_records;
  impl->status.version = snapshot.info.version;
  impl->status.events_applied = snapshot.info.events_applied;
  impl->status.last_event_id = snapshot.info.last_event_id;
  impl->status.snapshot_version = snapshot.info.version;
  impl->status.durable = true;
  impl->status.log_bytes = log.valid_bytes;
  if (log.torn_tail) impl->status.torn_tail_bytes = std::filesystem::file_size(paths.log()) - log.valid_bytes;
  impl->publish(impl->replay(std::move(engine), log.records, snapshot.info.log_records).evaluated_at(options.as_of));
  return VersionedEngine(std::move(impl));
}

StateStatus VersionedEngine::read_status(const std::filesystem::path& state_dir) {
  const StatePaths paths(state_dir);
  paths.require_state();
  const SnapshotInfo snapshot = read_snapshot_info(paths.snapshot());
  const EventLogContents log = read_event_log(paths.log());
  StateStatus status{snapshot.version, snapshot.events_applied, snapshot.last_event_id, snapshot.version,
                     log.valid_bytes, true};
  if (log.torn_tail) status.torn_tail_bytes = std::filesystem::file_size(paths.log()) - log.valid_bytes;
  // The clock is the last batch's as-of date; pending events are those dated after it.
  std::map<std::string, std::string> waiting;
  for (const PendingEvent& event : snapshot.pending) waiting[event.event_id] = event.effective_date;
  std::set<std::string> seen;
  std::string clock = snapshot.clock;
  for (std::size_t i = snapshot.log_records; i < log.records.size(); ++i) {
    const LoggedBatch batch = decode_batch(log.records[i], paths.log(), i + 1);
    const auto events = loaders::parse_events(batch.events_csv);
    std::size_t accepted = 0;
    for (const HrEvent& event : events) {
      if (!seen.insert(event.event_id).second || waiting.count(event.event_id)) continue;  // a retry
      ++accepted;
      waiting[event.event_id] = event.effective_date.to_string();
    }
    count_batch(status, accepted, events.empty() ? "" : events.back().event_id);
    clock = std::max(clock, batch.as_of.to_string());
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
                                               const std::string& source) {
  std::lock_guard lock(impl_->apply_mutex);
  if (impl_->paths) impl_->become_writer();
  const Engine base = impl_->current();
  LifecycleOptions resolved = options;
  if (!resolved.as_of.present()) resolved.as_of = base.as_of();
  const auto events = loaders::parse_events(csv_text, source);
  // InputError or ArgumentError: nothing logged, nothing published.
  LifecycleRun run = base.apply_events(events, resolved, source);
  // A retry of a batch already applied, at the clock it reached: acknowledged again,
  // nothing logged (the version and the log stay as they are).
  if (!events.empty() && run.already_applied == events.size() && run.clock == run.clock_before)
    return {impl_->status.version, 0, impl_->status.last_event_id, std::move(run)};
  if (impl_->log) {
    impl_->log->append(encode_batch({resolved.as_of, resolved.retention_days, csv_text}));  // durable from here
    ++impl_->log_records;
    impl_->status.log_bytes = impl_->log->size_bytes();
  }
  const std::size_t accepted = events.size() - run.already_applied;
  impl_->count(run, accepted, events.empty() ? "" : events.back().event_id);
  impl_->publish(run.after);
  return {impl_->status.version, accepted, impl_->status.last_event_id, std::move(run)};
}

ApplyReceipt VersionedEngine::advance_clock(const LifecycleOptions& options) {
  return apply_events_csv(format_hr_events({}), options, "(no events)");
}

void VersionedEngine::compact() {
  std::lock_guard lock(impl_->apply_mutex);
  if (!impl_->paths) throw StateError("compact needs a state directory; this engine lives in memory");
  impl_->become_writer();
  const SnapshotInfo info = snapshot_info(impl_->status, impl_->log_records);
  // A new file renamed over snapshot.bin: base.bin keeps the original for history.
  write_snapshot(state_of(impl_->current()).graph, info, impl_->paths->snapshot());
  impl_->status.snapshot_version = info.version;
  impl_->publish(impl_->current());
}

}  // namespace accessgraph
