// Essential roles (Ene et al., SACMAT 2008, "reduction 3"). A pair (u, p) still to
// cover whose every compatible pair lies in one biclique - users(p) x columns(u) is
// complete - sits in exactly one maximal biclique, so some minimum cover uses that
// biclique: any role covering (u, p) can be swapped for it. Take it, mark its pairs
// covered, drop rows and columns with nothing left to cover (which can make new pairs
// essential), and repeat to a fixed point. On the published HP matrices this alone
// leaves little or nothing for the search.
//
// The test is cheap: users(p) always contains users_holding_all(columns(u)), so the
// pair is essential exactly when live_degree(p) == |users_holding_all(columns(u))|.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/mining/cover_state.hpp"

namespace accessgraph::mining {

// Appends every essential role to `roles` and covers it in `state` (dropping finished
// rows and columns as it goes). `rows_to_test`: rows whose test may have changed since
// the last call; empty means all. Returns how many roles it took. Deterministic: rows
// are taken in id order whatever the thread count.
// `column_degree_cap`: rows are re-tested only through columns of at most this many
// holders (see rows_touched_by_drops); the default tests every row a drop touches.
std::size_t take_essential_roles(CoverState& state, std::vector<Biclique>& roles,
                                 std::vector<std::uint32_t> rows_to_test = {},
                                 std::uint32_t column_degree_cap = ~0u);

// Rows whose essential test can change when these rows and columns are dropped: those
// sharing a live column with a dropped row, and the rows of a dropped column. Only
// through columns with at most `column_degree_cap` holders: an essential pair on a
// column held by thousands needs all of them to hold the same row, which is rare, and
// listing their rows after every drop made the greedy quadratic on large kernels
// (a 100,000-identity bundle). Missing one costs no correctness: the greedy still
// reaches that role as a concept.
std::vector<std::uint32_t> rows_touched_by_drops(const CoverState& state, const std::vector<std::uint32_t>& rows,
                                                 const std::vector<std::uint32_t>& columns,
                                                 std::uint32_t column_degree_cap = ~0u);

}  // namespace accessgraph::mining
