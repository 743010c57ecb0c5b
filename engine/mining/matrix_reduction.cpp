#include "engine/mining/matrix_reduction.hpp"

#include <algorithm>
#include <numeric>

#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

namespace accessgraph::mining {
namespace {

std::uint64_t hash_row(std::span<const std::uint32_t> row) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ row.size();
  for (const std::uint32_t c : row) {
    h ^= c + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
    h *= 0xff51afd7ed558ccdull;
  }
  return h;
}

// Class of every non-empty row of `matrix` (kNoClass for empty ones), classes numbered
// by first row; returns the number of classes.
std::uint32_t classify_rows(const AccessMatrix& matrix, std::vector<std::uint32_t>& row_class) {
  const std::uint32_t n = matrix.row_count();
  std::vector<std::uint64_t> hashes(n);
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n, 4096), [&](const auto& range) {
    for (std::uint32_t r = range.begin(); r != range.end(); ++r) hashes[r] = hash_row(matrix.row(r));
  });
  std::vector<std::uint32_t> order;
  order.reserve(n);
  for (std::uint32_t r = 0; r < n; ++r) {
    if (!matrix.row(r).empty()) order.push_back(r);
  }
  auto same = [&](std::uint32_t a, std::uint32_t b) {
    const auto ra = matrix.row(a), rb = matrix.row(b);
    return hashes[a] == hashes[b] && std::equal(ra.begin(), ra.end(), rb.begin(), rb.end());
  };
  tbb::parallel_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
    if (hashes[a] != hashes[b]) return hashes[a] < hashes[b];
    const auto ra = matrix.row(a), rb = matrix.row(b);
    if (!std::equal(ra.begin(), ra.end(), rb.begin(), rb.end())) {
      return std::lexicographical_compare(ra.begin(), ra.end(), rb.begin(), rb.end());
    }
    return a < b;
  });
  // Runs of equal rows: the first of each run (lowest row id) represents it.
  std::vector<std::uint32_t> representative(n, kNoClass);
  for (std::size_t k = 0; k < order.size(); ++k) {
    const bool starts_run = k == 0 || !same(order[k - 1], order[k]);
    representative[order[k]] = starts_run ? order[k] : representative[order[k - 1]];
  }
  row_class.assign(n, kNoClass);
  std::uint32_t classes = 0;
  for (std::uint32_t r = 0; r < n; ++r) {
    if (representative[r] == kNoClass) continue;
    row_class[r] = representative[r] == r ? classes++ : row_class[representative[r]];
  }
  return classes;
}

}  // namespace

ReducedMatrix merge_identical(const AccessMatrix& matrix) {
  ReducedMatrix reduced;
  const std::uint32_t row_classes = classify_rows(matrix, reduced.row_class);
  reduced.row_weight.assign(row_classes, 0);
  std::vector<std::uint32_t> first_row(row_classes, kNoClass);
  for (std::uint32_t r = 0; r < matrix.row_count(); ++r) {
    const std::uint32_t cls = reduced.row_class[r];
    if (cls == kNoClass) continue;
    if (reduced.row_weight[cls]++ == 0) first_row[cls] = r;
  }
  // Columns are classified on the row-merged matrix: two columns are equal there
  // exactly when they are equal in the original.
  std::vector<std::vector<std::uint32_t>> unique_rows(row_classes);
  for (std::uint32_t cls = 0; cls < row_classes; ++cls) {
    const auto row = matrix.row(first_row[cls]);
    unique_rows[cls].assign(row.begin(), row.end());
  }
  const AccessMatrix row_merged = AccessMatrix::from_rows(matrix.column_count(), std::move(unique_rows));
  const AccessMatrix by_column = row_merged.transposed();
  const std::uint32_t column_classes = classify_rows(by_column, reduced.column_class);
  reduced.column_weight.assign(column_classes, 0);
  std::vector<std::vector<std::uint32_t>> members(column_classes);
  for (std::uint32_t c = 0; c < matrix.column_count(); ++c) {
    const std::uint32_t cls = reduced.column_class[c];
    if (cls == kNoClass) continue;
    ++reduced.column_weight[cls];
    members[cls].push_back(c);
  }
  reduced.column_members = AccessMatrix::from_rows(matrix.column_count(), std::move(members));

  std::vector<std::vector<std::uint32_t>> rows(row_classes);
  for (std::uint32_t cls = 0; cls < row_classes; ++cls) {
    for (const std::uint32_t c : row_merged.row(cls)) rows[cls].push_back(reduced.column_class[c]);
  }
  reduced.matrix = AccessMatrix::from_rows(column_classes, std::move(rows));
  return reduced;
}

Components connected_components(const AccessMatrix& matrix, const AccessMatrix& transposed) {
  Components result;
  result.row_component.assign(matrix.row_count(), kNoClass);
  result.column_component.assign(matrix.column_count(), kNoClass);
  std::vector<std::uint32_t> stack;
  for (std::uint32_t start = 0; start < matrix.row_count(); ++start) {
    if (result.row_component[start] != kNoClass || matrix.row(start).empty()) continue;
    const std::uint32_t id = result.count++;
    result.row_component[start] = id;
    stack.push_back(start);
    while (!stack.empty()) {
      const std::uint32_t r = stack.back();
      stack.pop_back();
      for (const std::uint32_t c : matrix.row(r)) {
        if (result.column_component[c] != kNoClass) continue;
        result.column_component[c] = id;
        for (const std::uint32_t other : transposed.row(c)) {
          if (result.row_component[other] != kNoClass) continue;
          result.row_component[other] = id;
          stack.push_back(other);
        }
      }
    }
  }
  return result;
}

std::vector<ComponentMatrix> split_components(const AccessMatrix& matrix, const Components& components) {
  std::vector<ComponentMatrix> parts(components.count);
  std::vector<std::uint32_t> local_column(matrix.column_count(), kNoClass);
  for (std::uint32_t c = 0; c < matrix.column_count(); ++c) {
    const std::uint32_t id = components.column_component[c];
    if (id == kNoClass) continue;
    local_column[c] = static_cast<std::uint32_t>(parts[id].columns.size());
    parts[id].columns.push_back(c);
  }
  std::vector<std::vector<std::vector<std::uint32_t>>> rows(components.count);
  for (std::uint32_t r = 0; r < matrix.row_count(); ++r) {
    const std::uint32_t id = components.row_component[r];
    if (id == kNoClass) continue;
    parts[id].rows.push_back(r);
    std::vector<std::uint32_t>& local = rows[id].emplace_back();
    for (const std::uint32_t c : matrix.row(r)) local.push_back(local_column[c]);
  }
  tbb::parallel_for(std::uint32_t{0}, components.count, [&](std::uint32_t id) {
    parts[id].matrix = AccessMatrix::from_rows(static_cast<std::uint32_t>(parts[id].columns.size()),
                                               std::move(rows[id]));
  });
  return parts;
}

}  // namespace accessgraph::mining
