// The Engine facade: composes loading, indexing, queries and reports behind the
// public API in include/accessgraph/engine.hpp.
#include "accessgraph/engine.hpp"

#include <chrono>
#include <nlohmann/json.hpp>

#include "engine/engine_state.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/report/effective_access.hpp"
#include "engine/report/output_file.hpp"
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

}  // namespace

Engine Engine::open_bundle(const std::filesystem::path& bundle_dir, const OpenOptions& options) {
  Stopwatch clock;
  auto state = std::make_shared<State>();
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

Date Engine::as_of() const { return state_->index->as_of(); }

CheckResult Engine::check(std::string_view identity, std::string_view entitlement) const {
  const Graph& g = state_->graph;
  return check_access(*state_->index, find_identity(g, identity), find_entitlement(g, entitlement));
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
    auto counts = write_effective_access(*state_->index, options.out_dir / "effective_access.csv");
    report.effective_access_rows = counts.rows;
    report.justified_rows = counts.justified;
    report.timings_seconds.emplace_back("effective_access_compute", counts.compute_seconds);
    report.timings_seconds.emplace_back("effective_access_write", counts.write_seconds);
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
  summary["findings"] = nlohmann::ordered_json::object();
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
