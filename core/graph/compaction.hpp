#pragma once
// Folds the row overrides a graph version accumulated (lifecycle events) back into
// plain CSR relations, and rebuilds the reverse relations that index the load only.
// The result answers every query exactly as the input does; it is what a snapshot
// stores and what later versions patch from.
#include "core/graph/graph.hpp"

namespace accessgraph {

Graph compacted(const Graph& graph);

}  // namespace accessgraph
