#pragma once
// Synthetic enterprise bundle generator (`accessgraph generate`).
//
// Writes a SPEC section 1 bundle shaped like a real company, plus truth.csv listing
// the anomalies it planted. Deterministic for a seed; streams rows to disk so memory
// stays bounded at any size.
//
// Dates inside the data are placed relative to a fixed "today", 2026-11-01
// (kReferenceDate): analyse a generated bundle with --as-of 2026-11-01. truth.csv is
// computed at that date with SPEC's default 90 dormant days. See datasets/README.md.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace accessgraph::datasets {

struct GeneratorOptions {
  std::uint64_t identities = 10'000;
  std::uint64_t seed = 1;
  std::filesystem::path out;
  // Worker threads; 0 = all cores. The output is byte-identical whatever the value.
  unsigned threads = 0;
};

// Progress callback: a phase name ("catalog", "identities", "hr_events") and the rows
// (for "identities": identities) written so far. Called from one thread at a time,
// not necessarily the caller's.
using GeneratorProgress = std::function<void(const std::string& phase, std::uint64_t rows)>;

struct GeneratedFile {
  std::string name;  // "accounts.csv"
  std::uint64_t rows = 0;   // data rows, header excluded
  std::uint64_t bytes = 0;  // header included
};

struct GeneratorReport {
  std::uint64_t rows_written = 0;  // data rows, all files together
  std::uint64_t bytes_written = 0;
  std::vector<GeneratedFile> files;
};

// Named sizes: "small" (10k identities), "medium" (100k), "large" (1M).
// Returns 0 for an unknown name.
std::uint64_t named_size(const std::string& name);

// Throws std::runtime_error when the output folder cannot be written, and
// std::invalid_argument when options.identities is 0 or above 100 million.
GeneratorReport generate_bundle(const GeneratorOptions& options,
                                const GeneratorProgress& progress = {});

}  // namespace accessgraph::datasets
