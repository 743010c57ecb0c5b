// Sources bigger than one batch (ordered_pipeline.hpp cuts them at about 4 MiB): an LDIF
// and a SCIM ListResponse of 9 to 14 MB, generated here with known contents. The
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
    std::ofstream(dir_ / "import.json") << config(format, name, text);
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

}  // namespace
}  // namespace accessgraph
