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

// A CSV that people open in a spreadsheet (a reviewer's queue, evidence) must not let
// a value run as a formula: a field starting with =, +, -, @, a tab or a carriage return
// is written with a single quote in front (OWASP's advice on CSV injection). The machine
// CSVs that SPEC section 5 fixes are written as they are (append_csv_row).
inline bool csv_formula_like(std::string_view field) {
  if (field.empty()) return false;
  const char c = field.front();
  return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

inline void append_human_csv_field(std::string& out, std::string_view field) {
  if (!csv_formula_like(field)) return append_csv_field(out, field);
  std::string guarded;
  guarded.reserve(field.size() + 1);
  guarded.push_back('\'');
  guarded.append(field);
  append_csv_field(out, guarded);
}

// Appends the fields joined by commas and a final LF, for people (see above).
template <class... Fields>
void append_human_csv_row(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out.append(first ? "" : ","), append_human_csv_field(out, std::string_view(fields)), first = false), ...);
  out.push_back('\n');
}

// Appends the fields joined by commas and a final LF.
template <class... Fields>
void append_csv_row(std::string& out, const Fields&... fields) {
  bool first = true;
  ((out.append(first ? "" : ","), append_csv_field(out, std::string_view(fields)), first = false), ...);
  out.push_back('\n');
}

}  // namespace accessgraph
