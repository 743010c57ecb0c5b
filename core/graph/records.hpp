#pragma once
// One record per row of the node files and of the link files that carry data.
// Strings point into the graph's StringArena; references are dense ids (invalid when
// the cell was empty).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/common/date.hpp"
#include "core/graph/dense_id.hpp"
#include "core/schema/enums.hpp"

namespace accessgraph {

struct IdentityRecord {
  std::string_view display_name;
  IdentityKind kind = IdentityKind::kEmployee;
  IdentityStatus status = IdentityStatus::kActive;
  AttributeId department, title, location;
  IdentityId manager, owner;
  Date hire_date, termination_date;
};

struct SystemRecord {
  std::string_view name;
  SystemKind kind = SystemKind::kUnspecified;
  IdentityId owner;
};

struct AccountRecord {
  SystemId system;
  IdentityId identity;             // invalid when unlinked or naming no identity
  std::string_view identity_cell;  // as written, for orphans that name nobody
  std::string_view username;
  AccountStatus status = AccountStatus::kEnabled;
  Date created, last_used;
  bool privileged = false;
  bool deleted = false;  // archived by lifecycle: holds nothing, not exported

  bool enabled() const { return status == AccountStatus::kEnabled && !deleted; }
};

struct GroupRecord {
  SystemId system;
  std::string_view name;
  IdentityId owner;
};

struct EntitlementRecord {
  SystemId system;
  std::string_view name, resource, action;
  std::uint8_t sensitivity = 0;
  IdentityId owner;
};

struct RoleRecord {
  std::string_view name;
  RoleKind kind = RoleKind::kUnspecified;
  IdentityId owner;
};

struct RoleAssignment {
  RoleId role;
  AssignmentSource source = AssignmentSource::kUnspecified;
  Date granted_at, expires_at;

  // SPEC 2 (a): granted_at empty or <= as_of, and expires_at empty or > as_of.
  bool valid_at(Date as_of) const {
    return (!granted_at.present() || granted_at <= as_of) &&
           (!expires_at.present() || expires_at > as_of);
  }
};

// A row of account_grants. Rows of one account are sorted and unique by entitlement
// (the earliest granted_at kept), parallel to Graph::account_entitlements.
struct AccountGrant {
  EntitlementId entitlement;
  Date granted_at;

  bool operator<(const AccountGrant& other) const {
    return entitlement != other.entitlement ? entitlement < other.entitlement : granted_at < other.granted_at;
  }
  bool operator==(const AccountGrant& other) const { return entitlement == other.entitlement; }
};

struct UsageRecord {
  EntitlementId entitlement;
  Date last_used;
};

// A past review outcome (decisions.csv, SPEC section 9): the reviewer certified or
// revoked the identity's access to the entitlement. The risk model learns from these
// (engine/analysis/decision_model.hpp). decided_at and reviewer_id may be empty.
struct ReviewDecision {
  IdentityId identity;
  EntitlementId entitlement;
  bool revoked = false;  // revoke; false: certify
  Date decided_at;
  std::string reviewer_id;
};

struct RoleHistoryRecord {
  RoleId role;
  Date granted_at, revoked_at;
};

struct SodRule {
  EntitlementId entitlement_a, entitlement_b;
  std::string_view severity, description;
};

// An identity matches when every present condition equals its attribute.
struct BirthrightRule {
  RoleId role;
  std::optional<IdentityKind> kind;
  AttributeId department, title, location;  // invalid = no condition
};

}  // namespace accessgraph
