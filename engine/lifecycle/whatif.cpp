#include "engine/lifecycle/whatif.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <map>
#include <mutex>

#include "core/common/error.hpp"
#include "engine/query/point_queries.hpp"

namespace accessgraph {
namespace {

// An attribute value no identity or rule has: it matches no birthright condition.
constexpr AttributeId kUnseenValue(AttributeId::kNone - 1);

std::vector<std::string> sorted_names(const IdTable<EntitlementId>& table, const std::vector<EntitlementId>& ids) {
  std::vector<std::string> out;
  for (EntitlementId id : ids) out.emplace_back(table.name(id));
  std::sort(out.begin(), out.end());
  return out;
}

// Rule ids violated by an access set.
std::vector<std::string> violated(const Graph& g, const MarkedUnion<EntitlementId>& access) {
  std::vector<std::string> rules;
  for (std::uint32_t r = 0; r < g.sod_rules.size(); ++r)
    if (access.contains(g.sod_rules[r].entitlement_a) && access.contains(g.sod_rules[r].entitlement_b))
      rules.emplace_back(g.sod_rule_ids.name(SodRuleId(r)));
  std::sort(rules.begin(), rules.end());
  return rules;
}

std::vector<std::string> minus(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::vector<std::string> out;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(out));
  return out;
}

}  // namespace

WhatIfEvaluator::WhatIfEvaluator(const AccessIndex& index) : index_(index), graph_(index.graph()) {}

WhatIfEvaluator::Scratch WhatIfEvaluator::make_scratch() const {
  return {index_.make_entitlement_scratch(), index_.make_entitlement_scratch()};
}

IdentityRecord WhatIfEvaluator::with_attributes(IdentityId identity,
                                                const std::vector<std::pair<HrAttribute, std::string>>& changes) const {
  IdentityRecord record = graph_.identities[identity.value];
  for (const auto& [attribute, value] : changes) {
    if (value.empty()) continue;  // unchanged
    const std::string name(hr_attribute_name(attribute));
    auto reference = [&, &value = value] {
      auto found = graph_.identity_ids.find(value);
      if (!found) throw ArgumentError(name, value, "unknown identity");
      return *found;
    };
    auto attribute_value = [&, &value = value] { return graph_.attribute_values.find(value).value_or(kUnseenValue); };
    switch (attribute) {
      case HrAttribute::kDisplayName: break;
      case HrAttribute::kKind: {
        auto kind = parse_enum<IdentityKind>(value);
        if (!kind) throw ArgumentError(name, value, "expected one of " + allowed_values<IdentityKind>());
        record.kind = *kind;
        break;
      }
      case HrAttribute::kDepartment: record.department = attribute_value(); break;
      case HrAttribute::kTitle: record.title = attribute_value(); break;
      case HrAttribute::kLocation: record.location = attribute_value(); break;
      case HrAttribute::kManagerId: record.manager = reference(); break;
      case HrAttribute::kOwnerId: record.owner = reference(); break;
    }
  }
  return record;
}

void WhatIfEvaluator::add_expected(IdentityId identity, const IdentityRecord& record,
                                   const std::vector<RoleId>& birthright, MarkedUnion<EntitlementId>& set) const {
  if (record.status == IdentityStatus::kTerminated) return;
  for (const RoleAssignment& assignment : graph_.identity_assignments[identity])
    if (assignment.source != AssignmentSource::kBirthright && assignment.valid_at(index_.as_of()))
      index_.add_role_access(assignment.role, set);
  for (RoleId role : birthright) index_.add_role_access(role, set);
}

ReorgChange WhatIfEvaluator::transfer(IdentityId identity, const IdentityRecord& after, Scratch& s) const {
  s.had.begin();
  index_.add_actual_access(identity, s.had);
  s.after.begin();
  add_expected(identity, after, index_.birthright_roles(after), s.after);

  ReorgChange change;
  std::vector<EntitlementId> grant, revoke, keep;
  for (EntitlementId e : s.after.items()) {
    (s.had.contains(e) ? keep : grant).push_back(e);
    if (!s.had.contains(e)) change.sensitivity_granted += graph_.entitlements[e.value].sensitivity;
  }
  for (EntitlementId e : s.had.items())
    if (!s.after.contains(e)) {
      revoke.push_back(e);
      change.sensitivity_revoked += graph_.entitlements[e.value].sensitivity;
    }
  change.access = {std::string(graph_.identity_ids.name(identity)), sorted_names(graph_.entitlement_ids, grant),
                   sorted_names(graph_.entitlement_ids, revoke), sorted_names(graph_.entitlement_ids, keep),
                   violated(graph_, s.after)};
  // SoD now (actual access) against after (expected after).
  const auto now = violated(graph_, s.had);
  change.sod_appear = minus(change.access.sod_violations_after, now);
  change.sod_disappear = minus(now, change.access.sod_violations_after);
  return change;
}

ReorgResult WhatIfEvaluator::reorg(const TransferFile& transfers) const {
  struct Row {
    IdentityId identity;
    IdentityRecord after;
  };
  std::vector<Row> rows;
  for (const TransferRow& transfer : transfers.rows) {
    auto identity = graph_.identity_ids.find(transfer.identity_id);
    if (!identity) throw InputError(transfers.label, transfer.line, "identity_id", transfer.identity_id, "unknown identity");
    try {
      rows.push_back({*identity, with_attributes(*identity, transfer.changes)});
    } catch (const ArgumentError& error) {
      throw InputError(transfers.label, transfer.line, error.argument(), error.value(), error.reason());
    }
  }

  ReorgResult result;
  result.identities.resize(rows.size());
  tbb::enumerable_thread_specific<Scratch> scratch([&] { return make_scratch(); });
  tbb::parallel_for(std::size_t{0}, rows.size(), [&](std::size_t i) {
    result.identities[i] = transfer(rows[i].identity, rows[i].after, scratch.local());
  });
  for (const ReorgChange& change : result.identities) {
    result.granted += change.access.grant.size();
    result.revoked += change.access.revoke.size();
    result.kept += change.access.keep.size();
    result.sod_appear += change.sod_appear.size();
    result.sod_disappear += change.sod_disappear.size();
    result.sensitivity_delta += change.sensitivity_granted - change.sensitivity_revoked;
  }
  return result;
}

RuleImpact WhatIfEvaluator::birthright_impact(const std::string& id, const BirthrightRule& rule,
                                              const std::vector<EntitlementId>* new_role_access) const {
  const auto existing = graph_.birthright_rule_ids.find(id);
  RuleImpact impact{id, "birthright", existing.has_value(), {}, 0};
  std::mutex mutex;
  tbb::enumerable_thread_specific<Scratch> scratch([&] { return make_scratch(); });
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(graph_.identity_count()), 4096),
                    [&](const auto& range) {
                      Scratch& s = scratch.local();
                      std::vector<BirthrightRuleId> matched;
                      for (std::uint32_t i = range.begin(); i != range.end(); ++i) {
                        const IdentityRecord& record = graph_.identities[i];
                        const bool new_matches = BirthrightIndex::matches(rule, record);
                        const bool old_matches =
                            existing && BirthrightIndex::matches(graph_.birthright_rules[existing->value], record);
                        if ((!new_matches && !old_matches) || record.status == IdentityStatus::kTerminated) continue;
                        // Birthright roles under the current rules, and with the rule added or replaced.
                        matched.clear();
                        index_.birthright_index().add_matching_rules(record, matched);
                        std::vector<RoleId> before, after;
                        for (BirthrightRuleId r : matched) {
                          before.push_back(graph_.birthright_rules[r.value].role);
                          if (!existing || r != *existing) after.push_back(graph_.birthright_rules[r.value].role);
                        }
                        if (new_matches && !new_role_access) after.push_back(rule.role);
                        const IdentityId identity(i);
                        s.had.begin();
                        add_expected(identity, record, before, s.had);
                        s.after.begin();
                        add_expected(identity, record, after, s.after);
                        if (new_matches && new_role_access) s.after.add_all(*new_role_access);
                        std::vector<EntitlementId> gain, lose;
                        for (EntitlementId e : s.after.items())
                          if (!s.had.contains(e)) gain.push_back(e);
                        for (EntitlementId e : s.had.items())
                          if (!s.after.contains(e)) lose.push_back(e);
                        if (gain.empty() && lose.empty()) continue;
                        std::lock_guard lock(mutex);
                        impact.identities.push_back({std::string(graph_.identity_ids.name(identity)),
                                                     sorted_names(graph_.entitlement_ids, gain),
                                                     sorted_names(graph_.entitlement_ids, lose)});
                      }
                    });
  std::sort(impact.identities.begin(), impact.identities.end(),
            [](const auto& a, const auto& b) { return a.identity_id < b.identity_id; });
  return impact;
}

RuleImpact WhatIfEvaluator::sod_impact(const std::string& id, EntitlementId a, EntitlementId b) const {
  auto violators = [&](EntitlementId first, EntitlementId second) {
    std::vector<std::string> holders_a, holders_b, both;
    for (const Holder& h : list_holders(index_, first).identities)
      if (graph_.identities[graph_.identity_ids.find(h.identity_id)->value].status != IdentityStatus::kTerminated)
        holders_a.push_back(h.identity_id);
    for (const Holder& h : list_holders(index_, second).identities) holders_b.push_back(h.identity_id);
    std::set_intersection(holders_a.begin(), holders_a.end(), holders_b.begin(), holders_b.end(),
                          std::back_inserter(both));
    return both;
  };
  const auto existing = graph_.sod_rule_ids.find(id);
  RuleImpact impact{id, "sod", existing.has_value(), {}, 0};
  for (std::string& identity : violators(a, b)) impact.identities.push_back({std::move(identity), {}, {}});
  if (existing) {
    const SodRule& old = graph_.sod_rules[existing->value];
    impact.previous_violators = violators(old.entitlement_a, old.entitlement_b).size();
  }
  return impact;
}

std::vector<RuleImpact> WhatIfEvaluator::rules(const RuleFile& rules) const {
  std::vector<RuleImpact> impacts;
  auto fail = [&](std::uint64_t line, const char* column, const std::string& value, const std::string& reason) {
    throw InputError(rules.label, line, column, value, reason);
  };
  for (const SodRuleRow& row : rules.sod) {
    if (row.id.empty()) fail(row.line, "id", row.id, "must not be empty");
    auto a = graph_.entitlement_ids.find(row.entitlement_a);
    auto b = graph_.entitlement_ids.find(row.entitlement_b);
    if (!a) fail(row.line, "entitlement_a", row.entitlement_a, "unknown entitlement id");
    if (!b) fail(row.line, "entitlement_b", row.entitlement_b, "unknown entitlement id");
    impacts.push_back(sod_impact(row.id, *a, *b));
  }
  // Roles the bundle lacks, defined beside the rules file: their access, once each.
  std::map<std::string, std::vector<EntitlementId>> new_roles;
  auto new_role_access = [&](const std::string& role_id) -> const std::vector<EntitlementId>* {
    if (auto found = new_roles.find(role_id); found != new_roles.end()) return &found->second;
    if (std::find(rules.new_roles.begin(), rules.new_roles.end(), role_id) == rules.new_roles.end()) return nullptr;
    std::vector<EntitlementId> access;
    for (const RoleGrantRow& grant : rules.new_role_grants) {
      if (grant.role_id != role_id) continue;
      const auto kind = parse_enum<RoleTargetKind>(grant.target_kind);
      if (kind == RoleTargetKind::kEntitlement) {
        auto entitlement = graph_.entitlement_ids.find(grant.target_id);
        if (!entitlement)
          throw InputError(rules.grants_label, grant.line, "target_id", grant.target_id, "unknown entitlement id");
        access.push_back(*entitlement);
      } else if (kind == RoleTargetKind::kGroup) {
        auto group = graph_.group_ids.find(grant.target_id);
        if (!group) throw InputError(rules.grants_label, grant.line, "target_id", grant.target_id, "unknown group id");
        const auto granted = index_.group_access(*group);
        access.insert(access.end(), granted.begin(), granted.end());
      } else {
        throw InputError(rules.grants_label, grant.line, "target_kind", grant.target_kind,
                         "expected one of " + allowed_values<RoleTargetKind>());
      }
    }
    std::sort(access.begin(), access.end());
    access.erase(std::unique(access.begin(), access.end()), access.end());
    return &new_roles.emplace(role_id, std::move(access)).first->second;
  };
  for (const BirthrightRuleRow& row : rules.birthright) {
    if (row.id.empty()) fail(row.line, "id", row.id, "must not be empty");
    BirthrightRule rule;
    const std::vector<EntitlementId>* proposed_access = nullptr;
    if (auto role = graph_.role_ids.find(row.role_id)) {
      rule.role = *role;
    } else {
      proposed_access = new_role_access(row.role_id);
      if (!proposed_access)
        fail(row.line, "role_id", row.role_id, "unknown role id (not in the bundle, nor in roles.csv beside the rules file)");
    }
    if (!row.kind.empty()) {
      rule.kind = parse_enum<IdentityKind>(row.kind);
      if (!rule.kind) fail(row.line, "kind", row.kind, "unknown identity kind");
    }
    auto condition = [&](const std::string& cell) {
      return cell.empty() ? AttributeId() : graph_.attribute_values.find(cell).value_or(kUnseenValue);
    };
    rule.department = condition(row.department);
    rule.title = condition(row.title);
    rule.location = condition(row.location);
    impacts.push_back(birthright_impact(row.id, rule, proposed_access));
  }
  return impacts;
}

}  // namespace accessgraph
