#pragma once
// Writes a graph version back out as a SPEC section 1 bundle that the loader reads
// again (the result of `apply`, `state export`). Archived accounts are left out.
#include <filesystem>

#include "core/graph/graph.hpp"

namespace accessgraph {

void write_bundle(const Graph& graph, const std::filesystem::path& dir);

}  // namespace accessgraph
