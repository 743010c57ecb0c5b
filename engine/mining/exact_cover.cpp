#include "engine/mining/exact_cover.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include <tbb/parallel_for.h>

#include "engine/mining/cover_improvement.hpp"
#include "engine/mining/cover_state.hpp"
#include "engine/mining/essential_roles.hpp"
#include "engine/mining/greedy_cover.hpp"
#include "engine/mining/lower_bound.hpp"
#include "engine/mining/matrix_reduction.hpp"
#include "engine/mining/redundant_roles.hpp"
#include "engine/mining/role_assignment.hpp"

namespace accessgraph::mining {
namespace {

struct ComponentCover {
  std::vector<Biclique> roles;  // component-local ids
  std::uint32_t essential = 0;
  std::uint64_t kernel_pairs = 0;
  std::uint32_t lower_bound = 0;
};

// Essential roles plus one greedy order over what they leave, cleaned up.
std::vector<Biclique> cover_once(const CoverState& after_essential, const std::vector<Biclique>& essential,
                                 std::uint64_t tie_seed) {
  CoverState state = after_essential;
  std::vector<Biclique> roles = essential;
  std::vector<Biclique> more = greedy_cover(state, {.weighted = false, .take_essential = true, .tie_seed = tie_seed});
  for (Biclique& role : more) roles.push_back(std::move(role));
  for (Biclique& role : roles) role = maximal_extension(state.matrix(), state.transposed(), role);
  remove_redundant_roles(state.matrix(), roles);
  return roles;
}

ComponentCover cover_component(const AccessMatrix& part, const ExactCoverOptions& options) {
  ComponentCover result;
  const CoverState fresh(std::make_shared<const AccessMatrix>(part));
  CoverState state = fresh;
  std::vector<Biclique> essential;
  result.essential = static_cast<std::uint32_t>(take_essential_roles(state, essential));
  result.kernel_pairs = state.uncovered_pairs();
  result.lower_bound = result.essential +
                       static_cast<std::uint32_t>(incompatible_pairs(state, options.bound_tries, options.seed).size());
  if (result.kernel_pairs == 0) {
    result.roles = std::move(essential);
    return result;
  }
  result.roles = cover_once(state, essential, 0);
  if (result.roles.size() <= result.lower_bound) return result;
  // Each restart is a whole greedy run: on kernels past a few hundred thousand pairs
  // the neighbourhood search below buys more per second, so they get fewer.
  const auto restarts = static_cast<unsigned>(std::clamp<std::uint64_t>(
      std::uint64_t{options.restarts} * 200'000 / (result.kernel_pairs + 1), 1, std::max(options.restarts, 1u)));
  std::vector<std::vector<Biclique>> tries(restarts - 1);
  tbb::parallel_for(std::size_t{0}, tries.size(), [&](std::size_t k) {
    tries[k] = cover_once(state, essential, options.seed * 0x9e3779b97f4a7c15ull + k + 1);
  });
  for (std::vector<Biclique>& roles : tries) {  // first smallest wins: thread-count independent
    if (roles.size() < result.roles.size()) result.roles = std::move(roles);
  }
  if (result.roles.size() > result.lower_bound && options.improvement_rounds > 0) {
    // Fewer rounds on big kernels: each round re-covers part of the whole component.
    const auto rounds = static_cast<unsigned>(std::clamp<std::uint64_t>(
        options.improvement_rounds * 20'000 / (result.kernel_pairs + 1), 2, options.improvement_rounds));
    // From the fresh state: a freed neighbourhood may hold essential roles too.
    result.roles = improve_cover(fresh, std::move(result.roles),
                                 {.rounds = rounds, .seed = options.seed, .lower_bound = result.lower_bound});
  }
  return result;
}

}  // namespace

ExactCover mine_exact_cover(const AccessMatrix& access, const ExactCoverOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  ExactCover cover;
  ExactCoverStats& stats = cover.stats;
  stats.users = access.row_count();
  stats.columns = access.column_count();
  stats.pairs = access.pair_count();

  const ReducedMatrix reduced = merge_identical(access);
  stats.distinct_rows = reduced.matrix.row_count();
  stats.distinct_columns = reduced.matrix.column_count();
  const Components components = connected_components(reduced.matrix, reduced.matrix.transposed());
  stats.components = components.count;
  const std::vector<ComponentMatrix> parts = split_components(reduced.matrix, components);
  auto since = [](auto from) { return std::chrono::duration<double>(std::chrono::steady_clock::now() - from).count(); };
  stats.reduce_seconds = since(start);
  const auto search_start = std::chrono::steady_clock::now();

  std::vector<ComponentCover> covers(parts.size());
  tbb::parallel_for(std::size_t{0}, parts.size(),
                    [&](std::size_t k) { covers[k] = cover_component(parts[k].matrix, options); });

  stats.search_seconds = since(search_start);
  const auto assign_start = std::chrono::steady_clock::now();
  // Roles in reduced columns, then in original columns; sorted so that the output
  // order does not depend on the component numbering.
  std::vector<std::vector<std::uint32_t>> reduced_roles;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    stats.essential_roles += covers[k].essential;
    stats.kernel_pairs += covers[k].kernel_pairs;
    stats.lower_bound += covers[k].lower_bound;
    stats.components_proven += covers[k].roles.size() == covers[k].lower_bound;
    for (const Biclique& role : covers[k].roles) {
      std::vector<std::uint32_t>& columns = reduced_roles.emplace_back();
      for (const std::uint32_t c : role.columns) columns.push_back(parts[k].columns[c]);
    }
  }
  std::vector<std::vector<std::uint32_t>> original_roles;
  for (const std::vector<std::uint32_t>& columns : reduced_roles) {
    std::vector<std::uint32_t>& expanded = original_roles.emplace_back();
    for (const std::uint32_t c : columns) {
      const auto members = reduced.column_members.row(c);
      expanded.insert(expanded.end(), members.begin(), members.end());
    }
    std::sort(expanded.begin(), expanded.end());
  }
  std::vector<std::uint32_t> order(original_roles.size());
  for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
  std::sort(order.begin(), order.end(),
            [&](std::uint32_t a, std::uint32_t b) { return original_roles[a] < original_roles[b]; });
  std::vector<std::vector<std::uint32_t>> sorted_reduced, sorted_original;
  for (const std::uint32_t k : order) {
    sorted_reduced.push_back(std::move(reduced_roles[k]));
    sorted_original.push_back(std::move(original_roles[k]));
  }
  const AccessMatrix reduced_role_columns =
      AccessMatrix::from_rows(reduced.matrix.column_count(), std::move(sorted_reduced));
  cover.roles.role_columns = AccessMatrix::from_rows(access.column_count(), std::move(sorted_original));

  // Assign on the distinct rows, then give every original row its class's roles.
  const AccessMatrix reduced_assignment = assign_within_rows(reduced.matrix, reduced_role_columns);
  std::vector<std::vector<std::uint32_t>> user_roles(access.row_count());
  for (std::uint32_t u = 0; u < access.row_count(); ++u) {
    if (reduced.row_class[u] == kNoClass) continue;
    const auto roles = reduced_assignment.row(reduced.row_class[u]);
    user_roles[u].assign(roles.begin(), roles.end());
  }
  cover.roles.user_roles = AccessMatrix::from_rows(cover.roles.role_count(), std::move(user_roles));

  stats.proven_optimal = stats.lower_bound == cover.roles.role_count();
  stats.assign_seconds = since(assign_start);
  stats.seconds = since(start);
  return cover;
}

}  // namespace accessgraph::mining
