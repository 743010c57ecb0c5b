#pragma once
// Loads a SPEC section 1 bundle into a Graph: all or nothing.
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {
class Progress;
}

namespace accessgraph::loaders {

struct LoadOptions {
  // Strict (default): the first bad row fails the whole load with an InputError.
  // Lenient: bad rows are skipped, and written with their reasons to rejects_path.
  bool lenient = false;
  std::filesystem::path rejects_path;
  std::size_t chunk_bytes = 4 << 20;  // unit of parallel parsing within one file
  Progress* progress = nullptr;       // a "load" phase of the bytes parsed; null: silent
};

struct RejectedRow {
  std::string file;
  std::uint64_t line;
  std::string column, value, reason;
};

struct LoadReport {
  std::uint64_t rows = 0;   // data rows accepted, all files
  std::uint64_t bytes = 0;  // bytes of CSV read
  std::vector<RejectedRow> rejected;
};

// Throws InputError naming file, line, column and value for the first defect (in
// SPEC file order, then line order) unless options.lenient.
Graph load_bundle(const std::filesystem::path& bundle_dir, const LoadOptions& options = {},
                  LoadReport* report = nullptr);

}  // namespace accessgraph::loaders
