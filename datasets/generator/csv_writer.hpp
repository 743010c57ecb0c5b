#pragma once
// Building CSV rows in memory (RFC 4180, LF line ends, a field quoted only when it
// holds a comma, a double quote or a line break).
#include <cstdint>
#include <string>
#include <string_view>

#include "datasets/generator/calendar.hpp"

namespace accessgraph::datasets {

class CsvBuffer {
 public:
  CsvBuffer& field(std::string_view value);
  CsvBuffer& field(std::uint64_t value);
  CsvBuffer& empty() { return raw(); }
  CsvBuffer& flag(bool value) { return field(value ? std::string_view("true") : "false"); }
  CsvBuffer& date(Day day) {
    append_iso_date(raw_field(), day);
    return *this;
  }
  CsvBuffer& datetime(Day day, std::uint32_t second_of_day) {
    if (day == kNoDay) {
      return empty();
    }
    append_iso_datetime(raw_field(), day, second_of_day);
    return *this;
  }

  // Starts a field and returns the text to append it to, unquoted: for values built
  // in place (ids) that never hold a comma, quote or line break.
  std::string& raw_field() {
    if (!at_row_start_) {
      text_.push_back(',');
    }
    at_row_start_ = false;
    return text_;
  }

  void end_row() {
    text_.push_back('\n');
    at_row_start_ = true;
    ++rows_;
  }

  const std::string& text() const { return text_; }
  std::uint64_t rows() const { return rows_; }
  void clear() {
    text_.clear();
    rows_ = 0;
    at_row_start_ = true;
  }

 private:
  CsvBuffer& raw() {
    raw_field();
    return *this;
  }

  std::string text_;
  std::uint64_t rows_ = 0;
  bool at_row_start_ = true;
};

}  // namespace accessgraph::datasets
