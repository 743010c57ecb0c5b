#pragma once
// One closure set (a group's or a role's), sorted by dense id: a view of the stored set
// when the closure is materialised, else a set computed on demand and owned here.
// Iterate it, binary-search it; it stays valid while the object lives (and its index).
// Not copyable (it may own megabytes); a range-for over a temporary keeps it alive.
#include <algorithm>
#include <span>
#include <utility>
#include <vector>

namespace accessgraph {

template <class T>
class ClosureSet {
 public:
  explicit ClosureSet(std::span<const T> stored) : elements_(stored) {}
  explicit ClosureSet(std::vector<T> computed) : computed_(std::move(computed)), elements_(computed_) {}
  ClosureSet(const ClosureSet&) = delete;
  ClosureSet& operator=(const ClosureSet&) = delete;
  // A moved vector keeps its buffer, so the view stays valid.
  ClosureSet(ClosureSet&& other) noexcept
      : computed_(std::move(other.computed_)), elements_(std::exchange(other.elements_, {})) {}

  const T* begin() const { return elements_.data(); }
  const T* end() const { return elements_.data() + elements_.size(); }
  std::size_t size() const { return elements_.size(); }
  bool empty() const { return elements_.empty(); }
  std::span<const T> elements() const { return elements_; }
  bool contains(T value) const { return std::binary_search(elements_.begin(), elements_.end(), value); }

 private:
  std::vector<T> computed_;
  std::span<const T> elements_;
};

}  // namespace accessgraph
