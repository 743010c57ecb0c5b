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
  // Quoted: copied in runs up to each double quote, which is doubled (most quoted fields
  // hold commas and no quote: one run, not one push_back per byte).
  out.push_back('"');
  for (std::size_t quote; (quote = field.find('"')) != std::string_view::npos; field.remove_prefix(quote + 1)) {
    out.append(field.substr(0, quote + 1));
    out.push_back('"');
  }
  out.append(field);
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
