#include "engine/analysis/access_evidence.hpp"

#include <algorithm>

namespace accessgraph {

AccessEvidence::Scratch AccessEvidence::make_scratch() const {
  return {index_.make_entitlement_scratch(), std::vector<HeldEvidence>(index_.graph().entitlement_count())};
}

void AccessEvidence::collect(IdentityId identity, Scratch& s) const {
  const Graph& g = index_.graph();
  s.actual.begin();
  for (AccountId account : g.identity_accounts[identity]) {
    const AccountRecord& record = g.accounts[account.value];
    if (!record.enabled()) continue;
    auto hold = [&](EntitlementId entitlement, bool via_group) {
      if (!s.actual.contains(entitlement)) {
        s.actual.add(entitlement);
        s.evidence[entitlement.value] = {};
      }
      HeldEvidence& held = s.evidence[entitlement.value];
      held.privileged |= record.privileged;
      held.via_group |= via_group;
      // An account never used was last active when it was created (as for dormancy).
      const Date active = record.last_used.present() ? record.last_used : record.created;
      held.account_last_used = std::max(held.account_last_used, active);  // absent sorts first
      held.account_use_unknown |= !active.present();
    };
    for (EntitlementId entitlement : g.account_entitlements[account]) hold(entitlement, false);
    for (GroupId group : g.account_groups[account])
      for (EntitlementId entitlement : index_.group_access(group)) hold(entitlement, true);
    // Usage counts only where this account really holds the entitlement.
    for (const UsageRecord& usage : g.account_usage[account])
      if (index_.account_holds(account, usage.entitlement)) {
        Date& last = s.evidence[usage.entitlement.value].last_used;
        last = std::max(last, usage.last_used);
      }
  }
}

}  // namespace accessgraph
