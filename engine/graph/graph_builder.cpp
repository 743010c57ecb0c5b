#include "engine/graph/graph_builder.hpp"

#include <tbb/parallel_invoke.h>

namespace accessgraph {
namespace {

template <class From, class To>
Csr<From, To> set_relation(std::size_t node_count, std::vector<std::pair<From, To>>& pairs) {
  auto csr = Csr<From, To>::from_pairs(node_count, pairs);
  std::vector<std::pair<From, To>>().swap(pairs);
  return csr;
}

template <class From, class Row>
Csr<From, Row> record_relation(std::size_t node_count, std::vector<std::pair<From, Row>>& rows) {
  auto csr = Csr<From, Row>::from_rows(node_count, rows);
  std::vector<std::pair<From, Row>>().swap(rows);
  return csr;
}

}  // namespace

Graph GraphBuilder::build() {
  Graph& g = graph;
  const std::size_t identities = g.identities.size(), accounts = g.accounts.size(),
                    groups = g.groups.size(), entitlements = g.entitlements.size(),
                    roles = g.roles.size();

  std::vector<std::pair<IdentityId, AccountId>> owned_accounts;
  for (std::uint32_t a = 0; a < accounts; ++a)
    if (g.accounts[a].identity.valid()) owned_accounts.emplace_back(g.accounts[a].identity, AccountId(a));

  tbb::parallel_invoke(
      [&] {
        g.account_groups = set_relation(accounts, account_memberships);
        g.group_member_accounts = g.account_groups.reversed(groups);
      },
      [&] {
        g.group_parents = set_relation(groups, group_nesting);
        g.group_member_groups = g.group_parents.reversed(groups);
      },
      [&] {
        g.group_entitlements = set_relation(groups, group_grants);
        g.entitlement_groups = g.group_entitlements.reversed(entitlements);
      },
      [&] {
        g.account_entitlements = set_relation(accounts, account_grants);
        g.entitlement_accounts = g.account_entitlements.reversed(entitlements);
      },
      [&] {
        g.role_includes = set_relation(roles, role_includes);
        g.role_included_by = g.role_includes.reversed(roles);
        g.role_entitlements = set_relation(roles, role_entitlement_grants);
        g.role_groups = set_relation(roles, role_group_grants);
      },
      [&] {
        g.identity_accounts = set_relation(identities, owned_accounts);
        g.identity_assignments = record_relation(identities, role_assignments);
        g.identity_role_history = record_relation(identities, role_history);
        g.account_usage = record_relation(accounts, usage);
      });
  return std::move(graph);
}

}  // namespace accessgraph
