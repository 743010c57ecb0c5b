#pragma once
// The facts behind one risk score (SPEC section 4), compact because analyze keeps one
// per actual (identity, entitlement) pair, and their readable form for risk.csv:
//   sensitivity=3;unjustified=peer_outlier;peers=0.02;unused=214d;privileged
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/analysis/findings.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "core/graph/graph.hpp"

namespace accessgraph {

enum class UsageState : std::uint8_t {
  kKnown,    // usage.csv has a date: days_unused
  kUnknown,  // held, no usage row: mildly risky, not "unused forever"
  kNotHeld,  // a grant not yet made (access requests)
};

struct RiskFactors {
  float peer_frequency = 1;          // smoothed, combined share of peers holding it (PeerConsensus)
  SodRuleId sod_rule;                // the riskiest violated rule the pair is one side of
  std::int16_t days_unused = 0;      // kKnown: days since last use (capped)
  // kUnknown: days since the giving accounts were last active (accounts.csv last_used, or
  // created for an account never used); -1 when no such date bounds it.
  std::int16_t account_idle_days = -1;
  // The learned chance of a revoke (decision_model.hpp) in ten-thousandths;
  // kNotLearned without decisions to learn from.
  static constexpr std::uint16_t kNotLearned = 0xFFFF;
  std::uint16_t learned = kNotLearned;
  std::uint8_t sensitivity = 0;
  IdentityKind kind = IdentityKind::kEmployee;
  IdentityStatus status = IdentityStatus::kActive;
  UnjustifiedClass unjustified_class = UnjustifiedClass::kPeerCommon;  // when !justified
  UsageState usage = UsageState::kUnknown;
  bool justified = false;
  bool expired_role = false;  // an expired role assignment of the identity would grant it
  bool expired = false;       // past its end of term (termination_date <= as_of), status not terminated
  bool nhi_unowned = false;   // non-human, owner empty or terminated
  bool privileged = false;    // some enabled account giving it is privileged
  bool direct_grant = false;  // held only through direct account grants, no group
};

// One term of the noisy-OR each; the order is the order of the factors text.
enum class RiskFactor : std::uint8_t {
  kSensitivity,
  kJustification,
  kPeers,
  kUsage,
  kStatus,
  kExpired,
  kKind,
  kNhiUnowned,
  kPrivileged,
  kDirectGrant,
  kSod,
  kCount
};
using RiskContributions = std::array<double, static_cast<std::size_t>(RiskFactor::kCount)>;

enum class Recommendation : std::uint8_t { kApprove, kReview, kRevoke };
std::string_view recommendation_name(Recommendation value);          // approve, review, revoke
std::string_view request_recommendation_name(Recommendation value);  // approve, review, deny

// Why a pair may not be approved (SPEC section 4: low risk only), one bit each; the
// policy's `recommendation` keys set the limits (docs/risk.md, "Recommendation").
enum ApproveBlock : std::uint16_t {
  kBlockTerminated = 1 << 0,    // terminated identity
  kBlockExpired = 1 << 1,       // past its end of term
  kBlockUnjustified = 1 << 2,   // not expected by any role
  kBlockSod = 1 << 3,           // one side of an SoD rule the identity violates
  kBlockNhiUnowned = 1 << 4,    // non-human without a live owner (unless approve_nhi_unowned)
  kBlockRare = 1 << 5,          // peer frequency below approve_min_peer_frequency
  kBlockUnused = 1 << 6,        // last use, or its accounts' last activity, beyond approve_max_days_unused
  kBlockUnknownUsage = 1 << 7,  // no usage row, sensitivity above approve_unknown_usage_max_sensitivity
  kBlockScore = 1 << 8,         // score above approve_max_score
};
// The bits of ApproveBlock that hold for held access; 0 means approvable.
std::uint16_t approve_blocks(const RiskFactors& factors, double score, const RecommendationPolicy& policy);
// The recommendation for held access: revoke when terminated, past its end of term, or
// unjustified from revoke_min_score; approve when approve_blocks is 0; review otherwise.
Recommendation recommend_access(const RiskFactors& factors, double score, const RecommendationPolicy& policy);
// Days since the pair was last used, as far as the data tells: the usage.csv date, or
// failing it the giving accounts' last activity, which bounds it; -1 when unknown.
int days_since_use(const RiskFactors& factors);

// Appends the factors text: the four core facts always (sensitivity, justification,
// peers, usage), then every other factor that contributed.
void append_factors_text(std::string& out, const RiskFactors& factors, const RiskContributions& contributions,
                         const Graph& graph);

}  // namespace accessgraph
