#pragma once
// Compressed sparse rows: one offsets array and one targets array per relation
// (gbbs graph.h, kuzu in_mem_graph.h). No per-node vectors, no pointers.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace accessgraph {

template <class From, class To>
class Csr {
 public:
  Csr() : offsets_(1, 0) {}

  // Set semantics: each row sorted, duplicates dropped.
  static Csr from_pairs(std::size_t node_count, const std::vector<std::pair<From, To>>& pairs) {
    Csr csr = from_rows(node_count, pairs);
    csr.sort_and_dedupe_rows();
    return csr;
  }

  // Record semantics: rows keep input order (e.g. role assignments in file order).
  // A stable counting sort.
  static Csr from_rows(std::size_t node_count, const std::vector<std::pair<From, To>>& pairs) {
    Csr csr;
    csr.offsets_.assign(node_count + 1, 0);
    for (const auto& [from, to] : pairs) ++csr.offsets_[from.value + 1];
    for (std::size_t i = 0; i < node_count; ++i) csr.offsets_[i + 1] += csr.offsets_[i];
    csr.targets_.resize(pairs.size());
    std::vector<std::uint64_t> cursor(csr.offsets_.begin(), csr.offsets_.end() - 1);
    for (const auto& [from, to] : pairs) csr.targets_[cursor[from.value]++] = to;
    return csr;
  }

  // The same relation seen from the other side; rows come out sorted.
  Csr<To, From> reversed(std::size_t target_count) const {
    std::vector<std::pair<To, From>> pairs;
    pairs.reserve(targets_.size());
    for (std::size_t node = 0; node + 1 < offsets_.size(); ++node)
      for (std::uint64_t i = offsets_[node]; i < offsets_[node + 1]; ++i)
        pairs.emplace_back(targets_[i], From(static_cast<std::uint32_t>(node)));
    return Csr<To, From>::from_pairs(target_count, pairs);
  }

  std::span<const To> operator[](From from) const {
    assert(from.value + 1 < offsets_.size());
    return {targets_.data() + offsets_[from.value],
            targets_.data() + offsets_[from.value + 1]};
  }
  bool contains(From from, To to) const {  // for sorted rows
    auto row = (*this)[from];
    return std::binary_search(row.begin(), row.end(), to);
  }

  std::size_t node_count() const { return offsets_.size() - 1; }
  std::size_t edge_count() const { return targets_.size(); }

 private:
  void sort_and_dedupe_rows() {
    std::uint64_t write = 0;
    for (std::size_t node = 0; node + 1 < offsets_.size(); ++node) {
      auto begin = targets_.begin() + offsets_[node];
      auto end = targets_.begin() + offsets_[node + 1];
      std::sort(begin, end);
      auto unique_end = std::unique(begin, end);
      offsets_[node] = write;
      write = static_cast<std::uint64_t>(std::move(begin, unique_end, targets_.begin() + write) -
                                         targets_.begin());
    }
    offsets_.back() = write;
    targets_.resize(write);
    targets_.shrink_to_fit();
  }

  std::vector<std::uint64_t> offsets_;
  std::vector<To> targets_;
};

}  // namespace accessgraph
