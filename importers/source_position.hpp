#pragma once
// Where a byte offset of a file is in lines and columns, for error messages. The file
// is read again from its start: only a refused input pays for it.
#include <cstdint>
#include <filesystem>
#include <utility>

namespace accessgraph::importers {

// 1-based line and byte column; {0, 0} when the file cannot be read.
std::pair<std::uint64_t, std::uint64_t> line_and_column(const std::filesystem::path& path, std::uint64_t offset);

}  // namespace accessgraph::importers
