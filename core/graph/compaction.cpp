#include "core/graph/compaction.hpp"

#include <tbb/parallel_invoke.h>

namespace accessgraph {

Graph compacted(const Graph& graph) {
  Graph out = graph;  // records and untouched relations are shared, not copied;
                        // flattened() of an unpatched relation is its shared base
  out.identity_ids.freeze();
  out.account_ids.freeze();
  out.attribute_values.freeze();
  out.role_ids.freeze();
  out.system_ids.freeze();
  out.group_ids.freeze();
  out.entitlement_ids.freeze();
  out.sod_rule_ids.freeze();
  out.birthright_rule_ids.freeze();
  const bool memberships_patched = !graph.account_groups.patched_rows().empty();
  const bool grants_patched = !graph.account_entitlements.patched_rows().empty();
  tbb::parallel_invoke(
      [&] {
        if (!memberships_patched) return;
        auto memberships = graph.account_groups.flattened();
        out.group_member_accounts = memberships.reversed(graph.groups.size());
        out.account_groups = PatchedCsr(std::move(memberships));
      },
      [&] {
        if (!grants_patched) return;
        auto grants = graph.account_entitlements.flattened();
        out.entitlement_accounts = grants.reversed(graph.entitlements.size());
        out.account_entitlements = PatchedCsr(std::move(grants));
      },
      [&] { out.account_grant_rows = PatchedCsr(graph.account_grant_rows.flattened()); },
      [&] {
        out.identity_accounts = PatchedCsr(graph.identity_accounts.flattened());
        out.identity_assignments = PatchedCsr(graph.identity_assignments.flattened());
      });
  return out;
}

}  // namespace accessgraph
