#include "importers/source_dates.hpp"

#include <chrono>

namespace accessgraph::importers {
namespace {

constexpr std::int32_t kFirstWritableDay = -25567;  // 1900-01-01
constexpr std::int32_t kLastWritableDay = 2932896;  // 9999-12-31
constexpr std::int64_t kFiletimeTicksPerDay = 864'000'000'000;
constexpr std::int64_t kDaysFrom1601To1970 = 134'774;

Date checked(Date date) { return writable_date(date) ? date : Date(); }

Date from_civil(int year, int month, int day) {
  std::chrono::year_month_day ymd{std::chrono::year{year}, std::chrono::month{unsigned(month)},
                                  std::chrono::day{unsigned(day)}};
  if (!ymd.ok()) return Date();
  return checked(Date::from_days(std::chrono::sys_days{ymd}.time_since_epoch().count()));
}

// `width` digits at `pos`, or -1.
int digits_at(std::string_view text, std::size_t pos, std::size_t width) {
  if (pos + width > text.size()) return -1;
  int value = 0;
  for (std::size_t i = pos; i < pos + width; ++i) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

}  // namespace

bool writable_date(Date date) {
  return date.present() && date.days() >= kFirstWritableDay && date.days() <= kLastWritableDay;
}

Date date_from_filetime(std::int64_t filetime) {
  if (filetime <= 0) return Date();
  std::int64_t days = filetime / kFiletimeTicksPerDay - kDaysFrom1601To1970;
  if (days < kFirstWritableDay || days > kLastWritableDay) return Date();
  return Date::from_days(static_cast<std::int32_t>(days));
}

Date date_from_unix_seconds(std::int64_t seconds) {
  if (seconds <= 0) return Date();
  std::int64_t days = seconds / 86'400;
  if (days > kLastWritableDay) return Date();
  return Date::from_days(static_cast<std::int32_t>(days));
}

Date date_from_generalized_time(std::string_view text) {
  if (text.size() < 10) return Date();
  int year = digits_at(text, 0, 4), month = digits_at(text, 4, 2), day = digits_at(text, 6, 2);
  if (year < 0 || month < 0 || day < 0) return Date();
  return from_civil(year, month, day);
}

Date date_from_iso_text(std::string_view text) {
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return Date();
  if (text.size() > 10 && text[10] != 'T' && text[10] != ' ') return Date();
  int year = digits_at(text, 0, 4), month = digits_at(text, 5, 2), day = digits_at(text, 8, 2);
  if (year < 0 || month < 0 || day < 0) return Date();
  return from_civil(year, month, day);
}

Date date_from_pattern(std::string_view text, std::string_view pattern) {
  if (pattern.empty()) return date_from_iso_text(text);
  int year = -1, month = -1, day = -1;
  std::size_t at = 0;
  // Reads one field: exactly `width` digits, or 1-2 digits when `width` is 0.
  auto field = [&](std::size_t width) {
    std::size_t begin = at, limit = width ? width : 2;
    int value = 0;
    while (at < text.size() && at - begin < limit && text[at] >= '0' && text[at] <= '9')
      value = value * 10 + (text[at++] - '0');
    if (at == begin || (width && at - begin != width)) return -1;
    return value;
  };
  for (std::size_t p = 0; p < pattern.size();) {
    if (pattern.substr(p, 4) == "YYYY") {
      year = field(4);
      p += 4;
    } else if (pattern.substr(p, 2) == "MM" || pattern.substr(p, 2) == "DD") {  // one digit is fine too
      (pattern[p] == 'M' ? month : day) = field(0);
      p += 2;
    } else if (pattern[p] == 'M' || pattern[p] == 'D') {
      (pattern[p] == 'M' ? month : day) = field(0);
      p += 1;
    } else {
      if (at >= text.size() || text[at] != pattern[p]) return Date();
      ++at;
      ++p;
    }
  }
  // Anything after the pattern is a time of day, which SPEC dates drop.
  if (at < text.size() && text[at] != ' ' && text[at] != 'T') return Date();
  if (year < 0 || month < 0 || day < 0) return Date();
  return from_civil(year, month, day);
}

}  // namespace accessgraph::importers
