// accessgraph report (BUNDLE | --state DIR) --out DIR: the HTML report (docs/report.md),
// and the part of analyze --report that writes it.
#include <spdlog/spdlog.h>

#include <limits>

#include "accessgraph/batch.hpp"
#include "cli/command.hpp"
#include "core/common/stopwatch.hpp"
#include "html/report_pages.hpp"

namespace accessgraph::cli {

std::vector<std::string> report_entries() { return {"index.html", "reviewers"}; }

void ReportFlags::add_to(CLI::App& command) {
  command.add_option("--baseline", baseline,
                     "A previous analyze output folder: the findings are compared with its summary.json (the trend)");
  command.add_option("--top", top, "Rows of each top-N table and finding list (default 100)")
      ->check(whole_number_between(1, 100'000));
}

ReportOptions ReportFlags::options() const {
  ReportOptions options;
  options.limits.top = top;
  options.baseline_dir = baseline;
  return options;
}

void write_html_report(ReportData data, const std::string& source, std::vector<CampaignProgress> campaigns,
                       const std::filesystem::path& dir, bool quiet) {
  Stopwatch clock;
  html::ReportInput input{std::move(data), source, std::move(campaigns)};
  const html::ReportFiles files = html::write_report(input, dir);
  if (!quiet)
    spdlog::info("wrote the HTML report: {} pages, {:.1f} MB, in {:.3f} s", files.pages, double(files.bytes) / 1e6,
                 clock.seconds());
}

void add_report_command(CLI::App& app) {
  struct Options {
    std::string bundle, state, out, policy;
    bool skip_risk = false;
    ReportFlags report;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Write an HTML report into --out: index.html (overview, risk, departments, campaigns) and "
      "reviewers/REVIEWER.html, self-contained pages to open in a browser (docs/report.md)");
  auto* bundle = command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)");
  auto* state = command->add_option("--state", options->state,
                                    "State directory (accessgraph state init) instead of a bundle: its current "
                                    "version, and its campaigns' progress");
  bundle->excludes(state);
  command->add_option("--out", options->out,
                      "Output folder (created if missing); index.html and reviewers/ are replaced as a whole, its "
                      "other files kept")
      ->required()
      ->check(output_folder());
  command->add_flag("--skip-risk", options->skip_risk, "Do not score access (no risk histogram nor riskiest access)");
  command->add_option("--policy", options->policy, "Risk policy JSON overriding the shipped weights (docs/risk.md)");
  options->report.add_to(*command);
  options->evaluation.add_to(*command);
  command->callback([options] {
    if (options->bundle.empty() == options->state.empty())
      throw CLI::ValidationError("report", "give a BUNDLE or --state DIR");
    if (!options->skip_risk) check_risk_policy(options->policy);
    StagedFolder out = staged_output(options->out, report_entries());
    ReportOptions report = options->report.options();
    report.score = !options->skip_risk;
    report.policy_file = options->policy;
    std::vector<CampaignProgress> campaigns;
    std::optional<Engine> engine;
    if (!options->state.empty()) {
      VersionedEngine versioned = open_versioned_state(options->state, options->evaluation);
      campaigns = versioned.campaigns();
      for (const CampaignProgress& c : campaigns)
        for (const ReviewerProgress& r : c.reviewers) report.named_identities.push_back(r.reviewer_id);
      engine = versioned.current();
    } else {
      engine = open_engine(options->bundle, options->evaluation, "accessgraph-rejects.csv");
    }
    Stopwatch clock;
    ReportData data = collect_report(*engine, report);
    if (!options->evaluation.quiet) spdlog::info("gathered the report's numbers in {:.3f} s", clock.seconds());
    write_html_report(std::move(data), options->state.empty() ? options->bundle : options->state, std::move(campaigns),
                      out.path(), options->evaluation.quiet);
    out.commit();
    if (!options->evaluation.quiet) spdlog::info("open {}/index.html", options->out);
  });
}

}  // namespace accessgraph::cli
