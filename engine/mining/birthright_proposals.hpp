// Birthright rule proposals: entitlements that nearly everyone in a peer group holds
// (same kind, department, department+title, location, or a pair of those) become a
// candidate rule "everyone matching these attributes is expected to hold this role",
// the role granting those entitlements.
//
// A peer group proposes entitlement e when at least `min_share` of its members hold e,
// counting only the members that no rule already chosen for e matches (the residual):
// groups are tried from fewest conditions to most and, within a level, by holders
// still unexplained (greedy set cover), so "all employees get the VPN" is found once,
// not again in every department or office, and a
// department's rule is not re-proposed for each of its titles. A title is only read
// within its department (titles repeat across departments in real HR data), so
// `title` always comes with `department`.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "engine/mining/access_matrix.hpp"

namespace accessgraph::mining {

inline constexpr std::uint32_t kNoValue = std::numeric_limits<std::uint32_t>::max();

// Per-user attribute codes, one column per key; kNoValue for an empty attribute.
struct PeerAttributes {
  std::vector<std::string> keys;                  // e.g. kind, department, title, location
  std::vector<std::vector<std::uint32_t>> codes;  // codes[key][user]
};

struct ProposalOptions {
  double min_share = 0.8;          // in (0, 1]
  std::uint32_t min_support = 10;  // a group (and its residual) needs at least this many users
  std::uint32_t max_conditions = 2;  // attributes per rule (department+title counts as 2)
};

struct ProposedRule {
  std::vector<std::uint32_t> condition;  // per key: the required code, or kNoValue (any)
  std::vector<std::uint32_t> columns;    // entitlements the rule's role would grant, sorted
  std::vector<std::uint32_t> members;    // users the rule matches, sorted
  std::uint32_t support = 0;             // users the rule matches
  std::uint64_t held_pairs = 0;          // (matched user, column) pairs already held
  double confidence = 0;                 // held_pairs / (support x columns)
  std::uint64_t justifies = 0;           // of those, pairs that are unjustified today
  std::uint64_t newly_grants = 0;        // pairs the rule would expect that are not held
};

// `held`: users x entitlements (actual access). `unjustified`: the held pairs no
// role or rule explains today (same shape; may be all empty). Rules come ordered by
// number of conditions, then support (largest first), then condition. Throws
// std::invalid_argument on mismatched shapes or options out of range. Deterministic.
std::vector<ProposedRule> propose_birthright_rules(const AccessMatrix& held, const AccessMatrix& unjustified,
                                                   const PeerAttributes& attributes, const ProposalOptions& options);

// Held pairs of each column set among `members`: what adopting a rule naming that
// set would already find in place.
std::vector<std::uint64_t> held_pairs_of(const AccessMatrix& held, const std::vector<std::uint32_t>& members,
                                         const std::vector<std::vector<std::uint32_t>>& column_sets);

// Fills support, held_pairs, confidence, justifies and newly_grants of `rule` from
// its members and columns (for a rule whose columns were changed, e.g. to those of an
// existing role).
void score_rule(const AccessMatrix& held, const AccessMatrix& unjustified, ProposedRule& rule);

}  // namespace accessgraph::mining
