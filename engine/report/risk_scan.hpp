#pragma once
// One parallel scoring pass over every identity, shared by risk.csv and the
// recertification campaign: blocks of identities in CSV output order, each
// identity's pairs in entitlement CSV order, so that a stable regrouping (by score,
// by reviewer) keeps identity-then-entitlement order within each group for free.
#include <absl/functional/function_ref.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "core/common/progress.hpp"
#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

struct RiskScan {
  std::vector<std::vector<ScoredAccess>> blocks;  // in output order
  std::vector<std::uint32_t> identity_rank;       // position of each identity in output order
  std::vector<std::uint32_t> entitlement_rank;    // position of each entitlement in output order
  std::uint64_t rows = 0;    // kept
  std::uint64_t scored = 0;  // every actual pair, kept or not
  // Rows numbered across blocks: block b holds rows first_row[b] .. first_row[b + 1].
  std::vector<std::uint64_t> first_row;

  const ScoredAccess& row(std::uint64_t global) const {
    const auto b = static_cast<std::size_t>(std::upper_bound(first_row.begin(), first_row.end(), global) -
                                            first_row.begin() - 1);
    return blocks[b][global - first_row[b]];
  }
};

// Keeps the pairs for which `keep` is true.
// `progress`: a "risk_score" phase over identities (null: silent).
RiskScan scan_risk(const RiskModel& model, absl::FunctionRef<bool(const ScoredAccess&)> keep,
                   Progress* progress = nullptr);

// The pair's factors text, as risk.csv and the queues print it.
void append_factors(std::string& out, const RiskModel& model, const ScoredAccess& scored);
// "12.34": the score in hundredths, printed exactly.
void append_score(std::string& out, std::uint16_t score_centi);

}  // namespace accessgraph
