// The lifecycle half of the Engine facade: applying HR events, what-if, export.
#include <algorithm>
#include <chrono>

#include "accessgraph/engine.hpp"
#include "core/io/csv_format.hpp"
#include "engine/engine_state.hpp"
#include "engine/lifecycle/lifecycle_session.hpp"
#include "engine/lifecycle/whatif.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/report/bundle_writer.hpp"
#include "core/io/output_file.hpp"
#include "loaders/events_loader.hpp"

namespace accessgraph {
namespace {

struct SessionResult {
  std::shared_ptr<Engine::State> state;
  std::vector<AppliedEvent> events;
  std::vector<PlanAction> plan;
  std::vector<AuditEntry> audit;
  std::vector<ArchivedAccount> archived;
};

// Applies the events to a copy of `current` and indexes the result; `current` is
// never modified, so a failure leaves nothing half applied.
SessionResult run_session(const Engine::State& current, std::vector<HrEvent> events,
                          const std::string& label, const LifecycleOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  sort_for_application(events);
  LifecycleSession session(current.graph, *current.index, label);
  std::vector<AppliedEvent> applied;
  for (const auto& event : events) {
    session.apply(event);
    applied.push_back({event.event_id, event.effective_date.to_string(), std::string(hr_event_type_name(event.type)),
                       event.identity_id});
  }
  if (options.archive) session.archive(options);

  auto next = std::make_shared<Engine::State>();
  next->graph = std::move(session.graph());
  next->index = std::make_unique<AccessIndex>(current.index->rebased(next->graph, session.touched_identities()));
  next->peer_key = current.peer_key;
  next->findings_policy = current.findings_policy;
  next->rows_loaded = current.rows_loaded;
  next->bytes_loaded = current.bytes_loaded;
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
  next->timings_seconds.emplace_back(
      "apply_events", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return {std::move(next), std::move(applied), std::move(session.plan()), std::move(session.audit()), std::move(session.archived())};
}

}  // namespace

LifecycleRun Engine::apply_events_file(const std::filesystem::path& events, const LifecycleOptions& options) const {
  auto result = run_session(*state_, loaders::load_events(events), events.filename().string(), options);
  return {Engine(std::move(result.state)), std::move(result.events), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
}

LifecycleRun Engine::apply_events_csv(const std::string& csv_text, const LifecycleOptions& options,
                                      const std::string& source) const {
  auto result = run_session(*state_, loaders::parse_events(csv_text, source), source, options);
  return {Engine(std::move(result.state)), std::move(result.events), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
}

void Engine::write_bundle(const std::filesystem::path& dir) const { accessgraph::write_bundle(state_->graph, dir); }

WhatIfResult Engine::whatif(std::string_view identity_name,
                            const std::vector<std::pair<std::string, std::string>>& attributes) const {
  WhatIfEvaluator evaluator(*state_->index);
  const IdentityId identity = find_identity(state_->graph, identity_name);
  auto scratch = state_->whatif_scratch.lease();
  return evaluator.transfer(identity, evaluator.with_attributes(identity, attributes, "command line"), *scratch).access;
}

ReorgResult Engine::whatif_reorg(const std::filesystem::path& transfers) const {
  return WhatIfEvaluator(*state_->index).reorg(transfers);
}

ReorgResult Engine::whatif_reorg_csv(const std::string& csv_text, const std::string& source) const {
  return WhatIfEvaluator(*state_->index).reorg(loaders::CsvFile::from_text(csv_text, source), source);
}

std::vector<RuleImpact> Engine::whatif_rules(const std::filesystem::path& rules) const {
  return WhatIfEvaluator(*state_->index).rules(rules);
}

void LifecycleRun::write(const std::filesystem::path& dir) const {
  std::filesystem::create_directories(dir);
  std::string text = "event_id,seq,action,identity_id,account_id,target_id\n";
  for (const PlanAction& a : plan)
    append_csv_row(text, a.event_id, std::to_string(a.seq), a.action, a.identity_id, a.account_id, a.target_id);
  OutputFile plan_file(dir / "plan.csv");
  plan_file.write(text);
  plan_file.commit();

  text = "event_id,effective_date,seq,action,subject_kind,subject_id,field,before,after\n";
  for (const AuditEntry& e : audit)
    append_csv_row(text, e.event_id, e.effective_date, std::to_string(e.seq), e.action, e.subject_kind, e.subject_id,
                   e.field, e.before, e.after);
  OutputFile audit_file(dir / "audit.csv");
  audit_file.write(text);
  audit_file.commit();

  auto join = [](const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) out += (out.empty() ? "" : ";") + item;
    return out;
  };
  text = "account_id,identity_id,system_id,termination_date,deleted_on,groups,entitlements\n";
  for (const ArchivedAccount& a : archived)
    append_csv_row(text, a.account_id, a.identity_id, a.system_id, a.termination_date, a.deleted_on, join(a.groups),
                   join(a.entitlements));
  OutputFile archive_file(dir / "archive.csv");
  archive_file.write(text);
  archive_file.commit();

  after.write_bundle(dir / "bundle");
}

}  // namespace accessgraph
