// collect_report (include/accessgraph/batch.hpp) and the part of analyze --report that
// names what the aggregates counted: the HTML report's numbers from one version.
#include "engine/batch/report_data.hpp"

#include <nlohmann/json.hpp>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "accessgraph/batch.hpp"
#include "core/common/error.hpp"
#include "core/io/file_text.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/report/risk_scan.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {
namespace {

// The findings counts of a previous analyze, from its summary.json.
void read_baseline(const std::filesystem::path& dir, ReportBaseline& data) {
  const std::filesystem::path path = dir / "summary.json";
  const std::string text = read_input_file(path, path.string());
  const nlohmann::json summary = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (summary.is_discarded() || !summary.is_object() || !summary.contains("findings") ||
      !summary["findings"].is_object())
    throw InputError(path.string(), 0, "findings", "", "not the summary.json of an analyze run (no findings counts)");
  std::vector<NamedCount> counts;
  for (const auto& [type, count] : summary["findings"].items()) {
    if (!count.is_number_unsigned())
      throw InputError(path.string(), 0, "findings." + type, count.dump(), "expected a count");
    counts.push_back({type, count.get<std::uint64_t>()});
  }
  data.findings = std::move(counts);
  if (summary.contains("as_of") && summary["as_of"].is_string()) data.as_of = summary["as_of"].get<std::string>();
}

// The node of an explain path named as the report names it.
NamedId named_node(const Graph& g, const PathNode& node) {
  auto name = [&](const auto& ids, const auto& records, auto member) -> std::string {
    const auto id = ids.find(node.id);
    return id ? std::string(records[id->value].*member) : std::string();
  };
  NamedId named{node.id, ""};
  if (node.kind == "identity") named.name = name(g.identity_ids, g.identities, &IdentityRecord::display_name);
  else if (node.kind == "group") named.name = name(g.group_ids, g.groups, &GroupRecord::name);
  else if (node.kind == "role") named.name = name(g.role_ids, g.roles, &RoleRecord::name);
  else if (node.kind == "entitlement") named.name = name(g.entitlement_ids, g.entitlements, &EntitlementRecord::name);
  else if (node.kind == "account") {
    if (const auto account = g.account_ids.find(node.id)) {
      const AccountRecord& record = g.accounts[account->value];
      named.name = std::string(record.username) + " on " + std::string(g.systems[record.system.value].name);
    }
  }
  return named;
}

// The chain that gives each of the first `limit` pairs (explain: shortest actual path).
void add_paths(const Engine& engine, std::uint32_t limit, std::vector<ReportPair>& pairs) {
  const Graph& g = state_of(engine).graph;
  const std::size_t count = std::min<std::size_t>(limit, pairs.size());
  tbb::parallel_for(std::size_t{0}, count, [&](std::size_t k) {
    ReportPair& pair = pairs[k];
    for (const PathNode& node : engine.explain(pair.identity.id, pair.entitlement.id).actual)
      pair.path.push_back({node.kind, named_node(g, node)});
  });
}

}  // namespace

ReportBaseline read_report_baseline(const ReportOptions& options) {
  ReportBaseline baseline;
  if (!options.baseline_dir.empty()) read_baseline(options.baseline_dir, baseline);
  return baseline;
}

ReportData finish_report(const Engine& engine, const ReportAggregates& aggregates, const ReportOptions& options,
                         bool scored, ReportBaseline baseline) {
  const VersionState& state = state_of(engine);
  ReportData data = aggregates.finish(state.derived.materialized_access(), ReviewerRouting(state.graph), scored);
  data.as_of = state.index->as_of().to_string();
  add_paths(engine, options.limits.paths, data.riskiest_pairs);
  data.baseline_findings = std::move(baseline.findings);
  data.baseline_as_of = std::move(baseline.as_of);
  for (const std::string& id : options.named_identities)
    if (auto identity = state.graph.identity_ids.find(id)) data.named.push_back(named_identity(state.graph, *identity));
  return data;
}

ReportData collect_report(const Engine& engine, const ReportOptions& options) {
  const VersionState& state = state_of(engine);
  const Graph& g = state.graph;
  std::optional<RiskPolicy> policy;
  if (options.score) policy = RiskPolicy::load(options.policy_file);  // a bad policy fails before any work
  ReportBaseline baseline = read_report_baseline(options);  // a bad baseline too
  ReportAggregates aggregates(g, options.limits);

  const FindingsEvaluator& evaluator = state.derived.findings();
  tbb::parallel_for(std::size_t{0}, g.accounts.size(), [&](std::size_t a) {
    evaluator.account_findings(AccountId{static_cast<std::uint32_t>(a)},
                               [&](const FindingRecord& f) { aggregates.add_finding(f); });
  });
  tbb::enumerable_thread_specific<FindingsEvaluator::Scratch> scratch([&] { return evaluator.make_scratch(); });
  tbb::parallel_for(std::size_t{0}, g.identity_count(), [&](std::size_t i) {
    evaluator.identity_findings(IdentityId{static_cast<std::uint32_t>(i)}, scratch.local(),
                                [&](const FindingRecord& f) { aggregates.add_finding(f); });
  });
  if (policy) {
    const auto model = state.derived.risk_model(*policy);
    scan_risk(*model, [&](const ScoredAccess& scored) {
      aggregates.add_score(scored);
      return false;  // counted, not kept
    });
  }
  return finish_report(engine, aggregates, options, policy.has_value(), std::move(baseline));
}

}  // namespace accessgraph
