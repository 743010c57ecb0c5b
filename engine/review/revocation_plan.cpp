#include "engine/review/revocation_plan.hpp"

#include <algorithm>

namespace accessgraph {
namespace {

// The identity's actual access from its enabled accounts, less the removals.
void add_access_after(const AccessIndex& index, IdentityId identity, const std::vector<AccessRemoval>& removals,
                      MarkedUnion<EntitlementId>& out) {
  const Graph& g = index.graph();
  auto removed = [&](AccessRemoval::Kind kind, std::string_view account, std::string_view target) {
    return std::any_of(removals.begin(), removals.end(), [&](const AccessRemoval& r) {
      return r.kind == kind && r.account_id == account && r.target_id == target;
    });
  };
  out.begin();
  for (AccountId account : g.identity_accounts[identity]) {
    if (!g.accounts[account.value].enabled()) continue;
    const std::string_view name = g.account_ids.name(account);
    for (EntitlementId e : g.account_entitlements[account])
      if (!removed(AccessRemoval::Kind::kGrant, name, g.entitlement_ids.name(e))) out.add(e);
    for (GroupId group : g.account_groups[account])
      if (!removed(AccessRemoval::Kind::kMembership, name, g.group_ids.name(group)))
        index.add_group_access(group, out);
  }
}

RevocationPlan plan_access_revocation(const AccessIndex& index, IdentityId identity, EntitlementId entitlement) {
  const Graph& g = index.graph();
  RevocationPlan plan;
  MarkedUnion<EntitlementId> reach = index.make_entitlement_scratch();
  for (AccountId account : g.identity_accounts[identity]) {
    if (g.accounts[account.value].deleted) continue;
    const std::string name(g.account_ids.name(account));
    const auto grants = g.account_entitlements[account];
    if (std::find(grants.begin(), grants.end(), entitlement) != grants.end())
      plan.removals.push_back({AccessRemoval::Kind::kGrant, name, std::string(g.entitlement_ids.name(entitlement))});
    for (GroupId group : g.account_groups[account]) {
      reach.begin();
      index.add_group_access(group, reach);
      if (reach.contains(entitlement))
        plan.removals.push_back({AccessRemoval::Kind::kMembership, name, std::string(g.group_ids.name(group))});
    }
  }
  MarkedUnion<EntitlementId> before = index.make_entitlement_scratch();
  before.begin();
  index.add_actual_access(identity, before);
  std::vector<EntitlementId> kept_before(before.items().begin(), before.items().end());
  add_access_after(index, identity, plan.removals, reach);
  for (EntitlementId e : kept_before)
    if (e != entitlement && !reach.contains(e)) plan.also_removed.emplace_back(g.entitlement_ids.name(e));
  std::sort(plan.also_removed.begin(), plan.also_removed.end());
  return plan;
}

}  // namespace

RevocationPlan plan_revocation(const AccessIndex& index, const StoredItem& item) {
  const Graph& g = index.graph();
  RevocationPlan plan;
  const auto identity = g.identity_ids.find(item.identity_id);
  if (item.kind == "access") {
    const auto entitlement = g.entitlement_ids.find(item.entitlement_id);
    if (!identity || !entitlement) {
      plan.unapplied = "the identity or the entitlement no longer exists";
      return plan;
    }
    return plan_access_revocation(index, *identity, *entitlement);
  }
  if (item.kind == "orphan_account" || item.kind == "dormant_account") {
    const auto account = g.account_ids.find(item.account_id);
    if (!account || g.accounts[account->value].deleted) {
      plan.unapplied = "the account no longer exists";
    } else if (!g.accounts[account->value].identity.valid()) {
      plan.unapplied = "the account belongs to no identity, so the lifecycle cannot act on it: disable it in its system";
    } else if (g.accounts[account->value].enabled()) {
      plan.removals.push_back({AccessRemoval::Kind::kAccount, item.account_id, ""});
    }
    return plan;
  }
  // An ownerless non-human identity: its enabled accounts are disabled.
  if (!identity) {
    plan.unapplied = "the identity no longer exists";
    return plan;
  }
  for (AccountId account : g.identity_accounts[*identity])
    if (g.accounts[account.value].enabled())
      plan.removals.push_back({AccessRemoval::Kind::kAccount, std::string(g.account_ids.name(account)), ""});
  return plan;
}

}  // namespace accessgraph
