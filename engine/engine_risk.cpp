// The Engine facade for risk (SPEC section 4): risk ranking of one identity, a
// reviewer's queue and access requests, over the models of engine/analysis/risk_model.hpp.
#include <algorithm>

#include "accessgraph/engine.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/report/output_order.hpp"
#include "engine/report/reviewer_queue.hpp"
#include "engine/report/risk_scan.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {
namespace {

double score_of(std::uint16_t score_centi) { return score_centi / 100.0; }

std::string reviewer_name(const Graph& g, IdentityId reviewer) {
  return reviewer.valid() ? std::string(g.identity_ids.name(reviewer)) : std::string();
}

}  // namespace

std::string default_risk_policy() { return std::string(default_risk_policy_json()); }

void check_risk_policy(const std::filesystem::path& policy_file) { RiskPolicy::load(policy_file); }

std::vector<RiskItem> Engine::risk_for_identity(std::string_view identity, const RiskOptions& options) const {
  const Graph& g = state_->graph;
  const IdentityId subject = find_identity(g, identity);
  const auto model = state_->derived.risk_model(RiskPolicy::load(options.policy_file));
  auto scratch = model->lease_scratch();
  std::vector<ScoredAccess> rows;
  model->score_identity(subject, *scratch, [&](const ScoredAccess& row) { rows.push_back(row); });
  // risk.csv order within one identity: score, then the entitlement as a CSV field.
  std::sort(rows.begin(), rows.end(), [&](const ScoredAccess& a, const ScoredAccess& b) {
    if (a.score_centi != b.score_centi) return a.score_centi > b.score_centi;
    return csv_sort_key(g.entitlement_ids.name(a.entitlement)) < csv_sort_key(g.entitlement_ids.name(b.entitlement));
  });
  std::vector<RiskItem> items;
  for (const ScoredAccess& row : rows) {
    RiskItem item{std::string(identity), std::string(g.entitlement_ids.name(row.entitlement)),
                  score_of(row.score_centi), reviewer_name(g, model->reviewers().for_access(subject, row.entitlement)),
                  std::string(recommendation_name(row.recommendation)), {}};
    append_factors(item.factors, *model, row);
    items.push_back(std::move(item));
  }
  return items;
}

std::vector<RiskItem> Engine::risk_queue_for_reviewer(std::string_view reviewer, const RiskOptions& options) const {
  const Graph& g = state_->graph;
  const IdentityId wanted = find_identity(g, reviewer);
  const auto model = state_->derived.risk_model(RiskPolicy::load(options.policy_file));
  std::vector<RiskItem> items;
  for (const ScoredAccess& scored : reviewer_queue(*model, wanted)) {
    RiskItem item{std::string(g.identity_ids.name(scored.identity)), std::string(g.entitlement_ids.name(scored.entitlement)),
                  score_of(scored.score_centi), std::string(reviewer),
                  std::string(recommendation_name(scored.recommendation)), {}};
    append_factors(item.factors, *model, scored);
    items.push_back(std::move(item));
  }
  return items;
}

RequestRiskResult Engine::request_risk(std::string_view identity, std::string_view entitlement,
                                       const RiskOptions& options) const {
  const Graph& g = state_->graph;
  const IdentityId subject = find_identity(g, identity);
  const EntitlementId target = find_entitlement(g, entitlement);
  const auto model = state_->derived.risk_model(RiskPolicy::load(options.policy_file));
  auto scratch = model->lease_scratch();
  std::vector<SodRuleId> rules;
  const RiskFactors factors = model->request_factors(subject, target, *scratch, &rules);

  RequestRiskResult result;
  result.identity = std::string(identity);
  result.entitlement = std::string(entitlement);
  result.already_has = factors.usage != UsageState::kNotHeld;
  result.expected = factors.justified;
  if (result.expected) result.justification = explain_access(*state_->index, subject, target).expected_path;
  else result.unjustified_class = std::string(unjustified_class_name(factors.unjustified_class));
  const auto breakdown = model->peers().breakdown(subject, target, result.already_has);
  const PeerPolicy& peer_policy = model->policy().peers;
  for (std::size_t n = 0; n < breakdown.size(); ++n) {
    const NotionFrequency& notion = breakdown[n];
    result.peers.push_back({n < peer_policy.notions.size() ? peer_policy.notions[n].key.to_string() : "everyone",
                            notion.raw.has_value(), notion.raw ? notion.raw->holders : 0u,
                            notion.raw ? notion.raw->peers : 0u, notion.smoothed});
  }
  result.peer_frequency = factors.peer_frequency;
  result.sensitivity = factors.sensitivity;
  std::sort(rules.begin(), rules.end(), [&](SodRuleId a, SodRuleId b) {
    return g.sod_rule_ids.name(a) < g.sod_rule_ids.name(b);
  });
  for (SodRuleId rule : rules) result.sod_rules.emplace_back(g.sod_rule_ids.name(rule));
  const RiskContributions contributions = model->contributions(factors);
  const double score = RiskModel::score(contributions);
  result.score = score_of(RiskModel::score_centi(score));
  result.reviewer_id = reviewer_name(g, model->reviewers().for_access(subject, target));
  result.recommendation = std::string(request_recommendation_name(model->recommend_request(factors, score)));
  append_factors_text(result.factors, factors, contributions, g);
  return result;
}

}  // namespace accessgraph
