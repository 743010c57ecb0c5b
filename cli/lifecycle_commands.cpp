// accessgraph apply (HR events to provisioning plans) and whatif (SPEC section 6).
#include <spdlog/spdlog.h>

#include <iostream>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

void add_apply_command(CLI::App& app) {
  struct Options {
    std::string bundle, events, out;
    LifecycleOptions lifecycle;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "apply", "Apply HR events: write plan.csv, audit.csv, archive.csv and the resulting bundle/ into --out");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--events", options->events, "hr_events.csv (SPEC section 6)")->required();
  command->add_option("--out", options->out, "Output folder (created if missing)")->required();
  command->add_option("--retention-days", options->lifecycle.retention_days,
                      "Disabled accounts of a leaver are deleted and archived this many days after termination "
                      "(default 90)")
      ->check(CLI::NonNegativeNumber);
  options->evaluation.add_to(*command);
  command->callback([options] {
    Engine engine = open_engine(options->bundle, options->evaluation);
    LifecycleRun run = engine.apply_events_file(options->events, options->lifecycle);
    run.write(options->out);
    if (!options->evaluation.quiet)
      spdlog::info("applied events: {} plan actions, {} audit entries, {} accounts archived; wrote {}", run.plan.size(),
                   run.audit.size(), run.archived.size(), options->out);
  });
}

void add_whatif_command(CLI::App& app) {
  struct Options {
    std::string bundle, identity;
    std::vector<std::string> settings;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "whatif", "What a transfer of --identity to new attributes would grant, revoke and keep (prints JSON); "
                "changes nothing");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--identity", options->identity, "The identity that would move")->required();
  command->add_option("--set", options->settings,
                      "ATTR=VALUE, repeatable: display_name, kind, department, title, location, manager_id, owner_id "
                      "(an empty VALUE means unchanged)");
  options->evaluation.add_to(*command);
  command->callback([options] {
    std::vector<std::pair<std::string, std::string>> attributes;
    for (const std::string& setting : options->settings) {
      auto equals = setting.find('=');
      if (equals == std::string::npos)
        throw InputError("command line", 0, "--set", setting, "expected ATTR=VALUE");
      attributes.emplace_back(setting.substr(0, equals), setting.substr(equals + 1));
    }
    options->evaluation.quiet = true;
    Engine engine = open_engine(options->bundle, options->evaluation);
    std::cout << to_json(engine.whatif(options->identity, attributes)).dump(2) << "\n";
  });
}

}  // namespace

void add_lifecycle_commands(CLI::App& app) {
  add_apply_command(app);
  add_whatif_command(app);
}

}  // namespace accessgraph::cli
