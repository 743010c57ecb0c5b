#include "engine/closure/access_index.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <utility>

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

std::uint64_t AccessIndex::closure_budget(const Graph& graph) {
  const std::uint64_t input = graph.identity_count() + graph.accounts.size() + graph.groups.size() +
                              graph.roles.size() + graph.entitlement_count() + graph.group_parents.edge_count() +
                              graph.group_entitlements.edge_count() + graph.role_includes.edge_count() +
                              graph.role_entitlements.edge_count() + graph.role_groups.edge_count();
  return std::max(kMinClosureBudget, kClosureBudgetPerInputItem * input);
}

AccessIndex::AccessIndex(const Graph& graph, Date as_of) : AccessIndex(graph, as_of, closure_budget(graph)) {}

AccessIndex::AccessIndex(const Graph& graph, Date as_of, std::uint64_t budget) : graph_(&graph), as_of_(as_of) {
  const std::size_t entitlements = graph.entitlement_count();
  auto no_links = [](std::uint32_t, std::vector<std::uint32_t>&) {};

  // A group holds what it is granted and what the groups it is nested in hold.
  const Condensation groups = condense(graph.groups.size(), dependency_edges(graph.group_parents));
  group_access_ = std::make_shared<const ClosureDag<EntitlementId>>(
      groups, entitlements,
      [&](std::uint32_t group, MarkedUnion<EntitlementId>& set) {
        set.add_all(graph.group_entitlements[GroupId(group)]);
      },
      nullptr, no_links, budget);

  // A role grants its entitlements, its groups' access, and its included roles' grants.
  const Condensation roles = condense(graph.roles.size(), dependency_edges(graph.role_includes));
  role_access_ = std::make_shared<const ClosureDag<EntitlementId>>(
      roles, entitlements,
      [&](std::uint32_t role, MarkedUnion<EntitlementId>& set) { set.add_all(graph.role_entitlements[RoleId(role)]); },
      group_access_,
      [&](std::uint32_t role, std::vector<std::uint32_t>& groups) {
        for (GroupId group : graph.role_groups[RoleId(role)]) groups.push_back(group.value);
      },
      budget);
  role_closure_ = std::make_shared<const ClosureDag<RoleId>>(
      roles, graph.roles.size(), [](std::uint32_t role, MarkedUnion<RoleId>& set) { set.add(RoleId(role)); }, nullptr,
      no_links, budget);
  entitlement_roles_ = graph.role_entitlements.reversed(entitlements);
  group_roles_ = graph.role_groups.reversed(graph.groups.size());

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
  return group_access_->any_contains(graph_->account_groups[account], entitlement);
}

bool AccessIndex::has(IdentityId identity, EntitlementId entitlement) const {
  for (AccountId account : graph_->identity_accounts[identity])
    if (account_holds(account, entitlement)) return true;
  return false;
}

bool AccessIndex::expects(IdentityId identity, EntitlementId entitlement) const {
  return role_access_->any_contains(held_roles(identity), entitlement);
}

void AccessIndex::add_actual_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const {
  for (AccountId account : graph_->identity_accounts[identity]) {
    if (!graph_->accounts[account.value].enabled()) continue;
    set.add_all(graph_->account_entitlements[account]);
    for (GroupId group : graph_->account_groups[account]) group_access_->add_to(group.value, set);
  }
}

void AccessIndex::add_expected_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const {
  for (RoleId role : held_roles(identity)) role_access_->add_to(role.value, set);
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

bool AccessIndex::Reach::group(GroupId group) {
  const ClosureDag<EntitlementId>& closure = *index_->group_access_;
  if (closure.materialised(group.value)) return closure.contains(group.value, entitlement_);
  if (groups_.empty()) walk_back();
  return groups_[group.value] != 0;
}

bool AccessIndex::Reach::role(RoleId role) {
  const ClosureDag<EntitlementId>& closure = *index_->role_access_;
  if (closure.materialised(role.value)) return closure.contains(role.value, entitlement_);
  if (roles_.empty()) walk_back();
  return roles_[role.value] != 0;
}

// Groups granted the entitlement and every group nested in them (down the members);
// roles granting it or one of those groups, and every role including them.
void AccessIndex::Reach::walk_back() {
  const Graph& g = index_->graph();
  groups_.assign(g.groups.size(), 0);
  roles_.assign(g.roles.size(), 0);
  std::vector<GroupId> groups;
  for (GroupId group : g.entitlement_groups[entitlement_])
    if (!std::exchange(groups_[group.value], 1)) groups.push_back(group);
  for (std::size_t next = 0; next < groups.size(); ++next)
    for (GroupId member : g.group_member_groups[groups[next]])
      if (!std::exchange(groups_[member.value], 1)) groups.push_back(member);
  std::vector<RoleId> roles;
  auto reached = [&](RoleId role) {
    if (!std::exchange(roles_[role.value], 1)) roles.push_back(role);
  };
  for (RoleId role : index_->entitlement_roles_[entitlement_]) reached(role);
  for (GroupId group : groups)
    for (RoleId role : index_->group_roles_[group]) reached(role);
  for (std::size_t next = 0; next < roles.size(); ++next)
    for (RoleId including : g.role_included_by[roles[next]]) reached(including);
}

}  // namespace accessgraph
