// CoverState: one component of the (reduced) access matrix while roles are being
// chosen for it. It keeps three things as bit matrices:
//   - the live graph: rows and columns not yet removed (see drop_finished);
//   - the pairs still to cover (a pair stays in the live graph after it is covered,
//     because later roles may span it again: roles may overlap);
//   - live degrees, for the essential-role test.
//
//   rows x columns           live      to cover      a role is a biclique: rows U x
//   u0  x x .                x x .     . x .         columns P with every pair held;
//   u1  x x x                x x x     . x x         covering it clears U x P from
//   u2  . . x                . . x     . . x         "to cover".
//
// A copy is a full independent state (the greedy restarts each take one). Not
// thread-safe for writes; const members may be read from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "engine/mining/access_matrix.hpp"
#include "engine/mining/bit_matrix.hpp"

namespace accessgraph::mining {

struct Biclique {
  std::vector<std::uint32_t> rows;     // sorted
  std::vector<std::uint32_t> columns;  // sorted
  bool empty() const { return rows.empty() || columns.empty(); }
};

class CoverState {
 public:
  // Weights say how many original rows (columns) a reduced row (column) stands for;
  // empty means 1 each. Coverage targets are measured in weighted pairs.
  explicit CoverState(std::shared_ptr<const AccessMatrix> matrix, std::vector<std::uint32_t> row_weight = {},
                      std::vector<std::uint32_t> column_weight = {});

  std::uint32_t row_count() const { return matrix_->row_count(); }
  std::uint32_t column_count() const { return matrix_->column_count(); }
  const AccessMatrix& matrix() const { return *matrix_; }
  const AccessMatrix& transposed() const { return *transposed_; }

  bool row_live(std::uint32_t r) const { return row_live_[r] != 0; }
  bool column_live(std::uint32_t c) const { return column_live_[c] != 0; }
  bool live_pair(std::uint32_t r, std::uint32_t c) const { return live_rows_.test(r, c); }
  bool to_cover(std::uint32_t r, std::uint32_t c) const { return uncovered_.test(r, c); }
  std::uint32_t live_column_degree(std::uint32_t c) const { return live_column_degree_[c]; }
  std::uint32_t live_row_degree(std::uint32_t r) const { return live_row_degree_[r]; }
  std::uint32_t uncovered_in_row(std::uint32_t r) const { return uncovered_in_row_[r]; }
  std::uint64_t uncovered_pairs() const { return uncovered_pairs_; }
  std::uint64_t uncovered_weight() const { return uncovered_weight_; }
  std::uint64_t pair_weight(std::uint32_t r, std::uint32_t c) const {
    return std::uint64_t{row_weight(r)} * column_weight(c);
  }
  std::uint32_t row_weight(std::uint32_t r) const { return row_weight_.empty() ? 1 : row_weight_[r]; }
  std::uint32_t column_weight(std::uint32_t c) const { return column_weight_.empty() ? 1 : column_weight_[c]; }

  // The maximal live biclique around row r: its live columns, and every live row that
  // holds all of them (r included). Empty when r has no live column.
  Biclique row_concept(std::uint32_t r) const;
  // The maximal live biclique around column c: its live rows and every live column
  // all of them hold.
  Biclique column_concept(std::uint32_t c) const;

  // Live rows holding every one of `columns`, and live columns every one of `rows`
  // holds (sorted). Empty input gives an empty answer.
  std::vector<std::uint32_t> rows_holding_all(const std::vector<std::uint32_t>& columns) const;
  std::vector<std::uint32_t> columns_held_by_all(const std::vector<std::uint32_t>& rows) const;

  // Pairs (weighted or counted) of `role` still to cover.
  std::uint64_t uncovered_weight_in(const Biclique& role) const;
  std::uint64_t uncovered_count_in(const Biclique& role) const;

  // Marks every pair of `role` covered. `role` must be a biclique of the live graph.
  void cover(const Biclique& role);

  // Removes every live row and column with nothing left to cover, and appends the
  // removed ids. Safe for a minimum cover: such a row (column) is never needed, and
  // any biclique through it is still a biclique without it, covering the same pairs
  // still to cover.
  void drop_finished(std::vector<std::uint32_t>& dropped_rows, std::vector<std::uint32_t>& dropped_columns);

 private:
  void drop_row(std::uint32_t r);
  void drop_column(std::uint32_t c);

  std::shared_ptr<const AccessMatrix> matrix_;
  std::shared_ptr<const AccessMatrix> transposed_;
  std::vector<std::uint32_t> row_weight_, column_weight_;
  BitMatrix live_rows_;     // row -> live columns it holds
  BitMatrix live_columns_;  // column -> live rows holding it
  BitMatrix uncovered_;     // row -> columns whose pair is still to cover
  std::vector<std::uint8_t> row_live_, column_live_;
  std::vector<std::uint32_t> live_row_degree_, live_column_degree_;
  std::vector<std::uint32_t> uncovered_in_row_, uncovered_in_column_;
  std::vector<std::uint32_t> finished_rows_, finished_columns_;  // reached 0 to cover since the last drop
  std::uint64_t uncovered_pairs_ = 0;
  std::uint64_t uncovered_weight_ = 0;
};

}  // namespace accessgraph::mining
