#pragma once
// Bar charts as inline SVG, drawn when the page is written: no script, no library, no
// network, and they print. Labels are escaped.
#include <string>
#include <vector>

namespace accessgraph::html {

struct Bar {
  std::string label;
  double value = 0;
  std::string shown;  // the value as printed beside the bar; empty = the number
};

// Vertical bars side by side (a histogram): labels under the bars.
std::string column_chart(const std::string& title, const std::vector<Bar>& bars);
// One horizontal bar per row, label on the left, value on the right.
std::string row_chart(const std::string& title, const std::vector<Bar>& bars);

}  // namespace accessgraph::html
