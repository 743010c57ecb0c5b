// accessgraph: the command-line front end. Each subcommand is registered by its own
// file; main only sets up threads and turns errors into exit statuses.
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <memory>

#include "cli/command.hpp"
#include "cli/error_report.hpp"

namespace {

constexpr const char* kFooter = R"(Exit status: 0 success (check --exit-status: access held), 1 internal or
server error, no connection (check --exit-status: access not held), 2 bad input
(bundle, events or arguments; the message names file, line, column and value, or the
option), 3 unknown id, 4 state directory unusable (missing, already there, in use by
another writer, or damaged), 5 not authorised by the server (token missing, unknown,
or of too narrow a scope). With --json, errors are one JSON object on stderr:
{"error": KIND, "message", and "file", "line", "column", "value", "option", "code"
as the error carries them}.
See README.md, docs/bundle-format.md (the input) and docs/computations.md (every output).)";

// The flag a user typed for an argument the engine or the server names by its own
// parameter name ("outlier_threshold" -> "--outlier-threshold").
std::string flag_for(const std::string& argument) {
  if (argument.empty() || argument.starts_with("-")) return argument;
  if (argument == "attributes") return "--set";
  std::string flag = "--" + argument;
  std::replace(flag.begin(), flag.end(), '_', '-');
  return flag;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace accessgraph::cli;
  CLI::App app{"accessgraph: in-memory entitlement graph engine. Loads a bundle of identities, "
               "accounts, nested groups, roles and entitlements and answers who can do what, and why."};
  app.footer(kFooter);
  app.require_subcommand(1);
  app.set_version_flag("--version", "accessgraph 0.1.0");

  add_analyze_command(app);
  add_query_commands(app);
  add_generate_command(app);
  add_risk_commands(app);
  add_lifecycle_commands(app);
  add_state_commands(app);
  add_serve_command(app);
  add_roles_commands(app);
  add_import_command(app);
  add_report_command(app);

  auto logger = spdlog::stderr_color_mt("accessgraph");
  logger->set_pattern("accessgraph: %v");
  spdlog::set_default_logger(logger);

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForAllHelp& help) {
    return app.exit(help);
  } catch (const CLI::CallForVersion& version) {
    return app.exit(version);
  } catch (const AnswerStatus& answer) {
    return answer.status;
  } catch (...) {
    return report_failure(std::current_exception(), wants_json_errors(argc, argv), app, flag_for);
  }
  return kExitOk;
}
