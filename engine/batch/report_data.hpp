#pragma once
// The last step of the HTML report's numbers, shared by collect_report and analyze:
// the aggregates finished and named, the baseline read, the asked-for names looked up.
#include "accessgraph/batch.hpp"
#include "engine/analysis/report_aggregates.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {

// A previous analyze's findings counts (options.baseline_dir/summary.json); read before
// any work, so a bad baseline fails first. Empty without a baseline.
struct ReportBaseline {
  std::optional<std::vector<NamedCount>> findings;
  std::string as_of;
};
ReportBaseline read_report_baseline(const ReportOptions& options);

// The aggregates finished and named, and the riskiest pairs' access paths (explain).
ReportData finish_report(const Engine& engine, const ReportAggregates& aggregates, const ReportOptions& options,
                         bool scored, ReportBaseline baseline);

}  // namespace accessgraph
