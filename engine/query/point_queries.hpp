#pragma once
// The point queries behind Engine: they work on dense ids and turn results into
// external ids at the end.
#include <string_view>
#include <vector>

#include "accessgraph/results.hpp"
#include "engine/closure/access_index.hpp"

namespace accessgraph {

// Resolve external ids; throw NotFoundError.
IdentityId find_identity(const Graph& graph, std::string_view id);
EntitlementId find_entitlement(const Graph& graph, std::string_view id);

CheckResult check_access(const AccessIndex& index, IdentityId identity, EntitlementId entitlement);
AccessResult list_access(const AccessIndex& index, IdentityId identity);
WhoHasResult list_holders(const AccessIndex& index, EntitlementId entitlement);
// Shortest chains (fewest nodes) of actual and of expected access.
ExplainResult explain_access(const AccessIndex& index, IdentityId identity, EntitlementId entitlement);
// Every chain of actual and of expected access, merged into one graph.
AccessPaths explain_all_paths(const AccessIndex& index, IdentityId identity, EntitlementId entitlement);

}  // namespace accessgraph
