#pragma once
// Synthetic enterprise bundle generator (`accessgraph generate`).
//
// Writes a SPEC section 1 bundle shaped like a real company, plus truth.csv listing
// the anomalies it planted. Deterministic for a seed; streams rows to disk so memory
// stays bounded at any size.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

namespace accessgraph::datasets {

struct GeneratorOptions {
  std::uint64_t identities = 10'000;
  std::uint64_t seed = 1;
  std::filesystem::path out;
};

// Progress callback: a phase name and the rows written so far in it.
using GeneratorProgress = std::function<void(const std::string& phase, std::uint64_t rows)>;

struct GeneratorReport {
  std::uint64_t rows_written = 0;  // data rows, all files together
  std::uint64_t bytes_written = 0;
};

// Named sizes: "small" (10k identities), "medium" (100k), "large" (1M).
// Returns 0 for an unknown name.
std::uint64_t named_size(const std::string& name);

// Throws std::runtime_error when the output folder cannot be written.
GeneratorReport generate_bundle(const GeneratorOptions& options,
                                const GeneratorProgress& progress = {});

}  // namespace accessgraph::datasets
