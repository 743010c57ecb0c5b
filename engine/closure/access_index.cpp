#include "engine/closure/access_index.hpp"

#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

namespace accessgraph {
namespace {

template <class From, class To>
std::vector<std::pair<std::uint32_t, std::uint32_t>> dependency_edges(const Csr<From, To>& relation) {
  std::vector<std::pair<std::uint32_t, std::uint32_t>> edges;
  edges.reserve(relation.edge_count());
  for (std::uint32_t node = 0; node < relation.node_count(); ++node)
    for (To dependency : relation[From(node)]) edges.emplace_back(node, dependency.value);
  return edges;
}

}  // namespace

AccessIndex::AccessIndex(const Graph& graph, Date as_of) : graph_(&graph), as_of_(as_of) {
  const std::size_t entitlements = graph.entitlement_count();

  // A group holds what it is granted and what the groups it is nested in hold.
  Condensation groups = condense(graph.groups.size(), dependency_edges(graph.group_parents));
  group_access_ = std::make_shared<const ComponentSets<EntitlementId>>(propagate_sets<EntitlementId>(
      groups, entitlements, [&](std::uint32_t group, MarkedUnion<EntitlementId>& set) {
        set.add_all(graph.group_entitlements[GroupId(group)]);
      }));

  // A role grants its entitlements, its groups' access, and its included roles' grants.
  Condensation roles = condense(graph.roles.size(), dependency_edges(graph.role_includes));
  role_access_ = std::make_shared<const ComponentSets<EntitlementId>>(propagate_sets<EntitlementId>(
      roles, entitlements, [&](std::uint32_t role, MarkedUnion<EntitlementId>& set) {
        set.add_all(graph.role_entitlements[RoleId(role)]);
        for (GroupId group : graph.role_groups[RoleId(role)]) set.add_all(group_access(group));
      }));
  role_closure_ = std::make_shared<const ComponentSets<RoleId>>(propagate_sets<RoleId>(
      roles, graph.roles.size(),
      [](std::uint32_t role, MarkedUnion<RoleId>& set) { set.add(RoleId(role)); }));

  birthright_ = std::make_shared<const BirthrightIndex>(graph);

  // Directly held roles, per identity, in parallel; chunks keep identity order.
  const std::size_t identity_count = graph.identity_count();
  constexpr std::size_t kBlock = 4096;
  std::vector<std::vector<std::pair<IdentityId, RoleId>>> blocks((identity_count + kBlock - 1) / kBlock);
  tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
    for (std::size_t i = b * kBlock; i < std::min(identity_count, (b + 1) * kBlock); ++i) {
      const IdentityId identity(static_cast<std::uint32_t>(i));
      for (RoleId role : compute_held_roles(graph.identities[i], graph.identity_assignments[identity]))
        blocks[b].emplace_back(identity, role);
    }
  });
  std::vector<std::pair<IdentityId, RoleId>> pairs;
  for (auto& block : blocks) pairs.insert(pairs.end(), block.begin(), block.end());
  held_roles_ = PatchedCsr(Csr<IdentityId, RoleId>::from_rows(identity_count, pairs));
}

std::vector<RoleId> AccessIndex::compute_held_roles(const IdentityRecord& identity,
                                                    std::span<const RoleAssignment> assignments) const {
  std::vector<RoleId> held;
  if (identity.status == IdentityStatus::kTerminated) return held;
  for (const RoleAssignment& assignment : assignments)
    if (assignment.valid_at(as_of_)) held.push_back(assignment.role);
  birthright_->add_matching_roles(identity, held);
  std::sort(held.begin(), held.end());
  held.erase(std::unique(held.begin(), held.end()), held.end());
  return held;
}

AccessIndex AccessIndex::for_identities(const Graph& next, std::span<const IdentityId> identities, Date as_of) const {
  AccessIndex index = *this;
  index.graph_ = &next;
  index.as_of_ = as_of;
  for (IdentityId identity : identities)
    index.held_roles_.set_row(identity, index.compute_held_roles(next.identities[identity.value],
                                                                 next.identity_assignments[identity]));
  return index;
}

AccessIndex AccessIndex::rebased(const Graph& next, std::span<const IdentityId> changed) const {
  AccessIndex index = *this;
  index.graph_ = &next;
  for (IdentityId identity : changed)
    index.held_roles_.set_row(identity, index.compute_held_roles(next.identities[identity.value],
                                                                 next.identity_assignments[identity]));
  return index;
}

std::vector<RoleId> AccessIndex::birthright_roles(const IdentityRecord& identity) const {
  std::vector<RoleId> roles;
  if (identity.status == IdentityStatus::kTerminated) return roles;
  birthright_->add_matching_roles(identity, roles);
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  return roles;
}

bool AccessIndex::account_holds(AccountId account, EntitlementId entitlement) const {
  if (!graph_->accounts[account.value].enabled()) return false;
  if (graph_->account_entitlements.contains(account, entitlement)) return true;
  for (GroupId group : graph_->account_groups[account])
    if (group_access_->contains(group.value, entitlement)) return true;
  return false;
}

bool AccessIndex::has(IdentityId identity, EntitlementId entitlement) const {
  for (AccountId account : graph_->identity_accounts[identity])
    if (account_holds(account, entitlement)) return true;
  return false;
}

bool AccessIndex::expects(IdentityId identity, EntitlementId entitlement) const {
  for (RoleId role : held_roles(identity))
    if (role_access_->contains(role.value, entitlement)) return true;
  return false;
}

void AccessIndex::add_actual_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const {
  for (AccountId account : graph_->identity_accounts[identity]) {
    if (!graph_->accounts[account.value].enabled()) continue;
    set.add_all(graph_->account_entitlements[account]);
    for (GroupId group : graph_->account_groups[account]) set.add_all(group_access(group));
  }
}

void AccessIndex::add_expected_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const {
  for (RoleId role : held_roles(identity)) set.add_all(role_access(role));
}

void AccessIndex::actual_access(IdentityId identity, MarkedUnion<EntitlementId>& scratch,
                                std::vector<EntitlementId>& out) const {
  scratch.begin();
  add_actual_access(identity, scratch);
  out = scratch.sorted();
}

void AccessIndex::expected_access(IdentityId identity, MarkedUnion<EntitlementId>& scratch,
                                  std::vector<EntitlementId>& out) const {
  scratch.begin();
  add_expected_access(identity, scratch);
  out = scratch.sorted();
}

}  // namespace accessgraph
