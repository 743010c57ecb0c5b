#include "engine/lifecycle/identity_provisioner.hpp"

#include <algorithm>
#include <map>

#include "core/common/error.hpp"

namespace accessgraph {
namespace {

template <class T>
std::vector<T> sorted_unique(std::vector<T> items) {
  std::sort(items.begin(), items.end());
  items.erase(std::unique(items.begin(), items.end()), items.end());
  return items;
}

bool same_assignment(const RoleAssignment& a, const RoleAssignment& b) {
  return a.role == b.role && a.source == b.source && a.granted_at == b.granted_at && a.expires_at == b.expires_at;
}

std::string assignment_text(const Graph& g, const RoleAssignment& a) {
  return std::string(g.role_ids.name(a.role)) + " (" + std::string(to_string(a.source)) + ")";
}

}  // namespace

// ---- capture and restore ----

IdentityRows IdentityProvisioner::capture(IdentityId identity) const {
  IdentityRows rows;
  rows.record = graph_.identities[identity.value];
  const auto accounts = graph_.identity_accounts[identity];
  rows.accounts.assign(accounts.begin(), accounts.end());
  const auto assignments = graph_.identity_assignments[identity];
  rows.assignments.assign(assignments.begin(), assignments.end());
  for (AccountId account : accounts) {
    const auto groups = graph_.account_groups[account];
    const auto grants = graph_.account_grant_rows[account];
    rows.account_rows.push_back({account, graph_.accounts[account.value], {groups.begin(), groups.end()},
                                 {grants.begin(), grants.end()}});
  }
  return rows;
}

void IdentityProvisioner::restore(IdentityId identity, const IdentityRows& rows) {
  // Accounts the identity has now but not in `rows` (created by the lifecycle) go.
  for (AccountId account : graph_.identity_accounts[identity]) {
    if (std::binary_search(rows.accounts.begin(), rows.accounts.end(), account)) continue;
    AccountRecord& record = graph_.accounts.mutable_at(account.value);
    record.deleted = true;
    record.status = AccountStatus::kDisabled;
    graph_.account_groups.set_row(account, {});
    graph_.account_entitlements.set_row(account, {});
    graph_.account_grant_rows.set_row(account, {});
  }
  graph_.identities.set(identity.value, rows.existed ? rows.record : IdentityRecord{});
  graph_.identity_accounts.set_row(identity, rows.accounts);
  graph_.identity_assignments.set_row(identity, rows.assignments);
  for (const AccountOrigin& account : rows.account_rows) {
    graph_.accounts.set(account.account.value, account.record);
    graph_.account_groups.set_row(account.account, account.groups);
    std::vector<EntitlementId> entitlements;
    for (const AccountGrant& grant : account.grants) entitlements.push_back(grant.entitlement);
    graph_.account_entitlements.set_row(account.account, std::move(entitlements));
    graph_.account_grant_rows.set_row(account.account, account.grants);
  }
}

void IdentityProvisioner::record_difference(IdentityId identity, const IdentityRows& before) {
  const IdentityRows after = capture(identity);
  const std::string name = identity_name(identity);
  ChangeRecorder& recorder = recorder_.get();
  if (!before.existed) recorder.note(LifecycleAction::kCreateIdentity, name, "status", "", "active");
  const IdentityRecord& old = before.record;
  const IdentityRecord& now = after.record;
  auto text = [&](AttributeId value) { return value.valid() ? std::string(graph_.attribute_values.name(value)) : ""; };
  auto person = [&](IdentityId id) { return id.valid() ? std::string(graph_.identity_ids.name(id)) : ""; };
  auto field = [&](const char* name_of_field, std::string was, std::string is) {
    if (was != is) recorder.note(LifecycleAction::kUpdateIdentity, name, name_of_field, std::move(was), std::move(is));
  };
  const bool existed = before.existed;
  field("display_name", existed ? std::string(old.display_name) : "", std::string(now.display_name));
  field("kind", existed ? std::string(to_string(old.kind)) : "", std::string(to_string(now.kind)));
  field("status", existed ? std::string(to_string(old.status)) : "active", std::string(to_string(now.status)));
  field("department", text(old.department), text(now.department));
  field("title", text(old.title), text(now.title));
  field("location", text(old.location), text(now.location));
  field("manager_id", person(old.manager), person(now.manager));
  field("owner_id", person(old.owner), person(now.owner));
  field("hire_date", old.hire_date.to_string(), now.hire_date.to_string());
  field("termination_date", old.termination_date.to_string(), now.termination_date.to_string());

  for (const RoleAssignment& was : before.assignments)
    if (std::none_of(after.assignments.begin(), after.assignments.end(),
                     [&](const RoleAssignment& a) { return same_assignment(a, was); }))
      recorder.act(LifecycleAction::kUnassignRole, name, "", graph_.role_ids.name(was.role), "identity", name, "role",
                   assignment_text(graph_, was), "");
  for (const RoleAssignment& is : after.assignments)
    if (std::none_of(before.assignments.begin(), before.assignments.end(),
                     [&](const RoleAssignment& a) { return same_assignment(a, is); }))
      recorder.act(LifecycleAction::kAssignRole, name, "", graph_.role_ids.name(is.role), "identity", name, "role", "",
                   assignment_text(graph_, is));

  // Accounts in id order: created or enabled, then memberships and grants, then
  // disabled or deleted.
  auto find = [](const IdentityRows& rows, AccountId account) -> const AccountOrigin* {
    for (const AccountOrigin& row : rows.account_rows)
      if (row.account == account) return &row;
    return nullptr;
  };
  std::vector<AccountId> accounts = before.accounts;
  accounts.insert(accounts.end(), after.accounts.begin(), after.accounts.end());
  for (AccountId account : sorted_unique(std::move(accounts))) {
    const AccountOrigin* was = find(before, account);
    const AccountOrigin* is = find(after, account);
    const std::string account_id = account_name(account);
    const bool was_live = was && !was->record.deleted, is_live = is && !is->record.deleted;
    const bool was_enabled = was_live && was->record.status == AccountStatus::kEnabled;
    const bool is_enabled = is_live && is->record.status == AccountStatus::kEnabled;
    if (!was_live && is_live)
      recorder.act(LifecycleAction::kCreateAccount, name, account_id, graph_.system_ids.name(is->record.system),
                   "account", account_id, "status", "", std::string(to_string(is->record.status)));
    else if (!was_enabled && is_enabled)
      recorder.act(LifecycleAction::kEnableAccount, name, account_id, "", "account", account_id, "status", "disabled",
                   "enabled");
    const std::vector<GroupId> no_groups;
    const std::vector<AccountGrant> no_grants;
    const auto& old_groups = was_live ? was->groups : no_groups;
    const auto& new_groups = is_live ? is->groups : no_groups;
    for (GroupId group : old_groups)
      if (!std::binary_search(new_groups.begin(), new_groups.end(), group))
        recorder.act(LifecycleAction::kRemoveMember, name, account_id, graph_.group_ids.name(group), "account",
                     account_id, "group", std::string(graph_.group_ids.name(group)), "");
    for (GroupId group : new_groups)
      if (!std::binary_search(old_groups.begin(), old_groups.end(), group))
        recorder.act(LifecycleAction::kAddMember, name, account_id, graph_.group_ids.name(group), "account",
                     account_id, "group", "", std::string(graph_.group_ids.name(group)));
    const auto& old_grants = was_live ? was->grants : no_grants;
    const auto& new_grants = is_live ? is->grants : no_grants;
    auto has = [](const std::vector<AccountGrant>& grants, EntitlementId e) {
      return std::any_of(grants.begin(), grants.end(), [&](const AccountGrant& g) { return g.entitlement == e; });
    };
    for (const AccountGrant& grant : old_grants)
      if (!has(new_grants, grant.entitlement))
        recorder.act(LifecycleAction::kRevoke, name, account_id, graph_.entitlement_ids.name(grant.entitlement),
                     "account", account_id, "entitlement", std::string(graph_.entitlement_ids.name(grant.entitlement)),
                     "");
    for (const AccountGrant& grant : new_grants)
      if (!has(old_grants, grant.entitlement))
        recorder.act(LifecycleAction::kGrant, name, account_id, graph_.entitlement_ids.name(grant.entitlement),
                     "account", account_id, "entitlement", "",
                     std::string(graph_.entitlement_ids.name(grant.entitlement)));
    if (was_live && !is_live)
      recorder.act(LifecycleAction::kDeleteAccount, name, account_id, "", "account", account_id, "status",
                   std::string(to_string(was->record.status)), "deleted");
    else if (was_enabled && is_live && !is_enabled)
      recorder.act(LifecycleAction::kDisableAccount, name, account_id, "", "account", account_id, "status", "enabled",
                   "disabled");
  }
}

// ---- attributes and status ----

IdentityId IdentityProvisioner::hire(const HrEvent& event, IdentityId existing) {
  const IdentityId identity = existing.valid() ? existing : *graph_.identity_ids.insert(event.identity_id, strings_);
  IdentityRecord record;
  record.status = IdentityStatus::kActive;
  record.hire_date = event.effective_date;
  record.display_name = strings_.store(event.identity_id);
  if (existing.valid()) {
    graph_.identities.set(identity.value, record);
  } else {
    graph_.identities.push_back(record);
    graph_.identity_accounts.set_row(identity, {});
    graph_.identity_assignments.set_row(identity, {});
  }
  recorder_.get().note(LifecycleAction::kCreateIdentity, event.identity_id, "status", "", "active");
  set_attributes(identity, event);
  return identity;
}

void IdentityProvisioner::set_attributes(IdentityId identity, const HrEvent& event) {
  IdentityRecord record = graph_.identities[identity.value];
  const std::string& name = event.identity_id;
  auto log = [&](std::string_view field, std::string before, std::string after) {
    if (before != after)
      recorder_.get().note(LifecycleAction::kUpdateIdentity, name, field, std::move(before), std::move(after));
  };
  auto text = [&](AttributeId value) { return value.valid() ? std::string(graph_.attribute_values.name(value)) : ""; };
  auto person = [&](IdentityId id) { return id.valid() ? std::string(graph_.identity_ids.name(id)) : ""; };
  auto reference = [&](HrAttribute attribute) -> IdentityId {
    const std::string& cell = event.attribute(attribute);
    auto found = graph_.identity_ids.find(cell);
    if (!found) throw ArgumentError(std::string(hr_attribute_name(attribute)), cell, "unknown identity");
    return *found;
  };

  if (const auto& cell = event.attribute(HrAttribute::kDisplayName); !cell.empty()) {
    log("display_name", std::string(record.display_name), cell);
    record.display_name = strings_.store(cell);
  }
  if (const auto& cell = event.attribute(HrAttribute::kKind); !cell.empty()) {
    auto kind = parse_enum<IdentityKind>(cell);
    if (!kind) throw ArgumentError("kind", cell, "unknown identity kind; expected one of " + allowed_values<IdentityKind>());
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
    log(hr_attribute_name(attribute), text(record.*member), cell);
    record.*member = graph_.attribute_values.intern(cell, strings_);
  }
  if (!event.attribute(HrAttribute::kManagerId).empty()) {
    const IdentityId manager = reference(HrAttribute::kManagerId);
    log("manager_id", person(record.manager), person(manager));
    record.manager = manager;
  }
  if (!event.attribute(HrAttribute::kOwnerId).empty()) {
    const IdentityId owner = reference(HrAttribute::kOwnerId);
    log("owner_id", person(record.owner), person(owner));
    record.owner = owner;
  }
  graph_.identities.set(identity.value, record);
}

void IdentityProvisioner::set_status(IdentityId identity, IdentityStatus status) {
  IdentityRecord& record = graph_.identities.mutable_at(identity.value);
  if (record.status == status) return;
  recorder_.get().note(LifecycleAction::kUpdateIdentity, identity_name(identity), "status",
                       std::string(to_string(record.status)), std::string(to_string(status)));
  record.status = status;
}

void IdentityProvisioner::set_hire_date(IdentityId identity, Date date) {
  IdentityRecord& record = graph_.identities.mutable_at(identity.value);
  if (record.hire_date == date) return;
  recorder_.get().note(LifecycleAction::kUpdateIdentity, identity_name(identity), "hire_date",
                       record.hire_date.to_string(), date.to_string());
  record.hire_date = date;
}

void IdentityProvisioner::set_termination_date(IdentityId identity, Date date) {
  IdentityRecord& record = graph_.identities.mutable_at(identity.value);
  if (record.termination_date == date) return;
  recorder_.get().note(LifecycleAction::kUpdateIdentity, identity_name(identity), "termination_date",
                       record.termination_date.to_string(), date.to_string());
  record.termination_date = date;
}

// ---- roles and access ----

std::vector<RoleId> IdentityProvisioner::held_roles(IdentityId identity, Date date) const {
  std::vector<RoleId> held;
  const IdentityRecord& record = graph_.identities[identity.value];
  if (record.status == IdentityStatus::kTerminated) return held;
  std::vector<RoleId> direct = closures_.birthright_roles(record);
  for (const RoleAssignment& assignment : graph_.identity_assignments[identity])
    if (assignment.valid_at(date)) direct.push_back(assignment.role);
  for (RoleId role : sorted_unique(std::move(direct)))
    for (RoleId included : closures_.role_closure(role)) held.push_back(included);
  return sorted_unique(std::move(held));
}

void IdentityProvisioner::set_assignments(IdentityId identity, std::vector<RoleAssignment> next) {
  const std::string name = identity_name(identity);
  const auto current = graph_.identity_assignments[identity];
  bool changed = current.size() != next.size();
  for (const RoleAssignment& old : current) {
    if (std::any_of(next.begin(), next.end(), [&](const RoleAssignment& a) { return same_assignment(a, old); }))
      continue;
    changed = true;
    recorder_.get().act(LifecycleAction::kUnassignRole, name, "", graph_.role_ids.name(old.role), "identity", name,
                        "role", assignment_text(graph_, old), "");
  }
  for (const RoleAssignment& added : next) {
    if (std::any_of(current.begin(), current.end(), [&](const RoleAssignment& a) { return same_assignment(a, added); }))
      continue;
    changed = true;
    recorder_.get().act(LifecycleAction::kAssignRole, name, "", graph_.role_ids.name(added.role), "identity", name,
                        "role", "", assignment_text(graph_, added));
  }
  if (changed) graph_.identity_assignments.set_row(identity, std::move(next));
}

void IdentityProvisioner::reconcile(IdentityId identity, Date date, bool provision_accounts) {
  const IdentityRecord record = graph_.identities[identity.value];
  // Birthright assignments are exactly what the rules give the current attributes.
  const std::vector<RoleId> birthright = closures_.birthright_roles(record);
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
      assignments.push_back({role, AssignmentSource::kBirthright, date, Date()});
  set_assignments(identity, assignments);
  if (!provision_accounts) return;

  // What the held roles (closed under includes) grant, per system.
  std::map<SystemId, std::pair<std::vector<GroupId>, std::vector<EntitlementId>>> desired;
  for (RoleId role : held_roles(identity, date)) {
    for (GroupId group : graph_.role_groups[role]) desired[graph_.groups[group.value].system].first.push_back(group);
    for (EntitlementId entitlement : graph_.role_entitlements[role])
      desired[graph_.entitlements[entitlement.value].system].second.push_back(entitlement);
  }
  std::map<AccountId, std::pair<std::vector<GroupId>, std::vector<EntitlementId>>> direct;
  for (auto& [system, wanted] : desired)
    direct[account_for_system(identity, system, date)] = {sorted_unique(std::move(wanted.first)),
                                                          sorted_unique(std::move(wanted.second))};
  // Every account of the identity: exactly its share, nothing for the others.
  const auto accounts = graph_.identity_accounts[identity];
  for (AccountId account : std::vector<AccountId>(accounts.begin(), accounts.end())) {
    if (graph_.accounts[account.value].deleted) continue;
    auto it = direct.find(account);
    if (it == direct.end()) set_direct_access(identity, account, {}, {}, date);
    else set_direct_access(identity, account, std::move(it->second.first), std::move(it->second.second), date);
  }
}

void IdentityProvisioner::provision_role(IdentityId identity, RoleId role, Date date) {
  std::map<AccountId, std::pair<std::vector<GroupId>, std::vector<EntitlementId>>> wanted;
  for (RoleId held : closures_.role_closure(role)) {
    for (GroupId group : graph_.role_groups[held])
      wanted[account_for_system(identity, graph_.groups[group.value].system, date)].first.push_back(group);
    for (EntitlementId entitlement : graph_.role_entitlements[held])
      wanted[account_for_system(identity, graph_.entitlements[entitlement.value].system, date)].second.push_back(
          entitlement);
  }
  for (auto& [account, targets] : wanted) {
    std::vector<GroupId> groups(graph_.account_groups[account].begin(), graph_.account_groups[account].end());
    groups.insert(groups.end(), targets.first.begin(), targets.first.end());
    std::vector<EntitlementId> entitlements(graph_.account_entitlements[account].begin(),
                                            graph_.account_entitlements[account].end());
    entitlements.insert(entitlements.end(), targets.second.begin(), targets.second.end());
    set_direct_access(identity, account, sorted_unique(std::move(groups)), sorted_unique(std::move(entitlements)),
                      date);
  }
}

void IdentityProvisioner::expire_assignment(IdentityId identity, std::size_t index, Date date) {
  const auto row = graph_.identity_assignments[identity];
  const RoleAssignment expired = row[index];
  std::vector<RoleAssignment> next(row.begin(), row.end());
  next.erase(next.begin() + static_cast<std::ptrdiff_t>(index));
  set_assignments(identity, std::move(next));
  // What the expired role targeted, less what the roles still held target.
  std::vector<GroupId> groups;
  std::vector<EntitlementId> entitlements;
  for (RoleId role : closures_.role_closure(expired.role)) {
    groups.insert(groups.end(), graph_.role_groups[role].begin(), graph_.role_groups[role].end());
    entitlements.insert(entitlements.end(), graph_.role_entitlements[role].begin(), graph_.role_entitlements[role].end());
  }
  std::vector<GroupId> kept_groups;
  std::vector<EntitlementId> kept_entitlements;
  for (RoleId role : held_roles(identity, date)) {
    kept_groups.insert(kept_groups.end(), graph_.role_groups[role].begin(), graph_.role_groups[role].end());
    kept_entitlements.insert(kept_entitlements.end(), graph_.role_entitlements[role].begin(),
                             graph_.role_entitlements[role].end());
  }
  groups = sorted_unique(std::move(groups));
  entitlements = sorted_unique(std::move(entitlements));
  kept_groups = sorted_unique(std::move(kept_groups));
  kept_entitlements = sorted_unique(std::move(kept_entitlements));
  const auto accounts = graph_.identity_accounts[identity];
  for (AccountId account : std::vector<AccountId>(accounts.begin(), accounts.end())) {
    if (graph_.accounts[account.value].deleted) continue;
    std::vector<GroupId> next_groups;
    for (GroupId group : graph_.account_groups[account])
      if (!std::binary_search(groups.begin(), groups.end(), group) ||
          std::binary_search(kept_groups.begin(), kept_groups.end(), group))
        next_groups.push_back(group);
    std::vector<EntitlementId> next_entitlements;
    for (EntitlementId e : graph_.account_entitlements[account])
      if (!std::binary_search(entitlements.begin(), entitlements.end(), e) ||
          std::binary_search(kept_entitlements.begin(), kept_entitlements.end(), e))
        next_entitlements.push_back(e);
    set_direct_access(identity, account, std::move(next_groups), std::move(next_entitlements), date);
  }
}

// ---- accounts ----

void IdentityProvisioner::set_account_status(IdentityId identity, AccountId account, AccountStatus status) {
  AccountRecord& record = graph_.accounts.mutable_at(account.value);
  if (record.status == status) return;
  const bool enable = status == AccountStatus::kEnabled;
  record.status = status;
  const std::string id = account_name(account);
  recorder_.get().act(enable ? LifecycleAction::kEnableAccount : LifecycleAction::kDisableAccount,
                      identity_name(identity), id, "", "account", id, "status", enable ? "disabled" : "enabled",
                      enable ? "enabled" : "disabled");
}

void IdentityProvisioner::disable_accounts(IdentityId identity) {
  for (AccountId account : graph_.identity_accounts[identity])
    if (!graph_.accounts[account.value].deleted) set_account_status(identity, account, AccountStatus::kDisabled);
}

void IdentityProvisioner::remove_access(IdentityId identity, const std::vector<AccessRemoval>& removals, Date date) {
  for (const AccessRemoval& removal : removals) {
    const auto account = graph_.account_ids.find(removal.account_id);
    if (!account || graph_.accounts[account->value].deleted || graph_.accounts[account->value].identity != identity)
      continue;
    if (removal.kind == AccessRemoval::Kind::kAccount) {
      set_account_status(identity, *account, AccountStatus::kDisabled);
      continue;
    }
    std::vector<GroupId> groups(graph_.account_groups[*account].begin(), graph_.account_groups[*account].end());
    std::vector<EntitlementId> entitlements(graph_.account_entitlements[*account].begin(),
                                            graph_.account_entitlements[*account].end());
    if (removal.kind == AccessRemoval::Kind::kMembership) {
      if (auto group = graph_.group_ids.find(removal.target_id)) std::erase(groups, *group);
    } else if (auto entitlement = graph_.entitlement_ids.find(removal.target_id)) {
      std::erase(entitlements, *entitlement);
    }
    set_direct_access(identity, *account, std::move(groups), std::move(entitlements), date);
  }
}

AccountId IdentityProvisioner::account_for_system(IdentityId identity, SystemId system, Date date) {
  std::optional<AccountId> chosen;
  for (AccountId account : graph_.identity_accounts[identity]) {
    if (graph_.accounts[account.value].system != system || graph_.accounts[account.value].deleted) continue;
    if (!chosen || graph_.account_ids.name(account) < graph_.account_ids.name(*chosen)) chosen = account;
  }
  if (chosen) {
    set_account_status(identity, *chosen, AccountStatus::kEnabled);
    return *chosen;
  }
  const std::string name = identity_name(identity);
  const std::string account_id = name + "@" + std::string(graph_.system_ids.name(system));
  if (account_id.size() > 256)
    throw ArgumentError("identity_id", name,
                        "the account it needs, \"" + account_id.substr(0, 60) + "...\", would be longer than 256 bytes");
  // An account of this id that the identity had before and that was deleted (archived,
  // or undone by a replay) is made again under the same id.
  AccountId account;
  if (auto existing = graph_.account_ids.find(account_id)) {
    const AccountRecord& old = graph_.accounts[existing->value];
    if (!old.deleted || old.identity != identity)
      throw ArgumentError("identity_id", name,
                          "cannot create account \"" + account_id + "\": an account of that id belongs to someone else");
    account = *existing;
  } else {
    account = *graph_.account_ids.insert(account_id, strings_);
    graph_.accounts.push_back(AccountRecord{});
  }
  AccountRecord record;
  record.system = system;
  record.identity = identity;
  record.identity_cell = graph_.identity_ids.name(identity);
  record.username = graph_.identity_ids.name(identity);
  record.status = AccountStatus::kEnabled;
  record.created = date;
  graph_.accounts.set(account.value, record);
  std::vector<AccountId> owned(graph_.identity_accounts[identity].begin(), graph_.identity_accounts[identity].end());
  owned.push_back(account);
  graph_.identity_accounts.set_row(identity, sorted_unique(std::move(owned)));
  graph_.account_groups.set_row(account, {});
  graph_.account_entitlements.set_row(account, {});
  graph_.account_grant_rows.set_row(account, {});
  recorder_.get().act(LifecycleAction::kCreateAccount, name, account_id, graph_.system_ids.name(system), "account",
                      account_id, "status", "", "enabled");
  return account;
}

void IdentityProvisioner::set_direct_access(IdentityId identity, AccountId account, std::vector<GroupId> groups,
                                            std::vector<EntitlementId> entitlements, Date date) {
  const std::string name = identity_name(identity);
  const std::string account_id = account_name(account);
  auto step = [&](LifecycleAction action, const char* field, std::string target, bool added) {
    recorder_.get().act(action, name, account_id, target, "account", account_id, field, added ? "" : target,
                        added ? target : "");
  };
  const auto current_groups = graph_.account_groups[account];
  if (!std::equal(current_groups.begin(), current_groups.end(), groups.begin(), groups.end())) {
    for (GroupId group : current_groups)
      if (!std::binary_search(groups.begin(), groups.end(), group))
        step(LifecycleAction::kRemoveMember, "group", std::string(graph_.group_ids.name(group)), false);
    for (GroupId group : groups)
      if (!std::binary_search(current_groups.begin(), current_groups.end(), group))
        step(LifecycleAction::kAddMember, "group", std::string(graph_.group_ids.name(group)), true);
    graph_.account_groups.set_row(account, std::move(groups));
  }
  const auto current = graph_.account_grant_rows[account];
  std::vector<AccountGrant> rows;
  bool changed = false;
  for (const AccountGrant& grant : current) {
    if (std::binary_search(entitlements.begin(), entitlements.end(), grant.entitlement)) {
      rows.push_back(grant);
    } else {
      changed = true;
      step(LifecycleAction::kRevoke, "entitlement", std::string(graph_.entitlement_ids.name(grant.entitlement)), false);
    }
  }
  for (EntitlementId entitlement : entitlements) {
    if (std::any_of(current.begin(), current.end(), [&](const AccountGrant& g) { return g.entitlement == entitlement; }))
      continue;
    changed = true;
    rows.push_back({entitlement, date});
    step(LifecycleAction::kGrant, "entitlement", std::string(graph_.entitlement_ids.name(entitlement)), true);
  }
  if (!changed) return;
  std::sort(rows.begin(), rows.end());
  std::vector<EntitlementId> ids;
  for (const AccountGrant& grant : rows) ids.push_back(grant.entitlement);
  graph_.account_grant_rows.set_row(account, std::move(rows));
  graph_.account_entitlements.set_row(account, std::move(ids));
}

void IdentityProvisioner::delete_accounts(IdentityId identity, Date date) {
  const IdentityRecord& record = graph_.identities[identity.value];
  const std::string name = identity_name(identity);
  for (AccountId account : graph_.identity_accounts[identity]) {
    const AccountRecord& a = graph_.accounts[account.value];
    if (a.deleted) continue;
    const std::string account_id = account_name(account);
    ArchivedAccount archived{account_id, name, std::string(graph_.system_ids.name(a.system)),
                             record.termination_date.to_string(), date.to_string(), {}, {}, {}};
    std::vector<EntitlementId> effective(graph_.account_entitlements[account].begin(),
                                         graph_.account_entitlements[account].end());
    for (GroupId group : graph_.account_groups[account]) {
      archived.groups.emplace_back(graph_.group_ids.name(group));
      const auto reached = closures_.group_access(group);
      effective.insert(effective.end(), reached.begin(), reached.end());
    }
    for (EntitlementId e : graph_.account_entitlements[account]) archived.entitlements.emplace_back(graph_.entitlement_ids.name(e));
    for (EntitlementId e : sorted_unique(std::move(effective)))
      archived.effective_entitlements.emplace_back(graph_.entitlement_ids.name(e));
    std::sort(archived.effective_entitlements.begin(), archived.effective_entitlements.end());
    AccountRecord& deleted = graph_.accounts.mutable_at(account.value);
    const std::string before(to_string(deleted.status));
    deleted.deleted = true;
    graph_.account_groups.set_row(account, {});
    graph_.account_entitlements.set_row(account, {});
    graph_.account_grant_rows.set_row(account, {});
    recorder_.get().act(LifecycleAction::kDeleteAccount, name, account_id, "", "account", account_id, "status", before,
                        "deleted");
    recorder_.get().archive(std::move(archived));
  }
}

}  // namespace accessgraph
