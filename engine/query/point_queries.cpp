#include "engine/query/point_queries.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <tuple>
#include <string>

#include "core/common/error.hpp"
#include "engine/query/entitlement_holders.hpp"

namespace accessgraph {
namespace {

std::string str(std::string_view text) { return std::string(text); }

// Sorts by the key unless already in order: dense ids usually follow the byte order
// of the names (generated and exported files are sorted), and then checking costs n
// comparisons instead of n log n. `key` must return a reference, not a copy.
template <class T, class Key>
void sort_by(std::vector<T>& items, Key key) {
  auto less = [&](const T& a, const T& b) { return key(a) < key(b); };
  if (!std::is_sorted(items.begin(), items.end(), less)) std::sort(items.begin(), items.end(), less);
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
    for (AccountId last; i < rows.size() && rows[i].entitlement == entitlement; ++i) {
      if (rows[i].account != last) entry.via.push_back({str(g.account_ids.name(rows[i].account)), false, {}});
      last = rows[i].account;
      if (rows[i].group.valid()) entry.via.back().groups.push_back(str(g.group_ids.name(rows[i].group)));
      else entry.via.back().direct_grant = true;
    }
    for (auto& account : entry.via) sort_by(account.groups, [](const std::string& name) -> const auto& { return name; });
    sort_by(entry.via, [](const AccountVia& a) -> const auto& { return a.account_id; });
    result.entitlements.push_back(std::move(entry));
  }
  sort_by(result.entitlements, [](const AccessEntry& e) -> const auto& { return e.entitlement_id; });
  for (EntitlementId entitlement : expected)
    if (!std::binary_search(rows.begin(), rows.end(), Via{entitlement, AccountId(0), GroupId(0)},
                            [](const Via& a, const Via& b) { return a.entitlement < b.entitlement; }))
      result.missing.push_back(str(g.entitlement_ids.name(entitlement)));
  sort_by(result.missing, [](const std::string& name) -> const auto& { return name; });
  return result;
}

WhoHasResult list_holders(const AccessIndex& index, EntitlementId entitlement) {
  const Graph& g = index.graph();
  const EntitlementHolders holders = find_holders(index, entitlement);
  // Answer order is identity id byte order. Dense ids usually follow it already (the
  // generator and most exports write sorted files), so check before sorting.
  std::vector<std::uint32_t> order(holders.identities.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  auto by_name = [&](std::uint32_t a, std::uint32_t b) {
    return g.identity_ids.name(holders.identities[a]) < g.identity_ids.name(holders.identities[b]);
  };
  if (!std::is_sorted(order.begin(), order.end(), by_name)) std::sort(order.begin(), order.end(), by_name);

  WhoHasResult result;
  result.entitlement = str(g.entitlement_ids.name(entitlement));
  result.identities.resize(order.size());
  // Strings only here, for the answer: in parallel, as there may be a million holders.
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, order.size(), 4096), [&](const auto& range) {
    for (std::size_t k = range.begin(); k != range.end(); ++k) {
      const std::uint32_t h = order[k];
      Holder& holder = result.identities[k];
      holder.identity_id = str(g.identity_ids.name(holders.identities[h]));
      holder.justified = holders.justified[h] != 0;
      for (AccountId account : holders.accounts_of(h)) holder.accounts.push_back(str(g.account_ids.name(account)));
      if (holder.accounts.size() > 1) std::sort(holder.accounts.begin(), holder.accounts.end());
    }
  });
  return result;
}

}  // namespace accessgraph
