// Clean-up after a heuristic cover: grow each role to the maximal biclique around it
// (all columns its users share, then all users holding those), which can only cover
// more, then drop every role whose pairs the others already cover, last taken first.
// Neither step can break an exact cover; both can shrink a greedy one.
#pragma once

#include <vector>

#include "engine/mining/access_matrix.hpp"
#include "engine/mining/cover_state.hpp"

namespace accessgraph::mining {

Biclique maximal_extension(const AccessMatrix& matrix, const AccessMatrix& transposed, const Biclique& role);

// Roles are bicliques of `matrix`; keeps their order.
void remove_redundant_roles(const AccessMatrix& matrix, std::vector<Biclique>& roles);

}  // namespace accessgraph::mining
