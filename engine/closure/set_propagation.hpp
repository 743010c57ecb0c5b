#pragma once
// S(n) = base(n) ∪ ⋃ S(d) over n's dependencies d, on a graph that may have cycles:
// one set per strongly connected component, computed level by level, each level in
// parallel (oneTBB). Shared sets are computed once, never per identity.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <vector>

#include "engine/closure/condensation.hpp"
#include "engine/closure/marked_union.hpp"
#include "engine/closure/set_table.hpp"

namespace accessgraph {

template <class T>
struct ComponentSets {
  std::vector<std::uint32_t> component_of;
  SetTable<T> sets;  // per component

  std::span<const T> of(std::uint32_t node) const { return sets[component_of[node]]; }
  bool contains(std::uint32_t node, T value) const { return sets.contains(component_of[node], value); }
};

// `add_base(node, MarkedUnion<T>&)` adds node's own elements; `universe` bounds T.
template <class T, class AddBase>
ComponentSets<T> propagate_sets(const Condensation& condensation, std::size_t universe,
                                AddBase add_base) {
  const std::size_t components = condensation.component_count();
  std::vector<std::vector<T>> sets(components);
  tbb::enumerable_thread_specific<MarkedUnion<T>> scratch([universe] { return MarkedUnion<T>(universe); });
  for (const auto& level : condensation.levels) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, level.size(), 64), [&](const auto& range) {
      MarkedUnion<T>& set = scratch.local();
      for (std::size_t i = range.begin(); i != range.end(); ++i) {
        const std::uint32_t component = level[i];
        set.begin();
        for (std::uint32_t node : condensation.members[component]) add_base(node, set);
        for (std::uint32_t dependency : condensation.depends_on[component]) set.add_all(sets[dependency]);
        sets[component] = set.sorted();
      }
    });
  }
  return {condensation.component_of, SetTable<T>::from_sets(std::move(sets))};
}

}  // namespace accessgraph
