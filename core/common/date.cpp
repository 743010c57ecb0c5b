#include "core/common/date.hpp"

#include <chrono>
#include <cstdio>

namespace accessgraph {
namespace {

// Reads exactly `width` ASCII digits at `pos`; -1 when they are not all digits.
int read_digits(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    char c = text[i];
    if (c < '0' || c > '9') return -1;
    value = value * 10 + (c - '0');
  }
  return value;
}

bool valid_hh_mm(std::string_view text, std::size_t pos) {
  int hours = read_digits(text, pos, 2);
  int minutes = read_digits(text, pos + 3, 2);
  return hours >= 0 && hours <= 23 && pos + 2 < text.size() && text[pos + 2] == ':' &&
         minutes >= 0 && minutes <= 59;
}

// The part after 'T': HH:MM[:SS[.fraction]] then an optional zone.
bool valid_time(std::string_view time) {
  if (!valid_hh_mm(time, 0)) return false;
  std::size_t pos = 5;
  if (pos < time.size() && time[pos] == ':') {
    int seconds = read_digits(time, pos + 1, 2);
    if (seconds < 0 || seconds > 60) return false;
    pos += 3;
    if (pos < time.size() && time[pos] == '.') {
      std::size_t digits = 0;
      for (++pos; pos < time.size() && time[pos] >= '0' && time[pos] <= '9'; ++pos) ++digits;
      if (digits == 0) return false;
    }
  }
  if (pos == time.size()) return true;
  if (time[pos] == 'Z') return pos + 1 == time.size();
  if (time[pos] == '+' || time[pos] == '-') {
    std::string_view zone = time.substr(pos + 1);
    return zone.size() == 5 && valid_hh_mm(zone, 0);
  }
  return false;
}

}  // namespace

std::optional<Date> Date::parse(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  int year = read_digits(text, 0, 4);
  int month = read_digits(text, 5, 2);
  int day = read_digits(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return std::nullopt;
  if (text.size() > 10 && (text[10] != 'T' || !valid_time(text.substr(11)))) return std::nullopt;
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                  std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return std::nullopt;
  return Date(std::chrono::sys_days{ymd}.time_since_epoch().count());
}

Date Date::today_utc() {
  auto now = std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now());
  return Date(static_cast<std::int32_t>(now.time_since_epoch().count()));
}

std::string Date::to_string() const {
  if (!present()) return {};
  std::chrono::year_month_day ymd{std::chrono::sys_days{std::chrono::days{days_}}};
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", int(ymd.year()), unsigned(ymd.month()),
                unsigned(ymd.day()));
  return buffer;
}

}  // namespace accessgraph
