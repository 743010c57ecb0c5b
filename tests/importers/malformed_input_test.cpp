// A source that cannot be read refuses the whole import: the error names the file, the
// line and column (or JSON path) and the value, and nothing is written, not even a
// temporary folder. Each case breaks a copy of a valid fixture in one place.
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
  InputError refusal(const std::string& format, const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    std::string extra = format == "hr_csv" ? R"(, "columns": {"id": "Employee ID"})" : R"(, "system": "s")";
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
  EXPECT_NE(error.file().find("people.ldif"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, "department Engineering"));
  EXPECT_EQ(error.value(), "department Engineering");
  EXPECT_NE(error.reason().find("column 1"), std::string::npos);
}

TEST_F(MalformedInput, LdifChangeRecord) {
  std::string text =
      replaced(fixture("ldif/export-1-people.ldif"), "dn: CN=Bob Brown,OU=People,DC=acme,DC=example\nchangetype: add",
               "dn: CN=Bob Brown,OU=People,DC=acme,DC=example\nchangetype: modify");
  InputError error = refusal("ldif", "people.ldif", text);
  EXPECT_EQ(error.line(), line_of(text, "changetype: modify"));
  EXPECT_NE(error.reason().find("not a directory export"), std::string::npos);
}

TEST_F(MalformedInput, LdifBadBase64) {
  std::string text = replaced(fixture("ldif/export-1-people.ldif"), "cn:: ", "cn:: %%");
  InputError error = refusal("ldif", "people.ldif", text);
  EXPECT_EQ(error.line(), line_of(text, "cn:: %%"));
  EXPECT_NE(error.reason().find("invalid base64 value (column 6)"), std::string::npos);
}

TEST_F(MalformedInput, JsonMissingComma) {
  std::string text =
      replaced(fixture("bloodhound/20240101_corp_computers.json"), "\"enabled\": true,", "\"enabled\": true");
  InputError error = refusal("bloodhound", "20240101_corp_computers.json", text);
  EXPECT_NE(error.file().find("20240101_corp_computers.json"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, "\"enabled\": true\n") + 1);  // the next key is where it breaks
  EXPECT_NE(error.reason().find("in $.data[0]"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, JsonCutShort) {
  std::string text = fixture("scim/users-1.json");
  text.resize(text.size() / 2);
  InputError error = refusal("scim", "users.json", text);
  EXPECT_NE(error.reason().find("unexpected end of file"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("$.Resources["), std::string::npos) << error.what();
}

TEST_F(MalformedInput, JsonWrongTypeNamesTheField) {
  std::string text = replaced(fixture("aws_iam/authz-2.json"), "\"UserName\": \"dave\"", "\"UserName\": [\"dave\"]");
  InputError error = refusal("aws_iam", "authz.json", text);
  EXPECT_NE(error.reason().find("at $.UserDetailList[1].UserName"), std::string::npos) << error.what();
  EXPECT_NE(error.reason().find("expected a string"), std::string::npos);
  EXPECT_EQ(error.value(), "[\"dave\"]");
  EXPECT_EQ(error.line(), line_of(text, "\"UserName\": [\"dave\"]") - 2);  // where the element starts
}

TEST_F(MalformedInput, EntraTruncatedInTheMiddleOfAString) {
  std::string text = fixture("entra/groups.json");
  text.resize(text.find("Platform") + 3);
  InputError error = refusal("entra", "groups.json", text);
  EXPECT_NE(error.reason().find("unexpected end of file"), std::string::npos) << error.what();
}

TEST_F(MalformedInput, CsvBrokenQuoting) {
  std::string text = replaced(fixture("hr_csv/hr.csv"), "\"Chen, Carol\"", "\"Chen, Carol");
  InputError error = refusal("hr_csv", "hr.csv", text);
  EXPECT_NE(error.file().find("hr.csv"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, "\"Chen, Carol"));
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
    EXPECT_NE(error.reason().find("no such file or folder"), std::string::npos);
  }
  EXPECT_FALSE(fs::exists(dir_ / "bundle"));
}

}  // namespace
}  // namespace accessgraph
