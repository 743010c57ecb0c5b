#pragma once
// Value types of the joiner-mover-leaver loop (SPEC section 6): provisioning plans,
// the audit trail, archived accounts and what-if answers.
#include <cstdint>
#include <string>
#include <vector>

namespace accessgraph {

// One row of plan.csv. action: create_account, enable_account, disable_account,
// add_member, remove_member, grant, revoke, assign_role, unassign_role, delete_account.
struct PlanAction {
  std::string event_id;
  std::uint32_t seq = 0;  // execution order within the event, from 1
  std::string action, identity_id, account_id, target_id;
};

// One row of audit.csv: a single field of a single object, before and after.
struct AuditEntry {
  std::string event_id, effective_date;
  std::uint32_t seq = 0;  // the plan action it belongs to (0: an attribute change)
  std::string action, subject_kind, subject_id, field, before, after;
};

// One row of archive.csv: an account deleted after retention, with what it held.
struct ArchivedAccount {
  std::string account_id, identity_id, system_id, termination_date, deleted_on;
  std::vector<std::string> groups, entitlements;  // last direct memberships and grants
};

struct LifecycleOptions {
  int retention_days = 90;  // accounts of a terminated identity are deleted this long after termination
};

struct WhatIfResult {
  std::string identity;
  std::vector<std::string> grant, revoke, keep;  // sorted entitlement ids
  std::vector<std::string> sod_violations_after;  // sorted rule ids
};

}  // namespace accessgraph
