// The lifecycle half of the Engine facade: applying HR events and what-if.
#include <algorithm>

#include "accessgraph/engine.hpp"
#include "core/common/stopwatch.hpp"
#include "engine/lifecycle/lifecycle_session.hpp"
#include "engine/lifecycle/whatif.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/version/version_state.hpp"
#include "loaders/events_loader.hpp"
#include "loaders/whatif_files.hpp"

namespace accessgraph {
namespace {

struct SessionResult {
  std::shared_ptr<VersionState> state;
  std::vector<AppliedEvent> events;
  std::vector<PlanAction> plan;
  std::vector<AuditEntry> audit;
  std::vector<ArchivedAccount> archived;
};

// Applies the events to a copy of `current` and indexes the result; `current` is
// never modified, so a failure leaves nothing half applied.
SessionResult run_session(const VersionState& current, std::vector<HrEvent> events,
                          const std::string& label, const LifecycleOptions& options) {
  Stopwatch clock;
  sort_for_application(events);
  LifecycleSession session(current.graph, *current.index, label);
  std::vector<AppliedEvent> applied;
  for (const auto& event : events) {
    session.apply(event);
    applied.push_back({event.event_id, event.effective_date.to_string(), std::string(hr_event_type_name(event.type)),
                       event.identity_id});
  }
  if (options.archive) session.archive(options);

  auto next = std::make_shared<VersionState>(
      std::move(session.graph()),
      [&](const Graph& graph) { return current.index->rebased(graph, session.touched_identities()); },
      current.derived.peer_key(), current.derived.findings_policy());
  next->load = current.load;
  next->timings_seconds = current.timings_seconds;
  if (const auto point = current.point_table.load()) {
    // The table still describes everyone but the identities these events touched.
    auto inherited = std::make_shared<PointTable>(*point);
    const auto& touched = session.touched_identities();
    inherited->stale.insert(inherited->stale.end(), touched.begin(), touched.end());
    std::sort(inherited->stale.begin(), inherited->stale.end());
    inherited->stale.erase(std::unique(inherited->stale.begin(), inherited->stale.end()), inherited->stale.end());
    next->point_table.store(std::move(inherited));
  }
  next->timings_seconds.emplace_back("apply_events", clock.seconds());
  return {std::move(next), std::move(applied), std::move(session.plan()), std::move(session.audit()), std::move(session.archived())};
}

}  // namespace

LifecycleRun Engine::apply_events_file(const std::filesystem::path& events, const LifecycleOptions& options) const {
  auto result = run_session(*state_, loaders::load_events(events), events.filename().string(), options);
  return {engine_of(std::move(result.state)), std::move(result.events), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
}

LifecycleRun Engine::apply_events_csv(const std::string& csv_text, const LifecycleOptions& options,
                                      const std::string& source) const {
  auto result = run_session(*state_, loaders::parse_events(csv_text, source), source, options);
  return {engine_of(std::move(result.state)), std::move(result.events), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
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
