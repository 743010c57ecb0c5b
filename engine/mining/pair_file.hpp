// The plain access-matrix formats of the role-mining literature (the HP Labs matrices
// of Ene et al. 2008 and later papers): one "user permission" pair per line, or one
// user per line followed by all its permissions (the `.rbac` layout, "u_U3 p_P0 p_P7").
// Tokens are separated by spaces, tabs, commas or semicolons; a colon ending the
// first token is dropped ("u3: p0 p7"). In a file of the `.rbac` layout only lines
// whose user starts with "u_" are data (as the literature's own readers do). Tokens
// are names, interned in order of first appearance; blank lines and lines starting
// with '#' are skipped; repeated pairs count once.
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

// Throws std::runtime_error naming the file and line when a line holds a user and
// no permission, or the file cannot be read.
NamedMatrix read_pair_file(const std::filesystem::path& path);

}  // namespace accessgraph::mining
