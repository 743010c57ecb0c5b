// Which roles each user gets once the roles are chosen. A user may take a role only
// when it holds all of the role's columns (then the role gives it nothing extra);
// among those it takes a small set whose union covers as much of its row as they can:
// greedy set cover over its row, then every role the others make redundant dropped.
#pragma once

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining {

// users x roles. Deterministic; parallel over users.
AccessMatrix assign_within_rows(const AccessMatrix& access, const AccessMatrix& role_columns);

// The rows holding every column of each role: role -> users, sorted.
AccessMatrix holders_of_roles(const AccessMatrix& access_transposed, const AccessMatrix& role_columns);

}  // namespace accessgraph::mining
