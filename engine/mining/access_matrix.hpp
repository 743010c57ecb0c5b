// AccessMatrix: who holds what, as compressed sparse rows. Row r is one user (an
// identity, or a role being mined), its cells the sorted, distinct column ids
// (entitlements) it holds. Every mining algorithm in this folder reads and writes it.
//
//        col 0  1  2
//   row 0    x  x  .      offsets = {0, 2, 3, 3}
//   row 1    .  .  x      columns = {0, 1, 2}
//   row 2    .  .  .      (an empty row is allowed)
//
// Plain value type: immutable after construction, safe to read from many threads.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace accessgraph::mining {

class AccessMatrix {
 public:
  AccessMatrix() = default;
  // Rows given as they come: each is sorted and de-duplicated here. Throws
  // std::invalid_argument when a column id is >= column_count.
  static AccessMatrix from_rows(std::uint32_t column_count, std::vector<std::vector<std::uint32_t>> rows);
  // Adopts ready CSR arrays; the contract (sorted, distinct, in range) is checked and
  // a violation throws std::invalid_argument.
  static AccessMatrix from_csr(std::uint32_t column_count, std::vector<std::uint64_t> offsets,
                               std::vector<std::uint32_t> columns);

  std::uint32_t row_count() const { return static_cast<std::uint32_t>(offsets_.size() - 1); }
  std::uint32_t column_count() const { return column_count_; }
  std::uint64_t pair_count() const { return columns_.size(); }
  std::span<const std::uint32_t> row(std::uint32_t r) const {
    return {columns_.data() + offsets_[r], columns_.data() + offsets_[r + 1]};
  }
  bool contains(std::uint32_t r, std::uint32_t column) const;
  const std::vector<std::uint64_t>& offsets() const { return offsets_; }
  const std::vector<std::uint32_t>& columns() const { return columns_; }

  // Column c's rows, sorted: the matrix read the other way (entitlement -> users).
  AccessMatrix transposed() const;

  bool operator==(const AccessMatrix&) const = default;

 private:
  std::uint32_t column_count_ = 0;
  std::vector<std::uint64_t> offsets_{0};
  std::vector<std::uint32_t> columns_;
};

// True when sorted `small` is a subset of sorted `large`.
bool is_subset(std::span<const std::uint32_t> small, std::span<const std::uint32_t> large);

}  // namespace accessgraph::mining
