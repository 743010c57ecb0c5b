#pragma once
// Collects what a loader read -- node records in `graph`, relations as edge lists --
// and turns the edge lists into CSR adjacency in both directions.
#include <utility>
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {

class GraphBuilder {
 public:
  Graph graph;  // id tables, filled by the loader

  // Node records by dense id, filled by the loader.
  std::vector<IdentityRecord> identities;
  std::vector<SystemRecord> systems;
  std::vector<AccountRecord> accounts;
  std::vector<GroupRecord> groups;
  std::vector<EntitlementRecord> entitlements;
  std::vector<RoleRecord> roles;
  std::vector<SodRule> sod_rules;
  std::vector<BirthrightRule> birthright_rules;

  std::vector<std::pair<AccountId, GroupId>> account_memberships;
  std::vector<std::pair<GroupId, GroupId>> group_nesting;  // (member group, parent group)
  std::vector<std::pair<GroupId, EntitlementId>> group_grants;
  std::vector<std::pair<AccountId, AccountGrant>> account_grants;
  std::vector<std::pair<RoleId, RoleId>> role_includes;  // (role, included role)
  std::vector<std::pair<RoleId, EntitlementId>> role_entitlement_grants;
  std::vector<std::pair<RoleId, GroupId>> role_group_grants;
  std::vector<std::pair<IdentityId, RoleAssignment>> role_assignments;
  std::vector<std::pair<IdentityId, RoleHistoryRecord>> role_history;
  std::vector<std::pair<AccountId, UsageRecord>> usage;

  // Builds every CSR (in parallel) and returns the finished graph; the builder is
  // left empty.
  Graph build();
};

}  // namespace accessgraph
