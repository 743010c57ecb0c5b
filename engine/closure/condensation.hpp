#pragma once
// Strongly connected components of a dependency graph (Boost.Graph strong_components)
// and the levels of its condensation, so that sets can be propagated one level at a
// time in parallel: every dependency of a level-k component is at a level below k.
#include <cstdint>
#include <utility>
#include <vector>

namespace accessgraph {

struct Condensation {
  std::vector<std::uint32_t> component_of;          // node -> component
  std::vector<std::vector<std::uint32_t>> members;  // component -> nodes
  std::vector<std::vector<std::uint32_t>> depends_on;  // component -> other components
  std::vector<std::vector<std::uint32_t>> levels;   // level -> components

  std::size_t component_count() const { return members.size(); }
};

// `edges` are (node, dependency) pairs: node's set includes dependency's set.
Condensation condense(std::size_t node_count, std::vector<std::pair<std::uint32_t, std::uint32_t>> edges);

}  // namespace accessgraph
