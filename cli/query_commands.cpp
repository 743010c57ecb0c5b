// The point queries: access, who-has, check, explain, stats, findings. Each takes the
// bundle first (or --bundle, or --state), prints text for people or --json for machines.
#include <filesystem>
#include <functional>
#include <iostream>
#include <optional>

#include "accessgraph/access_paths_graph.hpp"
#include "accessgraph/client.hpp"
#include "accessgraph/history.hpp"
#include "accessgraph/query_service.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

struct QueryOptions {
  std::vector<std::string> positionals;
  std::string bundle;
  std::string state;
  std::string server;      // HOST:PORT: ask a running `accessgraph serve`
  std::string token_file;
  std::string at;                    // access --at DATE (history, with --state)
  std::vector<std::string> between;  // who-has --between D1 D2 (history, with --state)
  bool json = false;
  bool exit_status = false;  // check --exit-status
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

using QueryFn = std::function<Rendered(const QueryService&, const std::vector<std::string>& args)>;
// A point-in-time variant (--at, --between) answered from a state's history instead.
using HistoryFn = std::function<std::optional<Rendered>(const QueryOptions&, const std::vector<std::string>& args)>;

StateHistory open_history(const QueryOptions& options, const char* option) {
  if (options.state.empty())
    throw ArgumentError(option, "", "point-in-time queries read a state's history: add --state DIR");
  return StateHistory::open(options.state, options.evaluation.open_options(""));
}

// Where the answers come from: --server, --state, else the bundle.
std::unique_ptr<QueryService> open_query_service(const QueryOptions& options, const std::string& bundle) {
  if (!options.server.empty()) {
    const ServerEndpoint endpoint = parse_server_endpoint(options.server, "--server");
    ClientOptions client;
    if (!options.token_file.empty()) client.token = read_token_file(options.token_file);
    return std::make_unique<Client>(endpoint.host, endpoint.port, std::move(client));
  }
  if (!options.state.empty()) return std::make_unique<EngineQueries>(open_state_engine(options.state, options.evaluation));
  return std::make_unique<EngineQueries>(open_engine(bundle, options.evaluation));
}

// explain --format dot|svg: every chain, drawn (include/accessgraph/access_paths_graph.hpp).
// A server answers only the shortest chains, so this needs a bundle or a state.
Rendered render_access_paths(const QueryService& service, const std::string& identity, const std::string& entitlement,
                             const std::string& format) {
  const auto* local = dynamic_cast<const EngineQueries*>(&service);
  if (!local)
    throw ArgumentError("--format", format, "drawing every chain needs a bundle or --state, not --server");
  const std::string dot = access_paths_dot(local->engine().explain_paths(identity, entitlement));
  return {Json(), format == "svg" ? render_svg(dot) : dot};
}

// Registers one query subcommand taking `arguments` (names for --help) after the bundle.
CLI::App* add_query(CLI::App& app, const std::string& name, const std::string& description,
                    std::vector<std::string> arguments, std::function<std::size_t()> argument_count,
                    QueryFn run, HistoryFn from_history = {}) {
  auto options = std::make_shared<QueryOptions>();
  std::string usage = "[BUNDLE]";
  for (const auto& argument : arguments) usage += " " + argument;
  CLI::App* command = app.add_subcommand(name, description);
  command->add_option("args", options->positionals, usage)->expected(0, -1);
  auto* bundle_option =
      command->add_option("-b,--bundle", options->bundle, "Bundle folder (instead of the first argument)");
  auto* state_option =
      command->add_option("--state", options->state, "State directory (accessgraph state init) instead of a bundle")
          ->excludes(bundle_option);
  command->add_option("--server", options->server, "Ask a running `accessgraph serve` at HOST:PORT instead")
      ->excludes(bundle_option, state_option);
  command->add_option("--token", options->token_file, "File holding the token for --server");
  command->add_flag("--json", options->json, "Print JSON (SPEC section 7) instead of text");
  if (name == "check")
    command->add_flag("--exit-status", options->exit_status,
                      "Exit 1 when IDENTITY does not have ENTITLEMENT (like grep -q; with -q nothing is printed)");
  if (name == "access")
    command->add_option("--at", options->at, "What IDENTITY had on this date (YYYY-MM-DD), from the --state history");
  if (name == "who-has")
    command->add_option("--between", options->between,
                        "D1 D2: everyone who held ENTITLEMENT at any moment in [D1, D2], with from/to dates, "
                        "from the --state history")
        ->expected(2);
  options->evaluation.add_to(*command);
  command->callback([options, argument_count, run, from_history, usage] {
    std::vector<std::string> args = options->positionals;
    std::string bundle = options->bundle;
    const std::size_t wanted = argument_count();
    const bool local = options->state.empty() && options->server.empty();
    if (bundle.empty() && local && args.size() == wanted + 1) {
      bundle = args.front();
      args.erase(args.begin());
    }
    if ((bundle.empty() && local) || args.size() != wanted)
      throw ArgumentError("", "", "usage: " + usage + " (or --bundle DIR, --state DIR or --server HOST:PORT)");
    options->evaluation.quiet = options->evaluation.quiet || options->json;
    std::optional<Rendered> past = from_history ? from_history(*options, args) : std::nullopt;
    Rendered out = past ? std::move(*past) : run(*open_query_service(*options, bundle), args);
    if (!(options->exit_status && options->evaluation.quiet && !options->json))
      std::cout << (options->json ? out.json.dump(2) + "\n" : out.text);
    if (options->exit_status && !out.json.value("has", false)) throw AnswerStatus{kExitAccessNotHeld};
  });
  return command;
}

}  // namespace

void add_query_commands(CLI::App& app) {
  auto fixed = [](std::size_t n) { return [n] { return n; }; };
  add_query(app, "check", "Does IDENTITY have ENTITLEMENT, and is it justified?", {"IDENTITY", "ENTITLEMENT"},
            fixed(2), [](const QueryService& engine, const auto& args) { return render(engine.check(args[0], args[1])); });
  add_query(
      app, "access", "Every entitlement IDENTITY has (or had --at DATE), justified or not, and through what",
      {"IDENTITY"}, fixed(1), [](const QueryService& engine, const auto& args) { return render(engine.access(args[0])); },
      [](const QueryOptions& options, const auto& args) -> std::optional<Rendered> {
        if (options.at.empty()) return std::nullopt;
        const Date at = parse_date_option(options.at, "--at");
        Rendered out = render(open_history(options, "--at").access_at(args[0], at));
        out.json["at"] = at.to_string();
        return out;
      });
  auto explain_format = std::make_shared<std::string>("text");
  CLI::App* explain = add_query(
      app, "explain",
      "The shortest chains of actual and of expected access from IDENTITY to ENTITLEMENT; with --format dot or svg, "
      "every chain as one graph",
      {"IDENTITY", "ENTITLEMENT"}, fixed(2), [explain_format](const QueryService& engine, const auto& args) {
        if (*explain_format == "dot" || *explain_format == "svg")
          return render_access_paths(engine, args[0], args[1], *explain_format);
        Rendered out = render(engine.explain(args[0], args[1]));
        if (*explain_format == "json") out.text = out.json.dump(2) + "\n";  // as --json prints it
        return out;
      });
  explain
      ->add_option("--format", *explain_format,
                   "text (default), json (as --json), dot (every chain of actual and expected access as a Graphviz "
                   "DOT graph) or svg (that graph laid out by Graphviz)")
      ->check(CLI::IsMember({"text", "json", "dot", "svg"}))
      ->excludes(explain->get_option("--json"));

  add_query(app, "stats", "Counts of nodes, edges and derived sets, and load timings", {}, fixed(0),
            [](const QueryService& engine, const auto&) { return render(engine.stats()); });

  struct FindingsFilter {
    std::string identity, account, type;
  };
  auto filter = std::make_shared<FindingsFilter>();
  CLI::App* findings = add_query(
      app, "findings", "Findings (SPEC section 3): for one --identity, one --account, one --type, or all", {},
      [] { return std::size_t{0}; },
      [filter](const QueryService& engine, const auto&) {
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
      [resource](const QueryService& engine, const auto& args) {
        if (resource->empty()) return render(engine.who_has(args[0]));
        Rendered out{{{"resource", *resource}, {"entitlements", Json::array()}}, ""};
        for (const WhoHasResult& result : engine.who_has_resource(*resource)) {
          out.json["entitlements"].push_back(to_json(result));
          out.text += to_text(result);
        }
        return out;
      },
      [](const QueryOptions& options, const auto& args) -> std::optional<Rendered> {
        if (options.between.empty()) return std::nullopt;
        const Date from = parse_date_option(options.between[0], "--between");
        const Date to = parse_date_option(options.between[1], "--between");
        return render(open_history(options, "--between").who_has_between(args[0], from, to));
      });
  auto* by_resource =
      who_has->add_option("--resource", *resource, "Every entitlement on this resource instead of one entitlement");
  who_has->get_option("--between")->excludes(by_resource);
}

}  // namespace accessgraph::cli
