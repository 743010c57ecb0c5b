#include "server/auth/token_table.hpp"

#include <fstream>
#include <sstream>

#include "core/common/error.hpp"
#include "core/io/file_text.hpp"

namespace accessgraph::server {
namespace {

// Compares every byte whatever the first difference, so the time taken does not tell
// an attacker how much of a guess was right.
bool same_secret(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (std::size_t i = 0; i < a.size(); ++i) difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  return difference == 0;
}

}  // namespace

TokenTable TokenTable::load(const std::filesystem::path& file) {
  const auto text = read_file_text(file);
  if (!text) throw InputError(file.string(), 0, "", "", "cannot read the tokens file");
  return parse(*text, file.string());
}

TokenTable TokenTable::parse(std::string_view text, const std::string& file_name) {
  TokenTable table;
  std::istringstream lines{std::string(text)};
  std::string line;
  for (std::uint64_t number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::string token, scope, extra;
    fields >> token;
    if (token.empty() || token.front() == '#') continue;
    fields >> scope >> extra;
    if (scope.empty() || !extra.empty())
      throw InputError(file_name, number, "", "", "expected `TOKEN SCOPE` (scope read or admin)");
    if (scope != "read" && scope != "admin")
      throw InputError(file_name, number, "scope", scope, "unknown scope (expected read or admin)");
    table.entries_.push_back({token, scope == "admin" ? Scope::kAdmin : Scope::kRead});
  }
  if (table.entries_.empty()) throw InputError(file_name, 0, "", "", "no tokens: every client would be refused");
  return table;
}

std::optional<Scope> TokenTable::scope_of(std::string_view token) const {
  std::optional<Scope> found;
  for (const Entry& entry : entries_)
    if (same_secret(entry.token, token)) found = entry.scope;
  return found;
}

}  // namespace accessgraph::server
