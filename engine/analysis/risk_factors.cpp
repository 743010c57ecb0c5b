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
