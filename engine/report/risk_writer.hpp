#pragma once
// risk.csv (SPEC sections 4 and 5): every actual (identity, entitlement) pair with its
// score, reviewer, recommendation and factors, highest score first; equal scores (as
// printed) in identity then entitlement CSV byte order.
#include <array>
#include <cstdint>
#include <filesystem>

#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

struct RiskCounts {
  std::uint64_t rows = 0;
  std::array<std::uint64_t, 3> per_recommendation{};  // by Recommendation
  std::array<std::uint64_t, 3> per_band{};            // score < 40, 40..70, >= 70
  double score_seconds = 0, order_seconds = 0, write_seconds = 0;
};

// Scores in parallel, then a stable counting sort over the 10001 printed score
// values (no string sort), then formats in parallel and writes in order.
RiskCounts write_risk(const RiskModel& model, const std::filesystem::path& path);

}  // namespace accessgraph
