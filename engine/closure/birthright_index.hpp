#pragma once
// Birthright rules indexed by their first condition (department, else title, else
// location, else kind), so matching an identity checks only the few rules that could
// match it, not every rule: real rule sets run to thousands.
#include <array>
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {

class BirthrightIndex {
 public:
  explicit BirthrightIndex(const Graph& graph);

  static bool matches(const BirthrightRule& rule, const IdentityRecord& identity) {
    return (!rule.kind || *rule.kind == identity.kind) &&
           (!rule.department.valid() || rule.department == identity.department) &&
           (!rule.title.valid() || rule.title == identity.title) &&
           (!rule.location.valid() || rule.location == identity.location);
  }

  // Appends the roles of every matching rule (unsorted, may repeat).
  void add_matching_roles(const IdentityRecord& identity, std::vector<RoleId>& roles) const;
  // Appends every matching rule.
  void add_matching_rules(const IdentityRecord& identity, std::vector<BirthrightRuleId>& rules) const;
  const BirthrightRule& rule(BirthrightRuleId id) const { return rules_[id.value]; }

 private:
  std::vector<BirthrightRule> rules_;
  Csr<AttributeId, BirthrightRuleId> by_department_, by_title_, by_location_;
  std::array<std::vector<BirthrightRuleId>, 6> by_kind_;
  std::vector<BirthrightRuleId> unconditional_;
};

}  // namespace accessgraph
