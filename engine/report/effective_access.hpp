#pragma once
// effective_access.csv (SPEC section 5): every actual (identity, entitlement) pair
// with its justified flag, rows in byte order of the line.
#include <cstdint>
#include <filesystem>

#include "core/common/progress.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/closure/materialized_access.hpp"

namespace accessgraph {

struct EffectiveAccessCounts {
  std::uint64_t rows = 0, justified = 0;
  double write_seconds = 0;
};

// Formats and writes `access`, every identity's materialised actual access, with a
// oneTBB pipeline: blocks of identities in output order are formatted concurrently
// and written in order. Sets rows, justified and write_seconds. `progress`: an
// "effective_access_write" phase over identities (null: silent).
EffectiveAccessCounts write_effective_access(const AccessIndex& index, const MaterializedAccess& access,
                                             const std::filesystem::path& path, Progress* progress = nullptr);

}  // namespace accessgraph
