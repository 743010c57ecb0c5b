// accessgraph apply (HR events to provisioning plans) and whatif (SPEC section 6).
#include <spdlog/spdlog.h>

#include <iostream>

#include "accessgraph/batch.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "core/io/file_text.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {

std::string read_text_file(const std::filesystem::path& path) {
  auto text = read_file_text(path);
  if (!text) throw InputError(path.string(), 0, "", "", "cannot open the file");
  return std::move(*text);
}

namespace {

// What a run did, for people (stderr).
void log_run(const LifecycleRun& run) {
  std::size_t late = 0;
  for (const AppliedEvent& event : run.events) late += event.applied_on != event.effective_date;
  spdlog::info("clock {} -> {}: {} events took effect ({} late, at the clock), {} pending; {} plan actions, {} audit "
               "entries, {} accounts archived",
               run.clock_before.to_string(), run.clock.to_string(), run.events.size(), late, run.pending.size(),
               run.plan.size(), run.audit.size(), run.archived.size());
}

// What apply writes into --out (core/io/staged_folder.hpp: the previous run's are replaced).
const std::vector<std::string> kApplyOutputs = {"plan.csv",           "audit.csv", "archive.csv",
                                                "pending_events.csv", "bundle",    "rejects.csv"};

// Applies to a state directory. The line "applied ..." is printed only once all the
// command promises is done: --out written (before the batch is logged, so a failure
// there logs nothing: the batch is not applied and a rerun applies it), then the batch
// logged, fsync'd and acknowledged in the control file. Without events the clock moves
// to --as-of and what falls due runs.
template <class Options>
void apply_to_state(const Options& options) {
  VersionedEngine state = open_versioned_state(options.state, options.evaluation, StateAccess::kWrite);
  const VersionedEngine::BeforeCommit write_outputs = [&options](const LifecycleRun& run) {
    if (options.out.empty()) return;
    StagedFolder out = staged_output(options.out, kApplyOutputs);
    try {
      write_lifecycle_run(run, out.path(), options.compression);
      out.commit();
    } catch (...) {
      spdlog::error("writing --out {} failed: the batch is NOT applied (nothing was logged; the state is unchanged), "
                    "and --out holds what it held before; run the same command again once it can be written",
                    options.out);
      throw;
    }
  };
  ApplyReceipt receipt = options.events.empty()
                             ? state.advance_clock(options.lifecycle, write_outputs)
                             : state.apply_events_csv(read_text_file(options.events), options.lifecycle,
                                                      std::filesystem::path(options.events).filename().string(),
                                                      write_outputs);
  std::cout << "applied " << receipt.events << " events: version " << receipt.version << ", last event "
            << (receipt.last_event_id.empty() ? "(none)" : receipt.last_event_id) << ", clock "
            << receipt.run.clock.to_string() << ", " << receipt.run.pending.size() << " pending" << std::endl;
  const bool retry = receipt.events == 0 && receipt.run.already_applied > 0;
  if (retry)
    spdlog::warn("every event of this batch was applied before with the same content (a retry): acknowledged again "
                 "at version {}, nothing logged{}",
                 receipt.version, options.out.empty() ? "" : "; --out was not rewritten (the apply that logged the "
                                                           "batch wrote its outputs)");
  if (!options.evaluation.quiet && !retry) {
    log_run(receipt.run);
    spdlog::info("logged to {}/events.log{}", options.state, options.out.empty() ? "" : ", wrote " + options.out);
  }
}

void add_apply_command(CLI::App& app) {
  struct Options {
    std::string bundle, state, events, out;
    LifecycleOptions lifecycle;
    OutputCompression compression = OutputCompression::kNone;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "apply",
      "Apply HR events on the timeline up to --as-of: each event and each scheduled change (role start and "
      "expiry, end of term, leaver drift, retention) at its own date; later events wait (docs/lifecycle.md). To a "
      "bundle: write plan.csv, audit.csv, archive.csv, pending_events.csv and the resulting bundle/ into --out. To a "
      "state directory (--state): write --out if given, log the batch durably (the log and the control file "
      "fsync'd), then print \"applied N events: version V ...\"; a batch applied before (same ids, same content) is "
      "acknowledged again without change; refused (exit 4) while another process such as serve writes the state; "
      "without --events only the clock moves");
  auto* bundle = command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)");
  auto* state = command->add_option("--state", options->state, "State directory (accessgraph state init)");
  bundle->excludes(state);
  command->add_option("--events", options->events, "hr_events.csv (docs/bundle-format.md); none: only advance the clock");
  command->add_option("--out", options->out, "Output folder (created if missing; with BUNDLE, required and replaced as a whole when the run is done, its other files kept)")->check(output_folder());
  command->add_option("--retention-days", options->lifecycle.retention_days,
                      "Accounts of a leaver are deleted and archived this many days after termination "
                      "(default 90; 0..36525, 36525 being 100 years)")
      ->check(CLI::Range(0, kMaxRetentionDays));
  add_compress_option(*command, options->compression);
  options->evaluation.add_to(*command);
  command->callback([options] {
    options->lifecycle.as_of = options->evaluation.open_options("").as_of;
    if (!options->state.empty()) return apply_to_state(*options);
    if (options->bundle.empty() || options->out.empty())
      throw ArgumentError("", "", "apply needs BUNDLE and --out, or --state DIR");
    StagedFolder out = staged_output(options->out, kApplyOutputs);
    Engine engine = open_engine(options->bundle, options->evaluation, "accessgraph-rejects.csv", &out);
    LifecycleRun run = options->events.empty() ? engine.apply_events({}, options->lifecycle)
                                               : engine.apply_events_file(options->events, options->lifecycle);
    if (!options->evaluation.quiet) log_run(run);
    write_lifecycle_run(run, out.path(), options->compression);
    out.commit();
    if (!options->evaluation.quiet) spdlog::info("wrote {}", options->out);
  });
}

void add_whatif_command(CLI::App& app) {
  struct Options {
    std::string bundle, identity, reorg, rules, on;
    std::vector<std::string> settings;
    bool json = false;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "whatif",
      "What a change would do, changing nothing: a transfer of --identity (prints JSON, SPEC section 6), many "
      "transfers (--reorg FILE) or new or changed rules (--rule FILE), summarised as text or --json");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  auto* identity = command->add_option("--identity", options->identity, "The identity that would move");
  auto* reorg = command->add_option("--reorg", options->reorg,
                                    "CSV of transfers: identity_id and any attribute columns (empty: unchanged)");
  auto* rules = command->add_option("--rule", options->rules,
                                    "CSV of new or changed rules, in the columns of birthright.csv or sod_rules.csv; "
                                    "roles.csv and role_grants.csv beside it define roles the bundle lacks (as "
                                    "`roles propose` writes them)");
  auto* on = command->add_option("--on", options->on,
                                 "YYYY-MM-DD: the transfer takes effect on this day (not before --as-of): the state "
                                 "the timeline reaches by then (pending events, expiries, last days) and that day's "
                                 "roles decide (--identity only)");
  identity->excludes(reorg, rules);
  on->needs(identity);
  reorg->excludes(rules);
  command->add_flag("--json", options->json, "JSON instead of the text summary (--reorg, --rule)");
  command->add_option("--set", options->settings,
                      "ATTR=VALUE, repeatable: display_name, kind, department, title, location, manager_id, owner_id "
                      "(an empty VALUE means unchanged)");
  options->evaluation.add_to(*command);
  command->callback([options] {
    std::vector<std::pair<std::string, std::string>> attributes;
    for (const std::string& setting : options->settings) {
      auto equals = setting.find('=');
      if (equals == std::string::npos)
        throw ArgumentError("--set", setting, "expected ATTR=VALUE");
      attributes.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    if (options->identity.empty() && options->reorg.empty() && options->rules.empty())
      throw ArgumentError("", "", "whatif needs --identity, --reorg or --rule");
    options->evaluation.quiet = options->evaluation.quiet || options->json || !options->identity.empty();
    Engine engine = open_engine(options->bundle, options->evaluation);
    if (!options->identity.empty()) {
      if (!options->on.empty()) engine = engine.projected_to(parse_date_option(options->on, "--on"));
      std::cout << to_json(engine.whatif(options->identity, attributes)).dump(2) << "\n";
    } else if (!options->reorg.empty()) {
      ReorgResult result = engine.whatif_reorg(options->reorg);
      std::cout << rendered(result, options->json);
    } else {
      auto impacts = engine.whatif_rules(options->rules);
      std::cout << rendered(impacts, options->json);
    }
  });
}

}  // namespace

void add_lifecycle_commands(CLI::App& app) {
  add_apply_command(app);
  add_whatif_command(app);
}

}  // namespace accessgraph::cli
