#include "engine/lifecycle/lifecycle_session.hpp"

#include <algorithm>
#include <map>

#include "core/common/error.hpp"

namespace accessgraph {





struct LifecycleSession::Change {
  const HrEvent* event;  // nullptr for archiving
  std::string event_id, effective_date;
  std::uint32_t seq = 0;
};

namespace {

template <class T>
std::vector<T> sorted_unique(std::vector<T> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

}  // namespace

LifecycleSession::LifecycleSession(const Graph& base, const AccessIndex& base_index, std::string events_label)
    : graph_(base),
      base_index_(base_index),
      events_label_(std::move(events_label)),
      strings_(std::make_shared<StringArena>()) {
  graph_.text_strings.push_back(strings_);
}

void LifecycleSession::reject(const HrEvent& event, const std::string& column, const std::string& value,
                              const std::string& reason) const {
  throw InputError(events_label_, event.line, column, value, "event \"" + event.event_id + "\": " + reason);
}

void LifecycleSession::touch(IdentityId identity) {
  if (is_touched_.insert(identity.value).second) touched_.push_back(identity);
}

void LifecycleSession::apply(const HrEvent& event) {
  Change change{&event, event.event_id, event.effective_date.to_string(), 0};
  auto existing = graph_.identity_ids.find(event.identity_id);
  if (event.type == HrEventType::kHire) {
    if (existing) reject(event, "identity_id", event.identity_id, "hire of an identity that already exists");
    IdentityId identity = hire(change, event);
    reconcile(change, identity, true);
    return;
  }
  if (!existing) reject(event, "identity_id", event.identity_id, "unknown identity");
  const IdentityId identity = *existing;
  touch(identity);
  const IdentityStatus status = graph_.identities[identity.value].status;
  switch (event.type) {
    case HrEventType::kHire:
      break;
    case HrEventType::kTransfer:
      set_attributes(change, identity, event);
      // During leave: attributes and birthright roles change, nothing is enabled.
      if (status != IdentityStatus::kTerminated) reconcile(change, identity, status == IdentityStatus::kActive);
      break;
    case HrEventType::kReturn:
      set_attributes(change, identity, event);
      set_status(change, identity, IdentityStatus::kActive);
      reconcile(change, identity, true);
      break;
    case HrEventType::kRehire: {
      set_attributes(change, identity, event);
      const IdentityRecord& record = graph_.identities[identity.value];
      if (!record.department.valid()) reject(event, "department", "", "rehire needs a department");
      if (!record.title.valid()) reject(event, "title", "", "rehire needs a title");
      set_status(change, identity, IdentityStatus::kActive);
      IdentityRecord& updated = graph_.identities.mutable_at(identity.value);
      audit_.push_back({change.event_id, change.effective_date, 0, "update_identity", "identity", event.identity_id,
                        "hire_date", updated.hire_date.to_string(), change.effective_date});
      audit_.push_back({change.event_id, change.effective_date, 0, "update_identity", "identity", event.identity_id,
                        "termination_date", updated.termination_date.to_string(), ""});
      updated.hire_date = event.effective_date;
      updated.termination_date = Date();
      reconcile(change, identity, true);
      break;
    }
    case HrEventType::kLeave:
      set_attributes(change, identity, event);
      set_status(change, identity, IdentityStatus::kLeave);
      disable_accounts(change, identity);
      break;
    case HrEventType::kTerminate: {
      set_attributes(change, identity, event);
      set_status(change, identity, IdentityStatus::kTerminated);
      IdentityRecord& record = graph_.identities.mutable_at(identity.value);
      audit_.push_back({change.event_id, change.effective_date, 0, "update_identity", "identity", event.identity_id,
                        "termination_date", record.termination_date.to_string(), change.effective_date});
      record.termination_date = event.effective_date;
      auto candidates = std::make_shared<std::vector<IdentityId>>(*graph_.archive_candidates);
      candidates->push_back(identity);
      graph_.archive_candidates = std::move(candidates);
      disable_accounts(change, identity);
      set_assignments(change, identity, {});
      break;
    }
  }
}

IdentityId LifecycleSession::hire(Change& change, const HrEvent& event) {
  for (HrAttribute required : {HrAttribute::kKind, HrAttribute::kDepartment, HrAttribute::kTitle})
    if (event.attribute(required).empty())
      reject(event, std::string(kHrAttributeNames[static_cast<std::size_t>(required)]), "",
             "a hire needs kind, department and title");
  IdentityId identity = *graph_.identity_ids.insert(event.identity_id, *strings_);
  IdentityRecord record;
  record.status = IdentityStatus::kActive;
  record.hire_date = event.effective_date;
  record.display_name = strings_->store(event.identity_id);
  graph_.identities.push_back(record);
  graph_.identity_accounts.set_row(identity, {});
  graph_.identity_assignments.set_row(identity, {});
  touch(identity);
  audit_.push_back({change.event_id, change.effective_date, 0, "create_identity", "identity", event.identity_id,
                    "status", "", "active"});
  set_attributes(change, identity, event);
  return identity;
}

void LifecycleSession::set_attributes(Change& change, IdentityId identity, const HrEvent& event) {
  IdentityRecord record = graph_.identities[identity.value];
  const std::string& identity_name = event.identity_id;
  auto log = [&](std::string_view field, std::string before, std::string after) {
    if (before != after)
      audit_.push_back({change.event_id, change.effective_date, 0, "update_identity", "identity", identity_name,
                        std::string(field), std::move(before), std::move(after)});
  };
  auto name_of = [&](AttributeId value) { return value.valid() ? std::string(graph_.attribute_values.name(value)) : ""; };
  auto reference = [&](HrAttribute attribute) -> IdentityId {
    const std::string& cell = event.attribute(attribute);
    auto found = graph_.identity_ids.find(cell);
    if (!found)
      reject(event, std::string(kHrAttributeNames[static_cast<std::size_t>(attribute)]), cell,
             "unknown identity");
    return *found;
  };
  auto id_name = [&](IdentityId id) { return id.valid() ? std::string(graph_.identity_ids.name(id)) : ""; };

  if (const auto& cell = event.attribute(HrAttribute::kDisplayName); !cell.empty()) {
    log("display_name", std::string(record.display_name), cell);
    record.display_name = strings_->store(cell);
  }
  if (const auto& cell = event.attribute(HrAttribute::kKind); !cell.empty()) {
    auto kind = parse_enum<IdentityKind>(cell);
    if (!kind) reject(event, "kind", cell, "unknown identity kind; expected one of " + allowed_values<IdentityKind>());
    log("kind", std::string(to_string(record.kind)), cell);
    record.kind = *kind;
  }
  const std::pair<HrAttribute, AttributeId IdentityRecord::*> attributes[] = {
      {HrAttribute::kDepartment, &IdentityRecord::department},
      {HrAttribute::kTitle, &IdentityRecord::title},
      {HrAttribute::kLocation, &IdentityRecord::location}};
  for (const auto& [attribute, member] : attributes) {
    const std::string& cell = event.attribute(attribute);
    if (cell.empty()) continue;
    AttributeId value = graph_.attribute_values.intern(cell, *strings_);
    log(kHrAttributeNames[static_cast<std::size_t>(attribute)], name_of(record.*member), cell);
    record.*member = value;
  }
  if (!event.attribute(HrAttribute::kManagerId).empty()) {
    IdentityId manager = reference(HrAttribute::kManagerId);
    log("manager_id", id_name(record.manager), id_name(manager));
    record.manager = manager;
  }
  if (!event.attribute(HrAttribute::kOwnerId).empty()) {
    IdentityId owner = reference(HrAttribute::kOwnerId);
    log("owner_id", id_name(record.owner), id_name(owner));
    record.owner = owner;
  }
  graph_.identities.set(identity.value, record);
}

void LifecycleSession::set_status(Change& change, IdentityId identity, IdentityStatus status) {
  IdentityRecord& record = graph_.identities.mutable_at(identity.value);
  if (record.status == status) return;
  audit_.push_back({change.event_id, change.effective_date, 0, "update_identity", "identity",
                    std::string(graph_.identity_ids.name(identity)), "status", std::string(to_string(record.status)),
                    std::string(to_string(status))});
  record.status = status;
}

void LifecycleSession::disable_accounts(Change& change, IdentityId identity) {
  const std::string identity_name(graph_.identity_ids.name(identity));
  for (AccountId account : graph_.identity_accounts[identity]) {
    if (graph_.accounts[account.value].status != AccountStatus::kEnabled) continue;
    graph_.accounts.mutable_at(account.value).status = AccountStatus::kDisabled;
    const std::string account_name(graph_.account_ids.name(account));
    plan_.push_back({change.event_id, ++change.seq, "disable_account", identity_name, account_name, ""});
    audit_.push_back({change.event_id, change.effective_date, change.seq, "disable_account", "account", account_name,
                      "status", "enabled", "disabled"});
  }
}

void LifecycleSession::set_assignments(Change& change, IdentityId identity, std::vector<RoleAssignment> next) {
  const std::string identity_name(graph_.identity_ids.name(identity));
  auto current = graph_.identity_assignments[identity];
  auto same = [](const RoleAssignment& a, const RoleAssignment& b) {
    return a.role == b.role && a.source == b.source && a.granted_at == b.granted_at && a.expires_at == b.expires_at;
  };
  bool changed = current.size() != next.size();
  for (const RoleAssignment& old : current) {
    if (std::any_of(next.begin(), next.end(), [&](const RoleAssignment& a) { return same(a, old); })) continue;
    changed = true;
    const std::string role(graph_.role_ids.name(old.role));
    plan_.push_back({change.event_id, ++change.seq, "unassign_role", identity_name, "", role});
    audit_.push_back({change.event_id, change.effective_date, change.seq, "unassign_role", "identity", identity_name,
                      "role", role + " (" + std::string(to_string(old.source)) + ")", ""});
  }
  for (const RoleAssignment& added : next) {
    if (std::any_of(current.begin(), current.end(), [&](const RoleAssignment& a) { return same(a, added); })) continue;
    changed = true;
    const std::string role(graph_.role_ids.name(added.role));
    plan_.push_back({change.event_id, ++change.seq, "assign_role", identity_name, "", role});
    audit_.push_back({change.event_id, change.effective_date, change.seq, "assign_role", "identity", identity_name,
                      "role", "", role + " (" + std::string(to_string(added.source)) + ")"});
  }
  if (changed) graph_.identity_assignments.set_row(identity, std::move(next));
}

void LifecycleSession::reconcile(Change& change, IdentityId identity, bool provision_accounts) {
  const IdentityRecord record = graph_.identities[identity.value];
  // Birthright assignments are exactly what the rules give the current attributes.
  const std::vector<RoleId> birthright = base_index_.birthright_roles(record);
  std::vector<RoleAssignment> assignments;
  std::vector<RoleId> kept_birthright;
  for (const RoleAssignment& assignment : graph_.identity_assignments[identity]) {
    if (assignment.source != AssignmentSource::kBirthright) {
      assignments.push_back(assignment);
    } else if (std::binary_search(birthright.begin(), birthright.end(), assignment.role) &&
               std::find(kept_birthright.begin(), kept_birthright.end(), assignment.role) == kept_birthright.end()) {
      assignments.push_back(assignment);
      kept_birthright.push_back(assignment.role);
    }
  }
  for (RoleId role : birthright)
    if (std::find(kept_birthright.begin(), kept_birthright.end(), role) == kept_birthright.end())
      assignments.push_back({role, AssignmentSource::kBirthright, change.event ? change.event->effective_date : Date(), Date()});
  set_assignments(change, identity, assignments);
  if (!provision_accounts) return;

  // What the held roles (closed under includes) grant, per system.
  std::map<SystemId, std::pair<std::vector<GroupId>, std::vector<EntitlementId>>> desired;
  for (RoleId held : base_index_.compute_held_roles(record, graph_.identity_assignments[identity]))
    for (RoleId role : base_index_.role_closure(held)) {
      for (GroupId group : graph_.role_groups[role]) desired[graph_.groups[group.value].system].first.push_back(group);
      for (EntitlementId entitlement : graph_.role_entitlements[role])
        desired[graph_.entitlements[entitlement.value].system].second.push_back(entitlement);
    }
  std::map<AccountId, std::pair<std::vector<GroupId>, std::vector<EntitlementId>>> direct;
  for (auto& [system, wanted] : desired)
    direct[account_for_system(change, identity, system)] = {sorted_unique(std::move(wanted.first)),
                                                            sorted_unique(std::move(wanted.second))};
  // Every account of the identity: exactly its share, nothing for the others.
  for (AccountId account : graph_.identity_accounts[identity]) {
    auto it = direct.find(account);
    if (it == direct.end()) set_direct_access(change, identity, account, {}, {});
    else set_direct_access(change, identity, account, std::move(it->second.first), std::move(it->second.second));
  }
}

AccountId LifecycleSession::account_for_system(Change& change, IdentityId identity, SystemId system) {
  const std::string identity_name(graph_.identity_ids.name(identity));
  std::optional<AccountId> chosen;
  for (AccountId account : graph_.identity_accounts[identity]) {
    if (graph_.accounts[account.value].system != system || graph_.accounts[account.value].deleted) continue;
    if (!chosen || graph_.account_ids.name(account) < graph_.account_ids.name(*chosen)) chosen = account;
  }
  if (!chosen) {
    const std::string account_name = identity_name + "@" + std::string(graph_.system_ids.name(system));
    auto inserted = graph_.account_ids.insert(account_name, *strings_);
    if (!inserted)
      reject(*change.event, "identity_id", identity_name,
             "cannot create account \"" + account_name + "\": an account of that id belongs to someone else");
    AccountRecord account;
    account.system = system;
    account.identity = identity;
    account.identity_cell = graph_.identity_ids.name(identity);
    account.username = graph_.identity_ids.name(identity);
    account.status = AccountStatus::kEnabled;
    account.created = change.event->effective_date;
    graph_.accounts.push_back(account);
    auto owned = std::vector<AccountId>(graph_.identity_accounts[identity].begin(), graph_.identity_accounts[identity].end());
    owned.push_back(*inserted);
    graph_.identity_accounts.set_row(identity, sorted_unique(std::move(owned)));
    graph_.account_groups.set_row(*inserted, {});
    graph_.account_entitlements.set_row(*inserted, {});
    graph_.account_grant_rows.set_row(*inserted, {});
    plan_.push_back({change.event_id, ++change.seq, "create_account", identity_name, account_name,
                     std::string(graph_.system_ids.name(system))});
    audit_.push_back({change.event_id, change.effective_date, change.seq, "create_account", "account", account_name,
                      "status", "", "enabled"});
    return *inserted;
  }
  if (graph_.accounts[chosen->value].status == AccountStatus::kDisabled) {
    graph_.accounts.mutable_at(chosen->value).status = AccountStatus::kEnabled;
    const std::string account_name(graph_.account_ids.name(*chosen));
    plan_.push_back({change.event_id, ++change.seq, "enable_account", identity_name, account_name, ""});
    audit_.push_back({change.event_id, change.effective_date, change.seq, "enable_account", "account", account_name,
                      "status", "disabled", "enabled"});
  }
  return *chosen;
}

void LifecycleSession::set_direct_access(Change& change, IdentityId identity, AccountId account,
                                         std::vector<GroupId> groups, std::vector<EntitlementId> entitlements) {
  const std::string identity_name(graph_.identity_ids.name(identity));
  const std::string account_name(graph_.account_ids.name(account));
  auto step = [&](const char* action, const char* field, std::string target, bool added) {
    plan_.push_back({change.event_id, ++change.seq, action, identity_name, account_name, target});
    audit_.push_back({change.event_id, change.effective_date, change.seq, action, "account", account_name, field,
                      added ? "" : target, added ? target : ""});
  };
  auto current_groups = graph_.account_groups[account];
  if (!std::equal(current_groups.begin(), current_groups.end(), groups.begin(), groups.end())) {
    for (GroupId group : current_groups)
      if (!std::binary_search(groups.begin(), groups.end(), group))
        step("remove_member", "group", std::string(graph_.group_ids.name(group)), false);
    for (GroupId group : groups)
      if (!std::binary_search(current_groups.begin(), current_groups.end(), group))
        step("add_member", "group", std::string(graph_.group_ids.name(group)), true);
    graph_.account_groups.set_row(account, std::move(groups));
  }
  auto current = graph_.account_grant_rows[account];
  std::vector<AccountGrant> rows;
  bool changed = false;
  for (const AccountGrant& grant : current) {
    if (std::binary_search(entitlements.begin(), entitlements.end(), grant.entitlement)) {
      rows.push_back(grant);
    } else {
      changed = true;
      step("revoke", "entitlement", std::string(graph_.entitlement_ids.name(grant.entitlement)), false);
    }
  }
  for (EntitlementId entitlement : entitlements) {
    if (std::any_of(current.begin(), current.end(), [&](const AccountGrant& g) { return g.entitlement == entitlement; }))
      continue;
    changed = true;
    rows.push_back({entitlement, change.event ? change.event->effective_date : Date()});
    step("grant", "entitlement", std::string(graph_.entitlement_ids.name(entitlement)), true);
  }
  if (!changed) return;
  std::sort(rows.begin(), rows.end());
  std::vector<EntitlementId> ids;
  for (const AccountGrant& grant : rows) ids.push_back(grant.entitlement);
  graph_.account_grant_rows.set_row(account, std::move(rows));
  graph_.account_entitlements.set_row(account, std::move(ids));
}

void LifecycleSession::archive(const LifecycleOptions& options) {
  const Date as_of = base_index_.as_of();
  Change change{nullptr, "archive", as_of.to_string(), 0};
  std::vector<IdentityId> candidates = *graph_.archive_candidates;
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
  std::vector<IdentityId> still_candidates;
  for (IdentityId identity : candidates) {
    const IdentityRecord& record = graph_.identities[identity.value];
    if (record.status != IdentityStatus::kTerminated) continue;  // rehired: no longer a candidate
    if (!record.termination_date.present() || record.termination_date.plus_days(options.retention_days) > as_of) {
      still_candidates.push_back(identity);
      continue;
    }
    std::vector<AccountId> kept;
    for (AccountId account : graph_.identity_accounts[identity]) {
      const AccountRecord& a = graph_.accounts[account.value];
      if (a.status != AccountStatus::kDisabled || a.deleted) {
        kept.push_back(account);
        continue;
      }
      ArchivedAccount archived{std::string(graph_.account_ids.name(account)), std::string(graph_.identity_ids.name(identity)),
                               std::string(graph_.system_ids.name(a.system)), record.termination_date.to_string(),
                               as_of.to_string(), {}, {}};
      for (GroupId group : graph_.account_groups[account]) archived.groups.emplace_back(graph_.group_ids.name(group));
      for (EntitlementId e : graph_.account_entitlements[account]) archived.entitlements.emplace_back(graph_.entitlement_ids.name(e));
      graph_.accounts.mutable_at(account.value).deleted = true;
      graph_.account_groups.set_row(account, {});
      graph_.account_entitlements.set_row(account, {});
      graph_.account_grant_rows.set_row(account, {});
      plan_.push_back({change.event_id, ++change.seq, "delete_account", archived.identity_id, archived.account_id, ""});
      audit_.push_back({change.event_id, change.effective_date, change.seq, "delete_account", "account",
                        archived.account_id, "status", "disabled", "deleted"});
      archived_.push_back(std::move(archived));
    }
    if (!kept.empty()) still_candidates.push_back(identity);  // a live account may be disabled later
    if (kept.size() != graph_.identity_accounts[identity].size()) {
      graph_.identity_accounts.set_row(identity, std::move(kept));
      touch(identity);
    }
  }
  if (still_candidates.size() != graph_.archive_candidates->size())
    graph_.archive_candidates = std::make_shared<std::vector<IdentityId>>(std::move(still_candidates));
}

}  // namespace accessgraph
