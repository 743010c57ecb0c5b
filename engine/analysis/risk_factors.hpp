#pragma once
// The facts behind one risk score (SPEC section 4), compact because analyze keeps one
// per actual (identity, entitlement) pair, and their readable form for risk.csv:
//   sensitivity=3;unjustified=peer_outlier;peers=0.02;unused=214d;privileged
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/analysis/findings.hpp"
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
  std::int16_t account_idle_days = -1;  // kUnknown: days since the giving accounts' last use; -1 unknown
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

// Appends the factors text: the four core facts always (sensitivity, justification,
// peers, usage), then every other factor that contributed.
void append_factors_text(std::string& out, const RiskFactors& factors, const RiskContributions& contributions,
                         const Graph& graph);

}  // namespace accessgraph
