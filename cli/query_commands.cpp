// The point queries: access, who-has, check, explain, stats. Each takes the bundle
// first (or as --bundle), prints text for people or --json for machines.
#include <filesystem>
#include <functional>
#include <iostream>

#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

struct QueryOptions {
  std::vector<std::string> positionals;
  std::string bundle;
  bool json = false;
  EvaluationOptions evaluation;
};

struct Rendered {
  Json json;
  std::string text;
};

template <class Result>
Rendered render(const Result& result) {
  return {to_json(result), to_text(result)};
}

using QueryFn = std::function<Rendered(const Engine&, const std::vector<std::string>& args)>;

// Registers one query subcommand taking `arguments` (names for --help) after the bundle.
CLI::App* add_query(CLI::App& app, const std::string& name, const std::string& description,
                    std::vector<std::string> arguments, std::function<std::size_t()> argument_count,
                    QueryFn run) {
  auto options = std::make_shared<QueryOptions>();
  std::string usage = "[BUNDLE]";
  for (const auto& argument : arguments) usage += " " + argument;
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("args", options->positionals, usage)->expected(0, -1);
  command->add_option("-b,--bundle", options->bundle, "Bundle folder (instead of the first argument)");
  command->add_flag("--json", options->json, "Print JSON (SPEC section 7) instead of text");
  options->evaluation.add_to(*command);
  command->callback([options, argument_count, run, usage] {
    std::vector<std::string> args = options->positionals;
    std::string bundle = options->bundle;
    const std::size_t wanted = argument_count();
    if (bundle.empty() && args.size() == wanted + 1) {
      bundle = args.front();
      args.erase(args.begin());
    }
    if (bundle.empty() || args.size() != wanted)
      throw InputError("command line", 0, "", "", "usage: " + usage + " (or --bundle DIR)");
    options->evaluation.quiet = options->evaluation.quiet || options->json;
    Engine engine = open_engine(bundle, options->evaluation);
    Rendered out = run(engine, args);
    std::cout << (options->json ? out.json.dump(2) + "\n" : out.text);
  });
  return command;
}

}  // namespace

void add_query_commands(CLI::App& app) {
  auto fixed = [](std::size_t n) { return [n] { return n; }; };
  add_query(app, "check", "Does IDENTITY have ENTITLEMENT, and is it justified?", {"IDENTITY", "ENTITLEMENT"},
            fixed(2), [](const Engine& engine, const auto& args) { return render(engine.check(args[0], args[1])); });
  add_query(app, "access", "Every entitlement IDENTITY has, justified or not, and through which accounts and groups",
            {"IDENTITY"}, fixed(1),
            [](const Engine& engine, const auto& args) { return render(engine.access(args[0])); });
  add_query(app, "explain", "The shortest chains of actual and of expected access from IDENTITY to ENTITLEMENT",
            {"IDENTITY", "ENTITLEMENT"}, fixed(2),
            [](const Engine& engine, const auto& args) { return render(engine.explain(args[0], args[1])); });
  add_query(app, "stats", "Counts of nodes, edges and derived sets, and load timings", {}, fixed(0),
            [](const Engine& engine, const auto&) { return render(engine.stats()); });

  struct FindingsFilter {
    std::string identity, account, type;
  };
  auto filter = std::make_shared<FindingsFilter>();
  CLI::App* findings = add_query(
      app, "findings", "Findings (SPEC section 3): for one --identity, one --account, one --type, or all", {},
      [] { return std::size_t{0}; },
      [filter](const Engine& engine, const auto&) {
        if (!filter->identity.empty()) return render(engine.findings_for_identity(filter->identity));
        if (!filter->account.empty()) return render(engine.findings_for_account(filter->account));
        if (!filter->type.empty()) return render(engine.findings_of_type(filter->type));
        return render(engine.all_findings());
      });
  auto* by_identity = findings->add_option("--identity", filter->identity, "Findings about this identity");
  auto* by_account = findings->add_option("--account", filter->account, "Findings about this account");
  findings->add_option("--type", filter->type, "Every finding of this type")->excludes(by_identity, by_account);
  by_identity->excludes(by_account);

  auto resource = std::make_shared<std::string>();
  CLI::App* who_has = add_query(
      app, "who-has", "Every identity that has ENTITLEMENT (or any entitlement of --resource), and through which accounts",
      {"ENTITLEMENT"}, [resource] { return resource->empty() ? std::size_t{1} : std::size_t{0}; },
      [resource](const Engine& engine, const auto& args) {
        if (resource->empty()) return render(engine.who_has(args[0]));
        Rendered out{{{"resource", *resource}, {"entitlements", Json::array()}}, ""};
        for (const WhoHasResult& result : engine.who_has_resource(*resource)) {
          out.json["entitlements"].push_back(to_json(result));
          out.text += to_text(result);
        }
        return out;
      });
  who_has->add_option("--resource", *resource, "Every entitlement on this resource instead of one entitlement");
}

}  // namespace accessgraph::cli
