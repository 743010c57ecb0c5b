#include "engine/mining/pair_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <unordered_map>

namespace accessgraph::mining {
namespace {

std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids, std::vector<std::string>& names,
                     const std::string& token) {
  const auto [it, added] = ids.try_emplace(token, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(token);
  return it->second;
}

}  // namespace

NamedMatrix read_pair_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  NamedMatrix named;
  std::unordered_map<std::string, std::uint32_t> row_ids, column_ids;
  std::vector<std::vector<std::uint32_t>> rows;
  std::string line, user, permission, rest;
  for (std::uint64_t number = 1; std::getline(in, line); ++number) {
    if (line.empty() || line[0] == '#' || line.find_first_not_of(" \t\r") == std::string::npos) continue;
    std::istringstream fields(line);
    if (!(fields >> user >> permission) || (fields >> rest)) {
      throw std::runtime_error(path.string() + ":" + std::to_string(number) + ": expected \"user permission\", got \"" +
                               line + "\"");
    }
    const std::uint32_t r = intern(row_ids, named.row_names, user);
    const std::uint32_t c = intern(column_ids, named.column_names, permission);
    if (r == rows.size()) rows.emplace_back();
    rows[r].push_back(c);
  }
  named.access = AccessMatrix::from_rows(static_cast<std::uint32_t>(named.column_names.size()), std::move(rows));
  return named;
}

}  // namespace accessgraph::mining
