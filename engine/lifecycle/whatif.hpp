#pragma once
// What-if questions answered on the current version without changing it: a transfer
// (one identity or a whole reorg) and new or changed birthright or SoD rules. Expected
// access after a change follows SPEC section 6: non-birthright assignments valid at
// as_of, plus the roles birthright rules give the (new) attributes.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "accessgraph/lifecycle.hpp"
#include "core/schema/whatif_input.hpp"
#include "engine/closure/access_index.hpp"

namespace accessgraph {

class WhatIfEvaluator {
 public:
  explicit WhatIfEvaluator(const AccessIndex& index);

  // The identity's record with these changes applied (an empty value: unchanged).
  // Throws ArgumentError naming the attribute for a bad value (an unknown kind or
  // manager).
  IdentityRecord with_attributes(IdentityId identity,
                                 const std::vector<std::pair<HrAttribute, std::string>>& changes) const;

  struct Scratch {
    MarkedUnion<EntitlementId> had, after;
  };
  Scratch make_scratch() const;

  ReorgChange transfer(IdentityId identity, const IdentityRecord& after, Scratch& scratch) const;
  // Throw InputError naming the file, line and column of a row that does not resolve.
  ReorgResult reorg(const TransferFile& transfers) const;
  std::vector<RuleImpact> rules(const RuleFile& rules) const;

 private:
  // Expected access with these attributes and the given birthright roles.
  void add_expected(IdentityId identity, const IdentityRecord& record, const std::vector<RoleId>& birthright,
                    MarkedUnion<EntitlementId>& set) const;
  // new_role_access: the access of a role the bundle lacks (from roles.csv beside the
  // rules file), given by the rule instead of rule.role.
  RuleImpact birthright_impact(const std::string& id, const BirthrightRule& rule,
                               const std::vector<EntitlementId>* new_role_access = nullptr) const;
  RuleImpact sod_impact(const std::string& id, EntitlementId a, EntitlementId b) const;

  const AccessIndex& index_;
  const Graph& graph_;
};

}  // namespace accessgraph
