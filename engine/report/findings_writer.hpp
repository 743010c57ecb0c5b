#pragma once
// findings.csv (SPEC section 5): every finding, rows in byte order of the line.
#include <array>
#include <cstdint>
#include <filesystem>

#include "core/common/progress.hpp"
#include "engine/analysis/findings.hpp"
#include "engine/analysis/report_aggregates.hpp"

namespace accessgraph {

struct FindingCounts {
  std::array<std::uint64_t, kFindingTypeNames.size()> per_type{};
  double seconds = 0;
};

// `progress`: a "findings" phase over accounts and identities (null: silent);
// `aggregates`, when given, also sees every finding (for the HTML report).
FindingCounts write_findings(const FindingsEvaluator& evaluator, const std::filesystem::path& path,
                             Progress* progress = nullptr, ReportAggregates* aggregates = nullptr);

}  // namespace accessgraph
