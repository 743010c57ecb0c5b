#pragma once
// Reads a bundle's lifecycle history (the folder history/ that export writes beside the
// bundle files, core/schema/bundle_schema.hpp) into the graph loaded from that bundle,
// so that applying events to an exported bundle continues its timeline. The history's
// rows name ids of the bundle; accounts it names that the bundle no longer has (deleted
// after retention) are added as deleted accounts.
//
// Strict in any mode: a bad history row throws InputError naming the file
// (history/...), line, column and value.
#include <filesystem>

#include "core/graph/graph.hpp"

namespace accessgraph::loaders {

// Whether `bundle_dir` carries a history.
bool has_history(const std::filesystem::path& bundle_dir);
void read_history(const std::filesystem::path& bundle_dir, Graph& graph);

}  // namespace accessgraph::loaders
