#include "engine/analysis/risk_model.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <cassert>
#include <numeric>
#include <cmath>
#include <optional>

namespace accessgraph {
namespace {

std::int16_t capped_days(Date since, Date as_of) {
  return static_cast<std::int16_t>(std::clamp(as_of.days() - since.days(), 0, 32767));
}

std::size_t at(RiskFactor factor) { return static_cast<std::size_t>(factor); }

}  // namespace

RiskModel::RiskModel(const FindingsEvaluator& findings, const MaterializedAccess& access, RiskPolicy policy)
    : index_(findings.index()),
      access_(access),
      findings_(findings),
      policy_(std::move(policy)),
      peers_(index_, policy_.peers, access),
      evidence_(index_),
      reviewers_(index_.graph()) {
  const Graph& g = index_.graph();
  std::vector<std::pair<EntitlementId, SodRuleId>> sides;
  for (std::uint32_t r = 0; r < g.sod_rules.size(); ++r) {
    sides.emplace_back(g.sod_rules[r].entitlement_a, SodRuleId(r));
    sides.emplace_back(g.sod_rules[r].entitlement_b, SodRuleId(r));
    rule_risk_.push_back(policy_.sod.risk(g.sod_rules[r].severity));
  }
  rules_by_entitlement_ = Csr<EntitlementId, SodRuleId>::from_pairs(g.entitlement_count(), sides);
  entitlement_traits_.resize(g.entitlement_count());
  for (std::uint32_t e = 0; e < g.entitlement_count(); ++e)
    entitlement_traits_[e].sensitivity = std::min<std::uint8_t>(g.entitlements[e].sensitivity, 3);
  for (const auto& [entitlement, rule] : sides) entitlement_traits_[entitlement.value].on_sod_rule = true;

  // Learning from the review decisions, when there are enough.
  if (g.decisions && policy_.learning.weight > 0 && g.decisions->size() >= policy_.learning.min_decisions) {
    const std::span<const ReviewDecision> decisions(*g.decisions);
    const std::size_t notions = policy_.peers.notions.size() + 1;
    std::vector<RiskFactors> factors(decisions.size());
    std::vector<double> unsupervised(decisions.size());
    std::vector<float> frequencies(decisions.size() * notions);
    decision_inputs(decisions, [&](std::size_t i, const PairInputs& in) {
      factors[i] = *in.factors;
      unsupervised[i] = in.unsupervised;
      std::copy(in.notions.begin(), in.notions.end(), frequencies.begin() + static_cast<std::ptrdiff_t>(i * notions));
    });
    std::vector<PairInputs> inputs(decisions.size());
    for (std::size_t i = 0; i < decisions.size(); ++i)
      inputs[i] = {&factors[i], unsupervised[i], {frequencies.data() + i * notions, notions}};
    learned_ = std::make_unique<const DecisionModel>(g, decisions, inputs, notions, policy_.learning);
  }
}

void RiskModel::decision_inputs(std::span<const ReviewDecision> decisions,
                                absl::FunctionRef<void(std::size_t, const PairInputs&)> sink) const {
  // Grouped by identity, so that each identity is prepared once.
  std::vector<std::uint32_t> order(decisions.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    return decisions[a].identity < decisions[b].identity;
  });
  std::vector<std::size_t> starts;
  for (std::size_t k = 0; k < order.size(); ++k)
    if (k == 0 || decisions[order[k]].identity != decisions[order[k - 1]].identity) starts.push_back(k);
  starts.push_back(order.size());
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, starts.size() - 1, 64), [&](const auto& range) {
    auto scratch = lease_scratch();
    scratch->notions.resize(peers_.policy().notions.size() + 1);
    for (std::size_t r = range.begin(); r != range.end(); ++r) {
      const IdentityId identity = decisions[order[starts[r]]].identity;
      prepare(identity, *scratch);
      peers_.reset(scratch->peers, identity);
      for (std::size_t k = starts[r]; k < starts[r + 1]; ++k) {
        const EntitlementId entitlement = decisions[order[k]].entitlement;
        const bool has = scratch->held.actual.contains(entitlement);
        const RiskFactors f = factors_of(identity, entitlement, *scratch, has);
        peers_.smoothed_breakdown(scratch->peers, entitlement, has, scratch->notions);
        sink(order[k], PairInputs{&f, score(contributions(f)), scratch->notions});
      }
    }
  });
}

double RiskModel::final_score(IdentityId identity, EntitlementId entitlement, RiskFactors& f, double unsupervised) const {
  if (!learned_) return unsupervised;
  auto scratch = lease_scratch();
  peers_.reset(scratch->peers, identity);
  scratch->learned = learned_->cursor(identity);
  return final_score(*scratch, entitlement, f, unsupervised);
}

double RiskModel::final_score(Scratch& s, EntitlementId entitlement, RiskFactors& f, double unsupervised) const {
  if (!learned_) return unsupervised;
  s.notions.resize(peers_.policy().notions.size() + 1);
  peers_.smoothed_breakdown(s.peers, entitlement, f.usage != UsageState::kNotHeld, s.notions);
  const double chance = learned_->predict(*s.learned, entitlement, PairInputs{&f, unsupervised, s.notions});
  f.learned = static_cast<std::uint16_t>(std::lround(std::clamp(chance, 0.0, 1.0) * 10000));
  return learned_->blend(unsupervised, chance);
}

RiskModel::Scratch RiskModel::make_scratch() const {
  return {evidence_.make_scratch(), findings_.make_scratch(), index_.make_entitlement_scratch()};
}

void RiskModel::prepare(IdentityId identity, Scratch& s, bool with_expected) const {
  evidence_.collect(identity, s.held);
  s.findings.expected.begin();
  if (with_expected) index_.add_expected_access(identity, s.findings.expected);
  s.findings.residue.begin();
  findings_.add_mover_residue(identity, s.findings.residue);
  s.expired.begin();
  for (const RoleAssignment& assignment : index_.graph().identity_assignments[identity])
    if (assignment.expires_at.present() && assignment.expires_at <= index_.as_of())
      index_.add_role_access(assignment.role, s.expired);
}

SodRuleId RiskModel::riskiest_sod_rule(EntitlementId entitlement, const MarkedUnion<EntitlementId>& actual,
                                       std::vector<SodRuleId>* all) const {
  const Graph& g = index_.graph();
  SodRuleId riskiest;
  if (!entitlement_traits_[entitlement.value].on_sod_rule) return riskiest;
  for (SodRuleId rule : rules_by_entitlement_[entitlement]) {
    const SodRule& r = g.sod_rules[rule.value];
    const EntitlementId other = r.entitlement_a == entitlement ? r.entitlement_b : r.entitlement_a;
    if (!actual.contains(other)) continue;
    if (all) all->push_back(rule);
    if (!riskiest.valid() || rule_risk_[rule.value] > rule_risk_[riskiest.value]) riskiest = rule;
  }
  return riskiest;
}

RiskFactors RiskModel::factors_of(IdentityId identity, EntitlementId entitlement, const Scratch& s, bool has,
                                  const PairFacts* known) const {
  const Graph& g = index_.graph();
  const IdentityRecord& person = g.identities[identity.value];
  RiskFactors f;
  f.sensitivity = entitlement_traits_[entitlement.value].sensitivity;
  f.kind = person.kind;
  f.status = person.status;
  f.expired = person.status != IdentityStatus::kTerminated && person.termination_date.present() &&
              person.termination_date <= index_.as_of();
  f.nhi_unowned = is_non_human(person.kind) &&
                  (!person.owner.valid() || g.identities[person.owner.value].status == IdentityStatus::kTerminated);
  f.justified = known ? known->justified : s.findings.expected.contains(entitlement);
  if (!f.justified) {
    f.unjustified_class = findings_.classify(identity, entitlement, s.findings, has);
    f.expired_role = s.expired.contains(entitlement);
  }
  f.peer_frequency = known ? known->peer_frequency : static_cast<float>(peers_.frequency(identity, entitlement, has));
  f.sod_rule = riskiest_sod_rule(entitlement, s.held.actual, nullptr);
  if (!has) {
    f.usage = UsageState::kNotHeld;
    return f;
  }
  const HeldEvidence& held = s.held.evidence[entitlement.value];
  f.privileged = held.privileged;
  f.direct_grant = held.direct_grant_only();
  if (held.last_used.present()) {
    f.usage = UsageState::kKnown;
    f.days_unused = capped_days(held.last_used, index_.as_of());
  } else if (held.account_last_used.present() && !held.account_use_unknown) {
    f.account_idle_days = capped_days(held.account_last_used, index_.as_of());
  }
  return f;
}

void RiskModel::score_identity(IdentityId identity, Scratch& s, absl::FunctionRef<void(const ScoredAccess&)> sink) const {
  score_prepared(identity, nullptr, s, sink);
}

void RiskModel::score_identity(IdentityId identity, const KnownPairs& known, Scratch& s,
                               absl::FunctionRef<void(const ScoredAccess&)> sink) const {
  score_prepared(identity, &known, s, sink);
}

void RiskModel::score_prepared(IdentityId identity, const KnownPairs* known, Scratch& s,
                               absl::FunctionRef<void(const ScoredAccess&)> sink) const {
  prepare(identity, s, /*with_expected=*/known == nullptr);
  if (learned_) {
    peers_.reset(s.peers, identity);
    s.learned = learned_->cursor(identity);
  }
  const auto& held = s.held.actual.sorted();
  assert(!known || (known->peer_frequencies.size() == held.size() && known->justified.size() == held.size()));
  for (std::size_t k = 0; k < held.size(); ++k) {
    const EntitlementId entitlement = held[k];
    std::optional<PairFacts> facts;
    if (known) facts = PairFacts{known->justified[k] != 0, known->peer_frequencies[k]};
    ScoredAccess scored{identity, entitlement, factors_of(identity, entitlement, s, true, facts ? &*facts : nullptr)};
    const double value = final_score(s, entitlement, scored.factors, score(contributions(scored.factors)));
    scored.score_centi = score_centi(value);
    scored.recommendation = recommend(scored.factors, value);
    sink(scored);
  }
}

RiskFactors RiskModel::request_factors(IdentityId identity, EntitlementId entitlement, Scratch& s,
                                       std::vector<SodRuleId>* created) const {
  prepare(identity, s);
  const bool has = s.held.actual.contains(entitlement);
  if (created) riskiest_sod_rule(entitlement, s.held.actual, created);
  return factors_of(identity, entitlement, s, has);
}

double RiskModel::peer_rarity(double frequency) const {
  const double bits = -std::log2(std::clamp(frequency, 1e-12, 1.0));
  return bits / (bits + policy_.peers.half_risk_bits);
}

double RiskModel::staleness(int days) const {
  const UsagePolicy& usage = policy_.usage;
  const double share = double(days - usage.recent_days) / double(usage.stale_days - usage.recent_days);
  return usage.stale * std::clamp(share, 0.0, 1.0);
}

RiskContributions RiskModel::contributions(const RiskFactors& f) const {
  const RiskPolicy& p = policy_;
  RiskContributions c{};
  c[at(RiskFactor::kSensitivity)] = p.sensitivity[f.sensitivity];
  if (!f.justified)
    c[at(RiskFactor::kJustification)] = std::max(p.unjustified.by_class[static_cast<std::size_t>(f.unjustified_class)],
                                                 f.expired_role ? p.unjustified.expired_role : 0.0);
  c[at(RiskFactor::kPeers)] =
      peer_rarity(f.peer_frequency) * (f.justified ? p.peers.justified_weight : p.peers.unjustified_weight);
  if (f.usage == UsageState::kKnown) c[at(RiskFactor::kUsage)] = staleness(f.days_unused);
  if (f.usage == UsageState::kUnknown)
    c[at(RiskFactor::kUsage)] = std::max(p.usage.unknown, f.account_idle_days >= 0 ? staleness(f.account_idle_days) : 0.0);
  if (f.status == IdentityStatus::kTerminated) c[at(RiskFactor::kStatus)] = p.identity.terminated;
  if (f.status == IdentityStatus::kLeave) c[at(RiskFactor::kStatus)] = p.identity.leave;
  if (f.expired) c[at(RiskFactor::kExpired)] = p.identity.expired;
  if (is_non_human(f.kind)) c[at(RiskFactor::kKind)] = p.identity.non_human;
  if (f.kind == IdentityKind::kContractor) c[at(RiskFactor::kKind)] = p.identity.contractor;
  if (f.kind == IdentityKind::kPartner) c[at(RiskFactor::kKind)] = p.identity.partner;
  if (f.nhi_unowned) c[at(RiskFactor::kNhiUnowned)] = p.identity.nhi_unowned;
  if (f.privileged) c[at(RiskFactor::kPrivileged)] = p.account.privileged;
  if (f.direct_grant && f.usage != UsageState::kNotHeld) c[at(RiskFactor::kDirectGrant)] = p.account.direct_grant;
  if (f.sod_rule.valid()) c[at(RiskFactor::kSod)] = rule_risk_[f.sod_rule.value];
  return c;
}

double RiskModel::score(std::span<const double> risks) {
  double keep = 1;  // the chance that no factor is a real problem
  for (double risk : risks) keep *= 1 - risk;
  return 100 * (1 - keep);
}

std::uint16_t RiskModel::score_centi(double score) {
  return static_cast<std::uint16_t>(std::lround(std::clamp(score, 0.0, 100.0) * 100));
}

Recommendation RiskModel::recommend(const RiskFactors& f, double score) const {
  return recommend_access(f, score, policy_.recommendation);
}

Recommendation RiskModel::recommend_request(const RiskFactors& f, double score) const {
  const RecommendationPolicy& p = policy_.recommendation;
  if (f.status == IdentityStatus::kTerminated || f.expired || score >= p.request_deny_min_score)
    return Recommendation::kRevoke;
  const bool common = f.peer_frequency >= p.request_approve_min_peer_frequency;
  if (!f.sod_rule.valid() && score <= p.approve_max_score && (f.justified || common)) return Recommendation::kApprove;
  return Recommendation::kReview;
}

}  // namespace accessgraph
