// The Engine facade: composes loading, indexing, queries and reports behind the
// public API in include/accessgraph/engine.hpp.
#include "accessgraph/engine.hpp"

#include "core/common/progress.hpp"
#include "core/common/stopwatch.hpp"
#include "core/io/csv_format.hpp"
#include "engine/query/access_table.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/version/version_state.hpp"
#include "loaders/bundle_loader.hpp"

namespace accessgraph {
namespace {

// A finding on dense ids, as public strings.
Finding to_finding(const Graph& g, const FindingRecord& record) {
  bool account = has_account_subject(record.type);
  return {std::string(finding_type_name(record.type)), account ? "account" : "identity",
          std::string(account ? g.account_ids.name(AccountId(record.subject))
                              : g.identity_ids.name(IdentityId(record.subject))),
          std::string(record.related), std::string(record.detail)};
}

// findings.csv order: by type, subject, related id, as encoded CSV fields.
void sort_like_findings_csv(std::vector<Finding>& findings) {
  auto key = [](const Finding& f) {
    std::string line;
    append_csv_row(line, f.type, f.subject_kind, f.subject_id, f.related_id, f.detail);
    return line;
  };
  std::vector<std::pair<std::string, Finding>> keyed;
  for (auto& f : findings) keyed.emplace_back(key(f), std::move(f));
  std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  findings.clear();
  for (auto& [line, f] : keyed) findings.push_back(std::move(f));
}

FindingsPolicy findings_policy(const AnalysisOptions& options) {
  FindingsPolicy policy;
  policy.dormant_days = options.dormant_days;
  auto threshold = Fraction::parse_decimal(options.outlier_threshold);
  if (!threshold || threshold->numerator > threshold->denominator)
    throw ArgumentError("outlier_threshold", options.outlier_threshold,
                        "expected a decimal between 0 and 1, such as 0.1");
  policy.outlier_threshold = *threshold;
  if (options.dormant_days < 0)
    throw ArgumentError("dormant_days", std::to_string(options.dormant_days), "expected a number of days, 0 or more");
  return policy;
}

}  // namespace

const VersionState& state_of(const Engine& engine) { return *engine.state_; }

Engine engine_of(std::shared_ptr<const VersionState> state) { return Engine(std::move(state)); }

Engine engine_from_graph(Graph graph, const OpenOptions& options) {
  Stopwatch clock;
  const FindingsPolicy policy = findings_policy(options.analysis);
  auto state = std::make_shared<VersionState>(std::move(graph), options.as_of, PeerKey::parse(options.analysis.peer_key),
                                              policy);
  state->timings_seconds.emplace_back("index", clock.lap());
  return engine_of(std::move(state));
}

Engine Engine::open_bundle(const std::filesystem::path& bundle_dir, const OpenOptions& options) {
  Stopwatch clock;
  const FindingsPolicy policy = findings_policy(options.analysis);  // bad options fail before loading
  const PeerKey peer_key = PeerKey::parse(options.analysis.peer_key);
  loaders::LoadOptions load_options;
  load_options.lenient = options.lenient;
  load_options.rejects_path = options.rejects_path;
  load_options.progress = options.progress;
  loaders::LoadReport report;
  Graph graph = loaders::load_bundle(bundle_dir, load_options, &report);
  const double load_seconds = clock.lap();
  ProgressPhase indexing = progress_phase(options.progress, "index", 0);  // closures: no count ahead
  auto state = std::make_shared<VersionState>(std::move(graph), options.as_of, peer_key, policy);
  indexing.finish();
  state->load = {report.rows, report.bytes, report.rejected.size()};
  state->timings_seconds.emplace_back("load", load_seconds);
  state->timings_seconds.emplace_back("index", clock.lap());
  return Engine(std::move(state));
}

Engine Engine::evaluated_at(Date as_of) const {
  if (as_of == this->as_of()) return *this;
  // Shares every table of the graph; only the closures at the new date are rebuilt.
  auto state = std::make_shared<VersionState>(state_->graph, as_of, state_->derived.peer_key(),
                                              state_->derived.findings_policy());
  state->load = state_->load;
  return Engine(std::move(state));
}

Date Engine::as_of() const { return state_->index->as_of(); }

Engine with_review_decisions(const Engine& engine, std::vector<ReviewDecision> more) {
  if (more.empty()) return engine;
  const VersionState& current = state_of(engine);
  Graph graph = current.graph;
  auto decisions = std::make_shared<std::vector<ReviewDecision>>();
  if (graph.decisions) *decisions = *graph.decisions;
  decisions->insert(decisions->end(), std::make_move_iterator(more.begin()), std::make_move_iterator(more.end()));
  graph.decisions = std::move(decisions);
  auto next = std::make_shared<VersionState>(
      std::move(graph), [&](const Graph& g) { return current.index->rebased(g, {}); }, current.derived.peer_key(),
      current.derived.findings_policy());
  next->load = current.load;
  next->timings_seconds = current.timings_seconds;
  next->due_index = current.due_index;
  if (const auto point = current.point_table.load()) next->point_table.store(point);
  return engine_of(std::move(next));
}

void Engine::prepare_point_queries() const {
  auto table = AccessTable::build(*state_->index);
  if (table) state_->point_table.store(std::make_shared<const PointTable>(PointTable{std::move(table), {}}));
}

CheckResult Engine::check(std::string_view identity, std::string_view entitlement) const {
  const Graph& g = state_->graph;
  // The two id lookups and the row's offset each miss the cache at 1M identities:
  // start them all before waiting for any.
  g.identity_ids.prefetch(identity);
  g.entitlement_ids.prefetch(entitlement);
  const IdentityId i = find_identity(g, identity);
  const auto point = state_->point_table.load();
  if (point) point->table->prefetch(i);
  const EntitlementId e = find_entitlement(g, entitlement);
  if (point && !std::binary_search(point->stale.begin(), point->stale.end(), i)) {
    if (const auto found = point->table->lookup(i, e))
      return {std::string(identity), std::string(entitlement), found->has, found->has && found->expected,
              found->expected};
  }
  return check_access(*state_->index, i, e);
}

AccessResult Engine::access(std::string_view identity) const {
  return list_access(*state_->index, find_identity(state_->graph, identity));
}

WhoHasResult Engine::who_has(std::string_view entitlement) const {
  return list_holders(*state_->index, find_entitlement(state_->graph, entitlement));
}

std::vector<WhoHasResult> Engine::who_has_resource(std::string_view resource) const {
  const Graph& g = state_->graph;
  std::vector<std::pair<std::string_view, EntitlementId>> matching;
  for (std::uint32_t e = 0; e < g.entitlements.size(); ++e)
    if (g.entitlements[e].resource == resource) matching.emplace_back(g.entitlement_ids.name(EntitlementId(e)), EntitlementId(e));
  if (matching.empty()) throw NotFoundError("resource", std::string(resource));
  std::sort(matching.begin(), matching.end());
  std::vector<WhoHasResult> results;
  for (const auto& [name, entitlement] : matching) results.push_back(list_holders(*state_->index, entitlement));
  return results;
}

ExplainResult Engine::explain(std::string_view identity, std::string_view entitlement) const {
  const Graph& g = state_->graph;
  return explain_access(*state_->index, find_identity(g, identity), find_entitlement(g, entitlement));
}

AccessPaths Engine::explain_paths(std::string_view identity, std::string_view entitlement) const {
  const Graph& g = state_->graph;
  return explain_all_paths(*state_->index, find_identity(g, identity), find_entitlement(g, entitlement));
}

std::vector<Finding> Engine::findings_for_identity(std::string_view identity) const {
  const FindingsEvaluator& evaluator = state_->derived.findings();
  auto scratch = state_->findings_scratch.lease();
  std::vector<Finding> findings;
  evaluator.identity_findings(find_identity(state_->graph, identity), *scratch,
                              [&](const FindingRecord& f) { findings.push_back(to_finding(state_->graph, f)); });
  sort_like_findings_csv(findings);
  return findings;
}

std::vector<Finding> Engine::findings_for_account(std::string_view account) const {
  auto found = state_->graph.account_ids.find(account);
  if (!found) throw NotFoundError("account", std::string(account));
  std::vector<Finding> findings;
  state_->derived.findings().account_findings(*found,
                                      [&](const FindingRecord& f) { findings.push_back(to_finding(state_->graph, f)); });
  sort_like_findings_csv(findings);
  return findings;
}

std::vector<Finding> Engine::all_findings() const {
  const Graph& g = state_->graph;
  const FindingsEvaluator& evaluator = state_->derived.findings();
  std::vector<Finding> findings;
  auto collect = [&](const FindingRecord& f) { findings.push_back(to_finding(g, f)); };
  for (std::uint32_t a = 0; a < g.accounts.size(); ++a) evaluator.account_findings(AccountId(a), collect);
  auto scratch = evaluator.make_scratch();
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) evaluator.identity_findings(IdentityId(i), scratch, collect);
  sort_like_findings_csv(findings);
  return findings;
}

std::vector<Finding> Engine::findings_of_type(std::string_view type) const {
  if (!parse_finding_type(type)) {
    std::string allowed;
    for (auto name : kFindingTypeNames) allowed += (allowed.empty() ? "" : ", ") + std::string(name);
    throw ArgumentError("type", std::string(type), "unknown finding type; expected one of " + allowed);
  }
  std::vector<Finding> findings = all_findings();
  std::erase_if(findings, [&](const Finding& f) { return f.type != type; });
  return findings;
}

GraphStats Engine::stats() const {
  const Graph& g = state_->graph;
  const AccessIndex& index = *state_->index;
  GraphStats stats;
  stats.as_of = index.as_of().to_string();
  stats.nodes = {{"identities", g.identities.size()},   {"systems", g.systems.size()},
                 {"accounts", g.accounts.size()},       {"groups", g.groups.size()},
                 {"entitlements", g.entitlements.size()}, {"roles", g.roles.size()},
                 {"sod_rules", g.sod_rules.size()},     {"birthright_rules", g.birthright_rules.size()}};
  stats.edges = {{"account_memberships", g.account_groups.edge_count()},
                 {"group_nesting", g.group_parents.edge_count()},
                 {"group_grants", g.group_entitlements.edge_count()},
                 {"account_grants", g.account_entitlements.edge_count()},
                 {"role_includes", g.role_includes.edge_count()},
                 {"role_entitlement_grants", g.role_entitlements.edge_count()},
                 {"role_group_grants", g.role_groups.edge_count()},
                 {"role_assignments", g.identity_assignments.edge_count()},
                 {"role_history", g.identity_role_history.edge_count()},
                 {"usage", g.account_usage.edge_count()}};
  stats.derived = {{"group_components", index.group_components()},
                   {"role_components", index.role_components()},
                   {"rows_loaded", state_->load.rows},
                   {"bytes_loaded", state_->load.bytes},
                   {"rows_rejected", state_->load.rejected}};
  stats.timings_seconds = state_->timings_seconds;
  return stats;
}

}  // namespace accessgraph
