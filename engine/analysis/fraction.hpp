#pragma once
// Thresholds compared exactly, as fractions (SPEC 2: 3 of 30 peers is not below 0.1).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accessgraph {

struct Fraction {
  std::uint64_t numerator = 0, denominator = 1;

  // Parses a plain decimal such as "0.1", "1" or "0.125" exactly; nullopt otherwise.
  static std::optional<Fraction> parse_decimal(std::string_view text) {
    Fraction value{0, 1};
    bool seen_digit = false, after_point = false;
    for (char c : text) {
      if (c == '.' && !after_point) {
        after_point = true;
        continue;
      }
      if (c < '0' || c > '9' || value.denominator > 1'000'000'000'000ULL) return std::nullopt;
      value.numerator = value.numerator * 10 + static_cast<std::uint64_t>(c - '0');
      if (after_point) value.denominator *= 10;
      seen_digit = true;
    }
    if (!seen_digit) return std::nullopt;
    return value;
  }

  // part / whole < this, without rounding.
  bool exceeds(std::uint64_t part, std::uint64_t whole) const {
    return static_cast<unsigned __int128>(part) * denominator < static_cast<unsigned __int128>(numerator) * whole;
  }
};

}  // namespace accessgraph
