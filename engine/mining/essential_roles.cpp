#include "engine/mining/essential_roles.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace accessgraph::mining {
namespace {

// The column of an essential pair of row r, or ~0u. (r, p) is essential when every
// live row holding p holds all of r's live columns. Such a p has the smallest live
// degree among r's columns, which rules most out at once; the rest fail at the
// first row that lacks a column (on sparse matrices, nearly always the first looked at).
std::uint32_t essential_column(const CoverState& state, std::uint32_t r) {
  if (!state.row_live(r) || state.uncovered_in_row(r) == 0) return ~0u;
  std::uint32_t smallest_degree = ~0u;
  for (const std::uint32_t c : state.matrix().row(r)) {
    if (state.live_pair(r, c)) smallest_degree = std::min(smallest_degree, state.live_column_degree(c));
  }
  for (const std::uint32_t p : state.matrix().row(r)) {
    if (!state.to_cover(r, p) || state.live_column_degree(p) != smallest_degree) continue;
    bool complete = true;
    for (const std::uint32_t other : state.transposed().row(p)) {
      if (other == r || !state.live_pair(other, p)) continue;
      for (const std::uint32_t c : state.matrix().row(r)) {
        if (state.live_pair(r, c) && !state.live_pair(other, c)) {
          complete = false;
          break;
        }
      }
      if (!complete) break;
    }
    if (complete) return p;
  }
  return ~0u;
}

}  // namespace

std::vector<std::uint32_t> rows_touched_by_drops(const CoverState& state, const std::vector<std::uint32_t>& rows,
                                                 const std::vector<std::uint32_t>& columns) {
  std::vector<std::uint32_t> touched;
  auto add_rows_of = [&](std::uint32_t c) {
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
                                 std::vector<std::uint32_t> rows_to_test) {
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
    rows_to_test = rows_touched_by_drops(state, dropped_rows, dropped_columns);
  }
  return taken;
}

}  // namespace accessgraph::mining
