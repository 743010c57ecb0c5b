#pragma once
// A model of revoke-vs-certify learned from past review decisions (decisions.csv,
// SPEC section 9; docs/risk.md, "Learning from decisions").
//
// Features of a pair (I, E): the unsupervised score, the smoothed peer frequency of E
// under each peer notion of the policy (and the whole population), sensitivity,
// justification, usage, identity kind and status, privileged, SoD, direct grant; and
// target encodings: the smoothed share of revokes among past decisions on E, on I's
// department, title, manager, location and department+title, and on each of those
// values together with E (shrunk towards E's own share), with the log of how many
// decisions each is based on.
//
// Training: the target encodings of a training decision are computed out of fold
// (K folds by a hash of the pair: a decision never sees its own label, nor those of
// the same pair), then an L2-regularised logistic regression over the standardised
// features is fitted by Newton's method (the Hessian from a fixed sample of at most
// about 200,000 rows, the loss and gradient from all). Every step is deterministic: fixed folds,
// sorted runs, block sums added in block order whatever the thread count.
// Scoring uses encodings over all decisions.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/graph/graph.hpp"
#include "engine/analysis/risk_factors.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/closure/ascending_lookup.hpp"

namespace accessgraph {

// What the unsupervised model knows of one pair: the model's inputs besides the
// decisions themselves.
struct PairInputs {
  const RiskFactors* factors = nullptr;
  double unsupervised = 0;             // the unsupervised score, 0..100
  std::span<const float> notions;      // smoothed peer frequency per policy notion, then everyone
};

class DecisionModel {
 public:
  // The identity attributes that get a target encoding, each alone and with E.
  static constexpr std::size_t kAttributes = 5;  // department, title, manager, location, department+title
  static constexpr std::array<std::string_view, kAttributes> kAttributeNames = {"department", "title", "manager_id",
                                                                                 "location", "department,title"};

  // Trains on `decisions`; inputs[i] is decision i's pair as the unsupervised model
  // sees it. `notion_count`: the length of every PairInputs::notions.
  DecisionModel(const Graph& graph, std::span<const ReviewDecision> decisions, std::span<const PairInputs> inputs,
                std::size_t notion_count, const LearningPolicy& policy);

  // The learned chance, in (0, 1), that a reviewer revokes (I, E).
  double predict(IdentityId identity, EntitlementId entitlement, const PairInputs& inputs) const;

 private:
  struct PairEntry {
    std::uint32_t entitlement;
    float logit_rate, log_count;
  };

 public:
  // One identity's attribute values, for many predictions of that identity, fastest in
  // ascending entitlement order (a scan over its access).
  class IdentityCursor {
    friend class DecisionModel;
    IdentityId identity_;
    std::array<float, kAttributes> alone_{};  // the value's own encoding (the prior if none)
    std::array<AscendingLookup<PairEntry, std::uint32_t, &PairEntry::entitlement>, kAttributes> with_;
  };
  IdentityCursor cursor(IdentityId identity) const;
  double predict(IdentityCursor& cursor, EntitlementId entitlement, const PairInputs& inputs) const;
  // The risk score 0..100 of a pair: the weighted mean of the unsupervised score and
  // the learned chance, on the log-odds scale.
  double blend(double unsupervised_score, double learned) const;

  std::size_t decisions() const { return decisions_; }
  double revoke_share() const { return prior_; }
  std::size_t feature_count() const { return names_.size(); }
  // Feature names and their fitted coefficients (on standardised features).
  const std::vector<std::string>& feature_names() const { return names_; }
  const std::vector<double>& coefficients() const { return weights_; }

  // Ingredients, exposed for tests.
  // The fold of a pair (identity and entitlement dense ids), 0..folds-1.
  static std::uint32_t fold_of(IdentityId identity, EntitlementId entitlement, std::uint32_t folds);
  // Smoothed share of revokes: (revokes + m * prior) / (decisions + m).
  static double smoothed_rate(double revokes, double decisions, double prior, double m);

 private:
  struct ValueTable {
    std::vector<float> logit_rate, log_count;  // by value id
    std::vector<std::uint64_t> offsets;        // by value id: its (value, E) entries
    std::vector<PairEntry> pairs;              // sorted by entitlement within a value
  };

  void row(IdentityCursor& cursor, EntitlementId entitlement, const PairInputs& inputs, float* x) const;
  void base_features(const PairInputs& inputs, float* x) const;  // what needs no decisions
  std::uint32_t value_of(IdentityId identity, std::size_t attribute) const;

  LearningPolicy policy_;
  std::size_t notion_count_ = 0;
  std::size_t decisions_ = 0;
  double prior_ = 0;
  std::vector<std::array<std::uint32_t, kAttributes>> values_;  // per identity; kNone when empty
  std::vector<float> entitlement_logit_, entitlement_log_count_;
  std::array<ValueTable, kAttributes> tables_;
  float prior_logit_ = 0;
  std::vector<std::string> names_;
  std::vector<double> mean_, scale_;  // standardisation, by feature
  std::vector<double> weights_;       // by feature
  double intercept_ = 0;
};

// The area under the ROC curve of `scores` for telling `positive` cases from the
// others (ties count half); NaN when either class is empty.
double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> positive);

}  // namespace accessgraph
