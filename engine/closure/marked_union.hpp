#pragma once
// Union of many sets of dense ids in time linear in their total size: a per-thread
// generation stamp per id, so clearing between unions costs nothing.
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

  // The union so far, sorted.
  const std::vector<T>& sorted() {
    std::sort(items_.begin(), items_.end());
    return items_;
  }
  const std::vector<T>& items() const { return items_; }

 private:
  std::vector<std::uint32_t> stamp_;
  std::uint32_t generation_ = 0;
  std::vector<T> items_;
};

}  // namespace accessgraph
