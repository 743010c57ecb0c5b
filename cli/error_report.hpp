#pragma once
// How a failed command reports: one line `accessgraph: error: MESSAGE` on stderr, or,
// when the command line asks for --json, one JSON object on stderr with the error's
// kind, message and whatever it carries (file, line, column, value, reason, option,
// code), and the exit status for the kind (README.md, "Exit status"):
//   2 bad_argument, bad_input   3 not_found   4 state   5 not_authorised
//   1 server (any other refusal by the server), error (e.g. no connection), internal
#include <CLI/CLI.hpp>

#include <exception>
#include <string>

namespace accessgraph::cli {

// Whether the command line holds --json before any `--` (the flag of every command that
// prints JSON): errors are then reported as JSON too, also those of parsing itself.
bool wants_json_errors(int argc, const char* const* argv);

// Reports `failure` (the exception a command threw; CLI::ParseError included) and
// returns the exit status. `rename` turns an engine's parameter name into the flag.
int report_failure(std::exception_ptr failure, bool json, CLI::App& app,
                   std::string (*rename)(const std::string& argument));

}  // namespace accessgraph::cli
