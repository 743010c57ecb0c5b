#include "engine/analysis/recommendation_reasons.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string_view>

namespace accessgraph {
namespace {

// A number as people write it: 45.3, 30, 0.25 (at most `digits` significant digits).
std::string number(double value, int digits = 4) {
  char text[32];
  return std::string(text, std::to_chars(text, text + sizeof text, value, std::chars_format::general, digits).ptr);
}

std::string days_text(int days) { return days == 1 ? std::string("1 day") : std::to_string(days) + " days"; }

std::string_view sensitivity_word(int sensitivity) {
  constexpr std::string_view kWords[] = {"low", "moderate", "high", "critical"};
  return kWords[std::clamp(sensitivity, 0, 3)];
}

std::string sensitivity_text(int sensitivity) {
  return std::string(sensitivity_word(sensitivity)) + " sensitivity (" + std::to_string(sensitivity) + ")";
}

std::string peers_text(const RiskFactors& f) {
  if (!f.justified && f.unjustified_class == UnjustifiedClass::kNoPeers) return "no peers to compare with";
  const double percent = 100.0 * f.peer_frequency;
  if (percent < 1) return "held by under 1% of peers";
  return "held by " + std::to_string(static_cast<int>(std::lround(percent))) + "% of peers";
}

std::string justification_text(const RiskFactors& f) {
  if (f.justified) return "justified by its roles";
  if (f.unjustified_class == UnjustifiedClass::kMoverResidue) return "not granted by its roles: left over from a former role";
  if (f.expired_role) return "not granted by its roles: an expired role assignment gave it";
  return "not granted by any of its roles";
}

// What the data says of its last use, in words; `stale` says it blocked approve.
std::string usage_text(const RiskFactors& f, bool stale) {
  if (f.usage == UsageState::kNotHeld) return "not held yet";
  if (f.usage == UsageState::kKnown) {
    if (stale) return "unused for " + days_text(f.days_unused);
    return f.days_unused == 0 ? std::string("used today") : "used " + days_text(f.days_unused) + " ago";
  }
  if (f.account_idle_days < 0) return "usage unknown";
  if (stale) return "unused for at least " + days_text(f.account_idle_days) + " (its accounts are idle)";
  return "usage unknown; its account was active " +
         (f.account_idle_days == 0 ? std::string("today") : days_text(f.account_idle_days) + " ago");
}

class Reasons {
 public:
  void add(std::string reason) {
    for (const std::string& have : list_)
      if (have == reason) return;
    list_.push_back(std::move(reason));
  }
  std::vector<std::string> take() { return std::move(list_); }

 private:
  std::vector<std::string> list_;
};

}  // namespace

std::vector<std::string> recommendation_reason_list(const RiskFactors& f, double score,
                                                    Recommendation recommendation, const RiskPolicy& policy) {
  const RecommendationPolicy& p = policy.recommendation;
  const std::uint16_t blocks = f.usage == UsageState::kNotHeld ? 0 : approve_blocks(f, score, p);
  const bool stale = (blocks & kBlockUnused) != 0;
  const bool rare = f.peer_frequency < p.approve_min_peer_frequency;
  Reasons out;
  auto mild_facts = [&] {
    if (f.status == IdentityStatus::kLeave) out.add("identity on leave");
    if (f.privileged) out.add("through a privileged account");
    if (f.nhi_unowned) out.add("non-human identity without a live owner");
    if (f.direct_grant && f.usage != UsageState::kNotHeld) out.add("granted directly, outside any group");
  };

  switch (recommendation) {
    case Recommendation::kRevoke:
      if (f.status == IdentityStatus::kTerminated) out.add("terminated identity");
      if (f.expired) out.add("identity past its end of term");
      if (!f.justified) out.add(justification_text(f));
      if (f.sod_rule.valid()) out.add("one side of a separation-of-duties conflict it holds");
      if (!f.justified && rare) out.add(peers_text(f));
      if (f.sensitivity >= 2) out.add(sensitivity_text(f.sensitivity));
      if (stale) out.add(usage_text(f, true));
      if (f.status != IdentityStatus::kTerminated && !f.expired)
        out.add("risk score " + number(score) + " (revoke from " + number(p.revoke_min_score) + ")");
      mild_facts();
      break;
    case Recommendation::kReview:
      // What keeps it from approve, the weightiest first.
      if (blocks & kBlockUnjustified) out.add(justification_text(f));
      if (blocks & kBlockSod) out.add("one side of a separation-of-duties conflict it holds");
      if (blocks & kBlockNhiUnowned) out.add("non-human identity without a live owner");
      if (blocks & kBlockUnused) out.add(usage_text(f, true));
      if (blocks & kBlockUnknownUsage)
        out.add("usage unknown on " + std::string(sensitivity_word(f.sensitivity)) + " sensitivity (" +
                std::to_string(f.sensitivity) + ") access");
      if (blocks & kBlockRare) out.add(peers_text(f));
      if (blocks & kBlockScore)
        out.add("risk score " + number(score) + " above the approve limit of " + number(p.approve_max_score));
      if (f.usage == UsageState::kNotHeld) {
        out.add(justification_text(f));
        out.add(peers_text(f));
      }
      if (f.sensitivity >= 2 && !(blocks & kBlockUnknownUsage)) out.add(sensitivity_text(f.sensitivity));
      mild_facts();
      break;
    case Recommendation::kApprove:
      out.add(justification_text(f));
      out.add(peers_text(f));
      if (f.usage != UsageState::kNotHeld) out.add(usage_text(f, false));
      if (f.usage != UsageState::kKnown || f.sensitivity == 0) out.add(sensitivity_text(f.sensitivity));
      break;
  }
  std::vector<std::string> reasons = out.take();
  if (reasons.empty()) reasons.push_back("risk score " + number(score));
  return reasons;
}

std::string recommendation_reasons(const RiskFactors& factors, double score, Recommendation recommendation,
                                   const RiskPolicy& policy) {
  std::string text(recommendation_name(recommendation));
  text += ": ";
  const std::vector<std::string> reasons = recommendation_reason_list(factors, score, recommendation, policy);
  for (std::size_t i = 0; i < reasons.size(); ++i) text.append(i ? "; " : "").append(reasons[i]);
  return text;
}

}  // namespace accessgraph
