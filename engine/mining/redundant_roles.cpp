#include "engine/mining/redundant_roles.hpp"

#include <algorithm>

namespace accessgraph::mining {
namespace {

std::vector<std::uint32_t> intersect_lists(const AccessMatrix& lists, const std::vector<std::uint32_t>& which) {
  if (which.empty()) return {};
  // Shortest list first: the intersection is never longer, and copying a column held
  // by 50,000 users for every role was most of the clean-up on big bundles.
  std::uint32_t shortest = which.front();
  for (const std::uint32_t k : which) {
    if (lists.row(k).size() < lists.row(shortest).size()) shortest = k;
  }
  const auto first = lists.row(shortest);
  std::vector<std::uint32_t> current(first.begin(), first.end()), next;
  for (std::size_t k = 0; k < which.size() && !current.empty(); ++k) {
    if (which[k] == shortest) continue;
    const auto list = lists.row(which[k]);
    next.clear();
    // Probe the long list for each survivor when it is much longer than they are.
    if (list.size() > 16 * current.size()) {
      for (const std::uint32_t x : current) {
        if (std::binary_search(list.begin(), list.end(), x)) next.push_back(x);
      }
    } else {
      std::set_intersection(current.begin(), current.end(), list.begin(), list.end(), std::back_inserter(next));
    }
    current.swap(next);
  }
  return current;
}

// Calls f(position of pair (r, c) in matrix's CSR) for every pair of the role.
template <typename F>
void for_each_pair_position(const AccessMatrix& matrix, const Biclique& role, F&& f) {
  for (const std::uint32_t r : role.rows) {
    const auto row = matrix.row(r);
    auto it = row.begin();
    for (const std::uint32_t c : role.columns) {
      it = std::lower_bound(it, row.end(), c);
      f(matrix.offsets()[r] + static_cast<std::uint64_t>(it - row.begin()));
    }
  }
}

}  // namespace

Biclique maximal_extension(const AccessMatrix& matrix, const AccessMatrix& transposed, const Biclique& role) {
  if (role.empty()) return role;
  Biclique grown;
  grown.columns = intersect_lists(matrix, role.rows);
  grown.rows = intersect_lists(transposed, grown.columns);
  return grown;
}

void remove_redundant_roles(const AccessMatrix& matrix, std::vector<Biclique>& roles) {
  std::vector<std::uint32_t> times_covered(matrix.pair_count(), 0);
  for (const Biclique& role : roles) {
    for_each_pair_position(matrix, role, [&](std::uint64_t at) { ++times_covered[at]; });
  }
  std::vector<std::uint8_t> keep(roles.size(), 1);
  for (std::size_t k = roles.size(); k-- > 0;) {
    bool needed = false;
    for_each_pair_position(matrix, roles[k], [&](std::uint64_t at) { needed |= times_covered[at] == 1; });
    if (needed) continue;
    keep[k] = 0;
    for_each_pair_position(matrix, roles[k], [&](std::uint64_t at) { --times_covered[at]; });
  }
  std::size_t out = 0;
  for (std::size_t k = 0; k < roles.size(); ++k) {
    if (!keep[k]) continue;
    if (out != k) roles[out] = std::move(roles[k]);  // never self-move: it empties a vector
    ++out;
  }
  roles.resize(out);
}

}  // namespace accessgraph::mining
