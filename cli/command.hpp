#pragma once
// Shared pieces of the `accessgraph` subcommands.
#include <CLI/CLI.hpp>

#include <tbb/global_control.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/batch.hpp"
#include "accessgraph/campaign.hpp"
#include "accessgraph/engine.hpp"
#include "accessgraph/output_compression.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "core/common/progress.hpp"
#include "core/io/staged_folder.hpp"

namespace accessgraph::cli {

// Exit statuses, documented in --help.
constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitNotFound = 3;
constexpr int kExitState = 4;
constexpr int kExitNotAuthorised = 5;  // the server refused the token (missing, unknown, or scope)
constexpr int kExitAccessNotHeld = 1;  // check --exit-status, like grep -q finding nothing

// Thrown by a command whose answer is its exit status (check --exit-status: 1 when the
// access is not held), after its output is printed; main returns `status`.
struct AnswerStatus {
  int status = kExitOk;
};

// Options every command that evaluates the graph takes.
struct EvaluationOptions {
  std::string as_of;  // YYYY-MM-DD; empty = today (UTC)
  bool lenient = false;
  std::string rejects;
  bool quiet = false;
  AnalysisOptions analysis;
  std::unique_ptr<tbb::global_control> thread_limit;  // set by --threads, lives as long as the command
  std::string progress_mode = "auto";                 // --progress auto|json|none

  void add_to(CLI::App& command);
  OpenOptions open_options(const std::string& default_rejects) const;
  // The command's progress lines (cli/progress_option.cpp): on a terminal unless --quiet
  // or --progress none; JSON lines with --progress json, terminal or not.
  // Made on first use, kept for the command (so const: options are passed as const&).
  Progress* progress() const;

 private:
  mutable std::unique_ptr<Progress> progress_;
};

// Opens a bundle, logging progress to stderr unless quiet. With `out`, a rejects file
// inside the output folder is written into its staging folder, so it appears with the
// run's other outputs.
Engine open_engine(const std::string& bundle, const EvaluationOptions& options,
                   const std::string& default_rejects = "accessgraph-rejects.csv", const StagedFolder* out = nullptr);

// Opens a state directory (snapshot + replayed log), evaluated at --as-of. A writer
// (apply, compact, serve) takes the directory's lock now, for the whole command;
// readers (queries, export, history) take none.
VersionedEngine open_versioned_state(const std::string& state_dir, const EvaluationOptions& options,
                                     StateAccess access = StateAccess::kRead);
Engine open_state_engine(const std::string& state_dir, const EvaluationOptions& options);

Date parse_date_option(const std::string& text, const std::string& option);
// A whole input file as text (an events or decisions upload); InputError when unreadable.
std::string read_text_file(const std::filesystem::path& path);

void add_analyze_command(CLI::App& app);
void add_query_commands(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_risk_commands(CLI::App& app);  // recert, request-risk, risk-auc
void add_lifecycle_commands(CLI::App& app);  // apply, whatif
void add_state_commands(CLI::App& app);      // state init | status | compact | export, history
void add_serve_command(CLI::App& app);
void add_roles_commands(CLI::App& app);  // roles mine | propose | mine-matrix
void add_import_command(CLI::App& app);  // import --config FILE --out BUNDLE (importers/)
void add_report_command(CLI::App& app);  // report BUNDLE|--state DIR --out DIR (html/)

// The options of the HTML report that report and analyze --report share.
struct ReportFlags {
  std::string baseline;
  std::uint32_t top = 100;

  void add_to(CLI::App& command);
  ReportOptions options() const;
};
// The entries of an output folder the report owns.
std::vector<std::string> report_entries();
// Writes DIR/index.html and DIR/reviewers/ (html/report_pages.hpp).
void write_html_report(ReportData data, const std::string& source, std::vector<CampaignProgress> campaigns,
                       const std::filesystem::path& dir, bool quiet);

// The check of an output folder option (`->check(output_folder())`): refuses, at
// parse time (exit 2), a path that is a file or a folder that cannot be created or
// written. Creates nothing.
CLI::Validator output_folder();

// A number from `min` to `max` (`->check(number_between(0, 100))`): unlike CLI::Range,
// refuses nan, which compares false with every bound.
CLI::Validator number_between(double min, double max);
// A whole number from `min` to `max`: unlike CLI::Range on an unsigned option, refuses
// "-1" (which would wrap around to the largest value).
CLI::Validator whole_number_between(std::uint64_t min, std::uint64_t max);

// --progress auto|json|none (cli/progress_option.cpp), into `mode`.
void add_progress_option(CLI::App& command, std::string& mode);
// The Progress a command with that --progress and --quiet uses (null: none).
std::unique_ptr<Progress> make_progress(const std::string& mode, bool quiet);

// --compress none|zstd (cli/compress_option.cpp).
void add_compress_option(CLI::App& command, OutputCompression& compression);

// The output folder of a batch command (--out), staged so that it holds one whole run
// or the previous one (core/io/staged_folder.hpp). `owned`: the entries the command
// writes; the folder's other entries are kept. A ".csv" entry owns its ".csv.zst" form
// too, so a run with or without --compress replaces the previous run's in either form.
StagedFolder staged_output(const std::string& out, std::vector<std::string> owned);
// The entries of a bundle folder (section 1 files, hr_events.csv, decisions.csv,
// history/), for commands whose --out is a bundle.
std::vector<std::string> bundle_entries();
// `path` as written by a run staged in `out`: inside the staging folder when it lies in
// the output folder, else unchanged.
std::filesystem::path staged_path(const StagedFolder& out, const std::filesystem::path& path);

// A server address given on the command line (--listen, --server): HOST:PORT.
struct ServerEndpoint {
  std::string host;
  std::uint16_t port = 0;
};
ServerEndpoint parse_server_endpoint(const std::string& text, const std::string& option);
// The first line of a token file (--token FILE), so the token stays out of `ps`.
std::string read_token_file(const std::string& path);

}  // namespace accessgraph::cli
