#pragma once
// The weights and thresholds of the risk model (SPEC section 4), read from a policy
// JSON file. The shipped defaults (default_policy.json, compiled in) are the base; a
// policy file overrides any subset of their keys. docs/risk.md documents every key.
//
// Every factor weight is a risk in [0, 1): the chance, on its own, that the access
// should not be there. The model combines them as a noisy-OR (risk_model.hpp).
#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/analysis/peer_index.hpp"

namespace accessgraph {

// kEvidence: log-odds pooled with weights that grow with each notion's number of peers
// (peer_consensus.hpp); kLogitMean: weighted mean of log-odds; kMean: weighted mean of
// frequencies; kMax: the most favourable notion.
enum class PeerCombination : std::uint8_t { kEvidence, kLogitMean, kMean, kMax };

struct PeerNotion {
  PeerKey key;
  double weight = 1.0;
};

struct PeerPolicy {
  std::vector<PeerNotion> notions;
  double everyone_weight = 1.0;   // the whole active population as one more notion
  double smoothing = 3.0;         // pseudo-peers drawn from the population frequency
  PeerCombination combine = PeerCombination::kEvidence;
  double confident_peers = 20.0;  // kEvidence: a notion with this many peers counts half its weight
  double half_risk_bits = 3.0;    // rarity = bits / (bits + this); bits = -log2(frequency)
  double unjustified_weight = 0.45;
  double justified_weight = 0.15;
};

struct UnjustifiedPolicy {
  std::array<double, 4> by_class{};  // indexed by UnjustifiedClass
  double expired_role = 0.25;
};

struct UsagePolicy {
  double unknown = 0.05;
  int recent_days = 30;
  int stale_days = 365;
  double stale = 0.30;
};

struct IdentityPolicy {
  double terminated = 0.80, leave = 0.15, non_human = 0.10, contractor = 0.08, partner = 0.08, nhi_unowned = 0.10;
  double expired = 0.70;  // past its end of term (termination_date), status not yet terminated
};

struct AccountPolicy {
  double privileged = 0.15, direct_grant = 0.05;
};

struct SodPolicy {
  double default_risk = 0.60;
  std::vector<std::pair<std::string, double>> by_severity;  // severity cell -> risk

  double risk(std::string_view severity) const;
};

struct RecommendationPolicy {
  double revoke_min_score = 70;
  double approve_max_score = 30;
  double approve_min_peer_frequency = 0.15;
  int approve_max_days_unused = 90;  // usage.csv, or failing it the accounts' last activity
  int approve_unknown_usage_max_sensitivity = 1;  // no usage row: approvable up to this sensitivity
  bool approve_nhi_unowned = false;  // may a non-human identity without a live owner be approved
  double request_deny_min_score = 70;
  double request_approve_min_peer_frequency = 0.5;
};

struct CampaignPolicy {
  double orphan_account = 0.70, dormant_account = 0.40, nhi_no_owner = 0.50;
};

// The review loop (SPEC section 9): certified access is certified for a number of days
// that shrinks with its risk band; `recert close` gives undecided items the default.
struct CertificationPolicy {
  double medium_from_score = 30, high_from_score = 70;  // band limits
  std::array<int, 3> valid_days{365, 180, 90};          // low, medium, high
  std::string close_default = "none";                   // none, certify or revoke
};

// Learning from past review decisions (decision_model.hpp, docs/risk.md).
struct LearningPolicy {
  double weight = 0.9;               // blend: 0 the unsupervised score only, 1 the learned chance only
  std::uint32_t folds = 5;           // out-of-fold target encoding
  double l2 = 1.0;                   // ridge penalty on the standardised coefficients
  double smoothing = 10;             // pseudo-decisions drawn from the prior in each encoding
  std::uint32_t min_decisions = 50;  // fewer decisions: no learning
};

struct RiskPolicy {
  std::array<double, 4> sensitivity{};  // by sensitivity 0..3
  UnjustifiedPolicy unjustified;
  PeerPolicy peers;
  UsagePolicy usage;
  IdentityPolicy identity;
  AccountPolicy account;
  SodPolicy sod;
  RecommendationPolicy recommendation;
  CampaignPolicy campaign;
  CertificationPolicy certification;
  LearningPolicy learning;
  std::string canonical;  // the merged policy as compact JSON: equal text, equal policy

  // The shipped defaults.
  static RiskPolicy defaults();
  // The defaults overridden by `json`; `source` names it in errors. Throws InputError
  // (file = source, column = the key path, e.g. "peers.smoothing") for bad JSON, an
  // unknown key, a wrong type or a value out of range.
  static RiskPolicy parse(std::string_view json, const std::string& source);
  // parse() of a file; an empty path means defaults().
  static RiskPolicy load(const std::filesystem::path& path);
  // The same policy with learning off (learning.weight 0): the unsupervised model.
  RiskPolicy without_learning() const;
};

std::string_view default_risk_policy_json();

}  // namespace accessgraph
