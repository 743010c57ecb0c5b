// The Engine facade for risk (SPEC section 4): risk ranking, recertification
// campaigns and access requests, over the models of engine/analysis/risk_model.hpp.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <chrono>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <tuple>

#include "accessgraph/engine.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/engine_state.hpp"
#include "engine/query/point_queries.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/output_order.hpp"
#include "engine/report/recert_writer.hpp"
#include "engine/report/risk_scan.hpp"
#include "engine/report/risk_writer.hpp"
#include "core/io/file_text.hpp"

namespace accessgraph {
namespace {

using Json = nlohmann::ordered_json;

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

double score_of(std::uint16_t score_centi) { return score_centi / 100.0; }

std::string reviewer_name(const Graph& g, IdentityId reviewer) {
  return reviewer.valid() ? std::string(g.identity_ids.name(reviewer)) : std::string();
}

// Adds the risk section and timings to an existing summary.json (analyze writes it
// first), atomically; starts a new one when there is none.
void add_to_summary(const std::filesystem::path& path, const RiskReport& report) {
  Json summary = Json::object();
  if (const auto text = read_file_text(path)) {
    summary = Json::parse(*text, nullptr, /*allow_exceptions=*/false);
    if (summary.is_discarded() || !summary.is_object()) summary = Json::object();
  }
  Json risk = Json::object();
  risk["rows"] = report.rows;
  risk["scored"] = report.scored;
  for (const auto& [name, count] : report.recommendations) risk["recommendations"][name] = count;
  for (const auto& [name, count] : report.score_bands) risk["score_bands"][name] = count;
  summary["risk"] = risk;
  for (const auto& [phase, seconds] : report.timings_seconds) summary["timings_seconds"][phase] = seconds;
  OutputFile file(path);
  file.write(summary.dump(2) + "\n");
  file.commit();
}

}  // namespace

std::shared_ptr<const RiskModel> Engine::State::risk_model(const RiskPolicy& policy) const {
  const FindingsEvaluator& evaluator = findings();
  const MaterializedAccess& access = materialized_access();
  std::lock_guard lock(risk_models_mutex_);
  for (const auto& model : risk_models_)
    if (model->policy().canonical == policy.canonical) return model;
  // Isolated: while this thread waits for the model's parallel build, it must not
  // pick up an unrelated task that could ask for a model and wait for this lock.
  std::shared_ptr<const RiskModel> model;
  tbb::this_task_arena::isolate([&] { model = std::make_shared<const RiskModel>(evaluator, access, policy); });
  risk_models_.push_back(model);
  return model;
}

std::string Engine::default_risk_policy() { return std::string(default_risk_policy_json()); }

void Engine::check_risk_policy(const std::filesystem::path& policy_file) { RiskPolicy::load(policy_file); }

std::vector<RiskItem> Engine::risk_for_identity(std::string_view identity, const RiskOptions& options) const {
  const Graph& g = state_->graph;
  const IdentityId subject = find_identity(g, identity);
  const auto model = state_->risk_model(RiskPolicy::load(options.policy_file));
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
  const auto model = state_->risk_model(RiskPolicy::load(options.policy_file));
  const ReviewerRouting& routing = model->reviewers();
  // The accountable person (manager, or owner for a non-human identity) takes every
  // pair of an identity when they can act: such identities are skipped unless they
  // are the reviewer, and only the rest are scored.
  std::vector<IdentityId> candidates;
  for (std::uint32_t i = 0; i < g.identity_ids.size(); ++i) {
    const IdentityId subject(i);
    const IdentityRecord& record = g.identities[i];
    const IdentityId accountable = is_non_human(record.kind) ? record.owner : record.manager;
    const bool routed_whole = g.entitlement_ids.size() > 0 && accountable.valid() &&
                              routing.for_access(subject, EntitlementId(0)) == accountable;
    if (!routed_whole || accountable == wanted) candidates.push_back(subject);
  }
  tbb::enumerable_thread_specific<std::vector<ScoredAccess>> found;
  tbb::enumerable_thread_specific<RiskModel::Scratch> scratch([&] { return model->make_scratch(); });
  tbb::parallel_for(std::size_t{0}, candidates.size(), [&](std::size_t c) {
    model->score_identity(candidates[c], scratch.local(), [&](const ScoredAccess& scored) {
      if (routing.for_access(scored.identity, scored.entitlement) == wanted) found.local().push_back(scored);
    });
  });
  struct Keyed {
    ScoredAccess scored;
    std::string identity_key, entitlement_key;
  };
  std::vector<Keyed> rows;
  for (const auto& local : found)
    for (const ScoredAccess& scored : local)
      rows.push_back({scored, csv_sort_key(g.identity_ids.name(scored.identity)),
                      csv_sort_key(g.entitlement_ids.name(scored.entitlement))});
  std::sort(rows.begin(), rows.end(), [](const Keyed& a, const Keyed& b) {
    if (a.scored.score_centi != b.scored.score_centi) return a.scored.score_centi > b.scored.score_centi;
    return std::tie(a.identity_key, a.entitlement_key) < std::tie(b.identity_key, b.entitlement_key);
  });
  std::vector<RiskItem> items;
  items.reserve(rows.size());
  for (const Keyed& row : rows) {
    RiskItem item{std::string(g.identity_ids.name(row.scored.identity)),
                  std::string(g.entitlement_ids.name(row.scored.entitlement)), score_of(row.scored.score_centi),
                  std::string(reviewer), std::string(recommendation_name(row.scored.recommendation)), {}};
    append_factors(item.factors, *model, row.scored);
    items.push_back(std::move(item));
  }
  return items;
}

RequestRiskResult Engine::request_risk(std::string_view identity, std::string_view entitlement,
                                       const RiskOptions& options) const {
  const Graph& g = state_->graph;
  const IdentityId subject = find_identity(g, identity);
  const EntitlementId target = find_entitlement(g, entitlement);
  const auto model = state_->risk_model(RiskPolicy::load(options.policy_file));
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

RiskReport Engine::write_risk(const RiskWriteOptions& options) const {
  if (!(options.min_score >= 0 && options.min_score <= 100))
    throw InputError("command line", 0, "--risk-min-score", std::to_string(options.min_score),
                     "expected a score from 0 to 100");
  const RiskPolicy policy = RiskPolicy::load(options.policy_file);  // a bad policy fails before any work
  std::filesystem::create_directories(options.out_dir);
  RiskReport report;
  auto start = std::chrono::steady_clock::now();
  const auto model = state_->risk_model(policy);
  report.timings_seconds.emplace_back("risk_model", seconds_since(start));
  const RiskCounts counts = accessgraph::write_risk(
      *model, options.out_dir / "risk.csv", {RiskModel::score_centi(options.min_score), options.max_rows});
  report.timings_seconds.emplace_back("risk_score", counts.score_seconds);
  report.timings_seconds.emplace_back("risk_order", counts.order_seconds);
  report.timings_seconds.emplace_back("risk_write", counts.write_seconds);
  report.rows = counts.rows;
  report.scored = counts.scored;
  for (std::size_t r = 0; r < counts.per_recommendation.size(); ++r)
    report.recommendations.push_back(
        {std::string(recommendation_name(static_cast<Recommendation>(r))), counts.per_recommendation[r]});
  report.score_bands = {{"below_40", counts.per_band[0]}, {"40_to_70", counts.per_band[1]}, {"from_70", counts.per_band[2]}};
  add_to_summary(options.out_dir / "summary.json", report);
  return report;
}

RecertReport Engine::recertify(const RecertOptions& options) const {
  if (!(options.min_score >= 0 && options.min_score <= 100))
    throw InputError("command line", 0, "--min-score", std::to_string(options.min_score), "expected a score from 0 to 100");
  const RiskPolicy policy = RiskPolicy::load(options.policy_file);
  RecertReport report;
  auto start = std::chrono::steady_clock::now();
  const auto model = state_->risk_model(policy);
  report.timings_seconds.emplace_back("risk_model", seconds_since(start));
  CampaignSettings settings;
  settings.max_items_per_reviewer = options.max_items_per_reviewer;
  settings.min_score_centi = RiskModel::score_centi(options.min_score);
  const CampaignCounts counts = write_campaign(*model, state_->findings(), settings, options.out_dir);
  report.items = counts.items;
  report.deferred = counts.deferred;
  report.reviewers = counts.reviewers;
  report.unrouted = counts.unrouted;
  report.auto_approvable_share = counts.auto_approvable_share;
  report.timings_seconds.insert(report.timings_seconds.end(), counts.timings_seconds.begin(), counts.timings_seconds.end());
  return report;
}

}  // namespace accessgraph
