#pragma once
// Value types of the joiner-mover-leaver loop (SPEC section 6): provisioning plans,
// the audit trail, archived accounts and what-if answers.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

// An HR event as applied: batches apply by effective date, then arrival order.
struct AppliedEvent {
  std::string event_id, effective_date, type, identity_id;
  std::string applied_on;  // the date it took effect: its own, or the clock for a late event
};

// What the lifecycle does (docs/lifecycle.md). The provisioning actions are the rows
// of plan.csv; the identity changes appear in audit.csv only.
enum class LifecycleAction : std::uint8_t {
  kCreateAccount, kEnableAccount, kDisableAccount, kAddMember, kRemoveMember, kGrant, kRevoke,
  kAssignRole, kUnassignRole, kDeleteAccount,
  kCreateIdentity, kUpdateIdentity,
};
inline constexpr std::array<std::string_view, 12> kLifecycleActionNames = {
    "create_account", "enable_account", "disable_account", "add_member",    "remove_member",   "grant",
    "revoke",         "assign_role",    "unassign_role",   "delete_account", "create_identity", "update_identity"};
constexpr std::string_view lifecycle_action_name(LifecycleAction action) {
  return kLifecycleActionNames[static_cast<std::size_t>(action)];
}

// One row of plan.csv: a provisioning action, when it takes effect and why.
struct PlanAction {
  std::string event_id;   // the event that caused it; empty for a scheduled change
  std::uint32_t seq = 0;  // execution order within its change, from 1
  LifecycleAction action = LifecycleAction::kCreateAccount;
  std::string identity_id, account_id, target_id;
  std::string date;   // when it takes effect
  std::string cause;  // the event id, or the scheduled change and what it names (assignment_expired:ROLE)
};

// One row of audit.csv: a single field of a single object, before and after.
struct AuditEntry {
  std::string event_id, effective_date;  // the event's own date (a late event keeps it)
  std::uint32_t seq = 0;                 // the plan action it belongs to (0: an attribute change)
  LifecycleAction action = LifecycleAction::kUpdateIdentity;
  std::string subject_kind, subject_id, field, before, after;
  std::string date, cause;  // as in PlanAction
};

// One row of archive.csv: an account deleted after retention, with what it held.
struct ArchivedAccount {
  std::string account_id, identity_id, system_id, termination_date, deleted_on;
  std::vector<std::string> groups, entitlements;  // last direct memberships and grants
  std::vector<std::string> effective_entitlements;  // all it held through them (nested groups too)
};

struct LifecycleOptions {
  // The clock to advance to: events dated on or before it apply, later ones wait
  // (pending); scheduled changes due on or before it run. Absent: the engine's as-of.
  Date as_of;
  int retention_days = 90;  // accounts of a terminated identity are deleted this long after termination
};

struct WhatIfResult {
  std::string identity;
  std::vector<std::string> grant, revoke, keep;  // sorted entitlement ids
  std::vector<std::string> sod_violations_after;  // sorted rule ids
};

}  // namespace accessgraph

namespace accessgraph {

// One identity of a reorg what-if: a transfer, with SoD rules that would appear and
// disappear and the change in sensitive access.
struct ReorgChange {
  WhatIfResult access;
  std::vector<std::string> sod_appear, sod_disappear;  // rule ids, sorted
  int sensitivity_granted = 0, sensitivity_revoked = 0;  // sums of entitlement sensitivity
};

struct ReorgResult {
  std::vector<ReorgChange> identities;  // in input order
  std::uint64_t granted = 0, revoked = 0, kept = 0, sod_appear = 0, sod_disappear = 0;
  std::int64_t sensitivity_delta = 0;  // granted minus revoked sensitivity: > 0 is riskier
};

// Who a new or changed rule would affect. Birthright: expected access gained or lost
// (entitlement ids). SoD: identities that would violate it.
struct RuleImpact {
  std::string rule_id, kind;  // kind: birthright or sod
  bool replaces_existing = false;
  struct Identity {
    std::string identity_id;
    std::vector<std::string> gain, lose;  // birthright: entitlements expected after/before only
  };
  std::vector<Identity> identities;  // sorted by identity id; for sod: the violators
  std::uint64_t previous_violators = 0;  // sod: under the rule it replaces
};

}  // namespace accessgraph
