#include "core/common/date.hpp"

#include <gtest/gtest.h>

namespace accessgraph {
namespace {

TEST(Date, ParsesDatesAndTimestampsByCalendarDateOnly) {
  EXPECT_EQ(Date::parse("2026-03-01")->to_string(), "2026-03-01");
  EXPECT_EQ(*Date::parse("2026-03-01T23:59:59Z"), *Date::parse("2026-03-01"));
  EXPECT_EQ(*Date::parse("2026-03-01T00:30:00+05:00"), *Date::parse("2026-03-01"));
  EXPECT_EQ(*Date::parse("2026-03-01T09:30"), *Date::parse("2026-03-01"));
  EXPECT_EQ(*Date::parse("2026-03-01T09:30:00.123Z"), *Date::parse("2026-03-01"));
  EXPECT_EQ(Date::parse("1970-01-01")->days(), 0);
  EXPECT_EQ(Date::parse("2024-02-29")->plus_days(1).to_string(), "2024-03-01");
}

TEST(Date, RejectsImpossibleAndMalformedDates) {
  for (const char* bad : {"2026-02-30", "2025-02-29", "2026-13-01", "2026-00-10", "2026-1-01", "26-01-01",
                          "2026/01/01", "2026-01-01 10:00", "2026-01-01T25:00Z", "2026-01-01Tnoon", "",
                          "2026-01-01T10:00:00Q", "2026-01-01x"}) {
    EXPECT_FALSE(Date::parse(bad).has_value()) << bad;
  }
}

TEST(Date, OrdersAndAbsentIsNotPresent) {
  EXPECT_LT(*Date::parse("2025-12-31"), *Date::parse("2026-01-01"));
  EXPECT_FALSE(Date().present());
  EXPECT_EQ(Date().to_string(), "");
}

}  // namespace
}  // namespace accessgraph
