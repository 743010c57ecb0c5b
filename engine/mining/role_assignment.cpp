#include "engine/mining/role_assignment.hpp"

#include <algorithm>

#include <tbb/parallel_for.h>

namespace accessgraph::mining {

AccessMatrix holders_of_roles(const AccessMatrix& access_transposed, const AccessMatrix& role_columns) {
  std::vector<std::vector<std::uint32_t>> holders(role_columns.row_count());
  tbb::parallel_for(std::uint32_t{0}, role_columns.row_count(), [&](std::uint32_t role) {
    const auto columns = role_columns.row(role);
    if (columns.empty()) return;
    // Intersect the holder lists, rarest column first.
    std::uint32_t rarest = columns.front();
    for (const std::uint32_t c : columns) {
      if (access_transposed.row(c).size() < access_transposed.row(rarest).size()) rarest = c;
    }
    const auto first = access_transposed.row(rarest);
    std::vector<std::uint32_t> current(first.begin(), first.end()), next;
    for (const std::uint32_t c : columns) {
      if (c == rarest) continue;
      const auto list = access_transposed.row(c);
      next.clear();
      std::set_intersection(current.begin(), current.end(), list.begin(), list.end(), std::back_inserter(next));
      current.swap(next);
      if (current.empty()) break;
    }
    holders[role] = std::move(current);
  });
  return AccessMatrix::from_rows(access_transposed.column_count(), std::move(holders));
}

AccessMatrix assign_within_rows(const AccessMatrix& access, const AccessMatrix& role_columns) {
  const AccessMatrix candidates_by_role = holders_of_roles(access.transposed(), role_columns);
  const AccessMatrix candidates = candidates_by_role.transposed();  // user -> roles it may take
  std::vector<std::vector<std::uint32_t>> assigned(access.row_count());
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, access.row_count(), 64), [&](const auto& range) {
    std::vector<std::uint32_t> times_given;  // per position in the user's row
    for (std::uint32_t u = range.begin(); u != range.end(); ++u) {
      const auto row = access.row(u);
      const auto options = candidates.row(u);
      times_given.assign(row.size(), 0);
      auto positions = [&](std::uint32_t role, auto&& f) {
        for (const std::uint32_t c : role_columns.row(role)) {
          f(static_cast<std::size_t>(std::lower_bound(row.begin(), row.end(), c) - row.begin()));
        }
      };
      std::vector<std::uint32_t>& mine = assigned[u];
      std::vector<std::uint8_t> taken(options.size(), 0);
      while (true) {
        std::size_t best = options.size(), best_gain = 0;
        for (std::size_t k = 0; k < options.size(); ++k) {
          if (taken[k]) continue;
          std::size_t gain = 0;
          positions(options[k], [&](std::size_t at) { gain += times_given[at] == 0; });
          if (gain > best_gain) best = k, best_gain = gain;
        }
        if (best == options.size()) break;
        taken[best] = 1;
        mine.push_back(options[best]);
        positions(options[best], [&](std::size_t at) { ++times_given[at]; });
      }
      // Greedy order can leave an early role covered by later ones: drop it.
      for (std::size_t k = mine.size(); k-- > 0;) {
        bool needed = false;
        positions(mine[k], [&](std::size_t at) { needed |= times_given[at] == 1; });
        if (!needed) {
          positions(mine[k], [&](std::size_t at) { --times_given[at]; });
          mine.erase(mine.begin() + static_cast<std::ptrdiff_t>(k));
        }
      }
    }
  });
  return AccessMatrix::from_rows(role_columns.row_count(), std::move(assigned));
}

}  // namespace accessgraph::mining
