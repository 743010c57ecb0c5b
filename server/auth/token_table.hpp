#pragma once
// The tokens a server accepts (`serve --tokens FILE`): one `TOKEN SCOPE` per line,
// scope `read` (every query) or `admin` (queries and apply). Blank lines and lines
// starting with # are skipped. Tokens are compared in constant time.
//
// The file holds secrets, so it is refused unless it is a regular file that only its
// owner may read or write (chmod 600), every token is at least kMinTokenBytes long and
// none is listed twice. No message ever shows a token, nor any field that might be one
// (swapped columns put the secret where the scope belongs): errors name the line and
// the column instead.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace accessgraph::server {

enum class Scope { kRead, kAdmin };

class TokenTable {
 public:
  // Long enough that guessing is hopeless at any request rate (16 random characters).
  static constexpr std::size_t kMinTokenBytes = 16;

  // Throws InputError naming the file (and the line of a bad entry): not a regular
  // file, readable or writable by group or others, too large, or a bad entry.
  static TokenTable load(const std::filesystem::path& file);
  // Throws InputError naming the line of a malformed entry, an unknown scope, a token
  // shorter than kMinTokenBytes or one listed twice.
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
