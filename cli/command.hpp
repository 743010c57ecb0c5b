#pragma once
// Shared pieces of the `accessgraph` subcommands.
#include <CLI/CLI.hpp>

#include <tbb/global_control.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/engine.hpp"
#include "accessgraph/versioned_engine.hpp"

namespace accessgraph::cli {

// Exit statuses, documented in --help.
constexpr int kExitOk = 0;
constexpr int kExitInternal = 1;
constexpr int kExitBadInput = 2;
constexpr int kExitNotFound = 3;
constexpr int kExitState = 4;

// Options every command that evaluates the graph takes.
struct EvaluationOptions {
  std::string as_of;  // YYYY-MM-DD; empty = today (UTC)
  bool lenient = false;
  std::string rejects;
  bool quiet = false;
  AnalysisOptions analysis;
  std::unique_ptr<tbb::global_control> thread_limit;  // set by --threads, lives as long as the command

  void add_to(CLI::App& command);
  OpenOptions open_options(const std::string& default_rejects) const;
};

// Opens a bundle, logging progress to stderr unless quiet.
Engine open_engine(const std::string& bundle, const EvaluationOptions& options,
                   const std::string& default_rejects = "accessgraph-rejects.csv");

// Opens a state directory (snapshot + replayed log), evaluated at --as-of. A writer
// (apply, compact, serve) takes the directory's lock now, for the whole command;
// readers (queries, export, history) take none.
VersionedEngine open_versioned_state(const std::string& state_dir, const EvaluationOptions& options,
                                     StateAccess access = StateAccess::kRead);
Engine open_state_engine(const std::string& state_dir, const EvaluationOptions& options);

Date parse_date_option(const std::string& text, const std::string& option);

void add_analyze_command(CLI::App& app);
void add_query_commands(CLI::App& app);
void add_generate_command(CLI::App& app);
void add_risk_commands(CLI::App& app);  // recert, request-risk
void add_lifecycle_commands(CLI::App& app);  // apply, whatif
void add_state_commands(CLI::App& app);      // state init | status | compact | export, history
void add_serve_command(CLI::App& app);
void add_roles_commands(CLI::App& app);  // roles mine | propose | mine-matrix
void add_import_command(CLI::App& app);  // import --config FILE --out BUNDLE (importers/)

// A server address given on the command line (--listen, --server): HOST:PORT.
struct ServerEndpoint {
  std::string host;
  std::uint16_t port = 0;
};
ServerEndpoint parse_server_endpoint(const std::string& text, const std::string& option);
// The first line of a token file (--token FILE), so the token stays out of `ps`.
std::string read_token_file(const std::string& path);

}  // namespace accessgraph::cli
