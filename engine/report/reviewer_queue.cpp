#include "engine/report/reviewer_queue.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <string>
#include <tuple>

#include "engine/report/output_order.hpp"

namespace accessgraph {

std::vector<ScoredAccess> reviewer_queue(const RiskModel& model, IdentityId reviewer) {
  const Graph& g = model.index().graph();
  const ReviewerRouting& routing = model.reviewers();
  // The accountable person (manager, or owner for a non-human identity) takes every
  // pair of an identity when they can act: such identities are skipped unless they
  // are the reviewer, and only the rest are scored.
  std::vector<IdentityId> candidates;
  for (std::uint32_t i = 0; i < g.identity_ids.size(); ++i) {
    const IdentityId subject(i);
    const IdentityRecord& record = g.identities[i];
    const IdentityId accountable = is_non_human(record.kind) ? record.owner : record.manager;
    const bool routed_whole = g.entitlement_ids.size() > 0 && accountable.valid() &&
                              routing.for_access(subject, EntitlementId(0)) == accountable;
    if (!routed_whole || accountable == reviewer) candidates.push_back(subject);
  }
  tbb::enumerable_thread_specific<std::vector<ScoredAccess>> found;
  tbb::enumerable_thread_specific<RiskModel::Scratch> scratch([&] { return model.make_scratch(); });
  tbb::parallel_for(std::size_t{0}, candidates.size(), [&](std::size_t c) {
    model.score_identity(candidates[c], scratch.local(), [&](const ScoredAccess& scored) {
      if (routing.for_access(scored.identity, scored.entitlement) == reviewer) found.local().push_back(scored);
    });
  });
  struct Keyed {
    ScoredAccess scored;
    std::string identity_key, entitlement_key;
  };
  std::vector<Keyed> rows;
  for (const auto& local : found)
    for (const ScoredAccess& scored : local)
      rows.push_back({scored, csv_sort_key(g.identity_ids.name(scored.identity)),
                      csv_sort_key(g.entitlement_ids.name(scored.entitlement))});
  std::sort(rows.begin(), rows.end(), [](const Keyed& a, const Keyed& b) {
    if (a.scored.score_centi != b.scored.score_centi) return a.scored.score_centi > b.scored.score_centi;
    return std::tie(a.identity_key, a.entitlement_key) < std::tie(b.identity_key, b.entitlement_key);
  });
  std::vector<ScoredAccess> queue;
  queue.reserve(rows.size());
  for (const Keyed& row : rows) queue.push_back(row.scored);
  return queue;
}

}  // namespace accessgraph
