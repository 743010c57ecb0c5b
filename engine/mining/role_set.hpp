// RoleSet: what mining returns. Roles are column sets; each user gets a list of
// roles, and the union of those roles' columns is the access the roles give it.
// check_cover compares that with what the user holds, pair by pair.
#pragma once

#include <cstdint>

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining {

struct RoleSet {
  AccessMatrix role_columns;  // role -> its columns (entitlements), original ids
  AccessMatrix user_roles;    // user (original row) -> its roles

  std::uint32_t role_count() const { return role_columns.row_count(); }
};

struct CoverCheck {
  std::uint64_t held_pairs = 0;     // pairs of the access matrix
  std::uint64_t covered_pairs = 0;  // held pairs some assigned role gives
  std::uint64_t missing_pairs = 0;  // held, but no assigned role gives it (exceptions)
  std::uint64_t extra_pairs = 0;    // given by an assigned role, but not held
  bool exact() const { return missing_pairs == 0 && extra_pairs == 0; }
};

// Pair by pair. `roles.user_roles` must have one row per access row.
CoverCheck check_cover(const AccessMatrix& access, const RoleSet& roles);

// Per user, the held columns that no assigned role gives: the exceptions.
AccessMatrix uncovered_pairs(const AccessMatrix& access, const RoleSet& roles);

// Per user, the columns assigned roles give that it does not hold.
AccessMatrix extra_pairs(const AccessMatrix& access, const RoleSet& roles);

}  // namespace accessgraph::mining
