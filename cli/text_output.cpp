#include <fmt/format.h>

#include "cli/output.hpp"

namespace accessgraph::cli {
namespace {

std::string join(const std::vector<std::string>& items, const char* separator) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string path_text(const std::vector<PathNode>& path) {
  if (path.empty()) return "(none)";
  std::string out;
  for (const PathNode& node : path) out += (out.empty() ? "" : " -> ") + node.kind + " " + node.id;
  return out;
}

const char* justification(bool justified) { return justified ? "justified" : "UNJUSTIFIED"; }

}  // namespace

std::string to_text(const CheckResult& r) {
  if (r.has) return fmt::format("{} has {} ({})\n", r.identity, r.entitlement, justification(r.justified));
  return fmt::format("{} does not have {}{}\n", r.identity, r.entitlement,
                     r.expected ? " (expected: missing access)" : "");
}

std::string to_text(const AccessResult& r) {
  std::string out = fmt::format("{}: {} entitlements\n", r.identity, r.entitlements.size());
  for (const AccessEntry& entry : r.entitlements) {
    std::vector<std::string> via;
    for (const AccountVia& account : entry.via) {
      std::vector<std::string> how;
      if (account.direct_grant) how.push_back("direct grant");
      if (!account.groups.empty()) how.push_back("groups " + join(account.groups, ", "));
      via.push_back(account.account_id + " (" + join(how, "; ") + ")");
    }
    out += fmt::format("  {:<40} {:<11} via {}\n", entry.entitlement_id, justification(entry.justified),
                       join(via, ", "));
  }
  if (!r.missing.empty()) out += "missing (expected, not had): " + join(r.missing, ", ") + "\n";
  return out;
}

std::string to_text(const WhoHasResult& r) {
  std::string out = fmt::format("{}: held by {} identities\n", r.entitlement, r.identities.size());
  for (const Holder& holder : r.identities)
    out += fmt::format("  {:<30} {:<11} via {}\n", holder.identity_id, justification(holder.justified),
                       join(holder.accounts, ", "));
  return out;
}

std::string to_text(const HoldersBetween& r) {
  std::string out = fmt::format("{}: held by {} identities between {} and {}\n", r.entitlement, r.holders.size(),
                                r.from, r.to);
  for (const HoldingPeriod& period : r.holders)
    out += fmt::format("  {:<30} from {:<10} to {}\n", period.identity_id,
                       period.from.empty() ? "(before the history)" : period.from, period.to.empty() ? "(still held)" : period.to);
  return out;
}

std::string to_text(const AccessHistory& r) {
  std::string out = fmt::format("{}: {} access changes\n", r.identity, r.changes.size());
  for (const AccessChange& c : r.changes)
    out += fmt::format("  {} {:<18} {:<7} {:<30} ({})\n", c.effective_date, c.event_type, c.change, c.entitlement_id,
                       c.cause);
  return out;
}

std::string to_text(const ExplainResult& r) {
  std::string out = fmt::format("{} / {}: {}\n", r.identity, r.entitlement,
                                r.has ? (r.expected ? "has it, justified" : "has it, UNJUSTIFIED")
                                      : (r.expected ? "expected but missing" : "neither has nor is expected to have it"));
  out += "  actual:   " + path_text(r.actual) + "\n";
  out += "  expected: " + path_text(r.expected_path) + "\n";
  return out;
}

std::string to_text(const GraphStats& s) {
  std::string out = "as of " + s.as_of + "\n";
  auto section = [&](const char* title, const std::vector<NamedCount>& counts) {
    out += std::string(title) + ":\n";
    for (const auto& [name, count] : counts) out += fmt::format("  {:<26} {}\n", name, count);
  };
  section("nodes", s.nodes);
  section("edges", s.edges);
  section("derived", s.derived);
  out += "timings:\n";
  for (const auto& [phase, seconds] : s.timings_seconds) out += fmt::format("  {:<26} {:.3f} s\n", phase, seconds);
  return out;
}

std::string to_text(const ReorgResult& r) {
  std::string out = fmt::format(
      "{} identities would move: {} entitlements granted, {} revoked, {} kept; SoD violations {} appear, {} "
      "disappear; sensitivity {:+}\n",
      r.identities.size(), r.granted, r.revoked, r.kept, r.sod_appear, r.sod_disappear, r.sensitivity_delta);
  for (const ReorgChange& c : r.identities) {
    out += fmt::format("  {:<28} +{:<4} -{:<4} ={:<4}", c.access.identity, c.access.grant.size(), c.access.revoke.size(),
                       c.access.keep.size());
    if (!c.sod_appear.empty()) out += " new SoD: " + join(c.sod_appear, ", ");
    if (!c.sod_disappear.empty()) out += " SoD cleared: " + join(c.sod_disappear, ", ");
    out += "\n";
  }
  return out;
}

std::string to_text(const std::vector<RuleImpact>& impacts) {
  std::string out;
  for (const RuleImpact& impact : impacts) {
    out += fmt::format("{} rule {} ({}): {} identities {}\n", impact.kind, impact.rule_id,
                       impact.replaces_existing ? "replaces the existing rule" : "new",
                       impact.identities.size(), impact.kind == "sod" ? "would violate it" : "would gain or lose");
    if (impact.kind == "sod" && impact.replaces_existing)
      out += fmt::format("  (the rule it replaces has {} violators)\n", impact.previous_violators);
    for (const auto& i : impact.identities) {
      out += "  " + i.identity_id;
      if (!i.gain.empty()) out += "  gain: " + join(i.gain, ", ");
      if (!i.lose.empty()) out += "  lose: " + join(i.lose, ", ");
      out += "\n";
    }
  }
  return out;
}

std::string to_text(const std::vector<Finding>& findings) {
  std::string out = fmt::format("{} findings\n", findings.size());
  for (const Finding& f : findings)
    out += fmt::format("  {:<22} {:<8} {:<28} {:<28} {}\n", f.type, f.subject_kind, f.subject_id, f.related_id,
                       f.detail);
  return out;
}

}  // namespace accessgraph::cli
