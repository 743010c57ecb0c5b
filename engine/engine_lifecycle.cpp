// The lifecycle half of the Engine facade: applying HR events and what-if.
#include <algorithm>

#include "accessgraph/engine.hpp"
#include "core/common/stopwatch.hpp"
#include "engine/lifecycle/timeline.hpp"
#include "engine/lifecycle/whatif.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/version/version_state.hpp"
#include "loaders/events_loader.hpp"
#include "loaders/whatif_files.hpp"

namespace accessgraph {
namespace {

// Runs the batch on the timeline of a copy of `current` and indexes the result;
// `current` is never modified, so a failure leaves nothing half applied.
LifecycleRun run_batch(const VersionState& current, std::vector<HrEvent> events, const std::string& label,
                       const LifecycleOptions& options) {
  Stopwatch clock;
  TimelineOptions timeline;
  timeline.as_of = options.as_of.present() ? options.as_of : current.index->as_of();
  timeline.retention_days = options.retention_days;
  timeline.label = label;
  TimelineResult result = run_timeline(current.graph, *current.index, current.due_index, std::move(events), timeline);

  // Indexed at this version's as-of date, sharing every closure (lifecycle changes only
  // identity rows): evaluated_at() gives another date.
  const std::vector<IdentityId>& touched = result.touched;
  auto next = std::make_shared<VersionState>(
      std::move(result.graph), [&](const Graph& graph) { return current.index->rebased(graph, touched); },
      current.derived.peer_key(), current.derived.findings_policy());
  next->load = current.load;
  next->timings_seconds = current.timings_seconds;
  next->due_index = result.due_index;
  if (const auto point = current.point_table.load()) {
    // The table still describes everyone but the identities these events touched.
    auto inherited = std::make_shared<PointTable>(*point);
    inherited->stale.insert(inherited->stale.end(), touched.begin(), touched.end());
    std::sort(inherited->stale.begin(), inherited->stale.end());
    inherited->stale.erase(std::unique(inherited->stale.begin(), inherited->stale.end()), inherited->stale.end());
    next->point_table.store(std::move(inherited));
  }
  next->timings_seconds.emplace_back("apply_events", clock.seconds());
  LifecycleRun run{engine_of(std::move(next)), std::move(result.applied), std::move(result.pending),
                   std::move(result.plan),     std::move(result.audit),   std::move(result.archived)};
  run.clock_before = result.clock_before;
  run.clock = result.clock;
  run.already_applied = result.already_applied;
  return run;
}

}  // namespace

LifecycleRun Engine::apply_events(std::vector<HrEvent> events, const LifecycleOptions& options,
                                  const std::string& source) const {
  return run_batch(*state_, std::move(events), source, options);
}

LifecycleRun Engine::apply_events_file(const std::filesystem::path& events, const LifecycleOptions& options) const {
  return apply_events(loaders::load_events(events), options, events.filename().string());
}

LifecycleRun Engine::apply_events_csv(const std::string& csv_text, const LifecycleOptions& options,
                                      const std::string& source) const {
  return apply_events(loaders::parse_events(csv_text, source), options, source);
}

Engine Engine::projected_to(Date day) const {
  if (day < as_of())
    throw ArgumentError("on", day.to_string(), "before the as-of date " + as_of().to_string() + "; the timeline only runs forward");
  if (day == as_of() && !state_->graph.history) return *this;
  LifecycleOptions options;
  options.as_of = day;
  return apply_events({}, options).after.evaluated_at(day);
}

WhatIfResult Engine::whatif(std::string_view identity_name,
                            const std::vector<std::pair<std::string, std::string>>& attributes) const {
  std::vector<std::pair<HrAttribute, std::string>> changes;
  for (const auto& [name, value] : attributes) {
    const auto attribute = parse_hr_attribute(name);
    if (!attribute)
      throw ArgumentError("attributes", name + "=" + value,
                          "unknown attribute; expected display_name, kind, department, title, location, manager_id or "
                          "owner_id");
    changes.emplace_back(*attribute, value);
  }
  WhatIfEvaluator evaluator(*state_->index);
  const IdentityId identity = find_identity(state_->graph, identity_name);
  const IdentityRecord after = [&] {
    try {
      return evaluator.with_attributes(identity, changes);
    } catch (const ArgumentError& error) {
      throw ArgumentError("attributes", error.argument() + "=" + error.value(), error.reason());
    }
  }();
  auto scratch = state_->whatif_scratch.lease();
  return evaluator.transfer(identity, after, *scratch).access;
}

ReorgResult Engine::whatif_reorg(const std::filesystem::path& transfers) const {
  return WhatIfEvaluator(*state_->index).reorg(loaders::read_transfers(transfers));
}

ReorgResult Engine::whatif_reorg_csv(const std::string& csv_text, const std::string& source) const {
  return WhatIfEvaluator(*state_->index).reorg(loaders::parse_transfers(csv_text, source));
}

std::vector<RuleImpact> Engine::whatif_rules(const std::filesystem::path& rules) const {
  return WhatIfEvaluator(*state_->index).rules(loaders::read_rules(rules));
}

}  // namespace accessgraph
