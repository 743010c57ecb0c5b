// analyze and write_risk (include/accessgraph/batch.hpp): the batch outputs of SPEC
// section 5 from one version.
#include "accessgraph/batch.hpp"

#include "core/common/stopwatch.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/batch/report_data.hpp"
#include "engine/report/effective_access.hpp"
#include "engine/report/findings_writer.hpp"
#include "engine/report/risk_writer.hpp"
#include "engine/report/summary_file.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {
namespace {

// The policy of a risk run, checked with its options before anything is written.
RiskPolicy checked_risk_policy(const RiskWriteOptions& options) {
  if (!(options.min_score >= 0 && options.min_score <= 100))
    throw ArgumentError("min_score", std::to_string(options.min_score), "expected a score from 0 to 100");
  return RiskPolicy::load(options.policy_file);
}

// Scores every pair and writes DIR/risk.csv.
RiskReport write_risk_file(const VersionState& state, const RiskPolicy& policy, const RiskWriteOptions& options,
                           const std::filesystem::path& dir, ReportAggregates* aggregates = nullptr) {
  RiskReport report;
  Stopwatch clock;
  const auto model = state.derived.risk_model(policy);
  report.timings_seconds.emplace_back("risk_model", clock.lap());
  const RiskCounts counts =
      write_risk(*model, dir / "risk.csv", {RiskModel::score_centi(options.min_score), options.max_rows, aggregates});
  report.timings_seconds.emplace_back("risk_score", counts.score_seconds);
  report.timings_seconds.emplace_back("risk_order", counts.order_seconds);
  report.timings_seconds.emplace_back("risk_write", counts.write_seconds);
  report.rows = counts.rows;
  report.scored = counts.scored;
  for (std::size_t r = 0; r < counts.per_recommendation.size(); ++r)
    report.recommendations.push_back(
        {std::string(recommendation_name(static_cast<Recommendation>(r))), counts.per_recommendation[r]});
  report.score_bands = {
      {"below_40", counts.per_band[0]}, {"40_to_70", counts.per_band[1]}, {"from_70", counts.per_band[2]}};
  return report;
}

// The risk run's section of summary.json, and its timings.
void add_risk(SummaryFile& summary, const RiskReport& report) {
  SummaryFile::Json risk = SummaryFile::Json::object();
  risk["rows"] = report.rows;
  risk["scored"] = report.scored;
  risk["recommendations"] = SummaryFile::counts(report.recommendations);
  risk["score_bands"] = SummaryFile::counts(report.score_bands);
  summary.add_timings(report.timings_seconds);
  summary.set("risk", std::move(risk));
}

}  // namespace

AnalyzeReport analyze(const Engine& engine, const AnalyzeOptions& options) {
  const VersionState& state = state_of(engine);
  const std::optional<RiskPolicy> policy =
      options.risk ? std::optional(checked_risk_policy(*options.risk)) : std::nullopt;  // fails before any work
  ReportBaseline baseline = options.report ? read_report_baseline(*options.report) : ReportBaseline{};
  std::filesystem::create_directories(options.out_dir);
  AnalyzeReport report;
  std::optional<ReportAggregates> aggregates;
  if (options.report) aggregates.emplace(state.graph, options.report->limits);
  ReportAggregates* aggregating = aggregates ? &*aggregates : nullptr;
  if (options.write_effective_access) {
    Stopwatch clock;
    const MaterializedAccess& access = state.derived.materialized_access();
    const double compute_seconds = clock.lap();
    auto counts = write_effective_access(*state.index, access, options.out_dir / "effective_access.csv");
    report.effective_access_rows = counts.rows;
    report.justified_rows = counts.justified;
    report.timings_seconds.emplace_back("effective_access_compute", compute_seconds);
    report.timings_seconds.emplace_back("effective_access_write", counts.write_seconds);
  }
  {
    Stopwatch clock;
    const FindingsEvaluator& evaluator = state.derived.findings();  // builds the peer index once
    report.timings_seconds.emplace_back("peer_index", clock.lap());
    auto counts = write_findings(evaluator, options.out_dir / "findings.csv", aggregating);
    for (std::size_t type = 0; type < counts.per_type.size(); ++type)
      report.findings.push_back({std::string(kFindingTypeNames[type]), counts.per_type[type]});
    report.timings_seconds.emplace_back("findings", counts.seconds);
  }
  if (policy) report.risk = write_risk_file(state, *policy, *options.risk, options.out_dir, aggregating);
  if (aggregates) {
    Stopwatch clock;
    report.report = finish_report(engine, *aggregates, *options.report, policy.has_value(), std::move(baseline));
    report.timings_seconds.emplace_back("report_aggregates", clock.lap());
  }

  const GraphStats graph_stats = engine.stats();
  SummaryFile summary = SummaryFile::fresh(options.out_dir);
  summary.set("as_of", graph_stats.as_of);
  summary.set("nodes", SummaryFile::counts(graph_stats.nodes));
  summary.set("edges", SummaryFile::counts(graph_stats.edges));
  summary.set("derived", SummaryFile::counts(graph_stats.derived));
  summary.set("effective_access", {{"rows", report.effective_access_rows},
                                   {"justified", report.justified_rows},
                                   {"unjustified", report.effective_access_rows - report.justified_rows}});
  summary.set("findings", SummaryFile::counts(report.findings));
  summary.add_timings(graph_stats.timings_seconds);
  summary.add_timings(report.timings_seconds);
  if (report.risk) add_risk(summary, *report.risk);
  summary.write();
  return report;
}

RiskReport write_risk(const Engine& engine, const RiskWriteOptions& options) {
  const RiskPolicy policy = checked_risk_policy(options);  // a bad policy fails before any work
  std::filesystem::create_directories(options.out_dir);
  const RiskReport report = write_risk_file(state_of(engine), policy, options, options.out_dir);
  SummaryFile summary = SummaryFile::existing(options.out_dir);
  add_risk(summary, report);
  summary.write();
  return report;
}

}  // namespace accessgraph
