// A source that cannot be read refuses the whole import: the error names the file, the
// line and column (or JSON path) and the value, and nothing is written, not even a
// temporary folder. Each case breaks a copy of a valid fixture in one place and checks
// all three, and that the message the CLI prints (what()) carries them.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/common/error.hpp"
#include "importers/importer.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::read_file;

class MalformedInput : public ::testing::Test {
 protected:
  MalformedInput() {
    char pattern[] = "/tmp/accessgraph-malformed-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  ~MalformedInput() override { fs::remove_all(dir_); }

  // Writes `name` with `text` and imports it as the one source of `format`; returns the
  // refusal, after checking that nothing was left behind.
  // `extra`: the source's other config keys (default: hr_csv maps its id, others name a system).
  InputError refusal(const std::string& format, const std::string& name, const std::string& text,
                     std::string extra = "") {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    if (extra.empty()) extra = format == "hr_csv" ? R"(, "columns": {"id": "Employee ID"})" : R"(, "system": "s")";
    std::ofstream(dir_ / "import.json") << R"({"sources": [{"format": ")" << format << R"(", "path": ")" << name << "\""
                                        << extra << "}]}";
    importers::ImportOptions options;
    options.config = dir_ / "import.json";
    options.out = dir_ / "bundle";
    try {
      importers::run_import(options);
    } catch (const InputError& error) {
      EXPECT_FALSE(fs::exists(dir_ / "bundle"));
      for (const auto& entry : fs::directory_iterator(dir_))
        EXPECT_EQ(entry.path().filename().string().find(".bundle.import-"), std::string::npos) << "temporary left";
      return error;
    }
    ADD_FAILURE() << "imported";
    return InputError("", 0, "", "", "");
  }

  static std::string fixture(const std::string& path) { return read_file(testing::importer_fixtures() / path); }
  // `text` with its `occurrence`-th `what` replaced by `with`.
  static std::string replaced(std::string text, const std::string& what, const std::string& with) {
    std::size_t at = text.find(what);
    EXPECT_NE(at, std::string::npos) << what;
    return text.replace(at, what.size(), with);
  }
  // The file, the line and the value are named, in the fields and in the message.
  static void expect_named(const InputError& error, const std::string& file, std::uint64_t line,
                           const std::string& value) {
    EXPECT_EQ(fs::path(error.file()).filename(), file) << error.what();
    EXPECT_EQ(error.line(), line) << error.what();
    EXPECT_EQ(error.value(), value) << error.what();
    std::string message = error.what();
    EXPECT_NE(message.find(file + ":" + std::to_string(line) + ": "), std::string::npos) << message;
    EXPECT_NE(message.find("(value \"" + value + "\")"), std::string::npos) << message;
  }
  // 1-based line of the first `what` in `text`.
  static std::uint64_t line_of(const std::string& text, const std::string& what) {
    return 1 + std::count(text.begin(), text.begin() + text.find(what), '\n');
  }

  fs::path dir_;
};

TEST_F(MalformedInput, LdifLineWithoutColon) {
  std::string text =
      replaced(fixture("ldif/export-1-people.ldif"), "department: Engineering", "department Engineering");
  InputError error = refusal("ldif", "people.ldif", text);
  expect_named(error, "people.ldif", line_of(text, "department Engineering"), "department Engineering");
  EXPECT_NE(error.reason().find("(column 1)"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, LdifChangeRecord) {
  std::string text =
      replaced(fixture("ldif/export-1-people.ldif"), "dn: CN=Bob Brown,OU=People,DC=acme,DC=example\nchangetype: add",
               "dn: CN=Bob Brown,OU=People,DC=acme,DC=example\nchangetype: modify");
  InputError error = refusal("ldif", "people.ldif", text);
  expect_named(error, "people.ldif", line_of(text, "changetype: modify"), "changetype: modify");
  EXPECT_NE(error.reason().find("not a directory export"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("(column 13)"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, LdifBadBase64) {
  std::string text = replaced(fixture("ldif/export-1-people.ldif"), "cn:: ", "cn:: %%");
  InputError error = refusal("ldif", "people.ldif", text);
  expect_named(error, "people.ldif", line_of(text, "cn:: %%"), "%%Q2Fyb2wgQ2jDqW4=");
  EXPECT_NE(error.reason().find("invalid base64 value (column 6)"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, LdifRecordWithoutDn) {
  std::string text = replaced(fixture("ldif/export-1-people.ldif"), "dn: CN=Bob Brown", "cn: CN=Bob Brown");
  InputError error = refusal("ldif", "people.ldif", text);
  expect_named(error, "people.ldif", line_of(text, "cn: CN=Bob Brown"),
               "cn: CN=Bob Brown,OU=People,DC=acme,DC=example");
  EXPECT_NE(error.reason().find("dn:"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("(column 1)"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, JsonMissingComma) {
  std::string text =
      replaced(fixture("bloodhound/20240101_corp_computers.json"), "\"enabled\": true,", "\"enabled\": true");
  InputError error = refusal("bloodhound", "20240101_corp_computers.json", text);
  // The next key is where it breaks.
  std::size_t next = text.find('"', text.find("\"enabled\": true\n") + 16);
  std::string value = text.substr(next, std::min<std::size_t>(24, text.find('\n', next) - next));
  expect_named(error, "20240101_corp_computers.json", line_of(text, "\"enabled\": true\n") + 1, value);
  EXPECT_NE(error.reason().find("in $.data[0] (column "), std::string::npos) << error.what();
}

TEST_F(MalformedInput, JsonCutShort) {
  std::string text = fixture("scim/users-1.json");
  text.resize(text.size() / 2);
  InputError error = refusal("scim", "users.json", text);
  EXPECT_EQ(fs::path(error.file()).filename(), "users.json");
  EXPECT_GT(error.line(), 1u);
  EXPECT_FALSE(error.value().empty()) << error.what();
  EXPECT_NE(text.find(error.value()), std::string::npos) << error.what();  // bytes of the file, where it stops
  EXPECT_NE(error.reason().find("unexpected end of file"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("$.Resources["), std::string::npos) << error.what();
}

TEST_F(MalformedInput, JsonWrongTypeNamesTheField) {
  std::string text = replaced(fixture("aws_iam/authz-2.json"), "\"UserName\": \"dave\"", "\"UserName\": [\"dave\"]");
  InputError error = refusal("aws_iam", "authz.json", text);
  expect_named(error, "authz.json", line_of(text, "\"UserName\": [\"dave\"]") - 2,  // where the element starts
               "[\"dave\"]");
  EXPECT_NE(error.reason().find("at $.UserDetailList[1].UserName"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("expected a string"), std::string::npos);
}

TEST_F(MalformedInput, EntraTruncatedInTheMiddleOfAString) {
  std::string text = fixture("entra/groups.json");
  text.resize(text.find("Platform") + 3);
  InputError error = refusal("entra", "groups.json", text);
  // The group that is not closed, where it starts.
  std::size_t group = text.rfind('{', text.rfind("\"id\"", text.find("Pla")));
  expect_named(error, "groups.json", 1 + std::count(text.begin(), text.begin() + group, '\n'), "{");
  EXPECT_NE(error.reason().find("at $.value[1] (column 5): unexpected end of file: the value is not closed"),
            std::string::npos)
      << error.what();
}

TEST_F(MalformedInput, CsvBrokenQuoting) {
  std::string text = replaced(fixture("hr_csv/hr.csv"), "\"Chen, Carol\"", "\"Chen, Carol");
  InputError error = refusal("hr_csv", "hr.csv", text);
  // No quote follows: the cell runs on to the end of the file.
  std::size_t at = text.find("\"Chen, Carol");
  expect_named(error, "hr.csv", line_of(text, "\"Chen, Carol"), text.substr(at, 60));
  EXPECT_EQ(error.column(), "Name");
  EXPECT_EQ(error.reason(), "quoted field is never closed");
  EXPECT_NE(std::string(error.what()).find("column \"Name\""), std::string::npos) << error.what();
}

TEST_F(MalformedInput, CsvQuoteInsideAPlainCell) {
  std::string text = replaced(fixture("hr_csv/hr.csv"), "Dana Dunn", "Dana \"Dee\" Dunn");
  InputError error = refusal("hr_csv", "hr.csv", text);
  expect_named(error, "hr.csv", line_of(text, "Dana \"Dee"), "Dana \"");
  EXPECT_EQ(error.column(), "Name");
  EXPECT_EQ(error.reason(), "double quote inside an unquoted field");
}

TEST_F(MalformedInput, CsvInvalidUtf8NamesTheCellAndTheByte) {
  std::string text = replaced(fixture("hr_csv/hr.csv"), "Erin Evans", "Erin Ev\xE9ns");
  InputError error = refusal("hr_csv", "hr.csv", text);
  expect_named(error, "hr.csv", line_of(text, "Erin Ev"), "Erin Ev\\xE9");
  EXPECT_EQ(error.column(), "Name");
  EXPECT_EQ(error.reason(), "invalid UTF-8");
}

TEST_F(MalformedInput, CsvRowWithTooFewCellsIsShown) {
  std::string text = replaced(fixture("hr_csv/hr.csv"), "1005,Erin Evans,Support,", "1005,Erin Evans,");
  InputError error = refusal("hr_csv", "hr.csv", text);
  std::size_t at = text.find("1005,Erin Evans,");
  expect_named(error, "hr.csv", line_of(text, "1005,Erin Evans,"), text.substr(at, 60) + "...");
  EXPECT_EQ(error.reason(), "expected 11 fields as in the header, found 10");
}

TEST_F(MalformedInput, HrMappingNamingAMissingColumn) {
  InputError error = refusal("hr_csv", "hr.csv", fixture("hr_csv/hr.csv"),
                             R"(, "columns": {"id": "Employee ID", "email": "E-mail"})");
  expect_named(error, "hr.csv", 1, "E-mail");
  EXPECT_EQ(error.column(), "E-mail");
  EXPECT_NE(error.reason().find("maps email to a column the header lacks"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, AMissingPathIsNamed) {
  std::ofstream(dir_ / "import.json") << R"({"sources": [{"format": "ldif", "path": "nowhere.ldif", "system": "s"}]})";
  importers::ImportOptions options;
  options.config = dir_ / "import.json";
  options.out = dir_ / "bundle";
  try {
    importers::run_import(options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_NE(error.file().find("nowhere.ldif"), std::string::npos);
    EXPECT_EQ(error.line(), 0u);  // the whole file: there is no position in it
    EXPECT_NE(error.reason().find("no such file or folder"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir_ / "bundle"));
}

}  // namespace
}  // namespace accessgraph
