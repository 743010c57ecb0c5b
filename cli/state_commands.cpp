// The state directory commands: state init | status | compact | export, and opening a
// state for the query commands (--state DIR). See docs/state.md.
#include <spdlog/spdlog.h>

#include <iostream>
#include <nlohmann/json.hpp>

#include "accessgraph/batch.hpp"
#include "accessgraph/history.hpp"
#include "core/common/stopwatch.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

// Always said, even with -q: the log held bytes that will not be replayed.
void warn_about_torn_tail(const StateStatus& status, const std::string& state_dir) {
  if (status.torn_tail_bytes > 0)
    spdlog::warn("{}/events.log ends in a torn record ({} bytes): an append cut short by a crash, never "
                 "acknowledged; it is not replayed and the next apply cuts it off",
                 state_dir, status.torn_tail_bytes);
}

void add_init(CLI::App& state) {
  struct Options {
    std::string bundle, dir;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = state.add_subcommand("init", "Create a state directory from a bundle: a binary snapshot and an "
                                                   "empty event log; its lifecycle clock starts at --as-of");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--state", options->dir, "State directory to create")->required();
  options->evaluation.add_to(*command);
  command->callback([options] {
    Stopwatch clock;
    VersionedEngine::init_state(options->bundle, options->dir,
                                options->evaluation.open_options((std::filesystem::path(options->dir).parent_path() /
                                                                  "accessgraph-rejects.csv")
                                                                     .string()));
    if (!options->evaluation.quiet)
      spdlog::info("created state {} from {} in {:.3f} s", options->dir, options->bundle, clock.seconds());
  });
}

void add_status(CLI::App& state) {
  struct Options {
    std::string dir;
    bool json = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = state.add_subcommand(
      "status", "Version, events applied, last event id, clock and pending events of a state directory");
  command->add_option("--state", options->dir, "State directory")->required();
  command->add_flag("--json", options->json, "Print JSON");
  command->callback([options] {
    const StateStatus status = VersionedEngine::read_status(options->dir);
    warn_about_torn_tail(status, options->dir);
    if (options->json) {
      nlohmann::ordered_json out{{"version", status.version},
                                 {"events_applied", status.events_applied},
                                 {"last_event_id", status.last_event_id},
                                 {"snapshot_version", status.snapshot_version},
                                 {"log_bytes", status.log_bytes},
                                 {"torn_tail_bytes", status.torn_tail_bytes},
                                 {"clock", status.clock},
                                 {"pending", nlohmann::ordered_json::array()}};
      for (const auto& [id, date] : status.pending)
        out["pending"].push_back({{"event_id", id}, {"effective_date", date}});
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << "version " << status.version << "\nevents applied " << status.events_applied << "\nlast event "
              << (status.last_event_id.empty() ? "(none)" : status.last_event_id) << "\nsnapshot at version "
              << status.snapshot_version << "\nevent log " << status.log_bytes << " bytes\nclock " << status.clock
              << "\npending events " << status.pending.size() << "\n";
    for (const auto& [id, date] : status.pending) std::cout << "  " << date << " " << id << "\n";
  });
}

void add_compact(CLI::App& state) {
  auto dir = std::make_shared<std::string>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* command = state.add_subcommand(
      "compact", "Write a snapshot of the current state (atomically) so that opening it replays nothing");
  command->add_option("--state", *dir, "State directory")->required();
  command->add_flag("-q,--quiet", *quiet, "No progress messages on stderr");
  command->callback([dir, quiet] {
    Stopwatch clock;
    VersionedEngine engine = VersionedEngine::open_state(*dir);
    engine.compact();
    if (!*quiet) spdlog::info("snapshot of version {} written in {:.3f} s", engine.status().version, clock.seconds());
  });
}

void add_export(CLI::App& state) {
  struct Options {
    std::string dir, out;
    bool quiet = false;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = state.add_subcommand("export", "Write the current state as a SPEC section 1 bundle");
  command->add_option("--state", options->dir, "State directory")->required();
  command->add_option("--out", options->out, "Bundle folder to write (created if missing)")->required();
  command->add_flag("-q,--quiet", options->quiet, "No progress messages on stderr");
  command->callback([options] {
    VersionedEngine engine = VersionedEngine::open_state(options->dir);
    export_bundle(engine.current(), options->out);
    if (!options->quiet) spdlog::info("wrote version {} to {}", engine.status().version, options->out);
  });
}

void add_history(CLI::App& app) {
  struct Options {
    std::string identity, dir;
    bool json = false;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "history", "Every change of IDENTITY's access, with the HR event that made it, from a state's event log");
  command->add_option("IDENTITY", options->identity, "Identity id")->required();
  command->add_option("--state", options->dir, "State directory")->required();
  command->add_flag("--json", options->json, "Print JSON instead of text");
  options->evaluation.add_to(*command);
  command->callback([options] {
    const StateHistory history = StateHistory::open(options->dir, options->evaluation.open_options(""));
    std::cout << rendered(history.history(options->identity), options->json);
  });
}

}  // namespace

VersionedEngine open_versioned_state(const std::string& state_dir, const EvaluationOptions& options) {
  const OpenOptions open = options.open_options("");
  Stopwatch clock;
  if (!options.quiet) spdlog::info("opening state {} (as of {})", state_dir, open.as_of.to_string());
  VersionedEngine state = VersionedEngine::open_state(state_dir, open);
  warn_about_torn_tail(state.status(), state_dir);
  if (!options.quiet)
    spdlog::info("opened version {} ({} events applied) in {:.3f} s", state.status().version,
                 state.status().events_applied, clock.seconds());
  return state;
}

Engine open_state_engine(const std::string& state_dir, const EvaluationOptions& options) {
  return open_versioned_state(state_dir, options).current();
}

void add_state_commands(CLI::App& app) {
  CLI::App* state = app.add_subcommand(
      "state", "Durable state directory: binary snapshot plus checksummed event log (init, status, compact, export)");
  state->require_subcommand(1);
  add_init(*state);
  add_status(*state);
  add_compact(*state);
  add_export(*state);
  add_history(app);
}

}  // namespace accessgraph::cli
