#pragma once
// The inside of a VersionedEngine (include/accessgraph/versioned_engine.hpp), shared by
// engine/versioned_engine.cpp (versions, the log, snapshots) and
// engine/versioned_campaigns.cpp (the review loop on the same log).
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/versioned_engine.hpp"
#include "engine/review/review_records.hpp"
#include "engine/store/event_log.hpp"
#include "engine/store/state_directory.hpp"

namespace accessgraph {

// One more batch in a status: a version, its events, and the last of them.
void count_batch(StateStatus& status, std::size_t events, std::string_view last_event_id);
// The clock and the pending events of a version, for its status.
void read_clock(StateStatus& status, const Engine& engine);

struct VersionedEngine::Impl {
  explicit Impl(const Engine& initial) { publish(initial); }

  std::atomic<std::shared_ptr<const PublishedVersion>> published;
  std::mutex apply_mutex;  // one batch at a time; readers never take it
  StateStatus status;      // of the version being built; guarded by apply_mutex

  // State directory only.
  std::optional<StatePaths> paths;
  std::uint64_t log_records = 0;  // records of the log the current version includes
  std::unique_ptr<StateLock> lock;     // a writer's, from open to close
  std::unique_ptr<EventLogWriter> log;  // a writer's
  ReviewLedger ledger;                  // campaigns and decisions of the whole log; guarded by apply_mutex

  void publish(const Engine& next) {
    published.store(std::make_shared<const PublishedVersion>(PublishedVersion{next, status}));
  }
  Engine current() const { return published.load()->engine; }

  // Adds the review-loop records among the first `count` records to the ledger, without
  // applying anything (they are in the snapshot already).
  void read_ledger(const std::vector<std::string>& records, std::size_t count);
  // Applies logged batches `from` onward to `engine`, each at the date it was applied.
  Engine replay(Engine engine, const std::vector<std::string>& records, std::size_t from);
  // Applies one logged record to `engine`; the record is `number` (from 1) of the log.
  LifecycleRun apply_record(const Engine& engine, const LoggedBatch& batch, std::size_t number);

  // The batch's accepted events (retries aside), the last in file order.
  void count(const LifecycleRun& run, std::size_t accepted, std::string_view last_event_id) {
    count_batch(status, accepted, last_event_id);
    read_clock(status, run.after);
  }
  // A writer with a state directory, else StateError naming what is missing.
  void require_writer(std::string_view what) const;
};

}  // namespace accessgraph
