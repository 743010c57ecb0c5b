#include "engine/mining/role_set.hpp"

#include <algorithm>
#include <stdexcept>

#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

namespace accessgraph::mining {
namespace {

std::vector<std::uint32_t> given_columns(const RoleSet& roles, std::uint32_t user) {
  std::vector<std::uint32_t> given;
  for (const std::uint32_t role : roles.user_roles.row(user)) {
    const auto columns = roles.role_columns.row(role);
    given.insert(given.end(), columns.begin(), columns.end());
  }
  std::sort(given.begin(), given.end());
  given.erase(std::unique(given.begin(), given.end()), given.end());
  return given;
}

void require_shapes(const AccessMatrix& access, const RoleSet& roles) {
  if (roles.user_roles.row_count() != access.row_count()) {
    throw std::invalid_argument("role set: user_roles has a different number of users than the access matrix");
  }
}

// Rows of a - b (sorted set difference) per user.
template <typename Select>
AccessMatrix per_user_difference(const AccessMatrix& access, const RoleSet& roles, Select select) {
  require_shapes(access, roles);
  std::vector<std::vector<std::uint32_t>> rows(access.row_count());
  tbb::parallel_for(std::uint32_t{0}, access.row_count(), [&](std::uint32_t u) {
    const std::vector<std::uint32_t> given = given_columns(roles, u);
    const auto held = access.row(u);
    select(held, given, rows[u]);
  });
  return AccessMatrix::from_rows(access.column_count(), std::move(rows));
}

}  // namespace

CoverCheck check_cover(const AccessMatrix& access, const RoleSet& roles) {
  require_shapes(access, roles);
  return tbb::parallel_reduce(
      tbb::blocked_range<std::uint32_t>(0, access.row_count(), 256), CoverCheck{},
      [&](const auto& range, CoverCheck check) {
        for (std::uint32_t u = range.begin(); u != range.end(); ++u) {
          const std::vector<std::uint32_t> given = given_columns(roles, u);
          const auto held = access.row(u);
          std::uint64_t both = 0;
          std::size_t i = 0, j = 0;
          while (i < held.size() && j < given.size()) {
            if (held[i] == given[j]) {
              ++both, ++i, ++j;
            } else if (held[i] < given[j]) {
              ++i;
            } else {
              ++j;
            }
          }
          check.held_pairs += held.size();
          check.covered_pairs += both;
          check.missing_pairs += held.size() - both;
          check.extra_pairs += given.size() - both;
        }
        return check;
      },
      [](CoverCheck a, const CoverCheck& b) {
        a.held_pairs += b.held_pairs;
        a.covered_pairs += b.covered_pairs;
        a.missing_pairs += b.missing_pairs;
        a.extra_pairs += b.extra_pairs;
        return a;
      });
}

AccessMatrix uncovered_pairs(const AccessMatrix& access, const RoleSet& roles) {
  return per_user_difference(access, roles, [](auto held, const auto& given, auto& out) {
    std::set_difference(held.begin(), held.end(), given.begin(), given.end(), std::back_inserter(out));
  });
}

AccessMatrix extra_pairs(const AccessMatrix& access, const RoleSet& roles) {
  return per_user_difference(access, roles, [](auto held, const auto& given, auto& out) {
    std::set_difference(given.begin(), given.end(), held.begin(), held.end(), std::back_inserter(out));
  });
}

}  // namespace accessgraph::mining
