// DatedVersions: the engine a request is answered from, at the date it names or at the
// server's default date (pinned, or today moving with the calendar).
#include <gtest/gtest.h>

#include "server/dispatch/dated_versions.hpp"
#include "tests/server/server_fixture.hpp"

namespace accessgraph {
namespace {

using namespace testing;

TEST(DatedVersions, PinnedDefaultAndAskedDates) {
  VersionedEngine engine = VersionedEngine::in_memory(open_sample());
  const server::DatedVersions versions(engine, *Date::parse(kSampleAsOf));
  EXPECT_EQ(versions.default_date().to_string(), kSampleAsOf);
  EXPECT_EQ(versions.at().engine.as_of().to_string(), kSampleAsOf);
  const Date later = *Date::parse("2027-01-15");
  const server::DatedVersion dated = versions.at(later);
  EXPECT_EQ(dated.engine.as_of(), later);
  EXPECT_EQ(dated.published->status.version, 0u);
  // The same answers as the bundle opened at that date.
  const Engine reference = open_sample("2027-01-15");
  EXPECT_EQ(dated.engine.check("u-jamal", "ent-erp-create-vendor").justified,
            reference.check("u-jamal", "ent-erp-create-vendor").justified);
  EXPECT_NE(dated.engine.check("u-jamal", "ent-erp-create-vendor").justified,
            versions.at().engine.check("u-jamal", "ent-erp-create-vendor").justified);
  // Asked again, the kept evaluation answers; more dates than are kept still answer.
  for (int day = 1; day <= 6; ++day) {
    const Date date = later.plus_days(day);
    EXPECT_EQ(versions.at(date).engine.as_of(), date);
  }
  EXPECT_EQ(versions.at(later).engine.as_of(), later);
}

TEST(DatedVersions, WithoutAPinnedDateTheDefaultIsToday) {
  VersionedEngine engine = VersionedEngine::in_memory(open_sample());  // evaluated at 2026-11-01
  const server::DatedVersions versions(engine, std::nullopt);
  EXPECT_EQ(versions.default_date(), Date::today_utc());
  const server::DatedVersion today = versions.at();
  // Re-evaluated at the current day, not at the date the engine was loaded with.
  EXPECT_EQ(today.engine.as_of(), versions.default_date());
  EXPECT_EQ(versions.at().engine.as_of(), versions.default_date());  // from the kept one
}

}  // namespace
}  // namespace accessgraph
