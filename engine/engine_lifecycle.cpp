// The lifecycle half of the Engine facade: applying HR events, what-if, export.
#include <algorithm>
#include <chrono>

#include "accessgraph/engine.hpp"
#include "engine/common/csv_format.hpp"
#include "engine/engine_state.hpp"
#include "engine/lifecycle/lifecycle_session.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/report/bundle_writer.hpp"
#include "engine/report/output_file.hpp"
#include "loaders/events_loader.hpp"

namespace accessgraph {
namespace {

std::vector<std::string> sorted_names(const IdTable<EntitlementId>& table, const std::vector<EntitlementId>& ids) {
  std::vector<std::string> out;
  for (EntitlementId id : ids) out.emplace_back(table.name(id));
  std::sort(out.begin(), out.end());
  return out;
}

// An attribute value no identity or rule has: it matches no birthright condition.
constexpr AttributeId kUnseenValue(AttributeId::kNone - 1);

struct SessionResult {
  std::shared_ptr<Engine::State> state;
  std::vector<PlanAction> plan;
  std::vector<AuditEntry> audit;
  std::vector<ArchivedAccount> archived;
};

// Applies the events to a copy of `current` and indexes the result; `current` is
// never modified, so a failure leaves nothing half applied.
SessionResult run_session(const Engine::State& current, std::vector<loaders::HrEvent> events,
                          const std::string& label, const LifecycleOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  loaders::sort_for_application(events);
  LifecycleSession session(current.graph, *current.index, label);
  for (const auto& event : events) session.apply(event);
  session.archive(options);

  auto next = std::make_shared<Engine::State>();
  next->graph = std::move(session.graph());
  next->index = std::make_unique<AccessIndex>(current.index->rebased(next->graph, session.touched_identities()));
  next->peer_key = current.peer_key;
  next->findings_policy = current.findings_policy;
  next->rows_loaded = current.rows_loaded;
  next->bytes_loaded = current.bytes_loaded;
  next->timings_seconds = current.timings_seconds;
  next->timings_seconds.emplace_back(
      "apply_events", std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return {std::move(next), std::move(session.plan()), std::move(session.audit()), std::move(session.archived())};
}

}  // namespace

LifecycleRun Engine::apply_events_file(const std::filesystem::path& events, const LifecycleOptions& options) const {
  auto result = run_session(*state_, loaders::load_events(events), events.filename().string(), options);
  return {Engine(std::move(result.state)), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
}

LifecycleRun Engine::apply_events_csv(const std::string& csv_text, const LifecycleOptions& options) const {
  auto result = run_session(*state_, loaders::parse_events(csv_text), "hr_events.csv", options);
  return {Engine(std::move(result.state)), std::move(result.plan), std::move(result.audit), std::move(result.archived)};
}

void Engine::write_bundle(const std::filesystem::path& dir) const { accessgraph::write_bundle(state_->graph, dir); }

WhatIfResult Engine::whatif(std::string_view identity_name,
                            const std::vector<std::pair<std::string, std::string>>& attributes) const {
  const Graph& g = state_->graph;
  const AccessIndex& index = *state_->index;
  const IdentityId identity = find_identity(g, identity_name);
  IdentityRecord record = g.identities[identity.value];
  for (const auto& [name, value] : attributes) {
    auto attribute = loaders::parse_hr_attribute(name);
    if (!attribute)
      throw InputError("command line", 0, "--set", name,
                       "unknown attribute; expected display_name, kind, department, title, location, manager_id "
                       "or owner_id");
    if (value.empty()) continue;  // unchanged
    auto reference = [&](const char* column) {
      auto found = g.identity_ids.find(value);
      if (!found) throw InputError("command line", 0, column, value, "unknown identity");
      return *found;
    };
    auto attribute_value = [&] { return g.attribute_values.find(value).value_or(kUnseenValue); };
    switch (*attribute) {
      case loaders::HrAttribute::kDisplayName: break;
      case loaders::HrAttribute::kKind: {
        auto kind = parse_enum<IdentityKind>(value);
        if (!kind) throw InputError("command line", 0, "kind", value, "expected one of " + allowed_values<IdentityKind>());
        record.kind = *kind;
        break;
      }
      case loaders::HrAttribute::kDepartment: record.department = attribute_value(); break;
      case loaders::HrAttribute::kTitle: record.title = attribute_value(); break;
      case loaders::HrAttribute::kLocation: record.location = attribute_value(); break;
      case loaders::HrAttribute::kManagerId: record.manager = reference("manager_id"); break;
      case loaders::HrAttribute::kOwnerId: record.owner = reference("owner_id"); break;
    }
  }

  // Expected after: non-birthright assignments valid at as_of, plus what the rules
  // give the new attributes; nothing for a terminated identity.
  std::vector<RoleAssignment> kept;
  for (const RoleAssignment& assignment : g.identity_assignments[identity])
    if (assignment.source != AssignmentSource::kBirthright) kept.push_back(assignment);
  auto after = index.make_entitlement_scratch();
  after.begin();
  for (RoleId role : index.compute_held_roles(record, kept)) after.add_all(index.role_access(role));
  auto had = index.make_entitlement_scratch();
  had.begin();
  index.add_actual_access(identity, had);

  std::vector<EntitlementId> grant, revoke, keep;
  for (EntitlementId e : after.items()) (had.contains(e) ? keep : grant).push_back(e);
  for (EntitlementId e : had.items())
    if (!after.contains(e)) revoke.push_back(e);
  WhatIfResult result{std::string(identity_name), sorted_names(g.entitlement_ids, grant),
                      sorted_names(g.entitlement_ids, revoke), sorted_names(g.entitlement_ids, keep), {}};
  for (std::uint32_t r = 0; r < g.sod_rules.size(); ++r) {
    const SodRule& rule = g.sod_rules[r];
    if (after.contains(rule.entitlement_a) && after.contains(rule.entitlement_b))
      result.sod_violations_after.emplace_back(g.sod_rule_ids.name(SodRuleId(r)));
  }
  std::sort(result.sod_violations_after.begin(), result.sod_violations_after.end());
  return result;
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
