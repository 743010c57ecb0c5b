#include "datasets/generator/ids.hpp"

#include <charconv>

namespace accessgraph::datasets {

void append_number(std::string& out, std::uint64_t number, int width) {
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, number);
  const auto length = static_cast<int>(result.ptr - digits);
  if (length < width) {
    out.append(static_cast<std::size_t>(width - length), '0');
  }
  out.append(digits, result.ptr);
}

}  // namespace accessgraph::datasets
