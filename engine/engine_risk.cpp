// The Engine facade for risk (SPEC section 4): risk ranking of one identity, a
// reviewer's queue and access requests, over the models of engine/analysis/risk_model.hpp.
#include <algorithm>
#include <chrono>
#include <cmath>

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
  RiskFactors factors = model->request_factors(subject, target, *scratch, &rules);

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
  const double score = model->final_score(subject, target, factors, RiskModel::score(contributions));
  result.score = score_of(RiskModel::score_centi(score));
  result.reviewer_id = reviewer_name(g, model->reviewers().for_access(subject, target));
  result.recommendation = std::string(request_recommendation_name(model->recommend_request(factors, score)));
  append_factors_text(result.factors, factors, contributions, g);
  return result;
}

RiskAucResult Engine::risk_auc(const RiskAucOptions& options) const {
  const Graph& g = state_->graph;
  if (!g.decisions || g.decisions->empty())
    throw ArgumentError("BUNDLE", "", "the bundle has no decisions.csv (or it has no rows): nothing to check the risk score against");
  if (!(options.holdout > 0 && options.holdout < 1))
    throw ArgumentError("--holdout", std::to_string(options.holdout), "expected a share between 0 and 1 (exclusive)");
  const RiskPolicy policy = RiskPolicy::load(options.policy_file);
  const auto model = state_->derived.risk_model(policy.without_learning());

  // The split: by a hash of the pair and the seed, so that every decision on a pair
  // falls on the same side.
  std::vector<ReviewDecision> training, held_out;
  for (const ReviewDecision& d : *g.decisions) {
    std::uint64_t h = options.seed * 0x9E3779B97F4A7C15ull ^ ((std::uint64_t{d.identity.value} << 32) | d.entitlement.value);
    h ^= h >> 33, h *= 0xFF51AFD7ED558CCDull, h ^= h >> 33, h *= 0xC4CEB9FE1A85EC53ull, h ^= h >> 33;
    const double u = double(h >> 11) / double(std::uint64_t{1} << 53);
    (u < options.holdout ? held_out : training).push_back(d);
  }
  RiskAucResult result;
  result.decisions = g.decisions->size();
  result.training = training.size();
  result.held_out = held_out.size();
  for (const ReviewDecision& d : training) result.training_revoked += d.revoked;
  for (const ReviewDecision& d : held_out) result.held_out_revoked += d.revoked;

  const auto started = std::chrono::steady_clock::now();
  const std::size_t notions = policy.peers.notions.size() + 1;
  std::unique_ptr<DecisionModel> learned;
  if (!training.empty()) {
    std::vector<RiskFactors> factors(training.size());
    std::vector<double> unsupervised(training.size());
    std::vector<float> frequencies(training.size() * notions);
    model->decision_inputs(training, [&](std::size_t i, const PairInputs& in) {
      factors[i] = *in.factors, unsupervised[i] = in.unsupervised;
      std::copy(in.notions.begin(), in.notions.end(), frequencies.begin() + static_cast<std::ptrdiff_t>(i * notions));
    });
    std::vector<PairInputs> inputs(training.size());
    for (std::size_t i = 0; i < training.size(); ++i)
      inputs[i] = {&factors[i], unsupervised[i], {frequencies.data() + i * notions, notions}};
    learned = std::make_unique<DecisionModel>(g, training, inputs, notions, policy.learning);
  }
  result.learned = learned && policy.learning.weight > 0 && training.size() >= policy.learning.min_decisions;
  const auto trained = std::chrono::steady_clock::now();

  // Every score of every held-out pair, as risk.csv would print it (two decimals).
  const std::size_t columns = 3 + notions;
  std::vector<double> scores(held_out.size() * columns);
  std::vector<std::uint8_t> revoked(held_out.size());
  auto printed = [](double score) { return std::round(std::clamp(score, 0.0, 100.0) * 100) / 100; };
  model->decision_inputs(held_out, [&](std::size_t i, const PairInputs& in) {
    double* row = scores.data() + i * columns;
    const double chance = learned ? learned->predict(held_out[i].identity, held_out[i].entitlement, in) : 0.5;
    row[0] = printed(result.learned ? learned->blend(in.unsupervised, chance) : in.unsupervised);
    row[1] = chance;
    row[2] = printed(in.unsupervised);
    for (std::size_t k = 0; k < notions; ++k) row[3 + k] = 1.0 - in.notions[k];  // rarer: riskier
    revoked[i] = held_out[i].revoked;
  });
  std::vector<std::string> names = {"blended", "learned", "unsupervised"};
  for (const PeerNotion& notion : policy.peers.notions) names.push_back("peers:" + notion.key.to_string());
  names.emplace_back("peers:everyone");
  std::vector<double> column(held_out.size());
  for (std::size_t c = 0; c < columns; ++c) {
    for (std::size_t i = 0; i < held_out.size(); ++i) column[i] = scores[i * columns + c];
    result.auc.emplace_back(names[c], roc_auc(column, revoked));
  }
  const auto scored = std::chrono::steady_clock::now();
  result.train_seconds = std::chrono::duration<double>(trained - started).count();
  result.score_seconds = std::chrono::duration<double>(scored - trained).count();
  return result;
}

}  // namespace accessgraph
