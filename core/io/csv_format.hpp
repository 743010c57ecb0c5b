#pragma once
// Output CSV as SPEC section 5 fixes it: a field is quoted only when it holds a comma,
// a double quote or a line break; quotes inside are doubled.
#include <string>
#include <string_view>

namespace accessgraph {

// Branch-free over the bytes (the compiler vectorises it): ids are short, and
// find_first_of made one memchr call per byte, a tenth of writing risk.csv.
inline bool csv_needs_quotes(std::string_view field) {
  bool special = false;
  for (const char c : field) special |= (c == ',') | (c == '"') | (c == '\n') | (c == '\r');
  return special;
}

inline void append_csv_field(std::string& out, std::string_view field) {
  if (!csv_needs_quotes(field)) {
    out.append(field);
    return;
  }
  out.push_back('"');
  for (char c : field) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

// Appends the fields joined by commas and a final LF.
template <class... Fields>
void append_csv_row(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out.append(first ? "" : ","), append_csv_field(out, std::string_view(fields)), first = false), ...);
  out.push_back('\n');
}

}  // namespace accessgraph
