#include "engine/mining/essential_roles.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace accessgraph::mining {
namespace {

// The column of an essential pair of row r, or ~0u. (r, p) is essential when every
// live row holding p holds all of r's live columns, i.e. when p's live degree equals
// the number of rows holding all of them. Such a p has the smallest live degree among
// r's columns, which rules out most rows before anything is intersected; the count
// itself is one intersection (CoverState::rows_holding_all picks the cheaper way),
// bounded even when thousands of rows contain r's.
std::uint32_t essential_column(const CoverState& state, std::uint32_t r) {
  if (!state.row_live(r) || state.uncovered_in_row(r) == 0) return ~0u;
  std::uint32_t smallest_degree = ~0u;
  std::vector<std::uint32_t> columns;
  for (const std::uint32_t c : state.matrix().row(r)) {
    if (!state.live_pair(r, c)) continue;
    columns.push_back(c);
    smallest_degree = std::min(smallest_degree, state.live_column_degree(c));
  }
  std::uint32_t candidate = ~0u;
  for (const std::uint32_t p : columns) {
    if (state.to_cover(r, p) && state.live_column_degree(p) == smallest_degree) {
      candidate = p;
      break;
    }
  }
  if (candidate == ~0u) return ~0u;
  return state.rows_holding_all(columns).size() == smallest_degree ? candidate : ~0u;
}

}  // namespace

std::vector<std::uint32_t> rows_touched_by_drops(const CoverState& state, const std::vector<std::uint32_t>& rows,
                                                 const std::vector<std::uint32_t>& columns,
                                                 std::uint32_t column_degree_cap) {
  std::vector<std::uint32_t> touched;
  auto add_rows_of = [&](std::uint32_t c) {
    if (state.transposed().row(c).size() > column_degree_cap) return;
    for (const std::uint32_t r : state.transposed().row(c)) {
      if (state.row_live(r) && state.uncovered_in_row(r) > 0) touched.push_back(r);
    }
  };
  for (const std::uint32_t r : rows) {
    for (const std::uint32_t c : state.matrix().row(r)) {
      if (state.column_live(c)) add_rows_of(c);
    }
  }
  for (const std::uint32_t c : columns) add_rows_of(c);
  std::sort(touched.begin(), touched.end());
  touched.erase(std::unique(touched.begin(), touched.end()), touched.end());
  return touched;
}

std::size_t take_essential_roles(CoverState& state, std::vector<Biclique>& roles,
                                 std::vector<std::uint32_t> rows_to_test, std::uint32_t column_degree_cap) {
  if (rows_to_test.empty()) {
    for (std::uint32_t r = 0; r < state.row_count(); ++r) {
      if (state.row_live(r) && state.uncovered_in_row(r) > 0) rows_to_test.push_back(r);
    }
  }
  std::size_t taken = 0;
  std::vector<std::uint32_t> column_of(state.row_count());
  while (!rows_to_test.empty()) {
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, rows_to_test.size(), 64), [&](const auto& range) {
      for (std::size_t k = range.begin(); k != range.end(); ++k) {
        column_of[rows_to_test[k]] = essential_column(state, rows_to_test[k]);
      }
    });
    std::size_t taken_now = 0;
    for (const std::uint32_t r : rows_to_test) {
      const std::uint32_t c = column_of[r];
      // A role taken earlier in this round may have covered the pair already; the live
      // graph is unchanged within a round, so the test itself still holds.
      if (c == ~0u || !state.to_cover(r, c)) continue;
      Biclique role = state.row_concept(r);
      state.cover(role);
      roles.push_back(std::move(role));
      ++taken_now;
    }
    taken += taken_now;
    std::vector<std::uint32_t> dropped_rows, dropped_columns;
    state.drop_finished(dropped_rows, dropped_columns);
    if (taken_now == 0 && dropped_rows.empty() && dropped_columns.empty()) break;
    rows_to_test = rows_touched_by_drops(state, dropped_rows, dropped_columns, column_degree_cap);
  }
  return taken;
}

}  // namespace accessgraph::mining
