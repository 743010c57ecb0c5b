#include "engine/closure/condensation.hpp"

#include <algorithm>
#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>
#include <boost/property_map/property_map.hpp>

namespace accessgraph {

Condensation condense(std::size_t node_count,
                      std::vector<std::pair<std::uint32_t, std::uint32_t>> edges) {
  using BoostGraph = boost::compressed_sparse_row_graph<boost::directedS>;
  std::sort(edges.begin(), edges.end());
  BoostGraph graph(boost::edges_are_sorted, edges.begin(), edges.end(), node_count);

  Condensation result;
  std::vector<int> component(node_count);
  const int count = node_count == 0
                        ? 0
                        : boost::strong_components(
                              graph, boost::make_iterator_property_map(
                                         component.begin(), boost::get(boost::vertex_index, graph)));
  result.component_of.assign(component.begin(), component.end());
  result.members.resize(count);
  result.depends_on.resize(count);
  for (std::uint32_t node = 0; node < node_count; ++node)
    result.members[component[node]].push_back(node);
  for (const auto& [node, dependency] : edges) {
    std::uint32_t from = component[node], to = component[dependency];
    if (from != to) result.depends_on[from].push_back(to);
  }
  // Levels by Kahn's algorithm over the condensation (a DAG): a component's level is
  // one more than its highest dependency's.
  std::vector<std::vector<std::uint32_t>> dependents(count);
  std::vector<std::uint32_t> waiting(count), level(count, 0);
  std::vector<std::uint32_t> ready;
  for (int c = 0; c < count; ++c) {
    auto& deps = result.depends_on[c];
    std::sort(deps.begin(), deps.end());
    deps.erase(std::unique(deps.begin(), deps.end()), deps.end());
    for (std::uint32_t dep : deps) dependents[dep].push_back(static_cast<std::uint32_t>(c));
    waiting[c] = static_cast<std::uint32_t>(deps.size());
    if (deps.empty()) ready.push_back(static_cast<std::uint32_t>(c));
  }
  while (!ready.empty()) {
    std::uint32_t c = ready.back();
    ready.pop_back();
    if (level[c] >= result.levels.size()) result.levels.resize(level[c] + 1);
    result.levels[level[c]].push_back(c);
    for (std::uint32_t dependent : dependents[c]) {
      level[dependent] = std::max(level[dependent], level[c] + 1);
      if (--waiting[dependent] == 0) ready.push_back(dependent);
    }
  }
  return result;
}

}  // namespace accessgraph
