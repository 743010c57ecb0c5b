#pragma once
// Splits output CSV (RFC 4180, as the engine writes it) into rows of fields, for tests.
#include <map>
#include <string>
#include <vector>

namespace accessgraph::testing {

inline std::vector<std::vector<std::string>> csv_rows(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, at_field_start = true;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') field += text[++i];
      else if (c == '"') quoted = false;
      else field += c;
    } else if (c == '"' && at_field_start) {
      quoted = true;
    } else if (c == ',' || c == '\n') {
      row.push_back(field);
      field.clear();
      if (c == '\n') rows.push_back(std::move(row)), row.clear();
      at_field_start = true;
      continue;
    } else {
      field += c;
    }
    at_field_start = false;
  }
  return rows;
}

// The data rows of a CSV with a header, each by column name.
inline std::vector<std::map<std::string, std::string>> csv_records(const std::string& text) {
  const auto rows = csv_rows(text);
  std::vector<std::map<std::string, std::string>> records;
  for (std::size_t r = 1; r < rows.size(); ++r) {
    std::map<std::string, std::string> record;
    for (std::size_t c = 0; c < rows[0].size() && c < rows[r].size(); ++c) record[rows[0][c]] = rows[r][c];
    records.push_back(std::move(record));
  }
  return records;
}

}  // namespace accessgraph::testing
