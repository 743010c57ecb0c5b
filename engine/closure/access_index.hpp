#pragma once
// Derived access at one as-of date (SPEC section 2), built once per graph version:
//
//   group_access(g)  entitlements granted to g or any group g is nested in
//   role_access(r)   entitlements r grants directly, through its groups, or through
//                    the roles it includes (transitively)
//   held_roles(i)    roles i holds directly at as_of: valid assignments and matching
//                    birthright rules; none when terminated
//
// An identity's actual and expected access are unions of these few shared sets, so
// they are as cheap to materialise for everyone (analyze) as for one (a query).
#include <memory>
#include <span>
#include <vector>

#include "core/common/date.hpp"
#include "engine/closure/birthright_index.hpp"
#include "engine/closure/marked_union.hpp"
#include "engine/closure/set_propagation.hpp"
#include "core/graph/graph.hpp"

namespace accessgraph {

class AccessIndex {
 public:
  AccessIndex(const Graph& graph, Date as_of);

  // The index of a later version of the graph in which only `changed` identities'
  // rows differ (lifecycle events never change groups, roles or rules): the shared
  // closures are kept, and only those identities' held roles are recomputed.
  AccessIndex rebased(const Graph& next, std::span<const IdentityId> changed) const;
  // The index of `next` at another date, for questions about `identities` only: the
  // closures are shared and only their held roles are computed (history replays one
  // identity and asks about it alone).
  AccessIndex for_identities(const Graph& next, std::span<const IdentityId> identities, Date as_of) const;

  // Roles the identity would hold directly with these attributes and assignments.
  std::vector<RoleId> compute_held_roles(const IdentityRecord& identity,
                                         std::span<const RoleAssignment> assignments) const;

  const Graph& graph() const { return *graph_; }
  Date as_of() const { return as_of_; }

  std::span<const EntitlementId> group_access(GroupId group) const { return group_access_->of(group.value); }
  std::span<const EntitlementId> role_access(RoleId role) const { return role_access_->of(role.value); }
  // Every role held by holding `role`, itself included.
  std::span<const RoleId> role_closure(RoleId role) const { return role_closure_->of(role.value); }
  std::span<const RoleId> held_roles(IdentityId identity) const { return held_roles_[identity]; }
  bool birthright_matches(const BirthrightRule& rule, const IdentityRecord& identity) const {
    return BirthrightIndex::matches(rule, identity);
  }
  // The roles birthright rules give these attributes (sorted, unique; none when terminated).
  std::vector<RoleId> birthright_roles(const IdentityRecord& identity) const;
  const BirthrightIndex& birthright_index() const { return *birthright_; }

  // Point questions, without materialising any set.
  bool account_holds(AccountId account, EntitlementId entitlement) const;
  bool has(IdentityId identity, EntitlementId entitlement) const;
  bool expects(IdentityId identity, EntitlementId entitlement) const;

  // Whole sets into `out` (cleared first), sorted by dense id.
  void actual_access(IdentityId identity, MarkedUnion<EntitlementId>& scratch,
                     std::vector<EntitlementId>& out) const;
  void expected_access(IdentityId identity, MarkedUnion<EntitlementId>& scratch,
                       std::vector<EntitlementId>& out) const;
  // Adds the sets to a union in progress (the caller calls begin()).
  void add_actual_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const;
  void add_expected_access(IdentityId identity, MarkedUnion<EntitlementId>& set) const;

  MarkedUnion<EntitlementId> make_entitlement_scratch() const {
    return MarkedUnion<EntitlementId>(graph_->entitlement_count());
  }

  std::size_t group_components() const { return group_access_->sets.set_count(); }
  std::size_t role_components() const { return role_access_->sets.set_count(); }

 private:
  const Graph* graph_;
  Date as_of_;
  // Shared by every version derived with rebased().
  std::shared_ptr<const ComponentSets<EntitlementId>> group_access_;
  std::shared_ptr<const ComponentSets<EntitlementId>> role_access_;
  std::shared_ptr<const ComponentSets<RoleId>> role_closure_;
  std::shared_ptr<const BirthrightIndex> birthright_;
  PatchedCsr<IdentityId, RoleId> held_roles_;
};

}  // namespace accessgraph
