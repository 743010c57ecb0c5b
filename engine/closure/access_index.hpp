#pragma once
// Derived access at one as-of date (SPEC section 2), built once per graph version:
//
//   group_access(g)  entitlements granted to g or any group g is nested in
//   role_access(r)   entitlements r grants directly, through its groups, or through
//                    the roles it includes (transitively)
//   role_closure(r)  r and every role it includes (transitively)
//   held_roles(i)    roles i holds directly at as_of: valid assignments and matching
//                    birthright rules; none when terminated
//
// An identity's actual and expected access are unions of these few shared sets, so
// they are as cheap to materialise for everyone (analyze) as for one (a query).
//
// The closures are ClosureDags (closure_dag.hpp): one fragment per strongly connected
// component, each set stored while a budget linear in the graph's size lasts (every
// set of an ordinary bundle), the rest computed on demand from the fragments. So memory
// stays linear in the input for deep chains too; a set that is computed on demand is
// owned by the ClosureSet returned, and costs a walk of the fragments below it. Prefer
// add_group_access/add_role_access into a union in progress, and reach() to ask about
// many groups or roles and one entitlement.
#include <memory>
#include <span>
#include <vector>

#include "core/common/date.hpp"
#include "core/graph/graph.hpp"
#include "engine/closure/birthright_index.hpp"
#include "engine/closure/closure_dag.hpp"
#include "engine/closure/closure_set.hpp"
#include "engine/closure/marked_union.hpp"

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

  ClosureSet<EntitlementId> group_access(GroupId group) const { return group_access_->set_of(group.value); }
  ClosureSet<EntitlementId> role_access(RoleId role) const { return role_access_->set_of(role.value); }
  // Every role held by holding `role`, itself included.
  ClosureSet<RoleId> role_closure(RoleId role) const { return role_closure_->set_of(role.value); }
  // The same sets added to a union in progress (the caller calls begin()).
  void add_group_access(GroupId group, MarkedUnion<EntitlementId>& set) const {
    group_access_->add_to(group.value, set);
  }
  void add_role_access(RoleId role, MarkedUnion<EntitlementId>& set) const { role_access_->add_to(role.value, set); }
  bool group_grants(GroupId group, EntitlementId entitlement) const {
    return group_access_->contains(group.value, entitlement);
  }
  bool role_grants(RoleId role, EntitlementId entitlement) const {
    return role_access_->contains(role.value, entitlement);
  }

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

  // Whether group_access(g) or role_access(r) holds one entitlement, for many g and r
  // (explain, who-has): a stored set is searched; the first question about a set that
  // is not stored walks back once from the entitlement's grants and answers the rest
  // from that. Not thread-safe; one per query.
  class Reach {
   public:
    bool group(GroupId group);
    bool role(RoleId role);

   private:
    friend class AccessIndex;
    Reach(const AccessIndex& index, EntitlementId entitlement) : index_(&index), entitlement_(entitlement) {}
    void walk_back();
    const AccessIndex* index_;
    EntitlementId entitlement_;
    std::vector<std::uint8_t> groups_, roles_;  // empty until walk_back()
  };
  Reach reach(EntitlementId entitlement) const { return Reach(*this, entitlement); }

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

  std::size_t group_components() const { return group_access_->component_count(); }
  std::size_t role_components() const { return role_access_->component_count(); }

  // What the closures keep (benchmarks, tests): stored sets and their elements.
  struct ClosureFootprint {
    std::size_t components = 0, materialised = 0;
    std::uint64_t stored_elements = 0;
  };
  ClosureFootprint group_access_footprint() const { return footprint(*group_access_); }
  ClosureFootprint role_access_footprint() const { return footprint(*role_access_); }
  ClosureFootprint role_closure_footprint() const { return footprint(*role_closure_); }

  // Elements each closure may store: a multiple of the graph's size (ordinary bundles
  // need a fraction of it), and at least kMinClosureBudget.
  static std::uint64_t closure_budget(const Graph& graph);
  static constexpr std::uint64_t kClosureBudgetPerInputItem = 4;
  static constexpr std::uint64_t kMinClosureBudget = std::uint64_t{1} << 22;

  // For tests: closures built with this budget instead of closure_budget(graph).
  AccessIndex(const Graph& graph, Date as_of, std::uint64_t closure_budget);

 private:
  template <class T>
  static ClosureFootprint footprint(const ClosureDag<T>& dag) {
    return {dag.component_count(), dag.materialised_count(), dag.stored_elements()};
  }

  const Graph* graph_;
  Date as_of_;
  // Shared by every version derived with rebased().
  std::shared_ptr<const ClosureDag<EntitlementId>> group_access_;
  std::shared_ptr<const ClosureDag<EntitlementId>> role_access_;  // links into group_access_
  std::shared_ptr<const ClosureDag<RoleId>> role_closure_;
  std::shared_ptr<const BirthrightIndex> birthright_;
  // Who grants what, read backwards (Reach): the roles granting an entitlement or a group.
  Csr<EntitlementId, RoleId> entitlement_roles_;
  Csr<GroupId, RoleId> group_roles_;
  PatchedCsr<IdentityId, RoleId> held_roles_;
};

}  // namespace accessgraph
