#pragma once
// Reading the cells of one row of a bundle file, addressed by schema column
// (core/schema/bundle_schema.hpp), with the checks and messages of
// docs/bundle-format.md. Shared by the bundle loader and the reader of a bundle's
// lifecycle history. Internal to loaders/.
#include <string>
#include <string_view>
#include <vector>

#include "core/graph/graph.hpp"
#include "core/schema/bundle_schema.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::loaders {

inline constexpr std::size_t kMaxIdBytes = 256;
inline constexpr std::size_t kShownValueBytes = 120;  // longer values are cut in messages

// A defect in one cell, thrown by the cell readers below and turned into a
// RejectedRow (with file and line) by the row driver.
struct CellError {
  std::size_t column;  // index into the file's schema columns
  std::string value;
  std::string reason;
  bool weak = false;  // a dangling reference into the same file (see FileErrors)
};

inline std::string shown_value(std::string_view value) {
  if (value.size() <= kShownValueBytes) return std::string(value);
  return std::string(value.substr(0, kShownValueBytes)) + "...";
}

// One data row, its cells addressed by schema column (not file column).
class Row {
 public:
  Row(const CsvRecord& record, const std::vector<std::size_t>& file_columns)
      : record_(record), file_columns_(file_columns) {}

  std::uint64_t line() const { return record_.line; }
  std::string_view operator[](std::size_t column) const { return record_.fields[file_columns_[column]]; }

  [[noreturn]] void fail(std::size_t column, std::string reason) const {
    throw CellError{column, shown_value((*this)[column]), std::move(reason)};
  }

  // A non-empty id of at most 256 bytes.
  std::string_view id(std::size_t column) const {
    std::string_view cell = (*this)[column];
    if (cell.empty()) fail(column, "must not be empty");
    if (cell.size() > kMaxIdBytes) fail(column, "id longer than 256 bytes");
    return cell;
  }

  // A reference to an id of `table`; invalid when the cell is empty and may be.
  // `same_file`: the table is the one this file defines.
  template <class Id>
  Id reference(std::size_t column, const IdTable<Id>& table, std::string_view kind, bool required,
               bool same_file = false) const {
    std::string_view cell = (*this)[column];
    if (cell.empty()) {
      if (required) fail(column, "must not be empty");
      return Id();
    }
    if (cell.size() > kMaxIdBytes) fail(column, "id longer than 256 bytes");
    auto found = table.find(cell);
    if (!found) throw CellError{column, shown_value(cell), "unknown " + std::string(kind) + " id", same_file};
    return *found;
  }

  Date date(std::size_t column) const {
    std::string_view cell = (*this)[column];
    if (cell.empty()) return Date();
    auto parsed = Date::parse(cell);
    if (!parsed) fail(column, "not an ISO 8601 date (YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)");
    return *parsed;
  }

  template <class Enum>
  Enum enumerated(std::size_t column, bool required) const {
    std::string_view cell = (*this)[column];
    if (cell.empty() && required) fail(column, "must not be empty");
    auto parsed = parse_enum<Enum>(cell);
    if (!parsed) fail(column, "unknown value; expected one of " + allowed_values<Enum>());
    return *parsed;
  }

  std::uint8_t sensitivity(std::size_t column) const {
    std::string_view cell = (*this)[column];
    if (cell.empty()) return 0;
    if (cell.size() != 1 || cell[0] < '0' || cell[0] > '3') fail(column, "sensitivity must be 0, 1, 2 or 3");
    return static_cast<std::uint8_t>(cell[0] - '0');
  }

  bool boolean(std::size_t column) const {
    std::string_view cell = (*this)[column];
    if (cell.empty() || cell == "false") return false;
    if (cell == "true") return true;
    fail(column, "must be true or false");
  }

 private:
  const CsvRecord& record_;
  const std::vector<std::size_t>& file_columns_;
};

// The cells of identities.csv and accounts.csv that make a record (department, title
// and location, interned separately, aside). `graph` holds the ids referenced.
void fill_identity(IdentityRecord& identity, const Row& row, const Graph& graph, StringArena& text);
void fill_account(AccountRecord& account, const Row& row, const Graph& graph, StringArena& text);

}  // namespace accessgraph::loaders
