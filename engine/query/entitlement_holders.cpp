#include "engine/query/entitlement_holders.hpp"

#include <algorithm>
#include <utility>

namespace accessgraph {
namespace {

constexpr std::uint32_t kNone = 0xFFFFFFFFu;

// By account: whether it holds E (enabled or not), from the reverse indexes.
std::vector<std::uint8_t> accounts_holding(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  std::vector<std::uint8_t> holds(g.accounts.size(), 0);
  for (AccountId account : g.entitlement_accounts[entitlement]) holds[account.value] = 1;
  // A group holds E when it, or a group it is nested in, is granted E: walk down from
  // the granted groups through their member groups (cycles end at `seen`).
  std::vector<std::uint8_t> seen(g.groups.size(), 0);
  std::vector<GroupId> frontier;
  for (GroupId group : g.entitlement_groups[entitlement])
    if (!std::exchange(seen[group.value], 1)) frontier.push_back(group);
  while (!frontier.empty()) {
    const GroupId group = frontier.back();
    frontier.pop_back();
    for (AccountId account : g.group_member_accounts[group]) holds[account.value] = 1;
    for (GroupId member : g.group_member_groups[group])
      if (!std::exchange(seen[member.value], 1)) frontier.push_back(member);
  }
  for (const auto* patched : {&g.account_groups.patched_rows(), &g.account_entitlements.patched_rows()})
    for (AccountId account : *patched) holds[account.value] = index.account_holds(account, entitlement);
  return holds;
}

// By role: whether holding it makes E expected (role_access, read backwards).
std::vector<std::uint8_t> roles_expecting(const AccessIndex& index, EntitlementId entitlement) {
  const std::size_t roles = index.graph().roles.size();
  std::vector<std::uint8_t> expecting(roles, 0);
  for (std::uint32_t r = 0; r < roles; ++r) {
    const auto granted = index.role_access(RoleId(r));
    expecting[r] = std::binary_search(granted.begin(), granted.end(), entitlement);
  }
  return expecting;
}

}  // namespace

EntitlementHolders find_holders(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  const std::vector<std::uint8_t> holds = accounts_holding(index, entitlement);

  // Group the enabled holding accounts by identity without sorting: each identity's
  // first account (the lowest id, accounts being visited in order) in a dense map,
  // the rare further ones aside.
  std::vector<std::uint32_t> first_account(g.identity_count(), kNone);
  std::vector<std::pair<IdentityId, AccountId>> further;
  std::size_t holding_accounts = 0;
  for (std::uint32_t a = 0; a < holds.size(); ++a) {
    if (!holds[a]) continue;
    const AccountRecord& account = g.accounts[a];
    if (!account.enabled() || !account.identity.valid()) continue;
    ++holding_accounts;
    std::uint32_t& first = first_account[account.identity.value];
    if (first == kNone) first = a;
    else further.emplace_back(account.identity, AccountId(a));
  }
  std::sort(further.begin(), further.end());

  const std::vector<std::uint8_t> expecting = roles_expecting(index, entitlement);
  EntitlementHolders holders;
  holders.accounts.reserve(holding_accounts);
  holders.account_offsets.push_back(0);
  auto next_further = further.begin();
  for (std::uint32_t i = 0; i < first_account.size(); ++i) {
    if (first_account[i] == kNone) continue;
    const IdentityId identity(i);
    holders.identities.push_back(identity);
    holders.accounts.push_back(AccountId(first_account[i]));
    for (; next_further != further.end() && next_further->first == identity; ++next_further)
      holders.accounts.push_back(next_further->second);
    holders.account_offsets.push_back(static_cast<std::uint32_t>(holders.accounts.size()));
    const auto held = index.held_roles(identity);
    holders.justified.push_back(
        std::any_of(held.begin(), held.end(), [&](RoleId role) { return expecting[role.value] != 0; }));
  }
  return holders;
}

}  // namespace accessgraph
