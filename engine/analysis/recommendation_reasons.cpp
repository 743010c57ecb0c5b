#include "engine/analysis/recommendation_reasons.hpp"

#include <fmt/format.h>

#include <vector>

namespace accessgraph {
namespace {

std::string usage_words(const RiskFactors& f) {
  switch (f.usage) {
    case UsageState::kKnown:
      return f.days_unused == 0 ? "used today" : fmt::format("last used {} days ago", f.days_unused);
    case UsageState::kUnknown:
      return f.account_idle_days >= 0 ? fmt::format("no usage record; its account was last used {} days ago",
                                                    f.account_idle_days)
                                      : "no usage record";
    case UsageState::kNotHeld: break;
  }
  return "not held yet";
}

std::string justification_words(const RiskFactors& f) {
  if (f.justified) return "justified by its roles or birthright rules";
  switch (f.unjustified_class) {
    case UnjustifiedClass::kMoverResidue: return "left over from a role the identity no longer holds";
    case UnjustifiedClass::kNoPeers: return "not justified by any role, and the identity has no peers to compare";
    case UnjustifiedClass::kPeerOutlier: return "not justified by any role, and rare among peers";
    case UnjustifiedClass::kPeerCommon: return "not justified by any role, though common among peers";
  }
  return "not justified";
}

}  // namespace

std::string recommendation_reasons(const RiskFactors& f, double score, Recommendation recommendation,
                                   const RiskPolicy& policy) {
  std::vector<std::string> reasons;
  if (f.status == IdentityStatus::kTerminated) reasons.emplace_back("the identity has left (terminated)");
  if (f.sod_rule.valid()) reasons.emplace_back("one side of a separation-of-duties conflict the identity holds");
  if (f.expired_role) reasons.emplace_back("granted by a role assignment that has expired");
  reasons.push_back(justification_words(f));
  reasons.push_back(fmt::format("held by {:.0f}% of peers", 100.0 * f.peer_frequency));
  reasons.push_back(usage_words(f));
  reasons.push_back(fmt::format("sensitivity {}", f.sensitivity));
  if (f.status == IdentityStatus::kLeave) reasons.emplace_back("the identity is on leave");
  if (is_non_human(f.kind))
    reasons.emplace_back(f.nhi_unowned ? "non-human identity without an accountable owner" : "non-human identity");
  if (f.privileged) reasons.emplace_back("through a privileged account");
  if (f.direct_grant) reasons.emplace_back("granted directly, through no group");
  std::string text = fmt::format("{} (score {:.2f}", recommendation_name(recommendation), score);
  if (recommendation == Recommendation::kApprove)
    text += fmt::format(", at most {:g}", policy.recommendation.approve_max_score);
  else if (recommendation == Recommendation::kRevoke && f.status != IdentityStatus::kTerminated)
    text += fmt::format(", at least {:g}", policy.recommendation.revoke_min_score);
  text += "): ";
  for (std::size_t i = 0; i < reasons.size(); ++i) text += (i ? "; " : "") + reasons[i];
  return text;
}

}  // namespace accessgraph
