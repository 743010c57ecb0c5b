#pragma once
// The HTML report's numbers (include/accessgraph/report.hpp) gathered while findings and
// risk scores stream past: the writers of findings.csv and risk.csv (or the report's
// own passes) hand every finding and scored pair to add_finding / add_score from their
// worker threads; finish() merges the per-thread parts and names the top-N rows. What
// is kept is bounded: counters per identity, entitlement and department, and the top
// rows of each table, never the findings or pairs themselves.
#include <tbb/enumerable_thread_specific.h>

#include <vector>

#include "accessgraph/report.hpp"
#include "engine/analysis/findings.hpp"
#include "engine/analysis/reviewer_routing.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/closure/materialized_access.hpp"

namespace accessgraph {

class ReportAggregates {
 public:
  ReportAggregates(const Graph& graph, ReportLimits limits);

  // Thread-safe, with one condition: the findings (and the scored pairs) of one
  // identity come from one thread, as every per-identity pass of the engine does.
  void add_finding(const FindingRecord& finding);
  void add_score(const ScoredAccess& scored);

  // `access`: every identity's actual access with its justified flags. `routing`: the
  // reviewers of the riskiest pairs. `scored`: whether add_score saw every pair.
  ReportData finish(const MaterializedAccess& access, const ReviewerRouting& routing, bool scored) const;

 private:
  struct KeptFinding {
    std::uint32_t subject;
    std::string_view related, detail;
  };
  struct KeptPair {
    IdentityId identity;
    EntitlementId entitlement;
    std::uint16_t score_centi;
    Recommendation recommendation;
  };
  // One worker thread's part.
  struct Local {
    std::array<std::uint64_t, kFindingTypeNames.size()> finding_counts{};
    std::array<std::vector<KeptFinding>, kFindingTypeNames.size()> kept_findings;
    std::vector<std::uint64_t> histogram;
    std::vector<std::uint32_t> entitlement_pairs, entitlement_high;
    std::vector<std::uint64_t> entitlement_score_sum;  // in hundredths
    std::vector<KeptPair> pairs;
  };

  Local& local() const;
  ReportFindingList finding_list(FindingType type, const std::vector<Local*>& locals) const;

  const Graph& graph_;
  ReportLimits limits_;
  // Per identity, each written only by the thread handling that identity.
  std::vector<std::uint16_t> identity_max_score_;
  std::vector<std::uint32_t> identity_pairs_, identity_high_, identity_outliers_, identity_unjustified_;
  mutable tbb::enumerable_thread_specific<Local> locals_;
};

// A graph's entity shown in the report: its id and its display name.
NamedId named_identity(const Graph& graph, IdentityId identity);

}  // namespace accessgraph
