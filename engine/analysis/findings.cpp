#include "engine/analysis/findings.hpp"

#include <algorithm>
#include <span>

namespace accessgraph {

std::optional<FindingType> parse_finding_type(std::string_view name) {
  for (std::size_t i = 0; i < kFindingTypeNames.size(); ++i)
    if (kFindingTypeNames[i] == name) return static_cast<FindingType>(i);
  return std::nullopt;
}

std::string_view unjustified_class_name(UnjustifiedClass value) {
  constexpr std::string_view kNames[] = {"mover_residue", "no_peers", "peer_outlier", "peer_common"};
  return kNames[static_cast<std::size_t>(value)];
}

FindingsEvaluator::FindingsEvaluator(const AccessIndex& index, const PeerIndex& peers, FindingsPolicy policy)
    : index_(index),
      peers_(peers),
      policy_(policy),
      dormant_before_(index.as_of().plus_days(-policy.dormant_days)) {
  const Graph& g = index.graph();
  std::vector<std::pair<EntitlementId, SodRuleId>> pairs;
  for (std::uint32_t r = 0; r < g.sod_rules.size(); ++r)
    pairs.emplace_back(g.sod_rules[r].entitlement_a, SodRuleId(r));
  rules_by_first_entitlement_ = Csr<EntitlementId, SodRuleId>::from_pairs(g.entitlement_count(), pairs);
}

FindingsEvaluator::Scratch FindingsEvaluator::make_scratch() const {
  return {index_.make_entitlement_scratch(), index_.make_entitlement_scratch(), index_.make_entitlement_scratch(), {}};
}

void FindingsEvaluator::account_findings(AccountId account, FindingSink sink) const {
  const Graph& g = index_.graph();
  const AccountRecord& record = g.accounts[account.value];
  if (!record.enabled()) return;
  // Each account-subject finding names the identity cell as written.
  if (record.last_used.present() ? record.last_used < dormant_before_
                                 : record.created.present() && record.created < dormant_before_)
    sink({FindingType::kDormantAccount, account.value, record.identity_cell, {}});
  if (!record.identity.valid()) {
    sink({FindingType::kOrphanAccount, account.value, record.identity_cell, {}});
  } else if (g.identities[record.identity.value].status == IdentityStatus::kTerminated) {
    sink({FindingType::kLeaverAccess, account.value, record.identity_cell, {}});
  }
}

UnjustifiedClass FindingsEvaluator::classify(IdentityId identity, EntitlementId entitlement,
                                             const Scratch& scratch, bool identity_has_it) const {
  if (scratch.residue.contains(entitlement)) return UnjustifiedClass::kMoverResidue;
  auto frequency = peers_.frequency(identity, entitlement, identity_has_it);
  if (!frequency) return UnjustifiedClass::kNoPeers;
  if (policy_.outlier_threshold.exceeds(frequency->holders, frequency->peers)) return UnjustifiedClass::kPeerOutlier;
  return UnjustifiedClass::kPeerCommon;
}

void FindingsEvaluator::add_mover_residue(IdentityId identity, MarkedUnion<EntitlementId>& residue) const {
  for (const RoleHistoryRecord& past : index_.graph().identity_role_history[identity])
    if (past.revoked_at.present() && past.revoked_at <= index_.as_of()) index_.add_role_access(past.role, residue);
}

void FindingsEvaluator::identity_findings(IdentityId identity, Scratch& s, FindingSink sink) const {
  const Graph& g = index_.graph();
  const IdentityRecord& record = g.identities[identity.value];
  if (record.status == IdentityStatus::kTerminated) return;
  const std::uint32_t subject = identity.value;

  if (is_non_human(record.kind)) {
    if (record.termination_date.present() && record.termination_date < index_.as_of())
      sink({FindingType::kNhiExpired, subject, {}, {}});
    if (!record.owner.valid())
      sink({FindingType::kNhiNoOwner, subject, {}, {}});
    else if (g.identities[record.owner.value].status == IdentityStatus::kTerminated)
      sink({FindingType::kNhiOwnerTerminated, subject, g.identity_ids.name(record.owner), {}});
  }

  s.actual.begin();
  index_.add_actual_access(identity, s.actual);
  s.expected.begin();
  index_.add_expected_access(identity, s.expected);

  // SoD: rules indexed by their first entitlement, checked against the actual set.
  std::vector<SodRuleId> violated;
  for (EntitlementId entitlement : s.actual.items())
    for (SodRuleId rule : rules_by_first_entitlement_[entitlement])
      if (s.actual.contains(g.sod_rules[rule.value].entitlement_b)) violated.push_back(rule);
  std::sort(violated.begin(), violated.end());
  for (SodRuleId rule : violated) sink({FindingType::kSodViolation, subject, g.sod_rule_ids.name(rule), {}, rule.value});

  // Only the differences are sorted (a handful against ~100 pairs an identity): sorting
  // both whole sets was a seventh of the findings pass.
  auto sorted_difference = [&](const MarkedUnion<EntitlementId>& from, const MarkedUnion<EntitlementId>& minus) {
    s.sorted.clear();
    for (EntitlementId entitlement : from.items())
      if (!minus.contains(entitlement)) s.sorted.push_back(entitlement);
    std::sort(s.sorted.begin(), s.sorted.end());
    return std::span<const EntitlementId>(s.sorted);
  };
  for (EntitlementId entitlement : sorted_difference(s.expected, s.actual))
    sink({FindingType::kMissingAccess, subject, g.entitlement_ids.name(entitlement), {}, entitlement.value});

  s.residue.begin();
  add_mover_residue(identity, s.residue);
  for (EntitlementId entitlement : sorted_difference(s.actual, s.expected))
    sink({FindingType::kUnjustifiedAccess, subject, g.entitlement_ids.name(entitlement),
          unjustified_class_name(classify(identity, entitlement, s)), entitlement.value});
}

}  // namespace accessgraph
