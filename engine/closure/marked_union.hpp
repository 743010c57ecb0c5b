#pragma once
// Union of many sets of dense ids in time linear in their total size: a per-thread
// generation stamp per id, so clearing between unions costs nothing.
//
// It also remembers which closure fragments (engine/closure/closure_dag.hpp) it already
// holds in full, stamped the same way: a union of closures that share a deep tail walks
// that tail once, not once per closure.
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace accessgraph {

template <class T>
class MarkedUnion {
 public:
  explicit MarkedUnion(std::size_t universe = 0) : stamp_(universe, 0) {}

  void begin() {
    if (++generation_ == 0) {  // wrapped: reset every stamp once per 4 billion unions
      std::fill(stamp_.begin(), stamp_.end(), 0);
      std::fill(fragment_stamp_.begin(), fragment_stamp_.end(), 0);
      generation_ = 1;
    }
    items_.clear();
  }
  void add(T value) {
    std::uint32_t& stamp = stamp_[value.value];
    if (stamp != generation_) {
      stamp = generation_;
      items_.push_back(value);
    }
  }
  void add_all(std::span<const T> values) {
    for (T value : values) add(value);
  }
  bool contains(T value) const { return stamp_[value.value] == generation_; }

  // Marks a fragment as held since begin(); false when it already was. The marks grow
  // on first use (fragments are numbered by the closures, not by T).
  bool mark_fragment(std::uint32_t fragment) {
    if (fragment >= fragment_stamp_.size())
      fragment_stamp_.resize(std::max<std::size_t>(fragment + 1, 2 * fragment_stamp_.size()), 0);
    std::uint32_t& stamp = fragment_stamp_[fragment];
    if (stamp == generation_) return false;
    stamp = generation_;
    return true;
  }

  // The union so far, sorted. Often already in order (one set, or a closure's own
  // elements below the ones it inherits): then checking is all it costs.
  const std::vector<T>& sorted() {
    if (!std::is_sorted(items_.begin(), items_.end())) std::sort(items_.begin(), items_.end());
    return items_;
  }
  const std::vector<T>& items() const { return items_; }

 private:
  std::vector<std::uint32_t> stamp_;
  std::vector<std::uint32_t> fragment_stamp_;
  std::uint32_t generation_ = 0;
  std::vector<T> items_;
};

}  // namespace accessgraph
