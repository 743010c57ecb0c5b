#pragma once
// decisions.csv (SPEC section 9, docs/bundle-format.md): past review outcomes, read
// once the graph's ids are known, with the strictness of the rest of the bundle.
#include <filesystem>
#include <vector>

#include "core/graph/graph.hpp"
#include "loaders/bundle_loader.hpp"

namespace accessgraph::loaders {

bool has_decisions(const std::filesystem::path& bundle_dir);

// Reads BUNDLE/decisions.csv into graph.decisions (row order kept). Strict: the first
// bad row (by line) throws InputError naming file, line, column and value. Lenient:
// bad rows are skipped and appended to `rejected`.
void read_decisions(const std::filesystem::path& bundle_dir, Graph& graph, const LoadOptions& options,
                    std::vector<RejectedRow>& rejected);

}  // namespace accessgraph::loaders
