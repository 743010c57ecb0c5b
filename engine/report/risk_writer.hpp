#pragma once
// risk.csv (SPEC sections 4 and 5): every actual (identity, entitlement) pair with its
// score, reviewer, recommendation and factors, highest score first; equal scores (as
// printed) in identity then entitlement CSV byte order.
#include <array>
#include <cstdint>
#include <filesystem>

#include "core/common/progress.hpp"
#include "engine/analysis/report_aggregates.hpp"
#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

// Which rows risk.csv gets; by default every pair (SPEC section 5). Very large bundles
// may keep only the riskiest: the file is then the head of the full file.
struct RiskWriteSettings {
  std::uint16_t min_score_centi = 0;  // rows scoring below this (in hundredths) are left out
  std::uint64_t max_rows = 0;         // 0: no cap; else the first max_rows rows (highest first)
  Progress* progress = nullptr;       // "risk_score" and "risk_write" phases; null: silent
  ReportAggregates* aggregates = nullptr;  // when given, also sees every scored pair (HTML report)
};

struct RiskCounts {
  std::uint64_t rows = 0;    // written
  std::uint64_t scored = 0;  // every actual pair
  std::array<std::uint64_t, 3> per_recommendation{};  // by Recommendation
  std::array<std::uint64_t, 3> per_band{};            // score < 40, 40..70, >= 70
  double score_seconds = 0, order_seconds = 0, write_seconds = 0;
};

// Scores in parallel, then a stable counting sort over the 10001 printed score
// values (no string sort), then formats in parallel and writes in order. The counts
// per recommendation and band cover the rows written.
RiskCounts write_risk(const RiskModel& model, const std::filesystem::path& path, const RiskWriteSettings& settings = {});

}  // namespace accessgraph
