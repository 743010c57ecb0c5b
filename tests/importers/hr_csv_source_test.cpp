// hr_csv: fixtures/hr_csv/hr.csv mapped by fixtures/directory_and_hr.json; its messy rows
// (a repeated id, a row without id, an unmapped worker type, a manager not in the file,
// an impossible date) are skipped or emptied and reported.
#include <gtest/gtest.h>

#include "core/common/error.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

using testing::ImportedBundle;

std::string config() { return testing::read_file(testing::importer_fixtures() / "directory_and_hr.json"); }

TEST(HrCsvSource, RowsBecomeIdentitiesThroughTheMapping) {
  ImportedBundle bundle(config());
  auto carol = bundle.find("identities.csv", "id", "1003");
  EXPECT_EQ(carol["display_name"], "Chen, Carol");
  EXPECT_EQ(carol["kind"], "employee");  // "Full-Time", from the config's value table
  EXPECT_EQ(carol["hire_date"], "2015-06-01");
  EXPECT_EQ(carol["location"], "Berlin");
  auto bob = bundle.find("identities.csv", "id", "1002");
  EXPECT_EQ(bob["kind"], "contractor");       // "Contingent Worker"
  EXPECT_EQ(bob["hire_date"], "2021-01-15");  // 1/15/2021 under MM/DD/YYYY
  EXPECT_EQ(bob["manager_id"], "1003");
  EXPECT_EQ(bundle.find("identities.csv", "id", "1004")["status"], "leave");  // "On Leave", a known word
  // No status, and an end date before the import date: terminated.
  auto grace = bundle.find("identities.csv", "id", "1007");
  EXPECT_EQ(grace["status"], "terminated");
  EXPECT_EQ(grace["termination_date"], "2024-06-30");
  EXPECT_EQ(grace["manager_id"], "");  // 9999 is no one
}

TEST(HrCsvSource, MessyRowsAreSkippedAndCounted) {
  ImportedBundle bundle(config());
  EXPECT_EQ(bundle.column("identities.csv", "id").size(), 8u);  // 7 HR rows + WS01 from the directory
  EXPECT_TRUE(bundle.find("identities.csv", "id", "1006").empty());
  const auto& hr = bundle.source(0);
  EXPECT_EQ(hr["read"]["rows"], 10);
  EXPECT_EQ(hr["imported"]["identities"], 7);
  EXPECT_FALSE(hr.contains("correlation"));
  const auto& reasons = hr["skipped"]["reasons"];
  EXPECT_EQ(reasons["kind value not mapped (add it to values.kind)"]["examples"][0], "Summer Program");
  EXPECT_EQ(reasons["row without id"]["examples"][0], "line 10");
  EXPECT_EQ(reasons["manager_id names no identity (left empty)"]["examples"][0], "9999");
  EXPECT_EQ(reasons["unreadable hire_date (cell left empty)"]["examples"][0], "13/45/2020");
  EXPECT_EQ(hr["duplicates"]["kinds"]["identities"]["examples"][0], "1001");
  EXPECT_EQ(bundle.find("identities.csv", "id", "1001")["display_name"], "Alice Adams");  // the first kept
  EXPECT_EQ(bundle.find("identities.csv", "id", "1008")["hire_date"], "");
}

TEST(HrCsvSource, AMappingThatNamesAMissingColumnIsRefused) {
  try {
    ImportedBundle bundle(R"({"sources": [{"format": "hr_csv", "path": "hr_csv/hr.csv",
                              "columns": {"id": "Employee ID", "email": "E-mail"}}]})");
    FAIL() << "imported";
  } catch (const InputError& error) {
    EXPECT_NE(error.file().find("hr.csv"), std::string::npos);
    EXPECT_EQ(error.line(), 1u);
    EXPECT_EQ(error.column(), "E-mail");
    EXPECT_NE(error.reason().find("maps email to a column the header lacks"), std::string::npos);
  }
}

}  // namespace
}  // namespace accessgraph
