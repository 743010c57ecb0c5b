#include "core/graph/graph_builder.hpp"

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
  const std::size_t identity_count = identities.size(), account_count = accounts.size(),
                    group_count = groups.size(), entitlement_count = entitlements.size(),
                    role_count = roles.size();

  std::vector<std::pair<IdentityId, AccountId>> owned_accounts;
  for (std::uint32_t a = 0; a < account_count; ++a)
    if (accounts[a].identity.valid()) owned_accounts.emplace_back(accounts[a].identity, AccountId(a));

  tbb::parallel_invoke(
      [&] {
        auto memberships = set_relation(account_count, account_memberships);
        g.group_member_accounts = memberships.reversed(group_count);
        g.account_groups = PatchedCsr(std::move(memberships));
      },
      [&] {
        g.group_parents = set_relation(group_count, group_nesting);
        g.group_member_groups = g.group_parents.reversed(group_count);
      },
      [&] {
        g.group_entitlements = set_relation(group_count, group_grants);
        g.entitlement_groups = g.group_entitlements.reversed(entitlement_count);
      },
      [&] {
        auto rows = set_relation(account_count, account_grants);
        std::vector<std::pair<AccountId, EntitlementId>> pairs;
        for (std::uint32_t a = 0; a < account_count; ++a)
          for (const AccountGrant& grant : rows[AccountId(a)]) pairs.emplace_back(AccountId(a), grant.entitlement);
        auto grants = Csr<AccountId, EntitlementId>::from_rows(account_count, pairs);  // already sorted, unique
        g.entitlement_accounts = grants.reversed(entitlement_count);
        g.account_entitlements = PatchedCsr(std::move(grants));
        g.account_grant_rows = PatchedCsr(std::move(rows));
      },
      [&] {
        g.role_includes = set_relation(role_count, role_includes);
        g.role_included_by = g.role_includes.reversed(role_count);
        g.role_entitlements = set_relation(role_count, role_entitlement_grants);
        g.role_groups = set_relation(role_count, role_group_grants);
      },
      [&] {
        g.identity_accounts = PatchedCsr(set_relation(identity_count, owned_accounts));
        g.identity_assignments = PatchedCsr(record_relation(identity_count, role_assignments));
        g.identity_role_history = record_relation(identity_count, role_history);
        g.account_usage = record_relation(account_count, usage);
      },
      [&] {
        g.identities = PersistentVector(identities);
        g.systems = PersistentVector(systems);
        g.accounts = PersistentVector(accounts);
        g.groups = PersistentVector(groups);
        g.entitlements = PersistentVector(entitlements);
        g.roles = PersistentVector(roles);
        g.sod_rules = PersistentVector(sod_rules);
        g.birthright_rules = PersistentVector(birthright_rules);
      });
  g.identity_ids.freeze();
  g.system_ids.freeze();
  g.account_ids.freeze();
  g.group_ids.freeze();
  g.entitlement_ids.freeze();
  g.role_ids.freeze();
  g.sod_rule_ids.freeze();
  g.birthright_rule_ids.freeze();
  g.attribute_values.freeze();
  return std::move(graph);
}

}  // namespace accessgraph
