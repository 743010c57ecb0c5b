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

// Always said, even with -q: what a crash left after the acknowledged log.
void warn_about_torn_tail(const StateStatus& status, const std::string& state_dir) {
  if (status.torn_tail_bytes > 0)
    spdlog::warn("{}/events.log ends in {} bytes after its last whole record, past everything acknowledged: an "
                 "append cut short by a crash (or one under way), never acknowledged; not replayed, and a writer (apply, "
                 "serve, compact) cuts them off when it opens the state",
                 state_dir, status.torn_tail_bytes);
  if (status.recovered_batches > 0)
    spdlog::warn("{}/events.log holds {} whole batch(es) after the acknowledged length: logged and fsync'd, but "
                 "a crash (or an apply under way) came before the acknowledgement; they are applied, and a retry "
                 "of them is acknowledged without change",
                 state_dir, status.recovered_batches);
}

void add_init(CLI::App& state) {
  struct Options {
    std::string bundle, dir;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = state.add_subcommand(
      "init", "Create a state directory from a bundle: base.bin and snapshot.bin (a binary snapshot), an empty "
              "events.log and, last, the control file; its lifecycle clock starts at --as-of. Refused (exit 4, "
              "nothing deleted) when the directory holds any of them");
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
      "status", "Version, events applied, last event id, clock and pending events of a state directory, after "
                "checking every snapshot section's checksum, the control file and the log (exit 4 on damage, naming "
                "the file and byte offset); takes no lock");
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
                                 {"recovered_batches", status.recovered_batches},
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
      "compact", "Write a snapshot of the current state (atomically: temporary file, fsync, rename, fsync of the "
                 "folder) so that opening it replays nothing; the log is kept. A writer: refused (exit 4) while "
                 "another process writes the state");
  command->add_option("--state", *dir, "State directory")->required();
  command->add_flag("-q,--quiet", *quiet, "No progress messages on stderr");
  command->callback([dir, quiet] {
    Stopwatch clock;
    VersionedEngine engine = VersionedEngine::open_state(*dir, {}, StateAccess::kWrite);
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
  CLI::App* command = state.add_subcommand(
      "export", "Write the current state as a SPEC section 1 bundle; a reader (takes no lock)");
  command->add_option("--state", options->dir, "State directory")->required();
  command->add_option("--out", options->out, "Bundle folder to write (created if missing), replaced as a whole when the bundle is written")->required()->check(output_folder());
  command->add_flag("-q,--quiet", options->quiet, "No progress messages on stderr");
  command->callback([options] {
    VersionedEngine engine = VersionedEngine::open_state(options->dir, {}, StateAccess::kRead);
    StagedFolder out = staged_output(options->out, bundle_entries());
    export_bundle(engine.current(), out.path());
    out.commit();
    if (!options->quiet) spdlog::info("wrote version {} to {}", engine.status().version, options->out);
  });
}

void add_repair(CLI::App& state) {
  struct Options {
    std::string dir;
    std::uint64_t keep = 0;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = state.add_subcommand(
      "repair",
      "Drop damaged or unwanted batches explicitly: keep the first VERSION batches of events.log and cut the rest "
      "off, after copying every file it changes into DIR/repair-TIME/ (printed); put base.bin back as snapshot.bin "
      "when the snapshot holds a dropped batch or is damaged or missing; write a new control file. Opening never "
      "does this by itself: damage to acknowledged batches stops it with exit 4, naming the batch to keep up to. "
      "Also completes an interrupted init (--truncate-after 0). A writer: refused while another process writes");
  command->add_option("--state", options->dir, "State directory")->required();
  command->add_option("--truncate-after", options->keep,
                      "Batches to keep: the state is left at this version (at most the whole batches in events.log)")
      ->required();
  command->callback([options] {
    const RepairReport report = VersionedEngine::repair_state(options->dir, options->keep);
    std::string copied;
    for (const std::string& name : report.copied) copied += (copied.empty() ? "" : ", ") + name;
    std::cout << "repaired " << options->dir << ": kept " << report.kept_batches << " batches (version "
              << report.kept_batches << ")";
    auto batches = [](std::uint64_t n) { return std::to_string(n) + (n == 1 ? " batch" : " batches"); };
    if (report.dropped_bytes == 0) {
      std::cout << "; nothing dropped from events.log";
    } else {
      std::cout << "; dropped " << report.dropped_bytes << " bytes of events.log after byte " << report.cut_at;
      if (report.acknowledged_before > report.kept_batches)
        std::cout << ", which held " << batches(report.acknowledged_before - report.kept_batches) << " acknowledged";
      else if (report.dropped_batches > 0)
        std::cout << ", which held " << batches(report.dropped_batches) << ", none acknowledged";
      else
        std::cout << ": a torn tail, never acknowledged";
    }
    std::cout << "\n";
    if (report.snapshot_replaced) std::cout << "snapshot.bin is base.bin again; the batches kept replay over it\n";
    std::cout << "originals kept in " << report.copies.string() << (copied.empty() ? "" : " (" + copied + ")") << "\n";
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

VersionedEngine open_versioned_state(const std::string& state_dir, const EvaluationOptions& options,
                                     StateAccess access) {
  const OpenOptions open = options.open_options("");
  Stopwatch clock;
  if (!options.quiet) spdlog::info("opening state {} (as of {})", state_dir, open.as_of.to_string());
  VersionedEngine state = VersionedEngine::open_state(state_dir, open, access);
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
      "state",
      "Durable state directory: binary snapshot, checksummed event log and the control file that records how much "
      "of the log is acknowledged (init, status, compact, export, repair). A batch is acknowledged once its record "
      "and the control file are fsync'd; damage to acknowledged data, a missing file or a second writer exit 4 "
      "(docs/state.md)");
  state->require_subcommand(1);
  add_init(*state);
  add_status(*state);
  add_compact(*state);
  add_export(*state);
  add_repair(*state);
  add_history(app);
}

}  // namespace accessgraph::cli
