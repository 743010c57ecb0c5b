// Actual access as mining matrices (engine/batch/bundle_access.hpp).
#include "engine/batch/bundle_access.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "engine/closure/marked_union.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {

using mining::AccessMatrix;

BundleAccess bundle_access(const Engine& engine) {
  const VersionState& state = state_of(engine);
  const Graph& g = state.graph;
  const AccessIndex& index = *state.index;
  BundleAccess access;
  for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
    if (g.identities[i].status != IdentityStatus::kTerminated) access.identities.push_back(IdentityId(i));
  }
  const std::size_t n = access.identities.size();
  std::vector<std::vector<std::uint32_t>> held(n), unjustified(n);
  struct Scratch {
    MarkedUnion<EntitlementId> actual, expected;
    std::vector<EntitlementId> out;
  };
  tbb::enumerable_thread_specific<Scratch> scratch(
      [&] { return Scratch{index.make_entitlement_scratch(), index.make_entitlement_scratch(), {}}; });
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, 1024), [&](const auto& range) {
    Scratch& s = scratch.local();
    for (std::size_t k = range.begin(); k != range.end(); ++k) {
      const IdentityId identity = access.identities[k];
      index.actual_access(identity, s.actual, s.out);
      s.expected.begin();
      index.add_expected_access(identity, s.expected);
      for (const EntitlementId e : s.out) {
        held[k].push_back(e.value);
        if (!s.expected.contains(e)) unjustified[k].push_back(e.value);
      }
    }
  });
  const auto entitlements = static_cast<std::uint32_t>(g.entitlement_count());
  access.held = AccessMatrix::from_rows(entitlements, std::move(held));
  access.unjustified = AccessMatrix::from_rows(entitlements, std::move(unjustified));
  return access;
}

}  // namespace accessgraph
