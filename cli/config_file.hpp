#pragma once
// `--config FILE` for a command: its long options as TOML (`listen = "0.0.0.0:7878"`)
// or as one JSON object (`{"listen": "0.0.0.0:7878"}`), told apart by the first
// character. Options given on the command line win over the file.
#include <CLI/CLI.hpp>

namespace accessgraph::cli {

// Adds --config to `command` and reads it with the JSON-or-TOML reader.
void add_config_option(CLI::App& command);

}  // namespace accessgraph::cli
