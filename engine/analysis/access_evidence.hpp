#pragma once
// An identity's actual access (SPEC section 2) together with how each entitlement is
// held, for the risk factors: through a privileged account, only by direct grants,
// when it was last used (usage.csv), when the accounts giving it were last used.
#include <vector>

#include "engine/closure/access_index.hpp"

namespace accessgraph {

struct HeldEvidence {
  bool privileged = false;  // some enabled account giving it is privileged
  bool via_group = false;   // some account holds it through a group
  Date last_used;           // latest usage.csv date over the accounts giving it; absent = unknown
  Date account_last_used;   // latest activity over the accounts giving it: last_used, or created if never used
  bool account_use_unknown = false;  // some account giving it has neither date

  bool direct_grant_only() const { return !via_group; }
};

class AccessEvidence {
 public:
  explicit AccessEvidence(const AccessIndex& index) : index_(index) {}

  // Per-thread working set: the actual set and, for each entitlement in it, its evidence.
  struct Scratch {
    MarkedUnion<EntitlementId> actual;
    std::vector<HeldEvidence> evidence;  // by entitlement; valid where actual contains it
  };
  Scratch make_scratch() const;

  // Fills scratch.actual with the identity's actual access and scratch.evidence for it.
  void collect(IdentityId identity, Scratch& scratch) const;

 private:
  const AccessIndex& index_;
};

}  // namespace accessgraph
