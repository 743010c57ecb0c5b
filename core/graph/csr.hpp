#pragma once
// Compressed sparse rows: one offsets array and one targets array per relation
// (gbbs graph.h, kuzu in_mem_graph.h). No per-node vectors, no pointers. Immutable
// once built; copies share the arrays.
#include <algorithm>
#include <cassert>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

namespace accessgraph {

template <class From, class To>
class Csr {
 public:
  Csr() : storage_(std::make_shared<const Storage>(Storage{{0}, {}})) {}

  // Set semantics: each row sorted, duplicates dropped.
  static Csr from_pairs(std::size_t node_count, const std::vector<std::pair<From, To>>& pairs) {
    Storage storage = counting_sort(node_count, pairs);
    sort_and_dedupe_rows(storage);
    return Csr(std::move(storage));
  }

  // Record semantics: rows keep input order (e.g. role assignments in file order).
  static Csr from_rows(std::size_t node_count, const std::vector<std::pair<From, To>>& pairs) {
    return Csr(counting_sort(node_count, pairs));
  }

  // The same relation seen from the other side; rows come out sorted.
  Csr<To, From> reversed(std::size_t target_count) const {
    std::vector<std::pair<To, From>> pairs;
    pairs.reserve(edge_count());
    for (std::size_t node = 0; node < node_count(); ++node)
      for (To to : (*this)[From(static_cast<std::uint32_t>(node))]) pairs.emplace_back(to, From(static_cast<std::uint32_t>(node)));
    return Csr<To, From>::from_pairs(target_count, pairs);
  }

  // Nodes added after the build (later graph versions) have empty rows.
  std::span<const To> operator[](From from) const {
    const auto& offsets = storage_->offsets;
    if (from.value + 1 >= offsets.size()) return {};
    return {storage_->targets.data() + offsets[from.value], storage_->targets.data() + offsets[from.value + 1]};
  }
  bool contains(From from, To to) const {  // for sorted rows
    auto row = (*this)[from];
    return std::binary_search(row.begin(), row.end(), to);
  }

  std::size_t node_count() const { return storage_->offsets.size() - 1; }
  std::size_t edge_count() const { return storage_->targets.size(); }

  // The raw arrays, for snapshots: offsets has node_count() + 1 entries.
  std::span<const std::uint64_t> offsets() const { return storage_->offsets; }
  std::span<const To> targets() const { return storage_->targets; }
  // Adopts arrays written by offsets()/targets(); nullopt when they do not form a CSR.
  static std::optional<Csr> from_arrays(std::vector<std::uint64_t> offsets, std::vector<To> targets) {
    if (offsets.empty() || offsets.front() != 0 || offsets.back() != targets.size()) return std::nullopt;
    if (!std::is_sorted(offsets.begin(), offsets.end())) return std::nullopt;
    return Csr(Storage{std::move(offsets), std::move(targets)});
  }

 private:
  struct Storage {
    std::vector<std::uint64_t> offsets;
    std::vector<To> targets;
  };

  explicit Csr(Storage storage) : storage_(std::make_shared<const Storage>(std::move(storage))) {}

  // A stable counting sort of the pairs by source.
  static Storage counting_sort(std::size_t node_count, const std::vector<std::pair<From, To>>& pairs) {
    Storage s;
    s.offsets.assign(node_count + 1, 0);
    for (const auto& [from, to] : pairs) ++s.offsets[from.value + 1];
    for (std::size_t i = 0; i < node_count; ++i) s.offsets[i + 1] += s.offsets[i];
    s.targets.resize(pairs.size());
    std::vector<std::uint64_t> cursor(s.offsets.begin(), s.offsets.end() - 1);
    for (const auto& [from, to] : pairs) s.targets[cursor[from.value]++] = to;
    return s;
  }

  static void sort_and_dedupe_rows(Storage& s) {
    std::uint64_t write = 0;
    for (std::size_t node = 0; node + 1 < s.offsets.size(); ++node) {
      auto begin = s.targets.begin() + s.offsets[node];
      auto end = s.targets.begin() + s.offsets[node + 1];
      std::sort(begin, end);
      auto unique_end = std::unique(begin, end);
      s.offsets[node] = write;  // row `node` is read above before its start is moved
      write = static_cast<std::uint64_t>(std::move(begin, unique_end, s.targets.begin() + write) - s.targets.begin());
    }
    s.offsets.back() = write;
    s.targets.resize(write);
    s.targets.shrink_to_fit();
  }

  std::shared_ptr<const Storage> storage_;
};

}  // namespace accessgraph
