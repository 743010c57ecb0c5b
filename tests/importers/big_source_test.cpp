// Sources bigger than one batch (ordered_pipeline.hpp cuts them at about 4 MiB): an LDIF,
// a SCIM ListResponse and an HR CSV of 9 to 14 MB, generated here with known contents. The
// bundle holds exactly what was generated; importing again, on one thread or on every
// core, writes the same bytes; an error in the last batch is reported at its line in the
// whole file, not in its batch.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/common/error.hpp"
#include "importers/importer.hpp"
#include "tests/importers/imported_bundle.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;
using testing::ImportedBundle;
using testing::read_file;

constexpr int kUsers = 36000;
constexpr int kGroups = 300;
constexpr int kMembersPerGroup = 40;

// Group g holds kMembersPerGroup users spread over the population (none twice) and, for
// g > 0, group g-1: a chain of nested groups.
int member_of(int g, int k) { return (g * 97 + k * 751) % kUsers; }
bool disabled(int u) { return u % 20 == 3; }

std::string ldif_export() {
  std::ostringstream out;
  out << "version: 1\n\n";
  for (int u = 0; u < kUsers; ++u) {
    out << "dn: CN=User " << u << ",OU=People,DC=big,DC=example\nchangetype: add\nobjectClass: top\n"
        << "objectClass: person\nobjectClass: organizationalPerson\nobjectClass: user\ncn: User " << u
        << "\nsAMAccountName: u" << u << "\nmail: u" << u << "@big.example\nemployeeID: E" << u
        << "\nuserAccountControl: " << (disabled(u) ? 514 : 512)
        << "\ndescription: an account whose description is long enough to be folded by the exporting\n"
        << "  tool onto a second line, as RFC 2849 allows\n\n";
  }
  for (int g = 0; g < kGroups; ++g) {
    out << "dn: CN=Group " << g << ",OU=Groups,DC=big,DC=example\nobjectClass: top\nobjectClass: group\ncn: Group "
        << g << "\n";
    for (int k = 0; k < kMembersPerGroup; ++k)
      out << "member: cn=user " << member_of(g, k) << ", ou=people,dc=big,dc=example\n";  // as AD spells them, or not
    if (g > 0) out << "member: CN=Group " << g - 1 << ",OU=Groups,DC=big,DC=example\n";
    out << "\n";
  }
  return out.str();
}

std::string scim_export() {
  std::ostringstream out;
  out << "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:ListResponse\"], \"totalResults\": "
      << kUsers + kGroups << ", \"Resources\": [\n";
  for (int u = 0; u < kUsers; ++u)
    out << "  {\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:User\"], \"id\": \"u" << u
        << "\", \"userName\": \"u" << u << "@big.example\", \"active\": " << (disabled(u) ? "false" : "true")
        << ", \"emails\": [{\"value\": \"u" << u << "@big.example\", \"primary\": true}],\n"
        << "   \"meta\": {\"resourceType\": \"User\", \"created\": \"2021-04-01T10:00:00Z\"}},\n";
  for (int g = 0; g < kGroups; ++g) {
    out << "  {\"schemas\": [\"urn:ietf:params:scim:schemas:core:2.0:Group\"], \"id\": \"g" << g
        << "\", \"displayName\": \"Group " << g << "\", \"members\": [";
    for (int k = 0; k < kMembersPerGroup; ++k)
      out << (k ? ", " : "") << "{\"value\": \"u" << member_of(g, k) << "\", \"type\": \"User\"}";
    if (g > 0) out << ", {\"value\": \"g" << g - 1 << "\", \"type\": \"Group\"}";
    out << "]}" << (g + 1 < kGroups ? "," : "") << "\n";
  }
  out << "]}\n";
  return out.str();
}

// HR rows, messy on purpose and all over the file: quoted names with commas and doubled
// quotes, line breaks inside quoted cells, rows without id, ids repeated far from their
// first row (another chunk), unmapped worker types, impossible dates, managers further
// down and managers who are no one.
constexpr int kHrRows = 130000;
bool hr_without_id(int i) { return i % 10007 == 5; }
bool hr_repeats(int i) { return i >= 45000 && i % 9973 == 7; }  // the id of row i - 45000
bool hr_unmapped_kind(int i) { return i % 7919 == 11; }
bool hr_bad_date(int i) { return i % 4999 == 13; }
bool hr_lost_manager(int i) { return i % 6007 == 17; }
std::string hr_id(int i) { return "E" + std::to_string(hr_repeats(i) ? i - 45000 : i); }

std::string hr_export() {
  std::ostringstream out;
  out << "\xEF\xBB\xBF"
      << "Employee ID,Name,Department,Title,Manager ID,Email,Start,End,Worker Type,Status\n";
  for (int i = 0; i < kHrRows; ++i) {
    out << (hr_without_id(i) ? "" : hr_id(i)) << ",";
    if (i % 1000 == 0) out << "\"O\"\"Neil, Zoe " << i << "\",";
    else out << "\"Last" << i << ", First\",";
    out << "Dept" << i % 8 << ",";
    if (i % 5000 == 1) out << "\"Engineer\nsecond line\",";
    else out << "Engineer,";
    out << (hr_lost_manager(i) ? "X999" : "E" + std::to_string((i * 7 + 3) % kHrRows)) << ",";
    out << "u" << i << "@big-hr.example.com,";
    out << (hr_bad_date(i) ? "2020-13-45" : "2020-01-" + std::to_string(10 + i % 18)) << ",";
    out << (i % 11 == 0 ? "2024-06-30" : "") << ",";
    out << (hr_unmapped_kind(i) ? "Summer Program" : i % 3 == 0 ? "Contractor" : "Regular") << ",";
    out << (i % 11 == 0 ? "" : "Active") << (i % 2 ? "\r\n" : "\n");
  }
  return out.str();
}

class BigSource : public ::testing::Test {
 protected:
  BigSource() {
    char pattern[] = "/tmp/accessgraph-big-XXXXXX";
    dir_ = ::mkdtemp(pattern);
  }
  ~BigSource() override { fs::remove_all(dir_); }

  std::string config(const std::string& format, const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return R"({"sources": [{"format": ")" + format + R"(", "path": ")" + (dir_ / name).string() +
           R"(", "system": "big"}]})";
  }
  std::string hr_config(const std::string& text) {
    std::ofstream(dir_ / "hr.csv", std::ios::binary) << text;
    return R"({"sources": [{"format": "hr_csv", "path": ")" + (dir_ / "hr.csv").string() + R"(",
                "columns": {"id": "Employee ID", "display_name": "Name", "department": "Department",
                            "title": "Title", "manager_id": "Manager ID", "email": "Email", "hire_date": "Start",
                            "termination_date": "End", "kind": "Worker Type", "status": "Status"}}],
               "correlation": [{"account": "mail", "identity": "email"}]})";
  }
  // Every file of the bundle but import_report.json (which holds timings), by name.
  static std::map<std::string, std::string> files(const ImportedBundle& bundle) {
    std::map<std::string, std::string> texts;
    for (const auto& entry : fs::directory_iterator(bundle.dir()))
      if (entry.path().filename() != "import_report.json")
        texts[entry.path().filename().string()] = read_file(entry.path());
    return texts;
  }
  // Checks the bundle against what the generators wrote.
  static void expect_generated(const ImportedBundle& bundle, const std::string& username_suffix) {
    auto accounts = bundle.rows("accounts.csv");
    ASSERT_EQ(accounts.size(), static_cast<std::size_t>(kUsers));
    std::size_t disabled_accounts = 0;
    for (auto& row : accounts) disabled_accounts += row["status"] == "disabled";
    EXPECT_EQ(disabled_accounts, static_cast<std::size_t>((kUsers + 16) / 20));
    EXPECT_EQ(bundle.rows("groups.csv").size(), static_cast<std::size_t>(kGroups));
    std::size_t account_members = 0, group_members = 0;
    for (auto& row : bundle.rows("group_members.csv"))
      (row["member_kind"] == "account" ? account_members : group_members) += 1;
    EXPECT_EQ(account_members, static_cast<std::size_t>(kGroups * kMembersPerGroup));
    EXPECT_EQ(group_members, static_cast<std::size_t>(kGroups - 1));
    EXPECT_EQ(bundle.rows("group_grants.csv").size(), static_cast<std::size_t>(kGroups));
    // The last user of the last group, read from the last batch, is where it belongs.
    int last = member_of(kGroups - 1, kMembersPerGroup - 1);
    std::string last_id = bundle.find("accounts.csv", "username", "u" + std::to_string(last) + username_suffix)["id"];
    std::string last_group = bundle.find("groups.csv", "name", "Group " + std::to_string(kGroups - 1))["id"];
    ASSERT_FALSE(last_id.empty() || last_group.empty());
    bool found = false;
    for (auto& row : bundle.rows("group_members.csv"))
      found |= row["member_id"] == last_id && row["group_id"] == last_group;
    EXPECT_TRUE(found);
    EXPECT_TRUE(bundle.source(0)["skipped"]["total"] == 0) << bundle.source(0).dump(1);
    EXPECT_TRUE(bundle.source(0)["duplicates"]["total"] == 0) << bundle.source(0).dump(1);
  }
  // The refusal of an import of `text`, checking nothing was written.
  InputError refusal(const std::string& format, const std::string& name, const std::string& text) {
    return refusal(format == "hr_csv" ? hr_config(text) : config(format, name, text));
  }
  InputError refusal(const std::string& config_text) {
    std::ofstream(dir_ / "import.json") << config_text;
    importers::ImportOptions options;
    options.config = dir_ / "import.json";
    options.out = dir_ / "bundle";
    try {
      importers::run_import(options);
    } catch (const InputError& error) {
      EXPECT_FALSE(fs::exists(dir_ / "bundle"));
      return error;
    }
    ADD_FAILURE() << "imported";
    return InputError("", 0, "", "", "");
  }
  static std::uint64_t line_of(const std::string& text, std::size_t at) {
    return 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  }

  fs::path dir_;
};

TEST_F(BigSource, LdifOverSeveralBatchesIsImportedWholeAndTheSameOnOneThreadOrMany) {
  std::string text = ldif_export();
  ASSERT_GT(text.size(), std::size_t{2} * (4 << 20));  // at least three batches
  std::string cfg = config("ldif", "directory.ldif", text);
  ImportedBundle parallel(cfg);
  expect_generated(parallel, "");
  // The chain of nested groups, with members written in another spelling of their DN.
  EXPECT_EQ(parallel.source(0)["imported"]["memberships of groups"], kGroups - 1);
  std::map<std::string, std::string> serial_files;
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    ImportedBundle serial(cfg);
    serial_files = files(serial);
  }
  EXPECT_TRUE(files(parallel) == serial_files);
  ImportedBundle again(cfg);
  EXPECT_TRUE(files(again) == serial_files);
}

TEST_F(BigSource, ScimOverSeveralBatchesIsImportedWholeAndTheSameOnOneThreadOrMany) {
  std::string text = scim_export();
  ASSERT_GT(text.size(), std::size_t{4 << 20});  // at least two batches
  std::string cfg = config("scim", "users.json", text);
  ImportedBundle parallel(cfg);
  expect_generated(parallel, "@big.example");
  std::map<std::string, std::string> serial_files;
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    ImportedBundle serial(cfg);
    serial_files = files(serial);
  }
  EXPECT_TRUE(files(parallel) == serial_files);
}

TEST_F(BigSource, AnLdifErrorInTheLastBatchIsAtItsLineInTheFile) {
  std::string text = ldif_export();
  std::size_t at = text.rfind("member: cn=user ");
  text.replace(at, 8, "member ");  // no colon
  InputError error = refusal("ldif", "directory.ldif", text);
  EXPECT_NE(error.file().find("directory.ldif"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, at));
  EXPECT_EQ(error.value().rfind("member cn=user ", 0), 0u) << error.value();
}

TEST_F(BigSource, AJsonErrorInTheLastBatchIsAtItsLineInTheFile) {
  std::string text = scim_export();
  std::size_t at = text.rfind("\"type\": \"User\"");
  text.replace(at, 14, "\"type\" \"User\"");  // no colon
  InputError error = refusal("scim", "users.json", text);
  EXPECT_NE(error.file().find("users.json"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, at));
  EXPECT_NE(error.reason().find("$.Resources[" + std::to_string(kUsers + kGroups - 1) + "]"), std::string::npos)
      << error.what();
}

TEST_F(BigSource, HrCsvOverSeveralChunksIsImportedWholeAndTheSameOnOneThreadOrMany) {
  std::string text = hr_export();
  ASSERT_GT(text.size(), std::size_t{3} * (4 << 20));  // at least three chunks
  std::string cfg = hr_config(text);
  ImportedBundle parallel(cfg);
  int without_id = 0, repeated = 0, unmapped = 0, bad_dates = 0, lost_managers = 0;
  std::set<std::string> ids;
  std::vector<std::string> managers;  // of the rows imported
  for (int i = 0; i < kHrRows; ++i) {
    without_id += hr_without_id(i);
    if (hr_without_id(i)) continue;
    unmapped += hr_unmapped_kind(i);
    if (hr_unmapped_kind(i)) continue;
    bad_dates += hr_bad_date(i);
    repeated += hr_repeats(i);
    if (hr_repeats(i)) continue;
    ids.insert(hr_id(i));
    managers.push_back(hr_lost_manager(i) ? "X999" : "E" + std::to_string((i * 7 + 3) % kHrRows));
  }
  for (const std::string& manager : managers) lost_managers += !ids.contains(manager);
  const auto& hr = parallel.source(0);
  EXPECT_EQ(hr["read"]["rows"], kHrRows);
  EXPECT_EQ(hr["imported"]["identities"], kHrRows - without_id - unmapped - repeated);
  EXPECT_EQ(hr["skipped"]["reasons"]["row without id"]["count"], without_id);
  EXPECT_EQ(hr["skipped"]["reasons"]["row without id"]["examples"][0], "line 8");  // row 5: after the header and row 1's two lines
  EXPECT_EQ(hr["skipped"]["reasons"]["kind value not mapped (add it to values.kind)"]["count"], unmapped);
  EXPECT_EQ(hr["skipped"]["reasons"]["unreadable hire_date (cell left empty)"]["count"], bad_dates);
  EXPECT_EQ(hr["skipped"]["reasons"]["manager_id names no identity (left empty)"]["count"], lost_managers);
  EXPECT_EQ(hr["duplicates"]["kinds"]["identities"]["count"], repeated);
  std::map<std::string, testing::Row> identities;
  for (auto& row : parallel.rows("identities.csv")) identities[row["id"]] = row;
  ASSERT_EQ(identities.size(), static_cast<std::size_t>(kHrRows - without_id - unmapped - repeated));
  // Quoted cells, a doubled quote, a line break in a cell, the first of a repeated id kept.
  EXPECT_EQ(identities["E1000"]["display_name"], "O\"Neil, Zoe 1000");
  EXPECT_EQ(identities["E85001"]["title"], "Engineer\nsecond line");
  int first_repeat = 45000;
  while (!hr_repeats(first_repeat)) ++first_repeat;
  EXPECT_EQ(identities[hr_id(first_repeat)]["display_name"], "Last" + std::to_string(first_repeat - 45000) + ", First");
  // The last row's manager comes earlier; the first row's comes later.
  EXPECT_EQ(identities["E" + std::to_string(kHrRows - 1)]["manager_id"],
            "E" + std::to_string((7 * (kHrRows - 1) + 3) % kHrRows));
  EXPECT_EQ(identities["E0"]["manager_id"], "E3");
  std::map<std::string, std::string> serial_files;
  nlohmann::json serial_source;
  {
    tbb::global_control one_thread(tbb::global_control::max_allowed_parallelism, 1);
    ImportedBundle serial(cfg);
    serial_files = files(serial);
    serial_source = serial.source(0);
  }
  EXPECT_TRUE(files(parallel) == serial_files);
  nlohmann::json parallel_source = hr;
  parallel_source.erase("seconds");
  serial_source.erase("seconds");
  EXPECT_EQ(parallel_source, serial_source);  // the same counts and the same examples, in file order
}

TEST_F(BigSource, AnHrCsvErrorInTheLastChunkIsAtItsLineWithColumnAndValue) {
  std::string text = hr_export();
  std::size_t at = text.rfind("Dept");
  text.replace(at, 4, "De\"pt");
  InputError error = refusal("hr_csv", "hr.csv", text);
  EXPECT_NE(error.file().find("hr.csv"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, at));
  EXPECT_EQ(error.column(), "Department");
  EXPECT_EQ(error.value(), "De\"");
  EXPECT_EQ(error.reason(), "double quote inside an unquoted field");
}

// A quote left open early turns every later quote inside out, so the chunks after it are
// cut in the wrong places; the error is still the one a reader from the start meets.
TEST_F(BigSource, AnHrCsvQuoteLeftOpenEarlyIsReportedWhereItIs) {
  std::string text = hr_export();
  std::size_t at = text.find("\"Last100, First\"");
  text.erase(at + 15, 1);  // "Last100, First,Dept4,...
  InputError error = refusal("hr_csv", "hr.csv", text);
  EXPECT_NE(error.file().find("hr.csv"), std::string::npos);
  EXPECT_EQ(error.line(), line_of(text, at));
  EXPECT_EQ(error.column(), "Name");
  EXPECT_EQ(error.value().rfind("\"Last100, First,Dept4,Engineer,", 0), 0u) << error.value();
  EXPECT_EQ(error.reason(), "unexpected character after a closing quote");
}

}  // namespace
}  // namespace accessgraph
