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
                           const std::filesystem::path& dir, Progress* progress,
                           ReportAggregates* aggregates = nullptr) {
  RiskReport report;
  Stopwatch clock;
  ProgressPhase modelling = progress_phase(progress, "risk_model", 0);
  const auto model = state.derived.risk_model(policy);
  modelling.finish();
  report.timings_seconds.emplace_back("risk_model", clock.lap());
  report.file = output_file_name("risk.csv", options.compression);
  const RiskCounts counts =
      write_risk(*model, dir / report.file,
                 {RiskModel::score_centi(options.min_score), options.max_rows, progress, aggregates});
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
  risk["file"] = report.file;
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
  std::vector<std::string> files;  // as written, for summary.json
  std::optional<ReportAggregates> aggregates;
  if (options.report) aggregates.emplace(state.graph, options.report->limits);
  ReportAggregates* aggregating = aggregates ? &*aggregates : nullptr;
  if (options.write_effective_access) {
    Stopwatch clock;
    ProgressPhase computing = progress_phase(options.progress, "effective_access", 0);
    const MaterializedAccess& access = state.derived.materialized_access();
    computing.finish();
    const double compute_seconds = clock.lap();
    files.push_back(output_file_name("effective_access.csv", options.compression));
    auto counts = write_effective_access(*state.index, access, options.out_dir / files.back(), options.progress);
    report.effective_access_rows = counts.rows;
    report.justified_rows = counts.justified;
    report.timings_seconds.emplace_back("effective_access_compute", compute_seconds);
    report.timings_seconds.emplace_back("effective_access_write", counts.write_seconds);
  }
  {
    Stopwatch clock;
    ProgressPhase peers = progress_phase(options.progress, "peer_index", 0);
    const FindingsEvaluator& evaluator = state.derived.findings();  // builds the peer index once
    peers.finish();
    report.timings_seconds.emplace_back("peer_index", clock.lap());
    files.push_back(output_file_name("findings.csv", options.compression));
    auto counts = write_findings(evaluator, options.out_dir / files.back(), options.progress, aggregating);
    for (std::size_t type = 0; type < counts.per_type.size(); ++type)
      report.findings.push_back({std::string(kFindingTypeNames[type]), counts.per_type[type]});
    report.timings_seconds.emplace_back("findings", counts.seconds);
  }
  if (policy) {
    RiskWriteOptions risk = *options.risk;
    risk.compression = options.compression;
    report.risk = write_risk_file(state, *policy, risk, options.out_dir, options.progress, aggregating);
    files.push_back(report.risk->file);
  }
  if (aggregates) {
    Stopwatch clock;
    report.report = finish_report(engine, *aggregates, *options.report, policy.has_value(), std::move(baseline));
    report.timings_seconds.emplace_back("report_aggregates", clock.lap());
  }
  files.push_back("summary.json");

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
  summary.set("files", files);
  summary.add_timings(graph_stats.timings_seconds);
  summary.add_timings(report.timings_seconds);
  if (report.risk) add_risk(summary, *report.risk);
  summary.write();
  return report;
}

RiskReport write_risk(const Engine& engine, const RiskWriteOptions& options) {
  const RiskPolicy policy = checked_risk_policy(options);  // a bad policy fails before any work
  std::filesystem::create_directories(options.out_dir);
  const RiskReport report = write_risk_file(state_of(engine), policy, options, options.out_dir, nullptr);
  SummaryFile summary = SummaryFile::existing(options.out_dir);
  add_risk(summary, report);
  summary.write();
  return report;
}

}  // namespace accessgraph
