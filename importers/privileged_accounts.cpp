#include "importers/privileged_accounts.hpp"

#include <algorithm>
#include <vector>

namespace accessgraph::importers {

void mark_privileged_accounts(Estate& estate) {
  auto critical = [&](Index entitlement) {
    return estate.entitlements[entitlement].sensitivity >= kPrivilegedSensitivity;
  };
  std::vector<char> privileged_group(estate.groups.size(), 0);
  std::vector<Index> pending;
  for (Index group = 0; group < estate.groups.size(); ++group)
    if (estate.groups[group].membership_entitlement && estate.groups[group].sensitivity >= kPrivilegedSensitivity) {
      privileged_group[group] = 1;
      pending.push_back(group);
    }
  for (const GroupGrant& grant : estate.group_grants)
    if (critical(grant.entitlement) && !privileged_group[grant.group]) {
      privileged_group[grant.group] = 1;
      pending.push_back(grant.group);
    }
  // A group nested in a privileged group holds what it holds: walk down the nesting.
  std::vector<Membership> nested = estate.group_members;
  std::sort(nested.begin(), nested.end());
  while (!pending.empty()) {
    Index group = pending.back();
    pending.pop_back();
    auto first = std::lower_bound(nested.begin(), nested.end(), Membership{group, 0});
    for (auto edge = first; edge != nested.end() && edge->group == group; ++edge)
      if (!privileged_group[edge->member]) {
        privileged_group[edge->member] = 1;
        pending.push_back(edge->member);
      }
  }
  for (const Membership& membership : estate.account_members)
    if (privileged_group[membership.group]) estate.accounts[membership.member].privileged = true;
  for (const AccountGrant& grant : estate.account_grants)
    if (critical(grant.entitlement)) estate.accounts[grant.account].privileged = true;
}

}  // namespace accessgraph::importers
