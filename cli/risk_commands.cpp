// accessgraph recert, request-risk and risk-auc: the risk model (SPEC section 4,
// docs/risk.md) as a recertification campaign, as a check of an access request, and
// checked against the bundle's own review decisions.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <iostream>
#include <limits>

#include "accessgraph/batch.hpp"
#include "accessgraph/campaign.hpp"
#include "accessgraph/versioned_engine.hpp"
#include "cli/command.hpp"
#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

const char* kPolicyHelp = "Risk policy JSON overriding the shipped weights and thresholds (docs/risk.md)";


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

Json to_json(const CampaignProgress& p) {
  Json reviewers = Json::array();
  for (const ReviewerProgress& r : p.reviewers)
    reviewers.push_back({{"reviewer_id", r.reviewer_id}, {"items", r.items}, {"decided", r.decided},
                         {"certified", r.certified}, {"revoked", r.revoked}, {"reassigned_away", r.reassigned_away},
                         {"pending", r.pending}});
  return {{"campaign_id", p.campaign_id}, {"opened_on", p.opened_on}, {"since", p.since},   {"closed", p.closed},
          {"closed_on", p.closed_on},     {"items", p.items},         {"decided", p.decided}, {"certified", p.certified},
          {"revoked", p.revoked},         {"reassigned", p.reassigned}, {"pending", p.pending}, {"reviewers", reviewers}};
}

std::string progress_line(const CampaignProgress& p) {
  return fmt::format("campaign {}{}: {} items, {} decided ({} certified, {} revoked), {} reassigned, {} pending",
                     p.campaign_id, p.closed ? " (closed " + p.closed_on + ")" : "", p.items, p.decided, p.certified,
                     p.revoked, p.reassigned, p.pending);
}

// What `recert decide` and `recert close` print: the counts, then the plan.
void print_applied(const DecisionsApplied& applied, bool json) {
  if (json) {
    Json plan = Json::array();
    for (const PlanAction& a : applied.plan)
      plan.push_back({{"event_id", a.event_id}, {"seq", a.seq}, {"action", lifecycle_action_name(a.action)},
                      {"identity_id", a.identity_id}, {"account_id", a.account_id}, {"target_id", a.target_id},
                      {"date", a.date}, {"cause", a.cause}});
    Json notes = Json::array();
    for (const RevocationNote& n : applied.notes)
      notes.push_back({{"item_id", n.item_id}, {"identity_id", n.identity_id}, {"entitlement_id", n.entitlement_id},
                       {"also_removed", n.also_removed}, {"unapplied", n.unapplied}});
    std::cout << Json{{"campaign_id", applied.campaign_id}, {"certified", applied.certified},
                      {"revoked", applied.revoked},         {"reassigned", applied.reassigned},
                      {"version", applied.version},         {"plan", plan},
                      {"revocation_notes", notes},
                      {"progress", to_json(applied.progress)}}
                     .dump(2)
              << "\n";
    return;
  }
  std::cout << fmt::format("recorded {} certified, {} revoked, {} reassigned: version {}, {} plan actions\n",
                           applied.certified, applied.revoked, applied.reassigned, applied.version, applied.plan.size());
  for (const PlanAction& a : applied.plan)
    std::cout << fmt::format("  {} {} {} {} ({})\n", lifecycle_action_name(a.action), a.identity_id, a.account_id,
                             a.target_id, a.cause);
  for (const RevocationNote& n : applied.notes) {
    std::string also;
    for (const std::string& e : n.also_removed) also += (also.empty() ? "" : ", ") + e;
    std::cout << fmt::format("  item {} ({} {}): {}\n", n.item_id, n.identity_id, n.entitlement_id,
                             n.unapplied.empty() ? "also removes " + also : "nothing applied: " + n.unapplied);
  }
  std::cout << progress_line(applied.progress) << "\n";
}

// What recert decide, close and status name: the state, the campaign and the output form.
struct CampaignCommandOptions {
  std::string state, campaign;
  bool json = false;

  void add_to(CLI::App& command, bool campaign_required) {
    command.add_option("--state", state, "State directory (accessgraph state init)")->required();
    auto* id = command.add_option("--campaign", campaign, "Campaign id (campaign.json campaign_id)");
    if (campaign_required) id->required();
    command.add_flag("--json", json, "Print JSON instead of text");
  }
  VersionedEngine open(StateAccess access) const {
    EvaluationOptions evaluation;
    evaluation.quiet = true;
    return open_versioned_state(state, evaluation, access);
  }
};

void add_recert_decide_command(CLI::App& recert) {
  struct Options : CampaignCommandOptions {
    std::string decisions;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = recert.add_subcommand(
      "decide",
      "Record reviewers' decisions for a campaign kept in a state directory (SPEC section 9). FILE has item_id, "
      "decision, reviewer_id and comment (other columns allowed, so a queue with its decision column filled in "
      "will do; rows with an empty decision are skipped). decision: certify, revoke or reassign:<identity id>. The "
      "whole file is checked first: an unknown item, a reviewer who is not the item's, an item already decided or a "
      "bad decision word refuses it (exit 2, nothing recorded). Revocations run through the lifecycle at the state's "
      "clock (plan actions caused by review:CAMPAIGN:ITEM) and show in history; certified access is not queued again "
      "until its certification ends (policy certification.*). Durable (logged and fsync'd) before it prints");
  options->add_to(*command, true);
  command->add_option("--decisions", options->decisions, "Decisions CSV")->required();
  command->callback([options] {
    VersionedEngine state = options->open(StateAccess::kWrite);
    const DecisionsApplied applied =
        state.decide(options->campaign, read_text_file(options->decisions),
                     std::filesystem::path(options->decisions).filename().string());
    print_applied(applied, options->json);
  });
}

void add_recert_close_command(CLI::App& recert) {
  struct Options : CampaignCommandOptions {
    std::string out;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = recert.add_subcommand(
      "close",
      "Close a campaign kept in a state directory: undecided items get the policy's default "
      "(certification.close_default: none, certify or revoke; revocations run through the lifecycle), and "
      "STATE/campaigns/ID/evidence.csv lists every item with its reviewer, decision, comment, decided_at, "
      "certified_until and the plan it caused, for auditors (copied into --out when given). A closed campaign takes "
      "no more decisions");
  options->add_to(*command, true);
  command->add_option("--out", options->out, "Also write evidence.csv into this folder (created if missing)")
      ->check(output_folder());
  command->callback([options] {
    VersionedEngine state = options->open(StateAccess::kWrite);
    print_applied(state.close_campaign(options->campaign, options->out), options->json);
  });
}

void add_recert_status_command(CLI::App& recert) {
  auto options = std::make_shared<CampaignCommandOptions>();
  CLI::App* command = recert.add_subcommand(
      "status", "Progress of the campaigns kept in a state directory: decided, certified, revoked, reassigned and "
                "pending items, per reviewer with --campaign");
  options->add_to(*command, false);  // without --campaign: every campaign
  command->callback([options] {
    VersionedEngine state = options->open(StateAccess::kRead);
    std::vector<CampaignProgress> campaigns;
    if (options->campaign.empty()) campaigns = state.campaigns();
    else campaigns.push_back(state.campaign_progress(options->campaign));
    if (options->json) {
      Json out = Json::array();
      for (const CampaignProgress& p : campaigns) out.push_back(to_json(p));
      std::cout << (options->campaign.empty() ? out : out[0]).dump(2) << "\n";
      return;
    }
    for (const CampaignProgress& p : campaigns) {
      std::cout << progress_line(p) << "\n";
      if (options->campaign.empty()) continue;
      for (const ReviewerProgress& r : p.reviewers)
        std::cout << fmt::format("  {:<24} {} items, {} decided ({} certified, {} revoked), {} reassigned away, {} pending\n",
                                 r.reviewer_id.empty() ? "(unrouted)" : r.reviewer_id, r.items, r.decided, r.certified,
                                 r.revoked, r.reassigned_away, r.pending);
    }
  });
}

void add_recert_command(CLI::App& app) {
  struct Options {
    std::string bundle, state, out, since;
    RecertOptions recert;
    std::string policy;
    bool json = false;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "recert",
      "Build a recertification campaign: one queue per reviewer (--out/queues/<reviewer>.csv, riskiest first, "
      "with names, last use, the recommendation's reasons in words, the path that gives each access, and empty "
      "decision and comment columns) and --out/campaign.json. With --state the campaign is kept in the state "
      "directory (campaign_id in campaign.json) for `recert decide` and `recert close`; it is scored at the state's "
      "clock, and access certified and still valid is left out");
  command->add_option("BUNDLE", options->bundle, "Bundle folder (SPEC section 1)");
  command->add_option("--state", options->state, "State directory (accessgraph state init): keep the campaign there");
  command->add_option("--out", options->out,
                      "Output folder (created if missing), replaced as a whole when the run is done: its other "
                      "files are kept")
      ->check(output_folder());
  command->add_option("--since", options->since,
                      "With --state: a micro-certification of the access that changed for identities touched by "
                      "events dated on or after DATE (new access, and old access kept without a justifying role)");
  command->add_flag("--json", options->json, "Queues as JSON Lines (queues/<reviewer>.jsonl), one object per item");
  command->add_option("--max-items-per-reviewer", options->recert.max_items_per_reviewer,
                      "Keep each reviewer's N riskiest items; the rest are counted as deferred (default: no cap)")
      ->check(whole_number_between(0, std::numeric_limits<std::uint32_t>::max()));
  command->add_option("--min-score", options->recert.min_score, "Leave out items scoring below S, 0..100 (default 0)")
      ->check(number_between(0, 100));
  command->add_option("--policy", options->policy, kPolicyHelp);
  add_compress_option(*command, options->recert.compression);
  options->evaluation.add_to(*command);
  add_recert_decide_command(*command);
  add_recert_close_command(*command);
  add_recert_status_command(*command);
  command->callback([options, command] {
    if (!command->get_subcommands().empty()) return;  // decide, close or status ran
    if (options->out.empty()) throw ArgumentError("out", "", "recert needs --out DIR");
    if (options->bundle.empty() == options->state.empty())
      throw ArgumentError("BUNDLE", options->bundle, "recert needs a BUNDLE or --state DIR, not both");
    if (!options->since.empty() && options->state.empty())
      throw ArgumentError("since", options->since, "--since needs --state (the events it looks at are a state's)");
    check_risk_policy(options->policy);
    StagedFolder out = staged_output(options->out, {"queues", "campaign.json", "rejects.csv"});
    options->recert.out_dir = out.path();
    options->recert.policy_file = options->policy;
    options->recert.json_lines = options->json;
    options->recert.progress = options->evaluation.progress();
    RecertReport report;
    if (!options->state.empty()) {
      if (!options->evaluation.as_of.empty())
        throw ArgumentError("as-of", options->evaluation.as_of,
                            "a state's campaign is scored at the state's clock; move the clock with `accessgraph "
                            "apply --state DIR --as-of DATE` first");
      VersionedEngine state = open_versioned_state(options->state, options->evaluation, StateAccess::kWrite);
      CampaignOptions campaign;
      campaign.recert = options->recert;
      if (!options->since.empty()) campaign.since = parse_date_option(options->since, "since");
      // The queues are written first, then the campaign is kept and logged, then --out appears.
      const CampaignOpened opened = state.open_campaign(campaign);
      out.commit();
      report = opened.report;
      std::cout << "campaign " << opened.campaign_id << ": " << report.items << " items for " << report.reviewers
                << " reviewers, " << opened.left_out << " left out (certified and still valid"
                << (options->since.empty() ? "" : ", or unchanged since " + options->since) << ")" << std::endl;
    } else {
      Engine engine = open_engine(options->bundle, options->evaluation,
                                  (std::filesystem::path(options->out) / "rejects.csv").string(), &out);
      report = recertify(engine, options->recert);
      out.commit();
    }
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

Json auc_json(double auc) { return std::isnan(auc) ? Json(nullptr) : Json(auc); }

void add_risk_auc_command(CLI::App& app) {
  struct Options {
    std::string bundle, policy;
    RiskAucOptions auc;
    bool json = false;
    EvaluationOptions evaluation;
  };
  auto options = std::make_shared<Options>();
  CLI::App* command = app.add_subcommand(
      "risk-auc",
      "Check the risk score on your own review decisions: hold out a share of decisions.csv, learn from the rest, "
      "and print the AUC (revoked above certified) of the blended score, the learned chance, the unsupervised "
      "score and each peer notion alone on the held-out decisions");
  command->add_option("BUNDLE", options->bundle, "Bundle folder with a decisions.csv (SPEC section 9)")->required();
  command->add_option("--holdout", options->auc.holdout, "Share of decided pairs held out, between 0 and 1 (default 0.3)")
      ->check(number_between(0.001, 0.999));
  command->add_option("--seed", options->auc.seed, "Seed of the split (default 1)")
      ->check(whole_number_between(0, std::numeric_limits<std::uint64_t>::max()));
  command->add_flag("--json", options->json, "Print JSON instead of text");
  command->add_option("--policy", options->policy, kPolicyHelp);
  options->evaluation.add_to(*command);
  command->callback([options] {
    check_risk_policy(options->policy);
    options->evaluation.quiet = options->evaluation.quiet || options->json;
    Engine engine = open_engine(options->bundle, options->evaluation);
    options->auc.policy_file = options->policy;
    const RiskAucResult r = engine.risk_auc(options->auc);
    if (options->json) {
      Json auc = Json::object();
      for (const auto& [name, value] : r.auc) auc[name] = auc_json(value);
      Json out = {{"decisions", r.decisions},
                  {"training", r.training},
                  {"training_revoked", r.training_revoked},
                  {"held_out", r.held_out},
                  {"held_out_revoked", r.held_out_revoked},
                  {"learned", r.learned},
                  {"auc", auc},
                  {"train_seconds", r.train_seconds},
                  {"score_seconds", r.score_seconds}};
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << fmt::format("decisions: {} ({} trained on, {} revoked; {} held out, {} revoked)\n", r.decisions,
                             r.training, r.training_revoked, r.held_out, r.held_out_revoked);
    if (!r.learned) std::cout << "too few training decisions to learn from (learning.min_decisions): blended = unsupervised\n";
    std::cout << "AUC on the held-out decisions (revoked ranked above certified; 0.5 is chance):\n";
    for (const auto& [name, value] : r.auc)
      std::cout << fmt::format("  {:<28} {}\n", name, std::isnan(value) ? std::string("n/a") : fmt::format("{:.4f}", value));
    std::cout << fmt::format("learned in {:.2f} s, scored in {:.2f} s\n", r.train_seconds, r.score_seconds);
  });
}

}  // namespace

void add_risk_commands(CLI::App& app) {
  add_recert_command(app);
  add_request_risk_command(app);
  add_risk_auc_command(app);
}

}  // namespace accessgraph::cli
