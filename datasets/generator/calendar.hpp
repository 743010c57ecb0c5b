#pragma once
// Calendar days as integers, and their ISO 8601 text.
//
// Every date in a generated bundle is placed relative to one fixed reference day,
// 2026-11-01 ("today" inside the data), never the wall clock, so a bundle depends on
// its seed and size only. Analyses should be run with --as-of 2026-11-01 to see the
// bundle as it was meant (truth.csv is computed at that date).
#include <cstdint>
#include <string>

namespace accessgraph::datasets {

using Day = std::int32_t;  // days since 1970-01-01
inline constexpr Day kNoDay = INT32_MIN;

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil).
constexpr Day days_from_civil(int year, unsigned month, unsigned day) {
  year -= month <= 2 ? 1 : 0;
  const int era = (year >= 0 ? year : year - 399) / 400;
  const auto year_of_era = static_cast<unsigned>(year - era * 400);
  const unsigned day_of_year = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
  const unsigned day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<Day>(day_of_era) - 719468;
}

inline constexpr Day kReferenceDay = days_from_civil(2026, 11, 1);
inline constexpr const char* kReferenceDate = "2026-11-01";

// Appends YYYY-MM-DD; appends nothing for kNoDay (an empty cell).
void append_iso_date(std::string& out, Day day);
// Appends YYYY-MM-DDTHH:MM:SSZ for a day and a second of that day.
void append_iso_datetime(std::string& out, Day day, std::uint32_t second_of_day);

}  // namespace accessgraph::datasets
