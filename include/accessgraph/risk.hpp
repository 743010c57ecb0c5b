#pragma once
// Value types of risk ranking, recertification campaigns and access requests
// (SPEC section 4; the model is described in docs/risk.md).
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "accessgraph/output_compression.hpp"
#include "accessgraph/results.hpp"

namespace accessgraph {

class Progress;  // core/common/progress.hpp

// Which policy weighs the factors: empty = the shipped defaults
// (engine/analysis/default_policy.json, compiled in).
struct RiskOptions {
  std::filesystem::path policy_file;
};

// One scored actual (identity, entitlement) pair: a row of risk.csv.
struct RiskItem {
  std::string identity_id, entitlement_id;
  double score = 0;            // 0..100, two decimals
  std::string reviewer_id;     // empty when nobody qualifies
  std::string recommendation;  // revoke, review, approve
  std::string factors;         // e.g. sensitivity=3;unjustified=peer_outlier;peers=0.02;unused=214d
};

struct RiskWriteOptions : RiskOptions {
  std::filesystem::path out_dir;  // risk.csv goes here; summary.json there gains a "risk" section
  // For very large bundles (SPEC section 5): risk.csv keeps only the riskiest rows, the
  // head of the full file. By default every pair is written.
  double min_score = 0;        // rows scoring below this (0..100) are left out
  std::uint64_t max_rows = 0;  // 0: no cap; else at most this many rows, highest first
  OutputCompression compression = OutputCompression::kNone;  // risk.csv or risk.csv.zst
};

struct RiskReport {
  std::string file;          // risk.csv or risk.csv.zst
  std::uint64_t rows = 0;    // written to risk.csv
  std::uint64_t scored = 0;  // every actual pair
  std::vector<NamedCount> recommendations;  // revoke, review, approve
  std::vector<NamedCount> score_bands;      // below_40, 40_to_70, from_70
  std::vector<std::pair<std::string, double>> timings_seconds;
};

struct RecertOptions : RiskOptions {
  std::filesystem::path out_dir;             // queues/<reviewer>.csv and campaign.json
  std::uint32_t max_items_per_reviewer = 0;  // 0 = no cap; the riskiest items are kept
  double min_score = 0;                      // access items below this are left out
  bool json_lines = false;                   // queues as JSON Lines (queues/<reviewer>.jsonl)
  OutputCompression compression = OutputCompression::kNone;  // queues/<reviewer>.csv.zst, ...
  Progress* progress = nullptr;  // "risk_model", "risk_score", "recert_write" phases; null: silent
};

struct RecertReport {
  std::uint64_t items = 0;     // queued
  std::uint64_t deferred = 0;  // left out by the per-reviewer cap
  std::uint64_t reviewers = 0, unrouted = 0;
  double auto_approvable_share = 0;
  std::vector<std::pair<std::string, double>> timings_seconds;
};

// How common an entitlement is under one notion of peer.
struct PeerEvidence {
  std::string key;  // "department,title", ...; "everyone" for the whole active population
  bool defined = false;
  std::uint32_t holders = 0, peers = 0;
  double smoothed = 0;
};

// Granting ENTITLEMENT to IDENTITY, judged before it is made.
struct RequestRiskResult {
  std::string identity, entitlement;
  bool already_has = false;
  bool expected = false;                   // the grant would be justified
  std::vector<PathNode> justification;     // the chain of expected access, when expected
  std::string unjustified_class;           // when not expected: mover_residue, no_peers, peer_outlier, peer_common
  std::vector<PeerEvidence> peers;
  double peer_frequency = 0;               // combined, smoothed
  int sensitivity = 0;
  std::vector<std::string> sod_rules;      // rules the grant would violate (or already does)
  double score = 0;
  std::string reviewer_id;
  std::string recommendation;              // approve, review, deny
  std::string factors;
};

// How well the risk score tells revoked from certified access, on a held-out share
// of the bundle's decisions.csv (docs/risk.md, "Learning from decisions").
struct RiskAucOptions : RiskOptions {
  double holdout = 0.3;    // share of the decided pairs held out (split by a hash of the pair and the seed)
  std::uint64_t seed = 1;
};

struct RiskAucResult {
  std::uint64_t decisions = 0, training = 0, held_out = 0;
  std::uint64_t training_revoked = 0, held_out_revoked = 0;
  bool learned = false;  // enough training decisions to learn from (learning.min_decisions)
  // AUC on the held-out decisions of each score, in this order: "blended" (what
  // risk.csv would print when trained on the rest), "learned" (the learned chance
  // alone), "unsupervised" (the score without decisions), then "peers:KEY" for each
  // peer notion of the policy and "peers:everyone" (rarer is riskier). NaN: undefined
  // (a class is empty).
  std::vector<std::pair<std::string, double>> auc;
  double train_seconds = 0, score_seconds = 0;
};

// The shipped risk policy (engine/analysis/default_policy.json), as JSON.
std::string default_risk_policy();
// Throws InputError naming the file and key when a policy file is bad.
void check_risk_policy(const std::filesystem::path& policy_file);

}  // namespace accessgraph
