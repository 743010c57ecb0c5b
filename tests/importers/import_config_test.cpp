// The import config: what it accepts, and that it refuses anything else with the JSON
// path (or, for broken JSON, the line and column) of the defect.
#include "importers/import_config.hpp"

#include <gtest/gtest.h>

#include "core/common/error.hpp"

namespace accessgraph::importers {
namespace {

ImportConfig parse(const std::string& text) { return parse_import_config(text, "import.json", "/base"); }

// The reason of the InputError that parsing `text` throws, or "" when it parses.
std::string refusal(const std::string& text) {
  try {
    parse(text);
  } catch (const InputError& error) {
    return error.what();
  }
  return "";
}

TEST(ImportConfig, ReadsTheIssueExample) {
  ImportConfig config = parse(R"({"sources": [
     {"format": "hr_csv", "path": "hr.csv", "columns": {"id": "Employee ID", "display_name": "Name",
      "department": "Dept", "title": "Job Title", "manager_id": "Manager ID", "email": "Work Email",
      "hire_date": "Start", "termination_date": "End", "kind": "Worker Type"}},
     {"format": "ldif", "path": "directory.ldif", "system": "ldap"},
     {"format": "scim", "path": "okta/", "system": "okta"},
     {"format": "aws_iam", "path": "authz.json", "system": "aws-prod"},
     {"format": "entra", "path": "graph/", "system": "entra", "identities": true},
     {"format": "bloodhound", "path": "sharphound/", "system": "ad", "primary_groups": true}],
   "correlation": [{"account": "employeeID", "identity": "id"},
                   {"account": "mail", "identity": "email", "case": "insensitive"}]})");
  ASSERT_EQ(config.sources.size(), 6u);
  EXPECT_EQ(config.sources[0].format, SourceFormat::kHrCsv);
  EXPECT_EQ(config.sources[0].hr.column(HrField::kManagerId), "Manager ID");
  EXPECT_EQ(config.sources[0].hr.column(HrField::kStatus), "");
  EXPECT_EQ(config.sources[0].path, std::filesystem::path("/base/hr.csv"));
  EXPECT_EQ(config.sources[1].system, "ldap");
  EXPECT_EQ(config.sources[1].system_name, "ldap");
  EXPECT_EQ(system_kind(config.sources[2].format), SystemKind::kSaas);
  EXPECT_EQ(system_kind(config.sources[3].format), SystemKind::kCloud);
  EXPECT_TRUE(config.sources[4].identities);
  EXPECT_TRUE(config.sources[5].primary_groups);
  ASSERT_EQ(config.correlation.size(), 2u);
  EXPECT_EQ(config.correlation[0].match_case, MatchCase::kSensitive);
  EXPECT_EQ(config.correlation[1].match_case, MatchCase::kInsensitive);
  EXPECT_EQ(config.correlation[1].account, "mail");
}

TEST(ImportConfig, ValueTablesAreNormalisedAndStarIsTheDefault) {
  ImportConfig config = parse(R"({"sources": [{"format": "hr_csv", "path": "hr.csv", "columns": {"id": "ID"},
     "values": {"kind": {"Full_Time": "employee", "*": "contractor"}, "status": {"On Leave": "leave"}},
     "date_format": "DD.MM.YYYY"}]})");
  const HrMapping& hr = config.sources[0].hr;
  ASSERT_EQ(hr.kind_values.size(), 1u);
  EXPECT_EQ(hr.kind_values[0].first, "full time");
  EXPECT_EQ(hr.default_kind, IdentityKind::kContractor);
  EXPECT_EQ(hr.status_values[0].second, IdentityStatus::kLeave);
  EXPECT_EQ(hr.date_format, "DD.MM.YYYY");
}

TEST(ImportConfig, UnknownKeysAreRefusedWithTheirPath) {
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "d.ldif", "system": "s", "sytem": "x"}]})")
                .find("at $.sources[0].sytem: unknown key"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "d.ldif", "system": "s"}], "rules": []})")
                .find("at $.rules: unknown key"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "hr_csv", "path": "h.csv", "columns": {"id": "A", "nmae": "B"}}]})")
                .find("at $.sources[0].columns.nmae"),
            std::string::npos);
  // HR sources have no system: the key is not theirs.
  EXPECT_NE(refusal(R"({"sources": [{"format": "hr_csv", "path": "h.csv", "system": "hr", "columns": {"id": "A"}}]})")
                .find("at $.sources[0].system: unknown key"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "scim", "path": "o", "system": "o", "primary_groups": true}]})")
                .find("$.sources[0].primary_groups"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "d", "system": "s"}],
                        "correlation": [{"account": "mail", "identity": "email", "cases": "insensitive"}]})")
                .find("at $.correlation[0].cases"),
            std::string::npos);
}

TEST(ImportConfig, WhatASourceNeedsIsChecked) {
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "d.ldif"}]})").find("missing key \"system\""),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "csv", "path": "d", "system": "s"}]})").find("unknown format"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "hr_csv", "path": "h.csv", "columns": {"email": "Mail"}}]})")
                .find("missing key \"id\""),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": []})").find("lists no source"), std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "a", "system": "ad"},
                                    {"format": "bloodhound", "path": "b", "system": "ad"}]})")
                .find("at $.sources[1].system: system id already used"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "hr_csv", "path": "h", "columns": {"id": "A"},
                        "values": {"kind": {"FT": "fulltime"}}}]})")
                .find("expected one of: employee, contractor, partner, service, bot, api_key"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"sources": [{"format": "ldif", "path": "d", "system": "s", "identities": "yes"}]})")
                .find("expected true or false"),
            std::string::npos);
}

TEST(ImportConfig, AValueOfTheWrongTypeIsNamedWithItsPathAndValue) {
  try {
    parse(R"({"sources": [{"format": "ldif", "path": "d", "system": "s", "identities": "yes"}]})");
    FAIL() << "parsed";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "import.json");
    EXPECT_NE(error.reason().find("at $.sources[0].identities: expected true or false, found string"),
              std::string::npos)
        << error.what();
    EXPECT_EQ(error.value(), "\"yes\"");
  }
  try {
    parse(R"({"sources": [{"format": 7, "path": "d", "system": "s"}]})");
    FAIL() << "parsed";
  } catch (const InputError& error) {
    EXPECT_NE(error.reason().find("at $.sources[0].format: expected a string"), std::string::npos) << error.what();
    EXPECT_EQ(error.value(), "7");
  }
}

TEST(ImportConfig, BrokenJsonIsRefusedWithLineAndColumn) {
  try {
    parse("{\"sources\": [\n  {\"format\": \"ldif\",\n   \"path\" \"d.ldif\"}]}");
    FAIL() << "parsed";
  } catch (const InputError& error) {
    EXPECT_EQ(error.file(), "import.json");
    EXPECT_EQ(error.line(), 3u);
    // nlohmann reports the position just past the token it could not take.
    EXPECT_NE(error.reason().find("malformed JSON at column 18: syntax error"), std::string::npos) << error.what();
    EXPECT_EQ(error.value(), "\"path\" \"d.ldif\"");
  }
}

}  // namespace
}  // namespace accessgraph::importers
