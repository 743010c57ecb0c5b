// The Engine facade: composes loading, indexing, queries and reports behind the
// public API in include/accessgraph/engine.hpp.
#include "accessgraph/engine.hpp"

#include <tbb/task_arena.h>

#include <chrono>
#include <nlohmann/json.hpp>

#include "core/io/csv_format.hpp"
#include "engine/engine_state.hpp"
#include "engine/query/access_table.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/report/effective_access.hpp"
#include "engine/report/findings_writer.hpp"
#include "core/io/output_file.hpp"
#include "loaders/bundle_loader.hpp"

namespace accessgraph {
namespace {

class Stopwatch {
 public:
  double lap() {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - last_).count();
    last_ = now;
    return seconds;
  }

 private:
  std::chrono::steady_clock::time_point last_ = std::chrono::steady_clock::now();
};

nlohmann::ordered_json counts_json(const std::vector<NamedCount>& counts) {
  nlohmann::ordered_json object = nlohmann::ordered_json::object();
  for (const auto& [name, count] : counts) object[name] = count;
  return object;
}

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
    throw InputError("command line", 0, "--outlier-threshold", options.outlier_threshold,
                     "expected a decimal between 0 and 1, such as 0.1");
  policy.outlier_threshold = *threshold;
  if (options.dormant_days < 0)
    throw InputError("command line", 0, "--dormant-days", std::to_string(options.dormant_days),
                     "expected a number of days, 0 or more");
  return policy;
}

}  // namespace

const MaterializedAccess& Engine::State::materialized_access() const {
  // Isolated: waiting for its parallel build, this thread must not pick up a task that
  // asks for the same once_flag.
  std::call_once(materialized_built_, [&] {
    tbb::this_task_arena::isolate(
        [&] { materialized_ = std::make_unique<const MaterializedAccess>(MaterializedAccess::compute(*index)); });
  });
  return *materialized_;
}

const FindingsEvaluator& Engine::State::findings() const {
  std::call_once(analysis_built_, [&] {
    peers_ = std::make_unique<PeerIndex>(*index, peer_key);
    findings_ = std::make_unique<FindingsEvaluator>(*index, *peers_, findings_policy);
  });
  return *findings_;
}

Engine Engine::open_bundle(const std::filesystem::path& bundle_dir, const OpenOptions& options) {
  Stopwatch clock;
  auto state = std::make_shared<State>();
  state->findings_policy = findings_policy(options.analysis);  // bad options fail before loading
  state->peer_key = PeerKey::parse(options.analysis.peer_key);
  loaders::LoadOptions load_options;
  load_options.lenient = options.lenient;
  load_options.rejects_path = options.rejects_path;
  loaders::LoadReport report;
  state->graph = loaders::load_bundle(bundle_dir, load_options, &report);
  state->rows_loaded = report.rows;
  state->bytes_loaded = report.bytes;
  state->rows_rejected = report.rejected.size();
  state->timings_seconds.emplace_back("load", clock.lap());
  state->index = std::make_unique<AccessIndex>(state->graph, options.as_of);
  state->timings_seconds.emplace_back("index", clock.lap());
  return Engine(std::move(state));
}

Engine Engine::from_graph(Graph graph, const OpenOptions& options) {
  Stopwatch clock;
  auto state = std::make_shared<State>();
  state->findings_policy = findings_policy(options.analysis);
  state->peer_key = PeerKey::parse(options.analysis.peer_key);
  state->graph = std::move(graph);
  state->index = std::make_unique<AccessIndex>(state->graph, options.as_of);
  state->timings_seconds.emplace_back("index", clock.lap());
  return Engine(std::move(state));
}

Engine Engine::evaluated_at(Date as_of) const {
  if (as_of == this->as_of()) return *this;
  auto state = std::make_shared<State>();
  state->findings_policy = state_->findings_policy;
  state->peer_key = state_->peer_key;
  state->graph = state_->graph;  // shares every table
  state->rows_loaded = state_->rows_loaded;
  state->bytes_loaded = state_->bytes_loaded;
  state->index = std::make_unique<AccessIndex>(state->graph, as_of);
  return Engine(std::move(state));
}

Date Engine::as_of() const { return state_->index->as_of(); }

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

std::vector<Finding> Engine::findings_for_identity(std::string_view identity) const {
  const FindingsEvaluator& evaluator = state_->findings();
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
  state_->findings().account_findings(*found,
                                      [&](const FindingRecord& f) { findings.push_back(to_finding(state_->graph, f)); });
  sort_like_findings_csv(findings);
  return findings;
}

std::vector<Finding> Engine::all_findings() const {
  const Graph& g = state_->graph;
  const FindingsEvaluator& evaluator = state_->findings();
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
    throw InputError("command line", 0, "--type", std::string(type), "unknown finding type; expected one of " + allowed);
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
                   {"rows_loaded", state_->rows_loaded},
                   {"bytes_loaded", state_->bytes_loaded},
                   {"rows_rejected", state_->rows_rejected}};
  stats.timings_seconds = state_->timings_seconds;
  return stats;
}

AnalyzeReport Engine::analyze(const AnalyzeOptions& options) const {
  std::filesystem::create_directories(options.out_dir);
  AnalyzeReport report;
  if (options.write_effective_access) {
    Stopwatch clock;
    const MaterializedAccess& access = state_->materialized_access();
    const double compute_seconds = clock.lap();
    auto counts = write_effective_access(*state_->index, access, options.out_dir / "effective_access.csv");
    report.effective_access_rows = counts.rows;
    report.justified_rows = counts.justified;
    report.timings_seconds.emplace_back("effective_access_compute", compute_seconds);
    report.timings_seconds.emplace_back("effective_access_write", counts.write_seconds);
  }

  {
    Stopwatch clock;
    const FindingsEvaluator& evaluator = state_->findings();  // builds the peer index once
    report.timings_seconds.emplace_back("peer_index", clock.lap());
    auto counts = write_findings(evaluator, options.out_dir / "findings.csv");
    for (std::size_t type = 0; type < counts.per_type.size(); ++type)
      report.findings.push_back({std::string(kFindingTypeNames[type]), counts.per_type[type]});
    report.timings_seconds.emplace_back("findings", counts.seconds);
  }

  GraphStats graph_stats = stats();
  nlohmann::ordered_json summary;
  summary["as_of"] = graph_stats.as_of;
  summary["nodes"] = counts_json(graph_stats.nodes);
  summary["edges"] = counts_json(graph_stats.edges);
  summary["derived"] = counts_json(graph_stats.derived);
  summary["effective_access"] = {{"rows", report.effective_access_rows},
                                 {"justified", report.justified_rows},
                                 {"unjustified", report.effective_access_rows - report.justified_rows}};
  summary["findings"] = counts_json(report.findings);
  nlohmann::ordered_json timings = nlohmann::ordered_json::object();
  for (const auto& [phase, seconds] : graph_stats.timings_seconds) timings[phase] = seconds;
  for (const auto& [phase, seconds] : report.timings_seconds) timings[phase] = seconds;
  summary["timings_seconds"] = timings;
  OutputFile file(options.out_dir / "summary.json");
  file.write(summary.dump(2) + "\n");
  file.commit();
  return report;
}

}  // namespace accessgraph
