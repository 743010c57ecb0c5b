#pragma once
// findings.csv (SPEC section 5): every finding, rows in byte order of the line.
#include <array>
#include <cstdint>
#include <filesystem>

#include "engine/analysis/findings.hpp"

namespace accessgraph {

struct FindingCounts {
  std::array<std::uint64_t, kFindingTypeNames.size()> per_type{};
  double seconds = 0;
};

FindingCounts write_findings(const FindingsEvaluator& evaluator, const std::filesystem::path& path);

}  // namespace accessgraph
