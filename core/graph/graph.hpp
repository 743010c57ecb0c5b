#pragma once
// The entitlement graph: every node kind as a flat record array indexed by its dense
// id, every relation as CSR in both directions. Immutable once built; derived access
// (closures at an as-of date) lives in engine/closure.
//
//   identity ─owns─▶ account ─member of─▶ group ─nested in─▶ group ─grants─▶ entitlement
//                      └──────────── direct grant ─────────────────────────▶ entitlement
//   identity ─assigned─▶ role ─includes─▶ role ─grants─▶ entitlement | group
#include <memory>
#include <vector>

#include "core/graph/csr.hpp"
#include "core/graph/id_table.hpp"
#include "core/graph/lifecycle_history.hpp"
#include "core/graph/patched_csr.hpp"
#include "core/graph/persistent_vector.hpp"
#include "core/graph/records.hpp"
#include "core/graph/string_arena.hpp"

namespace accessgraph {

struct Graph {
  // Owners of every string_view below: one arena for ids, more filled in parallel
  // by loaders. Shared so that later graph versions can keep pointing into them.
  std::shared_ptr<StringArena> id_strings = std::make_shared<StringArena>();
  std::vector<std::shared_ptr<const StringArena>> text_strings;

  IdTable<IdentityId> identity_ids;
  IdTable<SystemId> system_ids;
  IdTable<AccountId> account_ids;
  IdTable<GroupId> group_ids;
  IdTable<EntitlementId> entitlement_ids;
  IdTable<RoleId> role_ids;
  IdTable<SodRuleId> sod_rule_ids;
  IdTable<BirthrightRuleId> birthright_rule_ids;
  IdTable<AttributeId> attribute_values;  // department, title and location cells

  PersistentVector<IdentityRecord> identities;
  PersistentVector<SystemRecord> systems;
  PersistentVector<AccountRecord> accounts;
  PersistentVector<GroupRecord> groups;
  PersistentVector<EntitlementRecord> entitlements;
  PersistentVector<RoleRecord> roles;
  PersistentVector<SodRule> sod_rules;
  PersistentVector<BirthrightRule> birthright_rules;

  // Relations that lifecycle events change are patched per version (PatchedCsr);
  // their reverse CSR indexes the load only, and readers add the patched rows.
  // group_members, split by member kind, and its reverse.
  PatchedCsr<AccountId, GroupId> account_groups;
  Csr<GroupId, AccountId> group_member_accounts;
  Csr<GroupId, GroupId> group_parents;  // the groups a group is a member of
  Csr<GroupId, GroupId> group_member_groups;
  // group_grants and account_grants, and their reverse.
  Csr<GroupId, EntitlementId> group_entitlements;
  Csr<EntitlementId, GroupId> entitlement_groups;
  PatchedCsr<AccountId, EntitlementId> account_entitlements;
  PatchedCsr<AccountId, AccountGrant> account_grant_rows;  // same rows, with granted_at
  Csr<EntitlementId, AccountId> entitlement_accounts;
  // role_includes, role_grants, and their reverse.
  Csr<RoleId, RoleId> role_includes;
  Csr<RoleId, RoleId> role_included_by;
  Csr<RoleId, EntitlementId> role_entitlements;
  Csr<RoleId, GroupId> role_groups;
  // Rows per identity / account, in file order.
  PatchedCsr<IdentityId, AccountId> identity_accounts;
  PatchedCsr<IdentityId, RoleAssignment> identity_assignments;
  Csr<IdentityId, RoleHistoryRecord> identity_role_history;
  Csr<AccountId, UsageRecord> account_usage;

  // The lifecycle's memory of time: clock, accepted events, origins of the identities
  // it changed (core/graph/lifecycle_history.hpp). Null until a history begins (a
  // state directory's init, a bundle's first apply).
  std::shared_ptr<const LifecycleHistory> history;

  // Past review outcomes (decisions.csv and decisions recorded later), in the order
  // given; the risk model learns from them. Null or empty: none. Shared between
  // versions; to add decisions, build a new vector and point a new version at it.
  std::shared_ptr<const std::vector<ReviewDecision>> decisions;

  std::size_t identity_count() const { return identities.size(); }
  std::size_t entitlement_count() const { return entitlements.size(); }
};

}  // namespace accessgraph
