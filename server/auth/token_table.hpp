#pragma once
// The tokens a server accepts (`serve --tokens FILE`): one `TOKEN SCOPE` per line,
// scope `read` (every query) or `admin` (queries and apply). Blank lines and lines
// starting with # are skipped. Tokens are compared in constant time.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph::server {

enum class Scope { kRead, kAdmin };

class TokenTable {
 public:
  // Throws InputError naming the line of a malformed entry or an unknown scope.
  static TokenTable load(const std::filesystem::path& file);
  static TokenTable parse(std::string_view text, const std::string& file_name);

  std::optional<Scope> scope_of(std::string_view token) const;
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::string token;
    Scope scope;
  };
  std::vector<Entry> entries_;
};

}  // namespace accessgraph::server
