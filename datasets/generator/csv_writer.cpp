#include "datasets/generator/csv_writer.hpp"

#include <charconv>

namespace accessgraph::datasets {

CsvBuffer& CsvBuffer::field(std::string_view value) {
  std::string& out = raw_field();
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(value);
    return *this;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') {
      out.push_back('"');
    }
    out.push_back(c);
  }
  out.push_back('"');
  return *this;
}

CsvBuffer& CsvBuffer::field(std::uint64_t value) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  raw_field().append(digits, result.ptr);
  return *this;
}

}  // namespace accessgraph::datasets
