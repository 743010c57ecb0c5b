#include "engine/query/point_queries.hpp"

#include <algorithm>
#include <map>
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
  // entitlement -> how each account gives it, accounts in the identity's order.
  std::map<EntitlementId, std::vector<AccountVia>> via;
  auto via_account = [&](EntitlementId entitlement, AccountId account) -> AccountVia& {
    auto& list = via[entitlement];
    std::string name = str(g.account_ids.name(account));
    if (list.empty() || list.back().account_id != name) list.push_back({name, false, {}});
    return list.back();
  };
  for (AccountId account : g.identity_accounts[identity]) {
    if (!g.accounts[account.value].enabled()) continue;
    for (EntitlementId entitlement : g.account_entitlements[account])
      via_account(entitlement, account).direct_grant = true;
    for (GroupId group : g.account_groups[account])
      for (EntitlementId entitlement : index.group_access(group))
        via_account(entitlement, account).groups.push_back(str(g.group_ids.name(group)));
  }
  AccessResult result;
  result.identity = str(g.identity_ids.name(identity));
  for (auto& [entitlement, accounts] : via) {
    for (auto& account : accounts) std::sort(account.groups.begin(), account.groups.end());
    sort_by(accounts, [](const AccountVia& a) { return a.account_id; });
    result.entitlements.push_back(
        {str(g.entitlement_ids.name(entitlement)), index.expects(identity, entitlement), std::move(accounts)});
  }
  sort_by(result.entitlements, [](const AccessEntry& e) { return e.entitlement_id; });

  auto scratch = index.make_entitlement_scratch();
  std::vector<EntitlementId> expected;
  index.expected_access(identity, scratch, expected);
  for (EntitlementId entitlement : expected)
    if (!via.count(entitlement)) result.missing.push_back(str(g.entitlement_ids.name(entitlement)));
  std::sort(result.missing.begin(), result.missing.end());
  return result;
}

WhoHasResult list_holders(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  // Groups holding it: those granted it, and every group nested in them, downwards.
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
  std::sort(accounts.begin(), accounts.end());
  accounts.erase(std::unique(accounts.begin(), accounts.end()), accounts.end());

  std::map<IdentityId, std::vector<std::string>> holders;
  for (AccountId account : accounts) {
    const AccountRecord& record = g.accounts[account.value];
    if (record.enabled() && record.identity.valid())
      holders[record.identity].push_back(str(g.account_ids.name(account)));
  }
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
