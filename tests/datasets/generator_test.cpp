// Tests of the synthetic enterprise generator: it writes valid SPEC section 1 bundles,
// the same bytes for the same seed whatever the thread count, and truth.csv rows that
// really hold in the data it wrote. The bundles are read back with a small RFC 4180
// reader written here, independent of the generator's writer.
#include "datasets/generator/generator.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace {

namespace fs = std::filesystem;
using accessgraph::datasets::GeneratorOptions;
using accessgraph::datasets::GeneratorReport;
using accessgraph::datasets::generate_bundle;
using accessgraph::datasets::named_size;

constexpr const char* kReferenceDate = "2026-11-01";
constexpr const char* kDormantCutoff = "2026-08-03";  // reference date minus 90 days

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// A CSV file read back: header, then rows of cells, fields unquoted.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    if (it == header.end()) {
      throw std::runtime_error("no column " + name);
    }
    return static_cast<std::size_t>(it - header.begin());
  }
  // Every value of one column, in row order.
  std::vector<std::string> values(const std::string& name) const {
    const std::size_t c = column(name);
    std::vector<std::string> out;
    for (const auto& row : rows) {
      out.push_back(row[c]);
    }
    return out;
  }
};

// RFC 4180: quoted fields may hold commas, doubled quotes and line breaks.
Table parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  std::size_t i = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  for (; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field.push_back('"');
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      record.push_back(std::move(field));
      field.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
        ++i;
      }
      record.push_back(std::move(field));
      field.clear();
      records.push_back(std::move(record));
      record.clear();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !record.empty()) {
    record.push_back(std::move(field));
    records.push_back(std::move(record));
  }
  Table table;
  if (records.empty()) {
    return table;
  }
  table.header = records.front();
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      throw std::runtime_error("row " + std::to_string(r + 1) + " has " +
                               std::to_string(records[r].size()) + " cells");
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

// The columns SPEC section 1 (and section 6 for hr_events) requires, per file.
const std::map<std::string, std::vector<std::string>>& spec_columns() {
  static const std::map<std::string, std::vector<std::string>> kColumns{
      {"identities.csv", {"id", "display_name", "kind", "status", "department", "title", "location",
                          "manager_id", "owner_id", "hire_date", "termination_date"}},
      {"systems.csv", {"id", "name", "kind", "owner_id"}},
      {"accounts.csv", {"id", "system_id", "identity_id", "username", "status", "created", "last_used", "privileged"}},
      {"groups.csv", {"id", "system_id", "name", "owner_id"}},
      {"entitlements.csv", {"id", "system_id", "name", "resource", "action", "sensitivity", "owner_id"}},
      {"roles.csv", {"id", "name", "kind", "owner_id"}},
      {"group_members.csv", {"group_id", "member_kind", "member_id"}},
      {"group_grants.csv", {"group_id", "entitlement_id"}},
      {"account_grants.csv", {"account_id", "entitlement_id", "granted_at"}},
      {"role_includes.csv", {"role_id", "included_role_id"}},
      {"role_grants.csv", {"role_id", "target_kind", "target_id"}},
      {"role_assignments.csv", {"identity_id", "role_id", "source", "granted_at", "expires_at"}},
      {"usage.csv", {"account_id", "entitlement_id", "last_used"}},
      {"sod_rules.csv", {"id", "entitlement_a", "entitlement_b", "severity", "description"}},
      {"birthright.csv", {"id", "role_id", "kind", "department", "title", "location"}},
      {"role_history.csv", {"identity_id", "role_id", "granted_at", "revoked_at"}},
      {"hr_events.csv", {"event_id", "effective_date", "type", "identity_id", "display_name", "kind",
                         "department", "title", "location", "manager_id", "owner_id"}},
      {"truth.csv", {"anomaly", "subject_kind", "subject_id", "related_id", "detail"}},
  };
  return kColumns;
}

bool is_digits(const std::string& text, std::size_t from, std::size_t count) {
  for (std::size_t i = from; i < from + count; ++i) {
    if (i >= text.size() || text[i] < '0' || text[i] > '9') {
      return false;
    }
  }
  return true;
}

// YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ, with a day that exists.
bool is_iso_date(const std::string& text) {
  if (text.size() != 10 && text.size() != 20) {
    return false;
  }
  if (!is_digits(text, 0, 4) || text[4] != '-' || !is_digits(text, 5, 2) || text[7] != '-' || !is_digits(text, 8, 2)) {
    return false;
  }
  const int year = std::stoi(text.substr(0, 4));
  const int month = std::stoi(text.substr(5, 2));
  const int day = std::stoi(text.substr(8, 2));
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1 || day > kDays[month - 1] + (month == 2 && leap ? 1 : 0)) {
    return false;
  }
  if (text.size() == 10) {
    return true;
  }
  return text[10] == 'T' && is_digits(text, 11, 2) && text[13] == ':' && is_digits(text, 14, 2) &&
         text[16] == ':' && is_digits(text, 17, 2) && text[19] == 'Z' && std::stoi(text.substr(11, 2)) < 24 &&
         std::stoi(text.substr(14, 2)) < 60 && std::stoi(text.substr(17, 2)) < 60;
}

std::string date_part(const std::string& text) { return text.substr(0, 10); }

// A bundle read back, with the indexes the checks below need.
class Bundle {
 public:
  explicit Bundle(const fs::path& folder) : folder_(folder) {
    for (const auto& [name, columns] : spec_columns()) {
      tables_[name] = parse_csv(read_file(folder / name));
    }
    const Table& identities = table("identities.csv");
    for (const auto& row : identities.rows) {
      identity_row_[row[0]] = &row;
    }
    const Table& accounts = table("accounts.csv");
    for (const auto& row : accounts.rows) {
      account_row_[row[0]] = &row;
    }
    const Table& members = table("group_members.csv");
    for (const auto& row : members.rows) {
      if (row[members.column("member_kind")] == "group") {
        parents_[row[members.column("member_id")]].push_back(row[members.column("group_id")]);
      } else {
        account_groups_[row[members.column("member_id")]].push_back(row[members.column("group_id")]);
      }
    }
    for (const auto& row : table("group_grants.csv").rows) {
      group_grants_[row[0]].push_back(row[1]);
    }
    for (const auto& row : table("account_grants.csv").rows) {
      account_grants_[row[0]].push_back(row[1]);
    }
  }

  const Table& table(const std::string& name) const { return tables_.at(name); }
  const fs::path& folder() const { return folder_; }

  std::string identity_cell(const std::string& identity, const std::string& column) const {
    const Table& t = table("identities.csv");
    return (*identity_row_.at(identity))[t.column(column)];
  }
  bool has_identity(const std::string& id) const { return identity_row_.count(id) != 0; }
  std::string account_cell(const std::string& account, const std::string& column) const {
    const Table& t = table("accounts.csv");
    return (*account_row_.at(account))[t.column(column)];
  }
  const std::vector<std::string>& groups_of_account(const std::string& account) const {
    static const std::vector<std::string> kNone;
    const auto it = account_groups_.find(account);
    return it == account_groups_.end() ? kNone : it->second;
  }

  std::vector<std::string> enabled_accounts_of(const std::string& identity) const {
    std::vector<std::string> out;
    const Table& accounts = table("accounts.csv");
    for (const auto& row : accounts.rows) {
      if (row[accounts.column("identity_id")] == identity && row[accounts.column("status")] == "enabled") {
        out.push_back(row[0]);
      }
    }
    return out;
  }

  // SPEC section 2: entitlements an account holds, directly or through nested groups.
  std::set<std::string> account_holds(const std::string& account) const {
    std::set<std::string> held;
    if (const auto it = account_grants_.find(account); it != account_grants_.end()) {
      held.insert(it->second.begin(), it->second.end());
    }
    std::vector<std::string> stack = groups_of_account(account);
    std::unordered_set<std::string> seen(stack.begin(), stack.end());
    while (!stack.empty()) {
      const std::string group = stack.back();
      stack.pop_back();
      if (const auto it = group_grants_.find(group); it != group_grants_.end()) {
        held.insert(it->second.begin(), it->second.end());
      }
      if (const auto it = parents_.find(group); it != parents_.end()) {
        for (const auto& parent : it->second) {
          if (seen.insert(parent).second) {
            stack.push_back(parent);
          }
        }
      }
    }
    return held;
  }

  std::set<std::string> actual_access(const std::string& identity) const {
    std::set<std::string> held;
    for (const auto& account : enabled_accounts_of(identity)) {
      const auto more = account_holds(account);
      held.insert(more.begin(), more.end());
    }
    return held;
  }

 private:
  fs::path folder_;
  std::map<std::string, Table> tables_;
  std::unordered_map<std::string, const std::vector<std::string>*> identity_row_;
  std::unordered_map<std::string, const std::vector<std::string>*> account_row_;
  std::unordered_map<std::string, std::vector<std::string>> parents_;
  std::unordered_map<std::string, std::vector<std::string>> account_groups_;
  std::unordered_map<std::string, std::vector<std::string>> group_grants_;
  std::unordered_map<std::string, std::vector<std::string>> account_grants_;
};

fs::path scratch_folder(const std::string& name) {
  return fs::temp_directory_path() / ("accessgraph_generator_test_" + std::to_string(::getpid())) / name;
}

GeneratorReport generate(const fs::path& out, std::uint64_t identities, std::uint64_t seed, unsigned threads = 0) {
  GeneratorOptions options;
  options.identities = identities;
  options.seed = seed;
  options.out = out;
  options.threads = threads;
  return generate_bundle(options);
}

// One 1,500-identity bundle shared by the read-only tests below.
class GeneratedBundle : public ::testing::Test {
 protected:
  static constexpr std::uint64_t kIdentities = 1500;

  static void SetUpTestSuite() {
    const fs::path folder = scratch_folder("shared");
    report_ = new GeneratorReport(generate(folder, kIdentities, 11));
    bundle_ = new Bundle(folder);
  }
  static void TearDownTestSuite() {
    delete bundle_;
    delete report_;
    bundle_ = nullptr;
    report_ = nullptr;
    std::error_code ignored;
    fs::remove_all(scratch_folder(""), ignored);
  }

  static const Bundle& bundle() { return *bundle_; }
  static const GeneratorReport& report() { return *report_; }

  // truth.csv rows of one anomaly as (subject_id, related_id) pairs.
  static std::set<std::pair<std::string, std::string>> truth_pairs(const std::string& anomaly) {
    std::set<std::pair<std::string, std::string>> pairs;
    const Table& truth = bundle().table("truth.csv");
    for (const auto& row : truth.rows) {
      if (row[truth.column("anomaly")] == anomaly) {
        pairs.emplace(row[truth.column("subject_id")], row[truth.column("related_id")]);
      }
    }
    return pairs;
  }

  static std::vector<const std::vector<std::string>*> truth_rows(const std::string& anomaly) {
    std::vector<const std::vector<std::string>*> rows;
    const Table& truth = bundle().table("truth.csv");
    for (const auto& row : truth.rows) {
      if (row[0] == anomaly) {
        rows.push_back(&row);
      }
    }
    return rows;
  }

 private:
  static inline Bundle* bundle_ = nullptr;
  static inline GeneratorReport* report_ = nullptr;
};

TEST(NamedSize, KnowsTheThreeSizes) {
  EXPECT_EQ(named_size("small"), 10'000U);
  EXPECT_EQ(named_size("medium"), 100'000U);
  EXPECT_EQ(named_size("large"), 1'000'000U);
  EXPECT_EQ(named_size("huge"), 0U);
  EXPECT_EQ(named_size(""), 0U);
}

TEST(GenerateBundle, RejectsBadOptions) {
  EXPECT_THROW(generate(scratch_folder("zero"), 0, 1), std::invalid_argument);
  const fs::path blocker = scratch_folder("blocker");
  fs::create_directories(blocker.parent_path());
  std::ofstream(blocker) << "a file, not a folder";
  EXPECT_THROW(generate(blocker / "bundle", 10, 1), std::runtime_error);
}

TEST(GenerateBundle, SameSeedGivesSameBytesWhateverTheThreadCount) {
  const GeneratorReport one = generate(scratch_folder("t1"), 700, 3, 1);
  generate(scratch_folder("t2"), 700, 3, 2);
  generate(scratch_folder("tn"), 700, 3, 0);
  for (const auto& file : one.files) {
    const std::string single = read_file(scratch_folder("t1") / file.name);
    EXPECT_EQ(single, read_file(scratch_folder("t2") / file.name)) << file.name;
    EXPECT_EQ(single, read_file(scratch_folder("tn") / file.name)) << file.name;
  }
}

TEST(GenerateBundle, DifferentSeedGivesDifferentBundle) {
  generate(scratch_folder("s3"), 300, 3);
  generate(scratch_folder("s4"), 300, 4);
  for (const char* name : {"identities.csv", "accounts.csv", "group_members.csv", "truth.csv"}) {
    EXPECT_NE(read_file(scratch_folder("s3") / name), read_file(scratch_folder("s4") / name)) << name;
  }
}

TEST(GenerateBundle, CountsScaleWithIdentities) {
  const GeneratorReport small = generate(scratch_folder("n400"), 400, 5);
  const GeneratorReport large = generate(scratch_folder("n1600"), 1600, 5);
  auto rows = [](const GeneratorReport& report, const std::string& name) {
    for (const auto& file : report.files) {
      if (file.name == name) {
        return file.rows;
      }
    }
    return std::uint64_t{0};
  };
  EXPECT_EQ(rows(small, "identities.csv"), 400U);
  EXPECT_EQ(rows(large, "identities.csv"), 1600U);
  for (const char* name : {"accounts.csv", "group_members.csv", "account_grants.csv", "role_assignments.csv",
                           "usage.csv", "groups.csv", "entitlements.csv", "roles.csv", "hr_events.csv"}) {
    EXPECT_GT(rows(large, name), rows(small, name)) << name;
  }
  const double accounts_per_identity = static_cast<double>(rows(large, "accounts.csv")) / 1600.0;
  EXPECT_GT(accounts_per_identity, 1.8);
  EXPECT_LT(accounts_per_identity, 3.5);
  // Per-person files grow with the people; the catalog has a fixed part.
  for (const char* name : {"accounts.csv", "role_assignments.csv", "usage.csv"}) {
    const double ratio = static_cast<double>(rows(large, name)) / static_cast<double>(rows(small, name));
    EXPECT_GT(ratio, 3.0) << name;
    EXPECT_LT(ratio, 5.0) << name;
  }
  EXPECT_GT(large.rows_written, 2 * small.rows_written);
  EXPECT_EQ(large.bytes_written, [&] {
    std::uint64_t bytes = 0;
    for (const auto& file : large.files) {
      bytes += fs::file_size(scratch_folder("n1600") / file.name);
    }
    return bytes;
  }());
}

TEST_F(GeneratedBundle, WritesEveryFileWithTheSpecHeader) {
  for (const auto& [name, columns] : spec_columns()) {
    const Table& table = bundle().table(name);
    EXPECT_EQ(table.header, columns) << name;
    if (name != "role_includes.csv") {
      EXPECT_FALSE(table.rows.empty()) << name;
    }
  }
  const std::string identities = read_file(bundle().folder() / "identities.csv");
  EXPECT_EQ(identities.find('\r'), std::string::npos);
  EXPECT_EQ(identities.back(), '\n');
}

TEST_F(GeneratedBundle, IdsAreUniqueWithinTheirFile) {
  for (const char* name : {"identities.csv", "systems.csv", "accounts.csv", "groups.csv", "entitlements.csv",
                           "roles.csv", "sod_rules.csv", "birthright.csv", "hr_events.csv"}) {
    const Table& table = bundle().table(name);
    const auto ids = table.values(table.header[0]);
    const std::set<std::string> unique(ids.begin(), ids.end());
    EXPECT_EQ(unique.size(), ids.size()) << name;
    for (const auto& id : ids) {
      EXPECT_FALSE(id.empty()) << name;
      EXPECT_LE(id.size(), 256U) << name;
    }
  }
  const auto link_rows = [&](const char* name) {
    std::set<std::vector<std::string>> seen;
    for (const auto& row : bundle().table(name).rows) {
      EXPECT_TRUE(seen.insert(row).second) << name << " repeats a row";
    }
  };
  link_rows("group_members.csv");
  link_rows("group_grants.csv");
  link_rows("role_grants.csv");
}

TEST_F(GeneratedBundle, EveryReferenceResolves) {
  auto ids_of = [&](const char* name) {
    const auto values = bundle().table(name).values("id");
    return std::unordered_set<std::string>(values.begin(), values.end());
  };
  const auto identities = ids_of("identities.csv");
  const auto systems = ids_of("systems.csv");
  const auto accounts = ids_of("accounts.csv");
  const auto groups = ids_of("groups.csv");
  const auto entitlements = ids_of("entitlements.csv");
  const auto roles = ids_of("roles.csv");

  // Every listed (file, column) must name an id of the target set; `optional` cells may be empty.
  struct Reference {
    const char* file;
    const char* column;
    const std::unordered_set<std::string>* target;
    bool optional;
  };
  const std::vector<Reference> references{
      {"identities.csv", "manager_id", &identities, true},
      {"identities.csv", "owner_id", &identities, true},
      {"systems.csv", "owner_id", &identities, true},
      {"accounts.csv", "system_id", &systems, false},
      {"groups.csv", "system_id", &systems, false},
      {"groups.csv", "owner_id", &identities, true},
      {"entitlements.csv", "system_id", &systems, false},
      {"entitlements.csv", "owner_id", &identities, true},
      {"roles.csv", "owner_id", &identities, true},
      {"group_members.csv", "group_id", &groups, false},
      {"group_grants.csv", "group_id", &groups, false},
      {"group_grants.csv", "entitlement_id", &entitlements, false},
      {"account_grants.csv", "account_id", &accounts, false},
      {"account_grants.csv", "entitlement_id", &entitlements, false},
      {"role_includes.csv", "role_id", &roles, false},
      {"role_includes.csv", "included_role_id", &roles, false},
      {"role_grants.csv", "role_id", &roles, false},
      {"role_assignments.csv", "identity_id", &identities, false},
      {"role_assignments.csv", "role_id", &roles, false},
      {"usage.csv", "account_id", &accounts, false},
      {"usage.csv", "entitlement_id", &entitlements, false},
      {"sod_rules.csv", "entitlement_a", &entitlements, false},
      {"sod_rules.csv", "entitlement_b", &entitlements, false},
      {"birthright.csv", "role_id", &roles, false},
      {"role_history.csv", "identity_id", &identities, false},
      {"role_history.csv", "role_id", &roles, false},
  };
  for (const Reference& reference : references) {
    for (const auto& value : bundle().table(reference.file).values(reference.column)) {
      if (value.empty() && reference.optional) {
        continue;
      }
      EXPECT_TRUE(reference.target->count(value)) << reference.file << "." << reference.column << " = '" << value << "'";
    }
  }
  // Member ids and role grant targets resolve by their kind column.
  const Table& members = bundle().table("group_members.csv");
  for (const auto& row : members.rows) {
    const std::string& kind = row[members.column("member_kind")];
    ASSERT_TRUE(kind == "account" || kind == "group") << kind;
    EXPECT_TRUE((kind == "account" ? accounts : groups).count(row[members.column("member_id")]));
  }
  const Table& grants = bundle().table("role_grants.csv");
  for (const auto& row : grants.rows) {
    const std::string& kind = row[grants.column("target_kind")];
    ASSERT_TRUE(kind == "group" || kind == "entitlement") << kind;
    EXPECT_TRUE((kind == "group" ? groups : entitlements).count(row[grants.column("target_id")]));
  }
  // The one allowed exception: accounts whose identity_id names nobody are orphans,
  // and truth.csv lists the enabled ones.
  const auto orphans = truth_pairs("orphan_account");
  const Table& account_table = bundle().table("accounts.csv");
  std::size_t dangling = 0;
  for (const auto& row : account_table.rows) {
    const std::string& identity = row[account_table.column("identity_id")];
    if (!identity.empty() && !identities.count(identity)) {
      ++dangling;
      if (row[account_table.column("status")] == "enabled") {
        EXPECT_TRUE(orphans.count({row[0], identity})) << row[0];
      }
    }
  }
  EXPECT_GT(dangling, 0U);
}

TEST_F(GeneratedBundle, EnumsAndDatesAreValid) {
  const std::map<std::pair<std::string, std::string>, std::set<std::string>> enums{
      {{"identities.csv", "kind"}, {"employee", "contractor", "partner", "service", "bot", "api_key"}},
      {{"identities.csv", "status"}, {"active", "leave", "terminated"}},
      {{"systems.csv", "kind"}, {"directory", "saas", "cloud", "onprem", "database", "other"}},
      {{"accounts.csv", "status"}, {"enabled", "disabled"}},
      {{"accounts.csv", "privileged"}, {"true", "false"}},
      {{"entitlements.csv", "sensitivity"}, {"0", "1", "2", "3"}},
      {{"roles.csv", "kind"}, {"business", "technical"}},
      {{"role_assignments.csv", "source"}, {"birthright", "request", "direct"}},
      {{"hr_events.csv", "type"}, {"hire", "transfer", "terminate", "leave", "return", "rehire"}},
  };
  for (const auto& [where, allowed] : enums) {
    for (const auto& value : bundle().table(where.first).values(where.second)) {
      EXPECT_TRUE(allowed.count(value)) << where.first << "." << where.second << " = '" << value << "'";
    }
  }
  const std::vector<std::pair<std::string, std::string>> dates{
      {"identities.csv", "hire_date"},       {"identities.csv", "termination_date"},
      {"accounts.csv", "created"},           {"accounts.csv", "last_used"},
      {"account_grants.csv", "granted_at"},  {"role_assignments.csv", "granted_at"},
      {"role_assignments.csv", "expires_at"}, {"usage.csv", "last_used"},
      {"role_history.csv", "granted_at"},    {"role_history.csv", "revoked_at"},
      {"hr_events.csv", "effective_date"},
  };
  for (const auto& [file, column] : dates) {
    for (const auto& value : bundle().table(file).values(column)) {
      EXPECT_TRUE(value.empty() || is_iso_date(value)) << file << "." << column << " = '" << value << "'";
    }
  }
  // Cells SPEC requires to be non-empty.
  for (const auto& [file, column] : std::vector<std::pair<std::string, std::string>>{
           {"identities.csv", "kind"}, {"identities.csv", "status"}, {"accounts.csv", "system_id"},
           {"accounts.csv", "status"}, {"groups.csv", "system_id"}, {"entitlements.csv", "system_id"},
           {"group_members.csv", "member_id"}, {"role_grants.csv", "target_id"}}) {
    for (const auto& value : bundle().table(file).values(column)) {
      EXPECT_FALSE(value.empty()) << file << "." << column;
    }
  }
}

TEST_F(GeneratedBundle, ShapesLookLikeAnEnterprise) {
  const Table& identities = bundle().table("identities.csv");
  std::map<std::string, int> kinds;
  std::map<std::string, int> statuses;
  for (const auto& row : identities.rows) {
    ++kinds[row[identities.column("kind")]];
    ++statuses[row[identities.column("status")]];
  }
  const double n = static_cast<double>(kIdentities);
  EXPECT_NEAR(kinds["contractor"] / n, 0.12, 0.03);
  EXPECT_NEAR((kinds["service"] + kinds["bot"] + kinds["api_key"]) / n, 0.075, 0.025);
  EXPECT_NEAR(statuses["terminated"] / n, 0.065, 0.02);
  EXPECT_GT(statuses["leave"], 0);

  // Humans have 1 to 4 accounts; some leavers still have an enabled one.
  std::map<std::string, int> accounts_of;
  const Table& accounts = bundle().table("accounts.csv");
  for (const auto& row : accounts.rows) {
    ++accounts_of[row[accounts.column("identity_id")]];
  }
  std::vector<int> per_human;
  for (const auto& row : identities.rows) {
    const std::string& kind = row[identities.column("kind")];
    if (kind == "employee" || kind == "contractor" || kind == "partner") {
      per_human.push_back(accounts_of[row[0]]);
    }
  }
  EXPECT_EQ(*std::min_element(per_human.begin(), per_human.end()), 1);
  EXPECT_EQ(*std::max_element(per_human.begin(), per_human.end()), 4);
  EXPECT_FALSE(truth_rows("leaver_with_live_account").empty());

  // Actual access per active human: median near 100 (SPEC section 2 closure).
  std::vector<std::size_t> counts;
  for (const auto& row : identities.rows) {
    if (row[identities.column("status")] == "active" && row[identities.column("kind")] == "employee") {
      counts.push_back(bundle().actual_access(row[0]).size());
    }
  }
  std::sort(counts.begin(), counts.end());
  EXPECT_GT(counts[counts.size() / 2], 60U);
  EXPECT_LT(counts[counts.size() / 2], 150U);
  EXPECT_GT(counts.back(), 2 * counts[counts.size() / 2]);

  // Display names exercise CSV quoting, the names keep their commas and quotes.
  const std::string raw = read_file(bundle().folder() / "identities.csv");
  EXPECT_NE(raw.find(",\""), std::string::npos);
  const auto names = identities.values("display_name");
  EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const std::string& s) { return s.find(", ") != std::string::npos; }));
  EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const std::string& s) { return s.find('"') != std::string::npos; }));
}

// The exhaustive truth rows (those that follow from single rows) match what SPEC
// section 3 derives from the data at the reference date.
TEST_F(GeneratedBundle, AccountAndOwnerFindingsMatchTruthExactly) {
  std::set<std::pair<std::string, std::string>> orphan;
  std::set<std::pair<std::string, std::string>> leaver;
  std::set<std::pair<std::string, std::string>> dormant;
  const Table& accounts = bundle().table("accounts.csv");
  for (const auto& row : accounts.rows) {
    if (row[accounts.column("status")] != "enabled") {
      continue;
    }
    const std::string& identity = row[accounts.column("identity_id")];
    if (identity.empty() || !bundle().has_identity(identity)) {
      orphan.emplace(row[0], identity);
    } else if (bundle().identity_cell(identity, "status") == "terminated") {
      leaver.emplace(row[0], identity);
    }
    const std::string used = row[accounts.column("last_used")];
    const std::string created = row[accounts.column("created")];
    if (used.empty() ? (!created.empty() && date_part(created) < kDormantCutoff) : date_part(used) < kDormantCutoff) {
      dormant.emplace(row[0], identity);
    }
  }
  EXPECT_EQ(truth_pairs("orphan_account"), orphan);
  EXPECT_EQ(truth_pairs("leaver_with_live_account"), leaver);
  EXPECT_EQ(truth_pairs("dormant_account"), dormant);

  std::set<std::pair<std::string, std::string>> no_owner;
  std::set<std::pair<std::string, std::string>> owner_gone;
  const Table& identities = bundle().table("identities.csv");
  for (const auto& row : identities.rows) {
    const std::string& kind = row[identities.column("kind")];
    if ((kind != "service" && kind != "bot" && kind != "api_key") || row[identities.column("status")] == "terminated") {
      continue;
    }
    const std::string& owner = row[identities.column("owner_id")];
    if (owner.empty()) {
      no_owner.emplace(row[0], "");
    } else if (bundle().identity_cell(owner, "status") == "terminated") {
      owner_gone.emplace(row[0], owner);
    }
  }
  EXPECT_FALSE(no_owner.empty());
  EXPECT_FALSE(owner_gone.empty());
  EXPECT_EQ(truth_pairs("nhi_no_owner"), no_owner);
  EXPECT_EQ(truth_pairs("nhi_owner_terminated"), owner_gone);
}

// Every SoD violation in the data is in truth.csv, and every one there is real.
TEST_F(GeneratedBundle, SodViolationsMatchActualAccess) {
  const Table& rules = bundle().table("sod_rules.csv");
  const Table& identities = bundle().table("identities.csv");
  std::set<std::pair<std::string, std::string>> violations;
  for (const auto& row : identities.rows) {
    if (row[identities.column("status")] == "terminated") {
      continue;
    }
    const auto held = bundle().actual_access(row[0]);
    for (const auto& rule : rules.rows) {
      if (held.count(rule[rules.column("entitlement_a")]) && held.count(rule[rules.column("entitlement_b")])) {
        violations.emplace(row[0], rule[0]);
      }
    }
  }
  auto truth = truth_pairs("sod_violation_planted");
  EXPECT_FALSE(truth.empty());
  const auto incidental = truth_pairs("sod_violation_incidental");
  truth.insert(incidental.begin(), incidental.end());
  EXPECT_EQ(truth, violations);
}

// Planted access anomalies are really in the data.
TEST_F(GeneratedBundle, PlantedAccessAnomaliesExist) {
  auto member_of_enabled = [&](const std::string& identity, const std::string& group) {
    for (const auto& account : bundle().enabled_accounts_of(identity)) {
      const auto& groups = bundle().groups_of_account(account);
      if (std::find(groups.begin(), groups.end(), group) != groups.end()) {
        return true;
      }
    }
    return false;
  };
  // Mover residue: a revoked role in the history, and its group or grant still held.
  const auto history = bundle().table("role_history.csv");
  std::set<std::string> revoked;
  for (const auto& row : history.rows) {
    if (date_part(row[history.column("revoked_at")]) <= kReferenceDate) {
      revoked.insert(row[history.column("identity_id")]);
    }
  }
  const auto residue = truth_rows("mover_residue");
  ASSERT_FALSE(residue.empty());
  for (const auto* row : residue) {
    const std::string& identity = (*row)[2];
    const std::string& related = (*row)[3];
    EXPECT_TRUE(revoked.count(identity)) << identity;
    if (related.rfind("grp-", 0) == 0) {
      EXPECT_TRUE(member_of_enabled(identity, related)) << identity << " " << related;
    } else {
      EXPECT_TRUE(bundle().actual_access(identity).count(related)) << identity << " " << related;
    }
  }
  // Excess grants and memberships are held; missing access is not.
  for (const auto* row : truth_rows("excess_grant")) {
    EXPECT_TRUE(bundle().actual_access((*row)[2]).count((*row)[3])) << (*row)[2];
  }
  for (const auto* row : truth_rows("excess_membership")) {
    EXPECT_TRUE(member_of_enabled((*row)[2], (*row)[3])) << (*row)[2];
  }
  const auto missing = truth_rows("missing_access");
  ASSERT_FALSE(missing.empty());
  for (const auto* row : missing) {
    EXPECT_FALSE(member_of_enabled((*row)[2], (*row)[3])) << (*row)[2];
  }
  // Expired assignments whose access was left behind.
  const Table& assignments = bundle().table("role_assignments.csv");
  std::set<std::pair<std::string, std::string>> expired;
  for (const auto& row : assignments.rows) {
    const std::string& expires = row[assignments.column("expires_at")];
    if (!expires.empty() && date_part(expires) <= kReferenceDate) {
      expired.emplace(row[assignments.column("identity_id")], row[assignments.column("role_id")]);
    }
  }
  const auto lingering = truth_pairs("expired_role_access");
  ASSERT_FALSE(lingering.empty());
  for (const auto& pair : lingering) {
    EXPECT_TRUE(expired.count(pair)) << pair.first << " " << pair.second;
  }
  // Structure: the planted cycles and chains are in group_members / role_includes.
  EXPECT_FALSE(truth_rows("group_cycle").empty());
  EXPECT_FALSE(truth_rows("role_cycle").empty());
  const auto self = truth_rows("group_self_membership");
  ASSERT_EQ(self.size(), 1U);
  const Table& members = bundle().table("group_members.csv");
  EXPECT_TRUE(std::any_of(members.rows.begin(), members.rows.end(), [&](const auto& row) {
    return row[0] == (*self[0])[2] && row[1] == "group" && row[2] == (*self[0])[2];
  }));
}

TEST_F(GeneratedBundle, HrEventsAreConsistentWithTheBundle) {
  const Table& events = bundle().table("hr_events.csv");
  ASSERT_GE(events.rows.size(), 20U);
  std::set<std::string> on_leave;
  std::string previous_date;
  for (const auto& row : events.rows) {
    const std::string& date = row[events.column("effective_date")];
    const std::string& type = row[events.column("type")];
    const std::string& identity = row[events.column("identity_id")];
    EXPECT_GT(date, kReferenceDate);
    EXPECT_GE(date, previous_date) << "events are written in date order";
    previous_date = date;
    if (type == "hire") {
      EXPECT_FALSE(bundle().has_identity(identity)) << identity;
      for (const char* column : {"kind", "department", "title"}) {
        EXPECT_FALSE(row[events.column(column)].empty()) << column;
      }
      continue;
    }
    ASSERT_TRUE(bundle().has_identity(identity)) << identity;
    const std::string status = bundle().identity_cell(identity, "status");
    if (type == "rehire") {
      EXPECT_EQ(status, "terminated");
    } else if (type == "return") {
      EXPECT_TRUE(status == "leave" || on_leave.count(identity)) << identity;
    } else {
      EXPECT_EQ(status, "active") << type << " " << identity;
    }
    if (type == "leave") {
      on_leave.insert(identity);
    }
    for (const char* column : {"manager_id", "owner_id"}) {
      const std::string& value = row[events.column(column)];
      EXPECT_TRUE(value.empty() || bundle().has_identity(value)) << column << " " << value;
    }
  }
}

}  // namespace
