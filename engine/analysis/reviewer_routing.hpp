#pragma once
// Who reviews what (SPEC section 4). Access of an identity goes to its manager (for a
// non-human identity, its owner); failing that, the entitlement's owner; failing that,
// the owner of the entitlement's system. Accounts without an accountable identity
// (orphans, dormant accounts) go to their system's owner.
//
// "Failing" also covers a reviewer who cannot act: one who is terminated, or the
// identity itself (nobody certifies their own access).
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {

class ReviewerRouting {
 public:
  explicit ReviewerRouting(const Graph& graph) : graph_(graph) {}

  // Invalid when nobody qualifies.
  IdentityId for_access(IdentityId identity, EntitlementId entitlement) const;
  // For loops over pairs in random order: once the identity's record is in cache,
  // starts fetching the record for_access reads next (the manager's or owner's).
  void prefetch_for_access(IdentityId identity) const;
  // The system's owner or, when the owner cannot act, the owner's manager.
  IdentityId for_system(SystemId system) const;
  // For a non-human identity without an owner: the owners of the systems of its
  // accounts (each once, by dense id).
  std::vector<IdentityId> for_ownerless(IdentityId identity) const;

 private:
  bool can_review(IdentityId reviewer, IdentityId subject) const;

  const Graph& graph_;
};

}  // namespace accessgraph
