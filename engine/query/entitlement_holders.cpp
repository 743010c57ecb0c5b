#include "engine/query/entitlement_holders.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <utility>

namespace accessgraph {
namespace {

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
  AccessIndex::Reach reach = index.reach(entitlement);
  for (std::uint32_t r = 0; r < roles; ++r) expecting[r] = reach.role(RoleId(r));
  return expecting;
}

}  // namespace

EntitlementHolders find_holders(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  const std::vector<std::uint8_t> holds = accounts_holding(index, entitlement);
  const std::vector<std::uint8_t> expecting = roles_expecting(index, entitlement);

  // One parallel pass over identities, in blocks joined in order afterwards: an
  // identity holds E through its enabled accounts that hold it, and is justified when
  // one of its held roles expects E.
  struct Block {
    std::vector<IdentityId> identities;
    std::vector<std::uint8_t> justified;
    std::vector<std::uint32_t> account_counts;
    std::vector<AccountId> accounts;
  };
  constexpr std::size_t kIdentitiesPerBlock = 16384;
  const std::size_t identity_count = g.identity_count();
  std::vector<Block> blocks((identity_count + kIdentitiesPerBlock - 1) / kIdentitiesPerBlock);
  tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
    Block& block = blocks[b];
    const auto last = static_cast<std::uint32_t>(std::min(identity_count, (b + 1) * kIdentitiesPerBlock));
    for (auto i = static_cast<std::uint32_t>(b * kIdentitiesPerBlock); i < last; ++i) {
      const IdentityId identity(i);
      const std::size_t first = block.accounts.size();
      for (AccountId account : g.identity_accounts[identity])
        if (holds[account.value] && g.accounts[account.value].enabled()) block.accounts.push_back(account);
      if (block.accounts.size() == first) continue;
      std::sort(block.accounts.begin() + static_cast<std::ptrdiff_t>(first), block.accounts.end());
      block.identities.push_back(identity);
      block.account_counts.push_back(static_cast<std::uint32_t>(block.accounts.size() - first));
      const auto held = index.held_roles(identity);
      block.justified.push_back(
          std::any_of(held.begin(), held.end(), [&](RoleId role) { return expecting[role.value] != 0; }));
    }
  });

  EntitlementHolders holders;
  std::size_t identities = 0, accounts = 0;
  for (const Block& block : blocks) {
    identities += block.identities.size();
    accounts += block.accounts.size();
  }
  holders.identities.reserve(identities);
  holders.justified.reserve(identities);
  holders.account_offsets.reserve(identities + 1);
  holders.accounts.reserve(accounts);
  holders.account_offsets.push_back(0);
  for (const Block& block : blocks) {
    holders.identities.insert(holders.identities.end(), block.identities.begin(), block.identities.end());
    holders.justified.insert(holders.justified.end(), block.justified.begin(), block.justified.end());
    holders.accounts.insert(holders.accounts.end(), block.accounts.begin(), block.accounts.end());
    for (std::uint32_t count : block.account_counts) holders.account_offsets.push_back(holders.account_offsets.back() + count);
  }
  return holders;
}

}  // namespace accessgraph
