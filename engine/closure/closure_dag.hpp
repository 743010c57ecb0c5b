#pragma once
// S(n) = own(n) ∪ ⋃ S(d) over n's dependencies d ∪ ⋃ L(l) over n's links l into another
// closure L (a role's groups), on a graph that may have cycles, in memory linear in the
// input.
//
// One fragment per strongly connected component (condensation.hpp): its own elements
// (its members'), the fragments it depends on, and its links. Fragments are then
// materialised, S stored sorted, bottom-up one level at a time (each level in parallel,
// oneTBB) while the stored total stays within `budget` elements. Ordinary bundles fit
// entirely, so a query reads one stored set as it always did. Deep shapes do not: a
// chain of 200k groups each granting one entitlement has closures of 2*10^10 elements
// in total. Those fragments that do not fit are computed on demand, by a walk down the
// fragments that stops at materialised ones; a MarkedUnion remembers the fragments it
// holds (mark_fragment), so a union of many closures walks a shared tail once, and a
// walk costs at most the fragments and sets it reaches.
//
// A fragment is materialised when every fragment it depends on or links to is, and the
// sum of its own size and those sets' sizes (an upper bound of its set's size) fits in
// what is left of the budget. The estimate is also charged to a work allowance of
// kWorkPerBudget times the budget, so building costs O(input + budget) time however
// the estimates overshoot. Which fragments are materialised depends only on the graph,
// never on threads; answers never depend on it.
//
// Thread-safe for concurrent readers: on-demand work uses per-thread scratch.
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "core/common/scratch_pool.hpp"
#include "engine/closure/closure_set.hpp"
#include "engine/closure/condensation.hpp"
#include "engine/closure/marked_union.hpp"
#include "engine/closure/set_table.hpp"

namespace accessgraph {

template <class T>
class ClosureDag {
 public:
  static constexpr std::uint64_t kWorkPerBudget = 4;

  // `add_own(node, MarkedUnion<T>&)` adds a node's own elements; `add_links(node,
  // std::vector<std::uint32_t>&)` appends the nodes of `linked` whose sets it includes
  // (never called when `linked` is null). `universe` bounds T.
  template <class AddOwn, class AddLinks>
  ClosureDag(const Condensation& condensation, std::size_t universe, AddOwn add_own,
             std::shared_ptr<const ClosureDag> linked, AddLinks add_links, std::uint64_t budget)
      : component_of_(condensation.component_of),
        linked_(std::move(linked)),
        fragment_offset_(linked_ ? linked_->fragment_offset_ + linked_->component_count() : 0),
        scratch_([universe] { return MarkedUnion<T>(universe); }) {
    build_fragments(condensation, universe, add_own, add_links);
    materialise(condensation.levels, universe, budget);
  }

  std::size_t component_count() const { return own_.set_count(); }
  std::uint32_t component_of(std::uint32_t node) const { return component_of_[node]; }

  // S(node), sorted.
  ClosureSet<T> set_of(std::uint32_t node) const {
    const std::uint32_t component = component_of_[node];
    if (materialised_[component]) return ClosureSet<T>(sets_[component]);
    auto lease = scratch_.lease();
    lease->begin();
    add_component(component, *lease);
    return ClosureSet<T>(std::vector<T>(lease->sorted()));
  }

  // Adds S(node) to a union in progress (the caller called begin()).
  void add_to(std::uint32_t node, MarkedUnion<T>& out) const {
    const std::uint32_t component = component_of_[node];
    if (materialised_[component]) return out.add_all(sets_[component]);  // as fast as a stored set
    add_component(component, out);
  }

  bool contains(std::uint32_t node, T value) const {
    const std::uint32_t component = component_of_[node];
    if (materialised_[component]) return sets_.contains(component, value);
    auto lease = scratch_.lease();
    lease->begin();
    return contains_marked(component, value, *lease);
  }

  // Whether any of `nodes` (ids with a .value) holds `value`: the stored sets first, then
  // one walk for the others, so that closures sharing a deep tail search it once (an
  // account in 100k groups of one chain costs one pass, not 100k).
  template <class Nodes>
  bool any_contains(const Nodes& nodes, T value) const {
    bool walk_needed = false;
    for (auto node : nodes) {
      const std::uint32_t component = component_of_[node.value];
      if (!materialised_[component]) walk_needed = true;
      else if (sets_.contains(component, value)) return true;
    }
    if (!walk_needed) return false;
    auto lease = scratch_.lease();
    lease->begin();
    for (auto node : nodes) {
      const std::uint32_t component = component_of_[node.value];
      if (!materialised_[component] && contains_marked(component, value, *lease)) return true;
    }
    return false;
  }

  // What the budget bought: materialised fragments and the elements they store.
  std::size_t materialised_count() const {
    return static_cast<std::size_t>(std::count(materialised_.begin(), materialised_.end(), 1));
  }
  std::uint64_t stored_elements() const { return sets_.total_size(); }
  bool materialised(std::uint32_t node) const { return materialised_[component_of_[node]] != 0; }

 private:
  template <class AddOwn, class AddLinks>
  void build_fragments(const Condensation& condensation, std::size_t universe, AddOwn& add_own,
                       AddLinks& add_links) {
    const std::size_t components = condensation.component_count();
    std::vector<std::vector<T>> own(components);
    std::vector<std::vector<std::uint32_t>> links(components);
    tbb::enumerable_thread_specific<MarkedUnion<T>> scratch([universe] { return MarkedUnion<T>(universe); });
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, components, 256), [&](const auto& range) {
      MarkedUnion<T>& set = scratch.local();
      for (std::size_t c = range.begin(); c != range.end(); ++c) {
        set.begin();
        for (std::uint32_t node : condensation.members[c]) add_own(node, set);
        own[c] = set.sorted();
        if (!linked_) continue;
        std::vector<std::uint32_t>& link = links[c];
        for (std::uint32_t node : condensation.members[c]) add_links(node, link);
        for (std::uint32_t& target : link) target = linked_->component_of_[target];
        std::sort(link.begin(), link.end());
        link.erase(std::unique(link.begin(), link.end()), link.end());
      }
    });
    own_ = SetTable<T>::from_sets(std::move(own));
    links_ = SetTable<std::uint32_t>::from_sets(std::move(links));
    depends_on_ = SetTable<std::uint32_t>::from_sets(std::vector<std::vector<std::uint32_t>>(condensation.depends_on));
  }

  // The size of the component's set if materialised now (an upper bound), or nothing
  // when something it needs is not materialised.
  std::optional<std::uint64_t> estimate(std::uint32_t component, const std::vector<std::vector<T>>& sets) const {
    std::uint64_t size = own_[component].size();
    for (std::uint32_t dependency : depends_on_[component]) {
      if (!materialised_[dependency]) return std::nullopt;
      size += sets[dependency].size();
    }
    for (std::uint32_t link : links_[component]) {
      if (!linked_->materialised_[link]) return std::nullopt;
      size += linked_->sets_[link].size();
    }
    return size;
  }

  void materialise(const std::vector<std::vector<std::uint32_t>>& levels, std::size_t universe, std::uint64_t budget) {
    const std::size_t components = component_count();
    materialised_.assign(components, 0);
    std::vector<std::vector<T>> sets(components);
    tbb::enumerable_thread_specific<MarkedUnion<T>> scratch([universe] { return MarkedUnion<T>(universe); });
    std::uint64_t left = budget, work_left = kWorkPerBudget * budget;
    std::vector<std::pair<std::uint32_t, std::uint64_t>> admitted;  // (component, estimate)
    for (const auto& level : levels) {
      admitted.clear();
      for (std::uint32_t component : level) {
        const auto size = estimate(component, sets);
        if (!size || *size > left || *size > work_left) continue;
        left -= *size;
        work_left -= *size;
        admitted.emplace_back(component, *size);
      }
      if (admitted.empty()) continue;
      tbb::parallel_for(tbb::blocked_range<std::size_t>(0, admitted.size(), 64), [&](const auto& range) {
        MarkedUnion<T>& set = scratch.local();
        for (std::size_t i = range.begin(); i != range.end(); ++i) {
          const std::uint32_t component = admitted[i].first;
          set.begin();
          set.add_all(own_[component]);
          for (std::uint32_t dependency : depends_on_[component]) set.add_all(sets[dependency]);
          for (std::uint32_t link : links_[component]) set.add_all(linked_->sets_[link]);
          sets[component] = set.sorted();
        }
      });
      for (const auto& [component, size] : admitted) {
        materialised_[component] = 1;
        left += size - sets[component].size();  // the estimate was an upper bound
      }
    }
    sets_ = SetTable<T>::from_sets(std::move(sets));
  }

  // Adds S(component) to `out` unless `out` holds it already.
  void add_marked(std::uint32_t component, MarkedUnion<T>& out) const {
    if (!out.mark_fragment(fragment_offset_ + component)) return;
    if (materialised_[component]) return out.add_all(sets_[component]);
    walk(component, out);
  }

  void add_component(std::uint32_t component, MarkedUnion<T>& out) const {
    if (out.mark_fragment(fragment_offset_ + component)) walk(component, out);
  }

  // `start` is marked and not materialised: adds its own elements, its links' sets and
  // its dependencies' sets, walking down to materialised or already held fragments.
  void walk(std::uint32_t start, MarkedUnion<T>& out) const {
    std::vector<std::uint32_t> stack{start};
    while (!stack.empty()) {
      const std::uint32_t component = stack.back();
      stack.pop_back();
      out.add_all(own_[component]);
      for (std::uint32_t link : links_[component]) linked_->add_marked(link, out);
      for (std::uint32_t dependency : depends_on_[component]) {
        if (!out.mark_fragment(fragment_offset_ + dependency)) continue;
        if (materialised_[dependency]) out.add_all(sets_[dependency]);
        else stack.push_back(dependency);
      }
    }
  }

  // Whether S(component) holds `value`, skipping fragments `marks` holds: those were
  // searched already in this walk (or are on its stack).
  bool contains_marked(std::uint32_t component, T value, MarkedUnion<T>& marks) const {
    if (!marks.mark_fragment(fragment_offset_ + component)) return false;
    if (materialised_[component]) return sets_.contains(component, value);
    std::vector<std::uint32_t> stack{component};
    while (!stack.empty()) {
      const std::uint32_t current = stack.back();
      stack.pop_back();
      if (own_.contains(current, value)) return true;
      for (std::uint32_t link : links_[current])
        if (linked_->contains_marked(link, value, marks)) return true;
      for (std::uint32_t dependency : depends_on_[current]) {
        if (!marks.mark_fragment(fragment_offset_ + dependency)) continue;
        if (!materialised_[dependency]) stack.push_back(dependency);
        else if (sets_.contains(dependency, value)) return true;
      }
    }
    return false;
  }

  std::vector<std::uint32_t> component_of_;     // node -> component (fragment)
  std::shared_ptr<const ClosureDag> linked_;    // whose fragments links_ name
  std::uint32_t fragment_offset_;               // linked_'s fragments are numbered first
  SetTable<T> own_;                             // per component: its members' own elements
  SetTable<std::uint32_t> depends_on_;          // per component: other components
  SetTable<std::uint32_t> links_;               // per component: components of linked_
  SetTable<T> sets_;                            // per component: S, when materialised
  std::vector<std::uint8_t> materialised_;      // per component
  ScratchPool<MarkedUnion<T>> scratch_;         // on-demand unions and walks
};

}  // namespace accessgraph
