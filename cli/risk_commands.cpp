// accessgraph recert and request-risk: the risk model (SPEC section 4, docs/risk.md)
// as a recertification campaign and as a check of an access request.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <iostream>
#include <limits>

#include "accessgraph/batch.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

const char* kPolicyHelp = "Risk policy JSON overriding the shipped weights and thresholds (docs/risk.md)";

Json to_json(const RequestRiskResult& r) {
  Json justification = Json::array();
  for (const PathNode& node : r.justification) justification.push_back({{"kind", node.kind}, {"id", node.id}});
  Json peers = Json::array();
  for (const PeerEvidence& p : r.peers)
    peers.push_back({{"key", p.key}, {"defined", p.defined}, {"holders", p.holders}, {"peers", p.peers},
                     {"smoothed", p.smoothed}});
  return {{"identity", r.identity},
          {"entitlement", r.entitlement},
          {"score", r.score},
          {"recommendation", r.recommendation},
          {"reviewer_id", r.reviewer_id},
          {"already_has", r.already_has},
          {"expected", r.expected},
          {"justification", justification},
          {"unjustified_class", r.unjustified_class},
          {"sensitivity", r.sensitivity},
          {"sod_rules", r.sod_rules},
          {"peer_frequency", r.peer_frequency},
          {"peers", peers},
          {"factors", r.factors}};
}

std::string to_text(const RequestRiskResult& r) {
  std::string out = fmt::format("granting {} to {}: score {:.2f}, {}\n", r.entitlement, r.identity, r.score,
                                r.recommendation);
  out += fmt::format("  reviewer:      {}\n", r.reviewer_id.empty() ? "(nobody qualifies)" : r.reviewer_id);
  out += fmt::format("  already has:   {}\n", r.already_has ? "yes" : "no");
  if (r.expected) {
    std::string chain;
    for (const PathNode& node : r.justification) chain += (chain.empty() ? "" : " > ") + node.kind + ":" + node.id;
    out += "  justified by:  " + chain + "\n";
  } else {
    out += "  justified:     no (" + r.unjustified_class + ")\n";
  }
  out += fmt::format("  sensitivity:   {}\n", r.sensitivity);
  std::string rules;
  for (const auto& rule : r.sod_rules) rules += (rules.empty() ? "" : ", ") + rule;
  out += "  SoD:           " + (rules.empty() ? std::string("none") : rules) + "\n";
  out += fmt::format("  peers:         {:.3g} combined\n", r.peer_frequency);
  for (const PeerEvidence& p : r.peers)
    out += p.defined ? fmt::format("    {:<20} {} of {} ({:.3g} smoothed)\n", p.key, p.holders, p.peers, p.smoothed)
                     : fmt::format("    {:<20} no peers ({:.3g} from everyone)\n", p.key, p.smoothed);
  out += "  factors:       " + r.factors + "\n";
  return out;
}

void add_recert_command(CLI::App& app) {
  struct Options {
    std::string bundle, out;
    RecertOptions recert;
    std::string policy;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "recert",
      "Build a recertification campaign: one queue per reviewer (--out/queues/<reviewer>.csv, riskiest first, "
      "with the path that gives each access) and --out/campaign.json");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("--out", options->out,
                      "Output folder (created if missing), replaced as a whole when the run is done: its other "
                      "files are kept")
      ->required()
      ->check(output_folder());
  command->add_option("--max-items-per-reviewer", options->recert.max_items_per_reviewer,
                      "Keep each reviewer's N riskiest items; the rest are counted as deferred (default: no cap)")
      ->check(whole_number_between(0, std::numeric_limits<std::uint32_t>::max()));
  command->add_option("--min-score", options->recert.min_score, "Leave out items scoring below S, 0..100 (default 0)")
      ->check(number_between(0, 100));
  command->add_option("--policy", options->policy, kPolicyHelp);
  options->evaluation.add_to(*command);
  command->callback([options] {
    check_risk_policy(options->policy);
    StagedFolder out = staged_output(options->out, {"queues", "campaign.json", "rejects.csv"});
    Engine engine = open_engine(options->bundle, options->evaluation,
                                (std::filesystem::path(options->out) / "rejects.csv").string(), &out);
    options->recert.out_dir = out.path();
    options->recert.policy_file = options->policy;
    RecertReport report = recertify(engine, options->recert);
    out.commit();
    if (!options->evaluation.quiet) {
      for (const auto& [phase, seconds] : report.timings_seconds) spdlog::info("{}: {:.3f} s", phase, seconds);
      spdlog::info("queued {} items for {} reviewers ({} unrouted, {} deferred by the cap); {:.1f}% approvable",
                   report.items, report.reviewers, report.unrouted, report.deferred,
                   100 * report.auto_approvable_share);
    }
  });
}

void add_request_risk_command(CLI::App& app) {
  struct Options {
    std::string bundle, identity, entitlement, policy;
    bool json = false;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "request-risk",
      "Score granting ENTITLEMENT to IDENTITY before it is made: peers holding it, sensitivity, SoD it would "
      "create, whether it would be justified; recommends approve, review or deny");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)")->required();
  command->add_option("IDENTITY", options->identity, "Who asks")->required();
  command->add_option("ENTITLEMENT", options->entitlement, "What is asked for")->required();
  command->add_flag("--json", options->json, "Print JSON instead of text");
  command->add_option("--policy", options->policy, kPolicyHelp);
  options->evaluation.add_to(*command);
  command->callback([options] {
    check_risk_policy(options->policy);
    options->evaluation.quiet = options->evaluation.quiet || options->json;
    Engine engine = open_engine(options->bundle, options->evaluation);
    RiskOptions risk;
    risk.policy_file = options->policy;
    RequestRiskResult result = engine.request_risk(options->identity, options->entitlement, risk);
    std::cout << (options->json ? to_json(result).dump(2) + "\n" : to_text(result));
  });
}

}  // namespace

void add_risk_commands(CLI::App& app) {
  add_recert_command(app);
  add_request_risk_command(app);
}

}  // namespace accessgraph::cli
