#pragma once
// Many small sorted sets in two flat arrays: set i is values[offsets[i], offsets[i+1]).
#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

namespace accessgraph {

template <class T>
class SetTable {
 public:
  SetTable() : offsets_(1, 0) {}

  // Takes ownership of per-set vectors (each already sorted and unique).
  static SetTable from_sets(std::vector<std::vector<T>>&& sets) {
    SetTable table;
    table.offsets_.resize(sets.size() + 1);
    std::uint64_t total = 0;
    for (std::size_t i = 0; i < sets.size(); ++i) {
      table.offsets_[i] = total;
      total += sets[i].size();
    }
    table.offsets_.back() = total;
    table.values_.reserve(total);
    for (auto& set : sets) {
      table.values_.insert(table.values_.end(), set.begin(), set.end());
      std::vector<T>().swap(set);
    }
    return table;
  }

  std::span<const T> operator[](std::size_t set) const {
    return {values_.data() + offsets_[set], values_.data() + offsets_[set + 1]};
  }
  bool contains(std::size_t set, T value) const {
    auto s = (*this)[set];
    return std::binary_search(s.begin(), s.end(), value);
  }
  std::size_t set_count() const { return offsets_.size() - 1; }
  std::size_t total_size() const { return values_.size(); }

 private:
  std::vector<std::uint64_t> offsets_;
  std::vector<T> values_;
};

}  // namespace accessgraph
