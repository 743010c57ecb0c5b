#include "engine/analysis/reviewer_routing.hpp"

#include <algorithm>

namespace accessgraph {

bool ReviewerRouting::can_review(IdentityId reviewer, IdentityId subject) const {
  return reviewer.valid() && reviewer != subject &&
         graph_.identities[reviewer.value].status != IdentityStatus::kTerminated;
}

namespace {

IdentityId accountable_for(const IdentityRecord& record) { return is_non_human(record.kind) ? record.owner : record.manager; }

}  // namespace

void ReviewerRouting::prefetch_for_access(IdentityId identity) const {
  const IdentityId accountable = accountable_for(graph_.identities[identity.value]);
  if (accountable.valid()) __builtin_prefetch(&graph_.identities[accountable.value]);
}

IdentityId ReviewerRouting::for_access(IdentityId identity, EntitlementId entitlement) const {
  const IdentityRecord& record = graph_.identities[identity.value];
  const IdentityId accountable = accountable_for(record);
  if (can_review(accountable, identity)) return accountable;
  const EntitlementRecord& target = graph_.entitlements[entitlement.value];
  if (can_review(target.owner, identity)) return target.owner;
  const IdentityId system_owner = graph_.systems[target.system.value].owner;
  if (can_review(system_owner, identity)) return system_owner;
  return {};
}

IdentityId ReviewerRouting::for_system(SystemId system) const {
  const IdentityId owner = graph_.systems[system.value].owner;
  if (can_review(owner, {})) return owner;
  if (!owner.valid()) return {};
  const IdentityId manager = graph_.identities[owner.value].manager;
  return can_review(manager, {}) ? manager : IdentityId{};
}

std::vector<IdentityId> ReviewerRouting::for_ownerless(IdentityId identity) const {
  std::vector<IdentityId> reviewers;
  for (AccountId account : graph_.identity_accounts[identity]) {
    IdentityId reviewer = for_system(graph_.accounts[account.value].system);
    if (can_review(reviewer, identity)) reviewers.push_back(reviewer);
  }
  std::sort(reviewers.begin(), reviewers.end());
  reviewers.erase(std::unique(reviewers.begin(), reviewers.end()), reviewers.end());
  return reviewers;
}

}  // namespace accessgraph
