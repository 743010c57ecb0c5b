// accessgraph analyze BUNDLE --out DIR: the batch outputs of SPEC section 5.
#include <spdlog/spdlog.h>

#include <limits>

#include "accessgraph/batch.hpp"
#include "cli/command.hpp"

namespace accessgraph::cli {

void EvaluationOptions::add_to(CLI::App& command) {
  command.add_option("--as-of", as_of, "Evaluation date YYYY-MM-DD (default: today, UTC)");
  command.add_flag("--lenient", lenient, "Skip bad rows instead of failing; write them to the rejects file");
  command.add_option("--rejects", rejects, "Where --lenient writes skipped rows with their reasons");
  command.add_flag("-q,--quiet", quiet, "No progress messages on stderr");
  command.add_option("--dormant-days", analysis.dormant_days,
                     "Enabled accounts unused for longer than this are dormant (default 90)")
      ->check(CLI::Range(0, 36'500));
  command.add_option("--outlier-threshold", analysis.outlier_threshold,
                     "Unjustified access held by fewer than this share of peers is a peer_outlier (0..1, default 0.1)")
      ->check(number_between(0, 1));
  command.add_option("--peer-key", analysis.peer_key,
                     "Identity columns that make peers (default department,title; also location, manager_id, "
                     "owner_id, kind)");
  command.add_option_function<int>(
             "--threads",
             [this](int threads) {
               if (threads > 0)
                 thread_limit = std::make_unique<tbb::global_control>(
                     tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
             },
             "Worker threads (default 0: all cores)")
      ->check(CLI::Range(0, 1024));
  add_progress_option(command, progress_mode);
}

Date parse_date_option(const std::string& text, const std::string& option) {
  auto date = Date::parse(text);
  if (!date) throw ArgumentError(option, text, "not an ISO 8601 date (YYYY-MM-DD)");
  return *date;
}

OpenOptions EvaluationOptions::open_options(const std::string& default_rejects) const {
  OpenOptions options;
  if (!as_of.empty()) options.as_of = parse_date_option(as_of, "--as-of");
  options.lenient = lenient;
  options.analysis = analysis;
  options.rejects_path = rejects.empty() ? default_rejects : rejects;
  options.progress = progress();
  return options;
}

Engine open_engine(const std::string& bundle, const EvaluationOptions& options, const std::string& default_rejects,
                   const StagedFolder* out) {
  OpenOptions open = options.open_options(default_rejects);
  const std::filesystem::path rejects_shown = open.rejects_path;
  if (out) open.rejects_path = staged_path(*out, open.rejects_path);
  if (open.lenient && open.rejects_path.has_parent_path())
    std::filesystem::create_directories(open.rejects_path.parent_path());
  if (!options.quiet) spdlog::info("loading {} (as of {})", bundle, open.as_of.to_string());
  Engine engine = Engine::open_bundle(bundle, open);
  if (!options.quiet) {
    GraphStats stats = engine.stats();
    auto count = [&](const std::string& name) {
      for (const auto& entry : stats.derived)
        if (entry.name == name) return entry.count;
      return std::uint64_t{0};
    };
    double load = stats.timings_seconds.at(0).second, index = stats.timings_seconds.at(1).second;
    double megabytes = double(count("bytes_loaded")) / 1e6;
    spdlog::info("loaded {} rows ({:.1f} MB) in {:.3f} s ({:.0f} MB/s); indexed in {:.3f} s",
                 count("rows_loaded"), megabytes, load, load > 0 ? megabytes / load : 0.0, index);
    if (options.lenient)
      spdlog::info("{} rows rejected, listed in {}", count("rows_rejected"), rejects_shown.string());
  }
  return engine;
}

void add_analyze_command(CLI::App& app) {
  struct Options {
    std::string bundle, out;
    bool skip_effective_access = false;
    bool skip_risk = false;
    std::string policy;
    double risk_min_score = 0;
    std::uint64_t risk_top = 0;
    OutputCompression compression = OutputCompression::kNone;
    bool report = false;
    ReportFlags report_flags;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "analyze",
      "Evaluate a bundle and write effective_access.csv, findings.csv, risk.csv and summary.json into --out");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--out", options->out,
                      "Output folder (created if missing), replaced as a whole when the run is done: its other "
                      "files are kept")
      ->required()
      ->check(output_folder());
  command->add_flag("--skip-effective-access", options->skip_effective_access,
                    "Do not write effective_access.csv (very large bundles)");
  command->add_flag("--skip-risk", options->skip_risk, "Do not score access nor write risk.csv (very large bundles)");
  command->add_option("--risk-min-score", options->risk_min_score,
                      "Write only risk.csv rows scoring at least this (0-100; default 0: every pair)")
      ->check(number_between(0, 100));
  command->add_option("--risk-top", options->risk_top,
                      "Write only the N riskiest rows of risk.csv (default 0: every pair); either way the head of "
                      "the full file")
      ->check(whole_number_between(0, std::numeric_limits<std::uint64_t>::max()));
  command->add_option("--policy", options->policy,
                      "Risk policy JSON overriding the shipped weights and thresholds (docs/risk.md)");
  add_compress_option(*command, options->compression);
  CLI::Option* report = command->add_flag(
      "--report", options->report,
      "Also write the HTML report (index.html, reviewers/) into --out, gathered while the files are written "
      "(docs/report.md)");
  options->report_flags.add_to(*command);
  command->get_option("--baseline")->needs(report);
  command->get_option("--top")->needs(report);
  options->evaluation.add_to(*command);
  command->callback([options] {
    if (!options->skip_risk) check_risk_policy(options->policy);  // a bad policy fails before any work
    std::vector<std::string> owned = {"effective_access.csv", "findings.csv", "risk.csv", "summary.json", "rejects.csv"};
    if (options->report) for (std::string& entry : report_entries()) owned.push_back(std::move(entry));
    StagedFolder out = staged_output(options->out, std::move(owned));
    Engine engine = open_engine(options->bundle, options->evaluation,
                                (std::filesystem::path(options->out) / "rejects.csv").string(), &out);
    AnalyzeOptions analyze_options;
    analyze_options.out_dir = out.path();
    analyze_options.write_effective_access = !options->skip_effective_access;
    analyze_options.compression = options->compression;
    analyze_options.progress = options->evaluation.progress();
    if (!options->skip_risk) {
      RiskWriteOptions risk;
      risk.policy_file = options->policy;
      risk.min_score = options->risk_min_score;
      risk.max_rows = options->risk_top;
      analyze_options.risk = risk;
    }
    if (options->report) analyze_options.report = options->report_flags.options();
    AnalyzeReport report = analyze(engine, analyze_options);
    if (report.report) write_html_report(std::move(*report.report), options->bundle, {}, out.path(), options->evaluation.quiet);
    out.commit();
    if (!options->evaluation.quiet) {
      for (const auto& [phase, seconds] : report.timings_seconds) spdlog::info("{}: {:.3f} s", phase, seconds);
      std::uint64_t findings = 0;
      for (const auto& [type, count] : report.findings) findings += count;
      spdlog::info("wrote {} access pairs ({} justified) and {} findings to {}", report.effective_access_rows,
                   report.justified_rows, findings, options->out);
      if (report.risk) {
        for (const auto& [phase, seconds] : report.risk->timings_seconds) spdlog::info("{}: {:.3f} s", phase, seconds);
        spdlog::info("scored {} access pairs; wrote {} to risk.csv", report.risk->scored, report.risk->rows);
      }
    }
  });
}

}  // namespace accessgraph::cli
