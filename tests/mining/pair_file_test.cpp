// The literature's matrix files: pairs, a user and its permissions per line, the
// `.rbac` layout; names kept, repeats counted once, a user alone refused.
#include "engine/mining/pair_file.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <set>
#include <stdexcept>

namespace accessgraph::mining {
namespace {

std::filesystem::path written(const std::string& name, const std::string& text) {
  const std::filesystem::path path =
      std::filesystem::temp_directory_path() / ("pair_file_test_" + std::to_string(::getpid()) + "_" + name);
  std::ofstream(path) << text;
  return path;
}

// Each user's permissions by name, to compare files that should read alike.
std::map<std::string, std::set<std::string>> by_name(const NamedMatrix& named) {
  std::map<std::string, std::set<std::string>> held;
  for (std::uint32_t r = 0; r < named.access.row_count(); ++r) {
    for (const std::uint32_t c : named.access.row(r)) held[named.row_names[r]].insert(named.column_names[c]);
  }
  return held;
}

TEST(PairFileTest, PairsAndUserRowsReadAlike) {
  const auto pairs = written("pairs.txt", "# user permission\n1 10\n1\t11\n\n2 10\n1 10\r\n3 12\n");
  const auto rows = written("rows.txt", "1: 10 11\n2, 10\n3;12\n1 10\n");
  const NamedMatrix a = read_pair_file(pairs);
  const NamedMatrix b = read_pair_file(rows);
  const std::map<std::string, std::set<std::string>> expected = {
      {"1", {"10", "11"}}, {"2", {"10"}}, {"3", {"12"}}};
  EXPECT_EQ(by_name(a), expected);
  EXPECT_EQ(by_name(b), expected);
  EXPECT_EQ(a.access.pair_count(), 4u);  // the repeated pair once
  EXPECT_EQ(a.row_names, (std::vector<std::string>{"1", "2", "3"}));
  std::filesystem::remove(pairs);
  std::filesystem::remove(rows);
}

TEST(PairFileTest, RbacLayoutReadsOnlyUserLines) {
  const auto path = written("m.rbac", "users 3 permissions 3\nu_U0 p_P0 p_P2\nu_U1 p_P1\n\nu_U2 p_P0 p_P1 p_P2\n");
  const NamedMatrix named = read_pair_file(path);
  const std::map<std::string, std::set<std::string>> expected = {
      {"u_U0", {"p_P0", "p_P2"}}, {"u_U1", {"p_P1"}}, {"u_U2", {"p_P0", "p_P1", "p_P2"}}};
  EXPECT_EQ(by_name(named), expected);
  EXPECT_EQ(named.access.column_count(), 3u);
  std::filesystem::remove(path);
}

TEST(PairFileTest, UserAloneNamesTheLine) {
  const auto path = written("bad.txt", "alice p1\n\nbob\n");
  try {
    read_pair_file(path);
    FAIL() << "no error";
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("bad.txt:3"), std::string::npos) << error.what();
  }
  std::filesystem::remove(path);
  EXPECT_THROW(read_pair_file(path), std::runtime_error);  // missing file
}

}  // namespace
}  // namespace accessgraph::mining
