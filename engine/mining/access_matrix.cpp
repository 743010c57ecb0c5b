#include "engine/mining/access_matrix.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace accessgraph::mining {

AccessMatrix AccessMatrix::from_rows(std::uint32_t column_count, std::vector<std::vector<std::uint32_t>> rows) {
  std::vector<std::uint64_t> offsets{0};
  offsets.reserve(rows.size() + 1);
  std::vector<std::uint32_t> columns;
  for (std::vector<std::uint32_t>& row : rows) {
    std::sort(row.begin(), row.end());
    row.erase(std::unique(row.begin(), row.end()), row.end());
    columns.insert(columns.end(), row.begin(), row.end());
    offsets.push_back(columns.size());
  }
  return from_csr(column_count, std::move(offsets), std::move(columns));
}

AccessMatrix AccessMatrix::from_csr(std::uint32_t column_count, std::vector<std::uint64_t> offsets,
                                    std::vector<std::uint32_t> columns) {
  if (offsets.empty() || offsets.front() != 0 || offsets.back() != columns.size()) {
    throw std::invalid_argument("access matrix: offsets do not frame the columns");
  }
  for (std::size_t r = 0; r + 1 < offsets.size(); ++r) {
    if (offsets[r] > offsets[r + 1]) throw std::invalid_argument("access matrix: offsets decrease");
    for (std::uint64_t k = offsets[r]; k < offsets[r + 1]; ++k) {
      if (columns[k] >= column_count) {
        throw std::invalid_argument("access matrix: column " + std::to_string(columns[k]) + " out of range");
      }
      if (k > offsets[r] && columns[k - 1] >= columns[k]) {
        throw std::invalid_argument("access matrix: row " + std::to_string(r) + " not sorted and distinct");
      }
    }
  }
  AccessMatrix matrix;
  matrix.column_count_ = column_count;
  matrix.offsets_ = std::move(offsets);
  matrix.columns_ = std::move(columns);
  return matrix;
}

bool AccessMatrix::contains(std::uint32_t r, std::uint32_t column) const {
  const std::span<const std::uint32_t> cells = row(r);
  return std::binary_search(cells.begin(), cells.end(), column);
}

AccessMatrix AccessMatrix::transposed() const {
  AccessMatrix result;
  result.column_count_ = row_count();
  result.offsets_.assign(column_count_ + 1, 0);
  for (const std::uint32_t c : columns_) ++result.offsets_[c + 1];
  for (std::uint32_t c = 0; c < column_count_; ++c) result.offsets_[c + 1] += result.offsets_[c];
  result.columns_.resize(columns_.size());
  std::vector<std::uint64_t> next(result.offsets_.begin(), result.offsets_.end() - 1);
  // Rows are visited in order, so every column's list comes out sorted.
  for (std::uint32_t r = 0; r < row_count(); ++r) {
    for (const std::uint32_t c : row(r)) result.columns_[next[c]++] = r;
  }
  return result;
}

bool is_subset(std::span<const std::uint32_t> small, std::span<const std::uint32_t> large) {
  if (small.size() > large.size()) return false;
  return std::includes(large.begin(), large.end(), small.begin(), small.end());
}

}  // namespace accessgraph::mining
