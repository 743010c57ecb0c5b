#include "engine/mining/pair_file.hpp"

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace accessgraph::mining {
namespace {

std::uint32_t intern(std::unordered_map<std::string, std::uint32_t>& ids, std::vector<std::string>& names,
                     const std::string& token) {
  const auto [it, added] = ids.try_emplace(token, static_cast<std::uint32_t>(names.size()));
  if (added) names.push_back(token);
  return it->second;
}

// One line as tokens: separators made spaces, a colon ending the first token dropped.
std::vector<std::string> tokens_of(std::string line) {
  for (char& c : line) {
    if (c == ',' || c == ';' || c == '\t' || c == '\r') c = ' ';
  }
  std::vector<std::string> tokens;
  std::istringstream fields(line);
  for (std::string token; fields >> token;) tokens.push_back(std::move(token));
  if (!tokens.empty() && tokens[0].size() > 1 && tokens[0].back() == ':') tokens[0].pop_back();
  return tokens;
}

bool starts_with(const std::string& token, std::string_view prefix) { return token.rfind(prefix, 0) == 0; }

}  // namespace

NamedMatrix read_pair_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error(path.string() + ": cannot be read");
  struct Line {
    std::uint64_t number;
    std::vector<std::string> tokens;
  };
  std::vector<Line> lines;
  bool rbac_layout = false;  // "u_U3 p_P0 p_P7": only such lines are data
  std::string text;
  for (std::uint64_t number = 1; std::getline(in, text); ++number) {
    std::vector<std::string> tokens = tokens_of(text);
    if (tokens.empty() || tokens[0][0] == '#') continue;
    rbac_layout = rbac_layout || (tokens.size() > 1 && starts_with(tokens[0], "u_") && starts_with(tokens[1], "p_"));
    lines.push_back({number, std::move(tokens)});
  }
  NamedMatrix named;
  std::unordered_map<std::string, std::uint32_t> row_ids, column_ids;
  std::vector<std::vector<std::uint32_t>> rows;
  for (const Line& line : lines) {
    if (rbac_layout && !starts_with(line.tokens[0], "u_")) continue;
    if (line.tokens.size() < 2) {
      throw std::runtime_error(path.string() + ":" + std::to_string(line.number) +
                               ": expected \"user permission\" or a user and its permissions, got \"" +
                               line.tokens[0] + "\" alone");
    }
    const std::uint32_t r = intern(row_ids, named.row_names, line.tokens[0]);
    if (r == rows.size()) rows.emplace_back();
    for (std::size_t t = 1; t < line.tokens.size(); ++t) rows[r].push_back(intern(column_ids, named.column_names, line.tokens[t]));
  }
  named.access = AccessMatrix::from_rows(static_cast<std::uint32_t>(named.column_names.size()), std::move(rows));
  return named;
}

}  // namespace accessgraph::mining
