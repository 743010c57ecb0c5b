// The plain access-matrix format of the role-mining literature (the HP Labs matrices
// of Ene et al. 2008 and later papers): one "user permission" pair per line, two
// whitespace-separated tokens. Tokens are names, interned in order of first
// appearance; blank lines and lines starting with '#' are skipped; repeated pairs
// count once.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining {

struct NamedMatrix {
  AccessMatrix access;
  std::vector<std::string> row_names;
  std::vector<std::string> column_names;
};

// Throws std::runtime_error naming the file and line when a line does not hold
// exactly two tokens or the file cannot be read.
NamedMatrix read_pair_file(const std::filesystem::path& path);

}  // namespace accessgraph::mining
