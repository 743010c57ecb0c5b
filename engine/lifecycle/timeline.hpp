#pragma once
// The lifecycle as a timeline (docs/lifecycle.md). A batch of HR events moves a graph
// version's clock forward to an as-of date; on every date in between, the events of
// that date run (in arrival order), then the changes the data schedules (in the order
// of scheduled_changes.hpp), each evaluated at its own date: the role assignments
// valid then, the rules, the identity's status then.
//
// Every event and scheduled change touches one identity's rows only, so the timeline
// runs identity by identity:
//   - an identity whose events all fall after the clock continues from its rows;
//   - an identity with an event dated on or before the clock (late HR data) is
//     replayed from its origin (core/graph/lifecycle_history.hpp) with every event it
//     ever received, each in its place in time; what changed is recorded as one
//     change at the clock, caused by the late event;
//   - identities with only scheduled changes due are found in the DueIndex.
// The result therefore depends on which events arrived, never on how they were split
// into batches; and history (replaying one identity to any date) equals the present.
//
// Events dated after the as-of date wait in the history (pending) until a later batch
// reaches their date; they are checked against the state machine when they arrive.
// All or nothing: any refused event throws InputError and the caller keeps its version.
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "accessgraph/lifecycle.hpp"
#include "core/graph/graph.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/lifecycle/change_recorder.hpp"
#include "engine/lifecycle/scheduled_changes.hpp"

namespace accessgraph {

struct TimelineOptions {
  Date as_of;               // the clock to reach
  int retention_days = 90;
  std::string label = "hr_events.csv";  // names the batch in errors
};

struct TimelineResult {
  Graph graph;
  std::vector<IdentityId> touched;  // identities whose rows changed, sorted
  std::vector<AppliedEvent> applied;  // events that took effect in this batch, in timeline order
  std::vector<HrEvent> pending;       // every accepted event still dated after the clock
  std::uint64_t already_applied = 0;  // events sent again with the same content: acknowledged, not reapplied
  std::vector<PlanAction> plan;
  std::vector<AuditEntry> audit;
  std::vector<ArchivedAccount> archived;
  std::shared_ptr<const DueIndex> due_index;
  Date clock_before, clock;
};

// Applies a batch to a copy of `base` (never modified). `closures` indexes `base`;
// `due_index` may be null (built here). Throws InputError naming the first refused
// event, ArgumentError when the as-of date is before the clock.
TimelineResult run_timeline(const Graph& base, const AccessIndex& closures, std::shared_ptr<const DueIndex> due_index,
                            std::vector<HrEvent> batch, const TimelineOptions& options);

// One step of an identity's replayed history: what happened, and its rows after it.
struct ReplayStep {
  const ChangeCause& cause;
  const Graph& graph;
  IdentityId identity;
};

// Replays one identity from its origin through `until` (clamped to the clock), on a
// private copy of `current`, calling `visit` once for the start of the history (an
// empty cause) and then after each event or scheduled change.
// Returns the graph at `until` and the identity's id in it (invalid when it did not
// exist yet). `current` must have a lifecycle history.
struct ReplayResult {
  Graph graph;
  IdentityId identity;
};
ReplayResult replay_identity(const Graph& current, const AccessIndex& closures, std::string_view identity, Date until,
                             int retention_days, const std::function<void(const ReplayStep&)>& visit = {});

}  // namespace accessgraph
