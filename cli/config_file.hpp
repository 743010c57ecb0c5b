#pragma once
// `--config FILE` for a command: its long options as TOML (`listen = "0.0.0.0:7878"`,
// optionally under a `[serve]` table) or as one JSON object (`{"listen":
// "0.0.0.0:7878"}`), told apart by the first character. Options given on the command
// line win over the file. (CLI11's own set_config reads files for the top-level app
// only, not for a subcommand.)
#include <CLI/CLI.hpp>

#include <string>

namespace accessgraph::cli {

// Adds --config FILE to `command`; the path lands in `path`.
void add_config_option(CLI::App& command, std::string& path);

// Sets every option the file names that the command line did not give, checking each
// value as the command line would. ArgumentError ("--config") for an unreadable file,
// bad JSON or TOML, or an option the command does not have.
void apply_config_file(CLI::App& command, const std::string& path);

}  // namespace accessgraph::cli
