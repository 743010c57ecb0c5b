#include "engine/analysis/risk_factors.hpp"

#include <charconv>

namespace accessgraph {
namespace {

void append_number(std::string& out, int value) {
  char text[16];
  out.append(text, std::to_chars(text, text + sizeof text, value).ptr);
}

void append_number(std::string& out, double value, int significant_digits) {
  char text[32];
  out.append(text, std::to_chars(text, text + sizeof text, value, std::chars_format::general, significant_digits).ptr);
}

}  // namespace

std::string_view recommendation_name(Recommendation value) {
  constexpr std::string_view kNames[] = {"approve", "review", "revoke"};
  return kNames[static_cast<std::size_t>(value)];
}

std::string_view request_recommendation_name(Recommendation value) {
  constexpr std::string_view kNames[] = {"approve", "review", "deny"};
  return kNames[static_cast<std::size_t>(value)];
}

int days_since_use(const RiskFactors& f) {
  if (f.usage == UsageState::kKnown) return f.days_unused;
  if (f.usage == UsageState::kUnknown) return f.account_idle_days;
  return -1;
}

std::uint16_t approve_blocks(const RiskFactors& f, double score, const RecommendationPolicy& p) {
  std::uint16_t blocks = 0;
  if (f.status == IdentityStatus::kTerminated) blocks |= kBlockTerminated;
  if (f.expired) blocks |= kBlockExpired;
  if (!f.justified) blocks |= kBlockUnjustified;
  if (f.sod_rule.valid()) blocks |= kBlockSod;
  if (f.nhi_unowned && !p.approve_nhi_unowned) blocks |= kBlockNhiUnowned;
  if (f.peer_frequency < p.approve_min_peer_frequency) blocks |= kBlockRare;
  // Unknown usage is weighed, not a veto: the score counts it (usage.unknown), and the
  // policy says up to which sensitivity access nobody has seen used may be approved.
  // The accounts' last activity still bounds it: an entitlement is not used more
  // recently than the accounts that give it.
  const int days = days_since_use(f);
  if (days > p.approve_max_days_unused) blocks |= kBlockUnused;
  if (f.usage != UsageState::kKnown && f.sensitivity > p.approve_unknown_usage_max_sensitivity)
    blocks |= kBlockUnknownUsage;
  if (score > p.approve_max_score) blocks |= kBlockScore;
  return blocks;
}

Recommendation recommend_access(const RiskFactors& f, double score, const RecommendationPolicy& p) {
  if (f.status == IdentityStatus::kTerminated || f.expired) return Recommendation::kRevoke;
  if (!f.justified && score >= p.revoke_min_score) return Recommendation::kRevoke;
  return approve_blocks(f, score, p) == 0 ? Recommendation::kApprove : Recommendation::kReview;
}

void append_factors_text(std::string& out, const RiskFactors& f, const RiskContributions& c, const Graph& graph) {
  auto contributed = [&](RiskFactor factor) { return c[static_cast<std::size_t>(factor)] > 0; };
  auto flag = [&](RiskFactor factor, std::string_view label) {
    if (contributed(factor)) out.append(";").append(label);
  };
  out.append("sensitivity=");
  append_number(out, int{f.sensitivity});
  if (f.justified) {
    out.append(";justified");
  } else {
    out.append(";unjustified=").append(unjustified_class_name(f.unjustified_class));
    if (f.expired_role) out.append(";expired_role");
  }
  // Two significant digits, as printf's %.2g (to_chars promises the same text, faster).
  out.append(";peers=");
  append_number(out, double{f.peer_frequency}, 2);
  if (f.usage == UsageState::kKnown) {
    out.append(";unused=");
    append_number(out, f.days_unused);
    out.push_back('d');
  }
  if (f.usage == UsageState::kUnknown) {
    out.append(";unused=unknown");
    if (f.account_idle_days >= 0) {
      out.append(";account_idle=");
      append_number(out, f.account_idle_days);
      out.push_back('d');
    }
  }
  if (contributed(RiskFactor::kStatus)) out.append(";").append(to_string(f.status));
  flag(RiskFactor::kExpired, "expired");
  flag(RiskFactor::kKind, is_non_human(f.kind) ? std::string_view("non_human") : to_string(f.kind));
  flag(RiskFactor::kNhiUnowned, "nhi_unowned");
  flag(RiskFactor::kPrivileged, "privileged");
  flag(RiskFactor::kDirectGrant, "direct_grant");
  if (f.sod_rule.valid()) out.append(";sod=").append(graph.sod_rule_ids.name(f.sod_rule));
  if (f.learned != RiskFactors::kNotLearned) {  // learned=0.83: two decimals
    const int hundredths = (f.learned + 50) / 100;
    out.append(";learned=");
    append_number(out, hundredths / 100);
    out.push_back('.');
    out.push_back(static_cast<char>('0' + hundredths % 100 / 10));
    out.push_back(static_cast<char>('0' + hundredths % 10));
  }
}

}  // namespace accessgraph
