#pragma once
// The risk model (SPEC section 4): for an actual (identity, entitlement) pair, the
// factors (risk_factors.hpp), a score in [0, 100], a reviewer and a recommendation.
//
// Each factor contributes a risk r in [0, 1) from the policy; the score is their
// noisy-OR, 100 * (1 - prod(1 - r)): monotone in every factor, never past 100, and
// one strong reason (terminated 0.80, an SoD pair 0.60) alone sets a floor that no
// mix of mild ones on low-risk access reaches (docs/risk.md has the arithmetic).
#include <absl/functional/function_ref.h>

#include <memory>
#include <span>
#include <vector>

#include "engine/analysis/access_evidence.hpp"
#include "engine/analysis/decision_model.hpp"
#include "engine/analysis/findings.hpp"
#include "core/common/scratch_pool.hpp"
#include "engine/analysis/peer_consensus.hpp"
#include "engine/analysis/reviewer_routing.hpp"
#include "engine/analysis/risk_factors.hpp"
#include "engine/analysis/risk_policy.hpp"

namespace accessgraph {

struct ScoredAccess {
  IdentityId identity;
  EntitlementId entitlement;
  RiskFactors factors;
  std::uint16_t score_centi = 0;  // the score in hundredths: the printed value, exactly
  Recommendation recommendation = Recommendation::kReview;
};

class RiskModel {
 public:
  // Builds one PeerIndex per peer notion of the policy (one parallel pass each) from
  // `access`, every identity's actual access, which must outlive the model.
  RiskModel(const FindingsEvaluator& findings, const MaterializedAccess& access, RiskPolicy policy);

  const RiskPolicy& policy() const { return policy_; }
  const AccessIndex& index() const { return index_; }
  const MaterializedAccess& access() const { return access_; }
  const ReviewerRouting& reviewers() const { return reviewers_; }
  const PeerConsensus& peers() const { return peers_; }

  // Per-thread working sets; one per concurrent caller.
  struct Scratch {
    AccessEvidence::Scratch held;
    FindingsEvaluator::Scratch findings;  // expected and residue sets
    MarkedUnion<EntitlementId> expired;   // what expired role assignments would grant
    // The prepared identity as the learned model sees it (only with one).
    PeerConsensus::Cursors peers;
    std::optional<DecisionModel::IdentityCursor> learned;
    std::vector<float> notions;  // per pair: the smoothed frequency per notion
  };
  Scratch make_scratch() const;
  // A per-thread reused Scratch, for point queries (see core/common/scratch_pool.hpp).
  ScratchPool<Scratch>::Lease lease_scratch() const { return scratch_pool_.lease(); }

  // Scores every actual access of the identity, in entitlement dense-id order.
  void score_identity(IdentityId identity, Scratch& scratch, absl::FunctionRef<void(const ScoredAccess&)> sink) const;
  // What a bulk pass over every identity already knows of one identity's pairs, in
  // entitlement dense-id order: MaterializedAccess's justified flags and
  // PeerConsensus::frequencies.
  struct KnownPairs {
    std::span<const std::uint8_t> justified;
    std::span<const float> peer_frequencies;
  };
  // The same as above, without recomputing what `known` holds.
  void score_identity(IdentityId identity, const KnownPairs& known, Scratch& scratch,
                      absl::FunctionRef<void(const ScoredAccess&)> sink) const;

  // The factors of granting E to I (or of I's access to E, when I has it already).
  // `created`, when given, receives every SoD rule the grant would put I on both sides of.
  RiskFactors request_factors(IdentityId identity, EntitlementId entitlement, Scratch& scratch,
                              std::vector<SodRuleId>* created = nullptr) const;

  // The model learned from the graph's review decisions (decision_model.hpp); null
  // without enough of them, or with learning.weight 0.
  const DecisionModel* learned() const { return learned_.get(); }
  // The pair's score: the unsupervised score, blended with the learned chance of a
  // revoke when there is a learned model (which is then also set in factors.learned).
  double final_score(IdentityId identity, EntitlementId entitlement, RiskFactors& factors,
                     double unsupervised) const;
  // What the unsupervised model knows of each decision's pair (factors as a request
  // or held access, score, per-notion peer frequencies: peers().breakdown order),
  // computed in parallel per identity; `sink` is called concurrently, once per index.
  void decision_inputs(std::span<const ReviewDecision> decisions,
                       absl::FunctionRef<void(std::size_t index, const PairInputs& inputs)> sink) const;

  RiskContributions contributions(const RiskFactors& factors) const;
  // The noisy-OR of independent risks, 0..100.
  static double score(std::span<const double> risks);
  static std::uint16_t score_centi(double score);
  Recommendation recommend(const RiskFactors& factors, double score) const;
  Recommendation recommend_request(const RiskFactors& factors, double score) const;

 private:
  // What a pair's factors need that a bulk pass may have computed already.
  struct PairFacts {
    bool justified;
    float peer_frequency;
  };
  // Fills the identity's actual access with evidence, residues and (unless the caller
  // knows what is justified) expected access.
  void prepare(IdentityId identity, Scratch& scratch, bool with_expected = true) const;
  // Factors of E for a prepared identity; `has` says whether I has E. Justification and
  // peer frequency are computed unless `known` gives them.
  RiskFactors factors_of(IdentityId identity, EntitlementId entitlement, const Scratch& scratch, bool has,
                         const PairFacts* known = nullptr) const;
  void score_prepared(IdentityId identity, const KnownPairs* known, Scratch& scratch,
                      absl::FunctionRef<void(const ScoredAccess&)> sink) const;
  // The riskiest rule with E on one side and the other side in `actual`; invalid if none.
  SodRuleId riskiest_sod_rule(EntitlementId entitlement, const MarkedUnion<EntitlementId>& actual,
                              std::vector<SodRuleId>* all) const;
  // final_score() for a pair of the identity prepared in `scratch`.
  double final_score(Scratch& scratch, EntitlementId entitlement, RiskFactors& factors, double unsupervised) const;
  double peer_rarity(double frequency) const;
  double staleness(int days) const;

  const AccessIndex& index_;
  const MaterializedAccess& access_;
  const FindingsEvaluator& findings_;
  RiskPolicy policy_;
  PeerConsensus peers_;
  AccessEvidence evidence_;
  ReviewerRouting reviewers_;
  // Per entitlement, what every pair reads, small enough to stay in cache (the
  // records and the rule rows are not): sensitivity, and whether any rule names it.
  struct EntitlementTraits {
    std::uint8_t sensitivity = 0;  // capped at 3
    bool on_sod_rule = false;
  };
  std::vector<EntitlementTraits> entitlement_traits_;
  Csr<EntitlementId, SodRuleId> rules_by_entitlement_;  // both sides
  std::vector<double> rule_risk_;                      // by rule, from its severity
  ScratchPool<Scratch> scratch_pool_{[this] { return make_scratch(); }};  // RiskModel never moves
  std::unique_ptr<const DecisionModel> learned_;  // last: trained once the rest is built
};

}  // namespace accessgraph
