#pragma once
// Batch outputs: whole files written from one Engine version (SPEC section 5 and the
// campaign, lifecycle and export files). Each writes into a folder, every file whole
// or not at all (a temporary name, then a rename), and leaves the Engine untouched.
#include <filesystem>
#include <optional>

#include "accessgraph/engine.hpp"
#include "accessgraph/report.hpp"

namespace accessgraph {

// What the HTML report gathers (docs/report.md).
struct ReportOptions {
  ReportLimits limits;
  bool score = true;                   // score every pair for the risk section
  std::filesystem::path policy_file;   // risk policy; empty = the shipped one
  std::filesystem::path baseline_dir;  // a previous analyze's output folder (its summary.json); empty = none
  std::vector<std::string> named_identities;  // ids to name in ReportData::named (campaign reviewers)
};

struct AnalyzeOptions {
  std::filesystem::path out_dir;
  bool write_effective_access = true;  // off for very large bundles
  std::optional<RiskWriteOptions> risk;  // also score every pair into risk.csv (its out_dir is ignored)
  OutputCompression compression = OutputCompression::kNone;  // every CSV output, risk.csv too
  Progress* progress = nullptr;  // a phase per step (core/common/progress.hpp); null: silent
  // Also gather the HTML report's numbers while findings and risk stream past (its
  // score and policy_file are ignored: the report scores when risk.csv does).
  std::optional<ReportOptions> report;
};

struct AnalyzeReport {
  std::uint64_t effective_access_rows = 0;
  std::uint64_t justified_rows = 0;
  std::vector<NamedCount> findings;  // per type
  std::optional<RiskReport> risk;
  std::optional<ReportData> report;
  std::vector<std::pair<std::string, double>> timings_seconds;
};

// DIR/effective_access.csv, DIR/findings.csv, DIR/risk.csv when asked (each with
// ".zst" under OutputCompression::kZstd), and DIR/summary.json (counts of nodes, edges,
// findings and risk, timings per phase, and "files": the names written).
AnalyzeReport analyze(const Engine& engine, const AnalyzeOptions& options);

// The HTML report's numbers without writing anything: one findings pass and, with
// options.score, one scoring pass over every pair (both parallel).
ReportData collect_report(const Engine& engine, const ReportOptions& options);

// DIR/risk.csv, and a "risk" section (counts, timings) added to DIR/summary.json. A bad
// policy or option throws InputError before anything is written.
RiskReport write_risk(const Engine& engine, const RiskWriteOptions& options);

// DIR/queues/<reviewer>.csv (one per reviewer) and DIR/campaign.json.
RecertReport recertify(const Engine& engine, const RecertOptions& options);

// The version as a SPEC section 1 bundle.
void export_bundle(const Engine& engine, const std::filesystem::path& dir);

// DIR/plan.csv, DIR/audit.csv, DIR/archive.csv (each with ".zst" under kZstd),
// DIR/pending_events.csv and DIR/bundle/ (the version after).
void write_lifecycle_run(const LifecycleRun& run, const std::filesystem::path& dir,
                         OutputCompression compression = OutputCompression::kNone);

}  // namespace accessgraph
