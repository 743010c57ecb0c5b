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
    if (uncovered_in_row_[r] == 0) finished_rows_.push_back(r);  // an empty row
  }
  uncovered_pairs_ = matrix_->pair_count();
}

// The concepts below pick, per call, the cheaper of two ways to intersect: word-wide
// AND over whole bit rows (cost: sets x words), or testing the members of the
// smallest set against the others bit by bit (cost: smallest x sets). On sparse
// matrices (degree 20 in 10,000) the second is ~8x cheaper; on dense kernels the first.

std::vector<std::uint32_t> CoverState::rows_holding_all(const std::vector<std::uint32_t>& columns) const {
  std::vector<std::uint32_t> rows;
  if (columns.empty()) return rows;
  std::uint32_t smallest = columns.front();
  for (const std::uint32_t c : columns) {
    if (live_column_degree_[c] < live_column_degree_[smallest]) smallest = c;
  }
  if (live_column_degree_[smallest] < live_columns_.words_per_row()) {
    for (const std::uint32_t r : transposed_->row(smallest)) {
      if (!live_columns_.test(smallest, r)) continue;
      bool all = true;
      for (const std::uint32_t c : columns) {
        if (!live_rows_.test(r, c)) {
          all = false;
          break;
        }
      }
      if (all) rows.push_back(r);
    }
    return rows;
  }
  std::vector<std::uint64_t> words(live_columns_.row(smallest).begin(), live_columns_.row(smallest).end());
  for (const std::uint32_t c : columns) {
    const auto column = live_columns_.row(c);
    for (std::size_t w = 0; w < words.size(); ++w) words[w] &= column[w];
  }
  for_each_bit(words, [&](std::uint32_t row) { rows.push_back(row); });
  return rows;
}

std::vector<std::uint32_t> CoverState::columns_held_by_all(const std::vector<std::uint32_t>& rows) const {
  std::vector<std::uint32_t> columns;
  if (rows.empty()) return columns;
  std::uint32_t smallest = rows.front();
  for (const std::uint32_t r : rows) {
    if (live_row_degree_[r] < live_row_degree_[smallest]) smallest = r;
  }
  if (live_row_degree_[smallest] < live_rows_.words_per_row()) {
    for (const std::uint32_t c : matrix_->row(smallest)) {
      if (!live_rows_.test(smallest, c)) continue;
      bool all = true;
      for (const std::uint32_t r : rows) {
        if (!live_rows_.test(r, c)) {
          all = false;
          break;
        }
      }
      if (all) columns.push_back(c);
    }
    return columns;
  }
  std::vector<std::uint64_t> words(live_rows_.row(smallest).begin(), live_rows_.row(smallest).end());
  for (const std::uint32_t r : rows) {
    const auto row = live_rows_.row(r);
    for (std::size_t w = 0; w < words.size(); ++w) words[w] &= row[w];
  }
  for_each_bit(words, [&](std::uint32_t column) { columns.push_back(column); });
  return columns;
}

Biclique CoverState::row_concept(std::uint32_t r) const {
  Biclique spanned;
  if (!row_live_[r]) return spanned;
  for (const std::uint32_t c : matrix_->row(r)) {
    if (live_rows_.test(r, c)) spanned.columns.push_back(c);
  }
  spanned.rows = rows_holding_all(spanned.columns);
  return spanned;
}

Biclique CoverState::column_concept(std::uint32_t c) const {
  Biclique spanned;
  if (!column_live_[c]) return spanned;
  for (const std::uint32_t r : transposed_->row(c)) {
    if (live_columns_.test(c, r)) spanned.rows.push_back(r);
  }
  spanned.columns = columns_held_by_all(spanned.rows);
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
      if (--uncovered_in_row_[r] == 0) finished_rows_.push_back(r);
      if (--uncovered_in_column_[c] == 0) finished_columns_.push_back(c);
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
  // Rows before columns, each in id order, so that the result does not depend on
  // the order in which roles covered them.
  std::sort(finished_rows_.begin(), finished_rows_.end());
  std::sort(finished_columns_.begin(), finished_columns_.end());
  for (const std::uint32_t r : finished_rows_) {
    if (row_live_[r] && uncovered_in_row_[r] == 0) {
      drop_row(r);
      dropped_rows.push_back(r);
    }
  }
  for (const std::uint32_t c : finished_columns_) {
    if (column_live_[c] && uncovered_in_column_[c] == 0) {
      drop_column(c);
      dropped_columns.push_back(c);
    }
  }
  finished_rows_.clear();
  finished_columns_.clear();
}

}  // namespace accessgraph::mining
