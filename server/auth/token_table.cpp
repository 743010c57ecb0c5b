#include "server/auth/token_table.hpp"

#include <cstdio>
#include <sstream>
#include <unordered_map>

#include "core/common/error.hpp"
#include "core/io/file_text.hpp"
#include "core/io/input_file.hpp"

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

bool is_scope(std::string_view word) { return word == "read" || word == "admin"; }

std::string octal(unsigned mode) {
  char text[8];
  std::snprintf(text, sizeof text, "0%o", mode & 0777u);
  return text;
}

}  // namespace

TokenTable TokenTable::load(const std::filesystem::path& file) {
  const InputFile input = InputFile::open(file, file.string());
  if ((input.permissions() & 077u) != 0)
    throw InputError(file.string(), 0, "", "",
                     "the tokens file may be read or written by group or others (mode " +
                         octal(input.permissions()) + "): it holds secrets; run `chmod 600 " + file.string() + "`");
  return parse(input.read_all(kSmallInputFileLimit), file.string());
}

TokenTable TokenTable::parse(std::string_view text, const std::string& file_name) {
  TokenTable table;
  std::unordered_map<std::string, std::uint64_t> line_of;  // each token's line, to name a duplicate
  std::istringstream lines{std::string(text)};
  std::string line;
  for (std::uint64_t number = 1; std::getline(lines, line); ++number) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::istringstream fields(line);
    std::string token, scope, extra;
    fields >> token;
    if (token.empty() || token.front() == '#') continue;
    fields >> scope >> extra;
    // No message below shows a field's value: any of them may be a secret.
    auto refuse = [&](const std::string& column, const std::string& reason) {
      return InputError(file_name, number, column, "", reason);
    };
    if (scope.empty() || !extra.empty())
      throw refuse("", "expected `TOKEN SCOPE` (two fields; scope read or admin)");
    if (!is_scope(scope)) {
      if (is_scope(token))
        throw refuse("", "the columns are swapped: expected `TOKEN SCOPE`, the token first (the values are not shown)");
      throw refuse("scope", "unknown scope, expected read or admin (the value is not shown: it may be a secret)");
    }
    if (token.size() < kMinTokenBytes)
      throw refuse("token", "a token needs at least " + std::to_string(kMinTokenBytes) + " characters (this one has " +
                                std::to_string(token.size()) + ")");
    const auto [earlier, first] = line_of.emplace(token, number);
    if (!first)
      throw refuse("token", "the same token is already on line " + std::to_string(earlier->second) +
                                ": each token has one scope");
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
