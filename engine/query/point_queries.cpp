#include "engine/query/point_queries.hpp"

#include <algorithm>
#include <map>
#include <tuple>
#include <string>

#include "accessgraph/error.hpp"

namespace accessgraph {
namespace {

std::string str(std::string_view text) { return std::string(text); }

template <class T, class Key>
void sort_by(std::vector<T>& items, Key key) {
  std::sort(items.begin(), items.end(), [&](const T& a, const T& b) { return key(a) < key(b); });
}

}  // namespace

IdentityId find_identity(const Graph& graph, std::string_view id) {
  auto found = graph.identity_ids.find(id);
  if (!found) throw NotFoundError("identity", std::string(id));
  return *found;
}

EntitlementId find_entitlement(const Graph& graph, std::string_view id) {
  auto found = graph.entitlement_ids.find(id);
  if (!found) throw NotFoundError("entitlement", std::string(id));
  return *found;
}

CheckResult check_access(const AccessIndex& index, IdentityId identity, EntitlementId entitlement) {
  const Graph& g = index.graph();
  CheckResult result;
  result.identity = str(g.identity_ids.name(identity));
  result.entitlement = str(g.entitlement_ids.name(entitlement));
  result.has = index.has(identity, entitlement);
  result.expected = index.expects(identity, entitlement);
  result.justified = result.has && result.expected;
  return result;
}

AccessResult list_access(const AccessIndex& index, IdentityId identity) {
  const Graph& g = index.graph();
  // (entitlement, account, group) on dense ids first; strings only for the answer.
  struct Via {
    EntitlementId entitlement;
    AccountId account;
    GroupId group;  // invalid: a direct grant
    bool operator<(const Via& o) const {
      return std::tie(entitlement, account, group) < std::tie(o.entitlement, o.account, o.group);
    }
  };
  std::vector<Via> rows;
  for (AccountId account : g.identity_accounts[identity]) {
    if (!g.accounts[account.value].enabled()) continue;
    for (EntitlementId entitlement : g.account_entitlements[account]) rows.push_back({entitlement, account, GroupId()});
    for (GroupId group : g.account_groups[account])
      for (EntitlementId entitlement : index.group_access(group)) rows.push_back({entitlement, account, group});
  }
  std::sort(rows.begin(), rows.end());
  std::vector<EntitlementId> expected;
  for (RoleId role : index.held_roles(identity)) {
    auto granted = index.role_access(role);
    expected.insert(expected.end(), granted.begin(), granted.end());
  }
  std::sort(expected.begin(), expected.end());
  expected.erase(std::unique(expected.begin(), expected.end()), expected.end());

  AccessResult result;
  result.identity = str(g.identity_ids.name(identity));
  for (std::size_t i = 0; i < rows.size();) {
    const EntitlementId entitlement = rows[i].entitlement;
    AccessEntry entry{str(g.entitlement_ids.name(entitlement)),
                      std::binary_search(expected.begin(), expected.end(), entitlement), {}};
    for (; i < rows.size() && rows[i].entitlement == entitlement; ++i) {
      if (entry.via.empty() || entry.via.back().account_id != g.account_ids.name(rows[i].account))
        entry.via.push_back({str(g.account_ids.name(rows[i].account)), false, {}});
      if (rows[i].group.valid()) entry.via.back().groups.push_back(str(g.group_ids.name(rows[i].group)));
      else entry.via.back().direct_grant = true;
    }
    for (auto& account : entry.via) std::sort(account.groups.begin(), account.groups.end());
    sort_by(entry.via, [](const AccountVia& a) { return a.account_id; });
    result.entitlements.push_back(std::move(entry));
  }
  sort_by(result.entitlements, [](const AccessEntry& e) { return e.entitlement_id; });
  for (EntitlementId entitlement : expected)
    if (!std::binary_search(rows.begin(), rows.end(), Via{entitlement, AccountId(0), GroupId(0)},
                            [](const Via& a, const Via& b) { return a.entitlement < b.entitlement; }))
      result.missing.push_back(str(g.entitlement_ids.name(entitlement)));
  std::sort(result.missing.begin(), result.missing.end());
  return result;
}

WhoHasResult list_holders(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  // Candidates from the reverse indexes of the load: groups granted it, every group
  // nested in them, their member accounts, and accounts granted it directly.
  std::vector<char> seen(g.groups.size(), 0);
  std::vector<GroupId> frontier;
  for (GroupId group : g.entitlement_groups[entitlement])
    if (!seen[group.value]) seen[group.value] = 1, frontier.push_back(group);
  std::vector<AccountId> accounts(g.entitlement_accounts[entitlement].begin(),
                                  g.entitlement_accounts[entitlement].end());
  while (!frontier.empty()) {
    GroupId group = frontier.back();
    frontier.pop_back();
    for (AccountId account : g.group_member_accounts[group]) accounts.push_back(account);
    for (GroupId member : g.group_member_groups[group])
      if (!seen[member.value]) seen[member.value] = 1, frontier.push_back(member);
  }
  // Later versions change memberships and grants row by row; those rows are
  // candidates too, and every candidate is checked against its current rows.
  const auto& changed_groups = g.account_groups.patched_rows();
  const auto& changed_grants = g.account_entitlements.patched_rows();
  accounts.insert(accounts.end(), changed_groups.begin(), changed_groups.end());
  accounts.insert(accounts.end(), changed_grants.begin(), changed_grants.end());
  std::sort(accounts.begin(), accounts.end());
  accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());
  std::erase_if(accounts, [&](AccountId account) {
    return !g.accounts[account.value].identity.valid() || !index.account_holds(account, entitlement);
  });

  std::map<IdentityId, std::vector<std::string>> holders;
  for (AccountId account : accounts) holders[g.accounts[account.value].identity].push_back(str(g.account_ids.name(account)));
  WhoHasResult result;
  result.entitlement = str(g.entitlement_ids.name(entitlement));
  for (auto& [identity, names] : holders) {
    std::sort(names.begin(), names.end());
    result.identities.push_back(
        {str(g.identity_ids.name(identity)), index.expects(identity, entitlement), std::move(names)});
  }
  sort_by(result.identities, [](const Holder& h) { return h.identity_id; });
  return result;
}

}  // namespace accessgraph
