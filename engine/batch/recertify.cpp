// recertify (include/accessgraph/batch.hpp): a recertification campaign from one version.
#include "engine/batch/recertify.hpp"
#include "core/common/stopwatch.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/report/recert_writer.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {

RecertReport recertify(const Engine& engine, const RecertOptions& options) { return recertify(engine, options, {}); }

RecertReport recertify(const Engine& engine, const RecertOptions& options, CampaignSettings settings,
                       std::uint64_t* left_out) {
  if (!(options.min_score >= 0 && options.min_score <= 100))
    throw ArgumentError("min_score", std::to_string(options.min_score), "expected a score from 0 to 100");
  const RiskPolicy policy = RiskPolicy::load(options.policy_file);
  const VersionState& state = state_of(engine);
  RecertReport report;
  Stopwatch clock;
  ProgressPhase modelling = progress_phase(options.progress, "risk_model", 0);
  const auto model = state.derived.risk_model(policy);
  modelling.finish();
  report.timings_seconds.emplace_back("risk_model", clock.lap());
  settings.json = options.json_lines;
  settings.compress = options.compression == OutputCompression::kZstd;
  settings.progress = options.progress;
  settings.max_items_per_reviewer = options.max_items_per_reviewer;
  settings.min_score_centi = RiskModel::score_centi(options.min_score);
  const CampaignCounts counts = write_campaign(*model, state.derived.findings(), settings, options.out_dir);
  if (left_out) *left_out = counts.left_out;
  report.items = counts.items;
  report.deferred = counts.deferred;
  report.reviewers = counts.reviewers;
  report.unrouted = counts.unrouted;
  report.auto_approvable_share = counts.auto_approvable_share;
  report.timings_seconds.insert(report.timings_seconds.end(), counts.timings_seconds.begin(),
                                counts.timings_seconds.end());
  return report;
}

}  // namespace accessgraph
