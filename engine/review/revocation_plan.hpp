#pragma once
// What revoking a campaign item takes away (SPEC section 9): the direct grants and
// memberships through which the identity holds the entitlement, on every account of
// the identity (a disabled account too, so that enabling it again does not bring the
// access back), and what else the identity loses with those memberships. Account
// items (orphaned, dormant) and ownerless non-human identities: their accounts are
// disabled.
//
// A membership a role provisions comes back when the lifecycle next reconciles the
// identity's roles (a transfer, a return): to end such access for good, change the
// role assignment; docs/review.md says so to reviewers.
#include <string>
#include <vector>

#include "core/schema/hr_event.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/report/campaign_items.hpp"

namespace accessgraph {

struct RevocationPlan {
  std::vector<AccessRemoval> removals;
  std::vector<std::string> also_removed;  // other entitlements the identity loses, sorted
  std::string unapplied;                  // why the lifecycle cannot act (e.g. an orphan account); empty if it can
};

RevocationPlan plan_revocation(const AccessIndex& index, const StoredItem& item);

}  // namespace accessgraph
