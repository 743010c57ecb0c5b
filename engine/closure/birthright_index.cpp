#include "engine/closure/birthright_index.hpp"

namespace accessgraph {

BirthrightIndex::BirthrightIndex(const Graph& graph) : rules_(graph.birthright_rules.begin(), graph.birthright_rules.end()) {
  std::vector<std::pair<AttributeId, BirthrightRuleId>> department, title, location;
  for (std::uint32_t r = 0; r < rules_.size(); ++r) {
    const BirthrightRule& rule = rules_[r];
    const BirthrightRuleId id(r);
    if (rule.department.valid()) department.emplace_back(rule.department, id);
    else if (rule.title.valid()) title.emplace_back(rule.title, id);
    else if (rule.location.valid()) location.emplace_back(rule.location, id);
    else if (rule.kind) by_kind_[static_cast<std::size_t>(*rule.kind)].push_back(id);
    else unconditional_.push_back(id);
  }
  const std::size_t values = graph.attribute_values.size();
  by_department_ = Csr<AttributeId, BirthrightRuleId>::from_pairs(values, department);
  by_title_ = Csr<AttributeId, BirthrightRuleId>::from_pairs(values, title);
  by_location_ = Csr<AttributeId, BirthrightRuleId>::from_pairs(values, location);
}

void BirthrightIndex::add_matching_roles(const IdentityRecord& identity, std::vector<RoleId>& roles) const {
  std::vector<BirthrightRuleId> rules;
  add_matching_rules(identity, rules);
  for (BirthrightRuleId id : rules) roles.push_back(rules_[id.value].role);
}

void BirthrightIndex::add_matching_rules(const IdentityRecord& identity, std::vector<BirthrightRuleId>& rules) const {
  auto check = [&](auto candidates) {
    for (BirthrightRuleId id : candidates)
      if (matches(rules_[id.value], identity)) rules.push_back(id);
  };
  // An empty attribute matches no rule that names a value for it.
  if (identity.department.valid()) check(by_department_[identity.department]);
  if (identity.title.valid()) check(by_title_[identity.title]);
  if (identity.location.valid()) check(by_location_[identity.location]);
  check(std::span<const BirthrightRuleId>(by_kind_[static_cast<std::size_t>(identity.kind)]));
  check(std::span<const BirthrightRuleId>(unconditional_));
}

}  // namespace accessgraph
