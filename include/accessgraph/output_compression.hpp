#pragma once
// How a batch command writes its CSV outputs (`--compress`): plain, or zstd-compressed
// under the name with ".zst" added (effective_access.csv.zst). The bytes inside are the
// plain file's, byte for byte; `zstd -d`, DuckDB, pandas and accessgraph's own loaders
// read them (core/io/zstd_stream.hpp).
#include <filesystem>
#include <string>
#include <string_view>

namespace accessgraph {

enum class OutputCompression { kNone, kZstd };

// "risk.csv" as written under `compression`: "risk.csv" or "risk.csv.zst".
inline std::string output_file_name(std::string_view name, OutputCompression compression) {
  return compression == OutputCompression::kZstd ? std::string(name) + ".zst" : std::string(name);
}

}  // namespace accessgraph
