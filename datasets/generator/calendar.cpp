#include "datasets/generator/calendar.hpp"

namespace accessgraph::datasets {
namespace {

struct CivilDate {
  int year;
  unsigned month;
  unsigned day;
};

// Inverse of days_from_civil (H. Hinnant's civil_from_days).
CivilDate civil_from_days(Day days) {
  const int z = days + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const auto day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const unsigned day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned day = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned month = mp < 10 ? mp + 3 : mp - 9;
  const int year = static_cast<int>(year_of_era) + era * 400 + (month <= 2 ? 1 : 0);
  return {year, month, day};
}

void append_digits(std::string& out, unsigned value, int width) {
  char digits[8];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

}  // namespace

void append_iso_date(std::string& out, Day day) {
  if (day == kNoDay) {
    return;
  }
  const CivilDate date = civil_from_days(day);
  append_digits(out, static_cast<unsigned>(date.year), 4);
  out.push_back('-');
  append_digits(out, date.month, 2);
  out.push_back('-');
  append_digits(out, date.day, 2);
}

void append_iso_datetime(std::string& out, Day day, std::uint32_t second_of_day) {
  append_iso_date(out, day);
  out.push_back('T');
  append_digits(out, second_of_day / 3600 % 24, 2);
  out.push_back(':');
  append_digits(out, second_of_day / 60 % 60, 2);
  out.push_back(':');
  append_digits(out, second_of_day % 60, 2);
  out.push_back('Z');
}

}  // namespace accessgraph::datasets
