// Reductions that preserve every cover: identical rows and identical columns merged,
// and the matrix split into connected components.
//
// Why they are safe (Ene et al., SACMAT 2008): a role is a biclique (users x
// entitlements, every user holding every entitlement). Two users with the same row can
// take the same roles, and two entitlements held by the same users can sit in the same
// roles, so a cover of the merged matrix expands to a cover of the original with the
// same number of roles, and the converse holds too. A biclique never spans two
// components, so components are solved on their own and their covers added up. On the
// published HP matrices merging alone shrinks thousands of rows to hundreds.
#pragma once

#include <cstdint>
#include <limits>
#include <vector>

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining {

inline constexpr std::uint32_t kNoClass = std::numeric_limits<std::uint32_t>::max();

struct ReducedMatrix {
  AccessMatrix matrix;                        // distinct non-empty rows x distinct held columns
  std::vector<std::uint32_t> row_class;       // original row -> reduced row; kNoClass: empty row
  std::vector<std::uint32_t> column_class;    // original column -> reduced column; kNoClass: held by no one
  std::vector<std::uint32_t> row_weight;      // original rows merged into each reduced row
  std::vector<std::uint32_t> column_weight;   // original columns merged into each reduced column
  AccessMatrix column_members;                // reduced column -> its original columns

  // Original pairs one reduced pair stands for.
  std::uint64_t pair_weight(std::uint32_t row, std::uint32_t column) const {
    return std::uint64_t{row_weight[row]} * column_weight[column];
  }
};

// Classes are numbered in order of their first original row (column), so the result
// does not depend on hashing or thread count.
ReducedMatrix merge_identical(const AccessMatrix& matrix);

struct Components {
  std::uint32_t count = 0;
  std::vector<std::uint32_t> row_component;     // kNoClass for an empty row
  std::vector<std::uint32_t> column_component;  // kNoClass for a column held by no one
};

// Connected components of the bipartite row-column graph, numbered by first row.
Components connected_components(const AccessMatrix& matrix, const AccessMatrix& transposed);

// The rows of one component, renumbered densely in original order, with their columns
// renumbered the same way; `rows` and `columns` give the original ids back.
struct ComponentMatrix {
  AccessMatrix matrix;
  std::vector<std::uint32_t> rows;
  std::vector<std::uint32_t> columns;
};
std::vector<ComponentMatrix> split_components(const AccessMatrix& matrix, const Components& components);

}  // namespace accessgraph::mining
