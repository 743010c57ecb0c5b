#pragma once
// A calendar date, as SPEC section 1 reads it: only the date as written matters, so a
// timestamp's time and zone are validated but dropped (no time-zone conversion).
#include <compare>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>

namespace accessgraph {

class Date {
 public:
  constexpr Date() = default;  // absent
  static constexpr Date from_days(std::int32_t days_since_epoch) { return Date(days_since_epoch); }

  // Parses `YYYY-MM-DD` optionally followed by `THH:MM[:SS[.frac]][Z|+HH:MM|-HH:MM]`.
  // Returns nullopt for anything else, including impossible dates such as 2026-02-30.
  static std::optional<Date> parse(std::string_view text);
  static Date today_utc();

  constexpr bool present() const { return days_ != kAbsent; }
  constexpr std::int32_t days() const { return days_; }
  std::string to_string() const;  // YYYY-MM-DD; empty when absent

  constexpr Date plus_days(std::int32_t n) const { return present() ? Date(days_ + n) : Date(); }
  constexpr auto operator<=>(const Date&) const = default;

 private:
  static constexpr std::int32_t kAbsent = std::numeric_limits<std::int32_t>::min();
  constexpr explicit Date(std::int32_t days) : days_(days) {}
  std::int32_t days_ = kAbsent;
};

}  // namespace accessgraph
