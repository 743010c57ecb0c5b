#include "engine/mining/cover_state.hpp"

#include <algorithm>
#include <cassert>

namespace accessgraph::mining {

CoverState::CoverState(std::shared_ptr<const AccessMatrix> matrix, std::vector<std::uint32_t> row_weight,
                       std::vector<std::uint32_t> column_weight)
    : matrix_(std::move(matrix)),
      transposed_(std::make_shared<const AccessMatrix>(matrix_->transposed())),
      row_weight_(std::move(row_weight)),
      column_weight_(std::move(column_weight)),
      live_rows_(matrix_->row_count(), matrix_->column_count()),
      live_columns_(matrix_->column_count(), matrix_->row_count()),
      uncovered_(matrix_->row_count(), matrix_->column_count()),
      row_live_(matrix_->row_count(), 1),
      column_live_(matrix_->column_count(), 1),
      live_row_degree_(matrix_->row_count(), 0),
      live_column_degree_(matrix_->column_count(), 0),
      uncovered_in_row_(matrix_->row_count(), 0),
      uncovered_in_column_(matrix_->column_count(), 0) {
  for (std::uint32_t r = 0; r < row_count(); ++r) {
    for (const std::uint32_t c : matrix_->row(r)) {
      live_rows_.set(r, c);
      live_columns_.set(c, r);
      uncovered_.set(r, c);
      ++live_column_degree_[c];
      ++uncovered_in_column_[c];
      uncovered_weight_ += pair_weight(r, c);
    }
    live_row_degree_[r] = uncovered_in_row_[r] = static_cast<std::uint32_t>(matrix_->row(r).size());
  }
  uncovered_pairs_ = matrix_->pair_count();
}

Biclique CoverState::row_concept(std::uint32_t r) const {
  Biclique spanned;
  for_each_bit(live_rows_.row(r), [&](std::uint32_t c) { spanned.columns.push_back(c); });
  if (spanned.columns.empty()) return spanned;
  std::vector<std::uint64_t> rows(live_columns_.row(spanned.columns.front()).begin(),
                                  live_columns_.row(spanned.columns.front()).end());
  for (std::size_t k = 1; k < spanned.columns.size(); ++k) {
    const auto column = live_columns_.row(spanned.columns[k]);
    for (std::size_t w = 0; w < rows.size(); ++w) rows[w] &= column[w];
  }
  for_each_bit(rows, [&](std::uint32_t row) { spanned.rows.push_back(row); });
  return spanned;
}

std::uint32_t CoverState::row_concept_size(std::uint32_t r) const {
  // Start from the live column with the fewest rows: the intersection only shrinks.
  std::uint32_t smallest = 0, smallest_degree = ~0u;
  bool any = false;
  for (const std::uint32_t c : matrix_->row(r)) {
    if (column_live_[c] && live_column_degree_[c] < smallest_degree) {
      smallest = c;
      smallest_degree = live_column_degree_[c];
      any = true;
    }
  }
  if (!any || !row_live_[r]) return 0;
  std::vector<std::uint64_t> rows(live_columns_.row(smallest).begin(), live_columns_.row(smallest).end());
  for (const std::uint32_t c : matrix_->row(r)) {
    if (!column_live_[c] || c == smallest) continue;
    const auto column = live_columns_.row(c);
    for (std::size_t w = 0; w < rows.size(); ++w) rows[w] &= column[w];
  }
  return static_cast<std::uint32_t>(count_bits(rows));
}

Biclique CoverState::column_concept(std::uint32_t c) const {
  Biclique spanned;
  for_each_bit(live_columns_.row(c), [&](std::uint32_t r) { spanned.rows.push_back(r); });
  if (spanned.rows.empty()) return spanned;
  std::vector<std::uint64_t> columns(live_rows_.row(spanned.rows.front()).begin(),
                                     live_rows_.row(spanned.rows.front()).end());
  for (std::size_t k = 1; k < spanned.rows.size(); ++k) {
    const auto row = live_rows_.row(spanned.rows[k]);
    for (std::size_t w = 0; w < columns.size(); ++w) columns[w] &= row[w];
  }
  for_each_bit(columns, [&](std::uint32_t column) { spanned.columns.push_back(column); });
  return spanned;
}

std::uint64_t CoverState::uncovered_weight_in(const Biclique& role) const {
  std::uint64_t total = 0;
  for (const std::uint32_t r : role.rows) {
    if (uncovered_in_row_[r] == 0) continue;
    std::uint64_t columns = 0;
    for (const std::uint32_t c : role.columns) {
      if (uncovered_.test(r, c)) columns += column_weight(c);
    }
    total += columns * row_weight(r);
  }
  return total;
}

std::uint64_t CoverState::uncovered_count_in(const Biclique& role) const {
  std::uint64_t total = 0;
  for (const std::uint32_t r : role.rows) {
    if (uncovered_in_row_[r] == 0) continue;
    for (const std::uint32_t c : role.columns) total += uncovered_.test(r, c);
  }
  return total;
}

void CoverState::cover(const Biclique& role) {
  for (const std::uint32_t r : role.rows) {
    if (uncovered_in_row_[r] == 0) continue;
    for (const std::uint32_t c : role.columns) {
      assert(live_rows_.test(r, c));
      if (!uncovered_.test(r, c)) continue;
      uncovered_.reset(r, c);
      --uncovered_in_row_[r];
      --uncovered_in_column_[c];
      --uncovered_pairs_;
      uncovered_weight_ -= pair_weight(r, c);
    }
  }
}

void CoverState::drop_row(std::uint32_t r) {
  row_live_[r] = 0;
  for (const std::uint32_t c : matrix_->row(r)) {
    if (!live_rows_.test(r, c)) continue;
    live_rows_.reset(r, c);
    live_columns_.reset(c, r);
    --live_column_degree_[c];
  }
  live_row_degree_[r] = 0;
}

void CoverState::drop_column(std::uint32_t c) {
  column_live_[c] = 0;
  for (const std::uint32_t r : transposed_->row(c)) {
    if (!live_columns_.test(c, r)) continue;
    live_columns_.reset(c, r);
    live_rows_.reset(r, c);
    --live_row_degree_[r];
  }
  live_column_degree_[c] = 0;
}

void CoverState::drop_finished(std::vector<std::uint32_t>& dropped_rows,
                               std::vector<std::uint32_t>& dropped_columns) {
  for (std::uint32_t r = 0; r < row_count(); ++r) {
    if (row_live_[r] && uncovered_in_row_[r] == 0) {
      drop_row(r);
      dropped_rows.push_back(r);
    }
  }
  for (std::uint32_t c = 0; c < column_count(); ++c) {
    if (column_live_[c] && uncovered_in_column_[c] == 0) {
      drop_column(c);
      dropped_columns.push_back(c);
    }
  }
}

}  // namespace accessgraph::mining
