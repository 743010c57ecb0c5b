#include "engine/mining/birthright_proposals.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <queue>
#include <unordered_map>

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

namespace accessgraph::mining {
namespace {

// A set of keys whose values define a peer group, e.g. {department, title}.
using KeySet = std::vector<std::uint32_t>;

std::vector<KeySet> key_sets(const PeerAttributes& attributes, std::uint32_t max_conditions) {
  const auto key_count = static_cast<std::uint32_t>(attributes.keys.size());
  std::uint32_t department = kNoValue, title = kNoValue;
  for (std::uint32_t k = 0; k < key_count; ++k) {
    if (attributes.keys[k] == "department") department = k;
    if (attributes.keys[k] == "title") title = k;
  }
  std::vector<KeySet> sets;
  for (std::uint32_t mask = 1; mask < (1u << key_count); ++mask) {
    KeySet set;
    for (std::uint32_t k = 0; k < key_count; ++k) {
      if (mask >> k & 1) set.push_back(k);
    }
    const bool has_title = title != kNoValue && (mask >> title & 1);
    const bool has_department = department != kNoValue && (mask >> department & 1);
    if (set.size() > max_conditions || (has_title && department != kNoValue && !has_department)) continue;
    sets.push_back(std::move(set));
  }
  std::stable_sort(sets.begin(), sets.end(), [](const KeySet& a, const KeySet& b) { return a.size() < b.size(); });
  return sets;
}

struct GroupKey {
  std::array<std::uint32_t, 4> codes{kNoValue, kNoValue, kNoValue, kNoValue};
  bool operator==(const GroupKey&) const = default;
};
struct GroupKeyHash {
  std::size_t operator()(const GroupKey& key) const {
    std::uint64_t h = 0x9e3779b97f4a7c15ull;
    for (const std::uint32_t c : key.codes) h = (h ^ c) * 0xff51afd7ed558ccdull;
    return static_cast<std::size_t>(h ^ (h >> 29));
  }
};

// The peer groups of one key set: members per group, and the condition each stands for.
struct Grouping {
  KeySet keys;
  std::vector<std::vector<std::uint32_t>> conditions;  // per group: code per attribute key (kNoValue = any)
  AccessMatrix members;                                // group -> users
};

Grouping group_users(const PeerAttributes& attributes, const KeySet& keys, std::uint32_t users) {
  Grouping grouping;
  grouping.keys = keys;
  std::unordered_map<GroupKey, std::uint32_t, GroupKeyHash> ids;
  std::vector<std::vector<std::uint32_t>> members;
  for (std::uint32_t u = 0; u < users; ++u) {
    GroupKey key;
    bool complete = true;
    for (std::size_t k = 0; k < keys.size(); ++k) {
      key.codes[k] = attributes.codes[keys[k]][u];
      complete &= key.codes[k] != kNoValue;
    }
    if (!complete) continue;
    const auto [it, added] = ids.try_emplace(key, static_cast<std::uint32_t>(members.size()));
    if (added) {
      members.emplace_back();
      std::vector<std::uint32_t>& condition = grouping.conditions.emplace_back(attributes.keys.size(), kNoValue);
      for (std::size_t k = 0; k < keys.size(); ++k) condition[keys[k]] = key.codes[k];
    }
    members[it->second].push_back(u);
  }
  grouping.members = AccessMatrix::from_rows(users, std::move(members));
  return grouping;
}

// A (group, entitlement) whose raw share passes: worth the residual test.
struct Candidate {
  std::uint32_t level;     // number of conditions
  std::uint32_t holders;   // group members holding the entitlement
  std::uint32_t grouping;  // index into groupings
  std::uint32_t group;
};

bool matches(const std::vector<std::uint32_t>& condition, const PeerAttributes& attributes, std::uint32_t user) {
  for (std::size_t k = 0; k < condition.size(); ++k) {
    if (condition[k] != kNoValue && attributes.codes[k][user] != condition[k]) return false;
  }
  return true;
}

// `fine` asks at least everything `coarse` asks: its members are all coarse's.
bool refines(const std::vector<std::uint32_t>& fine, const std::vector<std::uint32_t>& coarse) {
  for (std::size_t k = 0; k < coarse.size(); ++k) {
    if (coarse[k] != kNoValue && fine[k] != coarse[k]) return false;
  }
  return true;
}

std::uint64_t threshold(double share, std::uint64_t of) {
  return static_cast<std::uint64_t>(std::ceil(share * static_cast<double>(of) - 1e-9));
}

}  // namespace

std::vector<ProposedRule> propose_birthright_rules(const AccessMatrix& held, const AccessMatrix& unjustified,
                                                   const PeerAttributes& attributes, const ProposalOptions& options) {
  if (!(options.min_share > 0.0 && options.min_share <= 1.0)) throw std::invalid_argument("min_share must be in (0, 1]");
  if (options.max_conditions < 1 || options.max_conditions > 4) throw std::invalid_argument("max_conditions must be 1..4");
  if (attributes.keys.size() != attributes.codes.size() || attributes.keys.size() > 8) {
    throw std::invalid_argument("peer attributes: one code column per key, at most 8 keys");
  }
  for (const auto& column : attributes.codes) {
    if (column.size() != held.row_count()) throw std::invalid_argument("peer attributes: one code per user");
  }
  if (unjustified.row_count() != held.row_count()) throw std::invalid_argument("unjustified: one row per user");
  const std::uint32_t users = held.row_count();
  const std::uint32_t min_support = std::max<std::uint32_t>(1, options.min_support);

  const std::vector<KeySet> sets = key_sets(attributes, options.max_conditions);
  std::vector<Grouping> groupings(sets.size());
  tbb::parallel_for(std::size_t{0}, sets.size(),
                    [&](std::size_t s) { groupings[s] = group_users(attributes, sets[s], users); });

  // Raw holder counts per group, emitted as candidates per entitlement.
  struct Emitted {
    std::uint32_t column;
    Candidate candidate;
  };
  tbb::enumerable_thread_specific<std::vector<Emitted>> emitted;
  tbb::enumerable_thread_specific<std::vector<std::uint32_t>> counters([&] { return std::vector<std::uint32_t>(held.column_count(), 0); });
  for (std::uint32_t s = 0; s < groupings.size(); ++s) {
    const Grouping& grouping = groupings[s];
    tbb::parallel_for(std::uint32_t{0}, grouping.members.row_count(), [&](std::uint32_t g) {
      const auto members = grouping.members.row(g);
      if (members.size() < min_support) return;
      std::vector<std::uint32_t>& count = counters.local();
      std::vector<std::uint32_t> touched;
      for (const std::uint32_t u : members) {
        for (const std::uint32_t c : held.row(u)) {
          if (count[c]++ == 0) touched.push_back(c);
        }
      }
      const std::uint64_t needed = threshold(options.min_share, members.size());
      std::vector<Emitted>& out = emitted.local();
      for (const std::uint32_t c : touched) {
        if (count[c] >= needed) {
          out.push_back({c, {static_cast<std::uint32_t>(grouping.keys.size()), count[c], s, g}});
        }
        count[c] = 0;
      }
    });
  }
  std::vector<std::vector<Candidate>> by_column(held.column_count());
  for (const std::vector<Emitted>& list : emitted) {
    for (const Emitted& e : list) by_column[e.column].push_back(e.candidate);
  }

  // Per entitlement, level by level (fewest conditions first): lazy greedy on the
  // holders a group still explains - those no chosen rule matches. A group's
  // residual holders only shrink as rules are chosen, so a recomputed count that
  // still tops the queue is the best. (Taking groups by raw size instead let "New
  // York" claim the directory basics that contractors and partners get from their own
  // kind's rule.) A group is chosen when its residual passes min_support and min_share.
  std::vector<std::vector<std::pair<std::uint32_t, std::uint32_t>>> chosen_by_column(held.column_count());
  const AccessMatrix holders_of = held.transposed();
  // Per thread: who holds the entitlement at hand, one bit a user (set, then cleared).
  tbb::enumerable_thread_specific<std::vector<std::uint64_t>> holder_bits(
      [&] { return std::vector<std::uint64_t>((users + 63) / 64, 0); });
  tbb::parallel_for(std::uint32_t{0}, held.column_count(), [&](std::uint32_t column) {
    std::vector<Candidate>& candidates = by_column[column];
    if (candidates.empty()) return;
    std::vector<std::uint64_t>& holds = holder_bits.local();
    for (const std::uint32_t u : holders_of.row(column)) holds[u / 64] |= std::uint64_t{1} << (u % 64);
    std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
      if (a.level != b.level) return a.level < b.level;
      return a.grouping != b.grouping ? a.grouping < b.grouping : a.group < b.group;
    });
    auto& chosen = chosen_by_column[column];
    auto residual_of = [&](const Candidate& candidate) {
      std::pair<std::uint64_t, std::uint64_t> members_and_holders{0, 0};
      for (const std::uint32_t u : groupings[candidate.grouping].members.row(candidate.group)) {
        bool matched = false;
        for (const auto& [s, g] : chosen) {
          if (matches(groupings[s].conditions[g], attributes, u)) {
            matched = true;
            break;
          }
        }
        if (matched) continue;
        ++members_and_holders.first;
        members_and_holders.second += (holds[u / 64] >> (u % 64)) & 1;
      }
      return members_and_holders;
    };
    for (std::size_t begin = 0; begin < candidates.size();) {
      std::size_t end = begin;
      while (end < candidates.size() && candidates[end].level == candidates[begin].level) ++end;
      // (holders still explained, -index): the max-heap pops most holders, then lowest index.
      std::priority_queue<std::pair<std::uint64_t, std::int64_t>> queue;
      for (std::size_t k = begin; k < end; ++k) {
        queue.push({candidates[k].holders, -static_cast<std::int64_t>(k)});
      }
      while (!queue.empty()) {
        const auto [estimate, negative_index] = queue.top();
        queue.pop();
        const Candidate& candidate = candidates[static_cast<std::size_t>(-negative_index)];
        const auto& condition = groupings[candidate.grouping].conditions[candidate.group];
        bool covered = false;
        for (const auto& [s, g] : chosen) covered |= refines(condition, groupings[s].conditions[g]);
        if (covered) continue;
        const auto [residual, holding] = residual_of(candidate);
        if (!queue.empty() && holding < queue.top().first) {
          if (holding > 0) queue.push({holding, negative_index});
          continue;
        }
        if (residual >= min_support && holding >= threshold(options.min_share, residual)) {
          chosen.push_back({candidate.grouping, candidate.group});
        }
      }
      begin = end;
    }
    for (const std::uint32_t u : holders_of.row(column)) holds[u / 64] = 0;
  });

  // Group the chosen (group, entitlement) pairs into one rule per group.
  std::vector<std::vector<std::vector<std::uint32_t>>> columns_of(groupings.size());
  for (std::uint32_t s = 0; s < groupings.size(); ++s) columns_of[s].resize(groupings[s].members.row_count());
  for (std::uint32_t column = 0; column < held.column_count(); ++column) {
    for (const auto& [s, g] : chosen_by_column[column]) columns_of[s][g].push_back(column);
  }
  std::vector<ProposedRule> rules;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> origin;
  for (std::uint32_t s = 0; s < groupings.size(); ++s) {
    for (std::uint32_t g = 0; g < groupings[s].members.row_count(); ++g) {
      if (columns_of[s][g].empty()) continue;
      ProposedRule& rule = rules.emplace_back();
      rule.condition = groupings[s].conditions[g];
      rule.columns = std::move(columns_of[s][g]);
      origin.push_back({s, g});
    }
  }
  tbb::parallel_for(std::size_t{0}, rules.size(), [&](std::size_t k) {
    const auto members = groupings[origin[k].first].members.row(origin[k].second);
    rules[k].members.assign(members.begin(), members.end());
    score_rule(held, unjustified, rules[k]);
  });
  std::stable_sort(rules.begin(), rules.end(), [](const ProposedRule& a, const ProposedRule& b) {
    const auto level = [](const ProposedRule& r) { return std::count_if(r.condition.begin(), r.condition.end(), [](std::uint32_t c) { return c != kNoValue; }); };
    if (level(a) != level(b)) return level(a) < level(b);
    if (a.support != b.support) return a.support > b.support;
    return a.condition < b.condition;
  });
  return rules;
}

std::vector<std::uint64_t> held_pairs_of(const AccessMatrix& held, const std::vector<std::uint32_t>& members,
                                         const std::vector<std::vector<std::uint32_t>>& column_sets) {
  std::vector<std::uint64_t> pairs(column_sets.size(), 0);
  for (const std::uint32_t u : members) {
    const auto row = held.row(u);
    for (std::size_t k = 0; k < column_sets.size(); ++k) {
      // Both sorted: count the intersection by merging.
      auto it = row.begin();
      for (const std::uint32_t c : column_sets[k]) {
        it = std::lower_bound(it, row.end(), c);
        if (it == row.end()) break;
        pairs[k] += *it == c;
      }
    }
  }
  return pairs;
}

void score_rule(const AccessMatrix& held, const AccessMatrix& unjustified, ProposedRule& rule) {
  rule.support = static_cast<std::uint32_t>(rule.members.size());
  rule.held_pairs = held_pairs_of(held, rule.members, {rule.columns})[0];
  rule.justifies = held_pairs_of(unjustified, rule.members, {rule.columns})[0];  // unjustified pairs are held
  const std::uint64_t expected = std::uint64_t{rule.support} * rule.columns.size();
  rule.newly_grants = expected - rule.held_pairs;
  rule.confidence = expected == 0 ? 0.0 : static_cast<double>(rule.held_pairs) / static_cast<double>(expected);
}

}  // namespace accessgraph::mining
