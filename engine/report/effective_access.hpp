#pragma once
// effective_access.csv (SPEC section 5): every actual (identity, entitlement) pair
// with its justified flag, rows in byte order of the line.
#include <cstdint>
#include <filesystem>

#include "engine/closure/access_index.hpp"

namespace accessgraph {

struct EffectiveAccessCounts {
  std::uint64_t rows = 0, justified = 0;
  double compute_seconds = 0, write_seconds = 0;
};

// Materialises every identity's actual access (compute), then formats and writes it
// with a oneTBB pipeline: blocks of identities in output order are formatted
// concurrently and written in order (write).
EffectiveAccessCounts write_effective_access(const AccessIndex& index, const std::filesystem::path& path);

}  // namespace accessgraph
