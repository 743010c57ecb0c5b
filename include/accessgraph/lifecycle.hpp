#pragma once
// Value types of the joiner-mover-leaver loop (SPEC section 6): provisioning plans,
// the audit trail, archived accounts and what-if answers.
#include <cstdint>
#include <string>
#include <vector>

namespace accessgraph {

// An HR event as applied: batches apply by effective date, then file order.
struct AppliedEvent {
  std::string event_id, effective_date, type, identity_id;
};

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
  bool archive = true;      // delete such accounts at the end of the batch (history replay turns it off)
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
