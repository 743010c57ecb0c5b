// Timestamps as sources write them, read as calendar dates.
#include "importers/source_dates.hpp"

#include <gtest/gtest.h>

namespace accessgraph::importers {
namespace {

std::string text(Date date) { return date.to_string(); }

TEST(SourceDates, WindowsFiletimeCountsHundredNanosecondsFrom1601) {
  EXPECT_EQ(text(date_from_filetime(134369712000000000)), "2026-10-20");  // 12:00 UTC that day
  EXPECT_EQ(text(date_from_filetime(133537247990000000)), "2024-02-29");  // 23:59:59 UTC, a leap day
  // AD's markers for "never": 0 and the largest value.
  EXPECT_FALSE(date_from_filetime(0).present());
  EXPECT_FALSE(date_from_filetime(0x7FFFFFFFFFFFFFFF).present());
}

TEST(SourceDates, UnixSecondsWithZeroAndMinusOneAsNever) {
  EXPECT_EQ(text(date_from_unix_seconds(1792497600)), "2026-10-20");
  EXPECT_FALSE(date_from_unix_seconds(0).present());
  EXPECT_FALSE(date_from_unix_seconds(-1).present());
}

TEST(SourceDates, GeneralizedTime) {
  EXPECT_EQ(text(date_from_generalized_time("20200301090000.0Z")), "2020-03-01");
  EXPECT_EQ(text(date_from_generalized_time("20240229235959Z")), "2024-02-29");
  EXPECT_FALSE(date_from_generalized_time("20230229000000Z").present());  // no such day
  EXPECT_FALSE(date_from_generalized_time("2020").present());
}

TEST(SourceDates, IsoTextAsJsonExportsWriteIt) {
  EXPECT_EQ(text(date_from_iso_text("2026-03-01")), "2026-03-01");
  EXPECT_EQ(text(date_from_iso_text("2026-03-01T09:30:00.1234567Z")), "2026-03-01");
  EXPECT_EQ(text(date_from_iso_text("2019-12-18 19:10:08+00:00")), "2019-12-18");
  EXPECT_FALSE(date_from_iso_text("03/01/2026").present());
  EXPECT_FALSE(date_from_iso_text("").present());
}

TEST(SourceDates, PatternsReadOneOrTwoDigitDaysAndMonths) {
  EXPECT_EQ(text(date_from_pattern("03/01/2020", "MM/DD/YYYY")), "2020-03-01");
  EXPECT_EQ(text(date_from_pattern("3/1/2020", "MM/DD/YYYY")), "2020-03-01");
  EXPECT_EQ(text(date_from_pattern("01.03.2020 08:00", "DD.MM.YYYY")), "2020-03-01");
  EXPECT_EQ(text(date_from_pattern("2020-03-01", "")), "2020-03-01");
  EXPECT_FALSE(date_from_pattern("13/45/2020", "MM/DD/YYYY").present());
  EXPECT_FALSE(date_from_pattern("03-01-2020", "MM/DD/YYYY").present());
  EXPECT_FALSE(date_from_pattern("03/01/20", "MM/DD/YYYY").present());
}

}  // namespace
}  // namespace accessgraph::importers
