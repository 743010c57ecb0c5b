#pragma once
// The one definition of a bundle's files and columns (SPEC section 1, docs/bundle-format.md):
// the loader finds columns by these names, the bundle writer and the generator write
// these headers, and code names a cell by its column constant, never by position.
//
// Files are listed in SPEC order. That order is also the order in which defects are
// reported when several files are bad: every reference points to the same or an
// earlier file.
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

namespace accessgraph::bundle {

// One struct per file: its file name, whether a bundle must have it, and its columns both
// as constants (Identities::kManagerId) and as header names in that order.
struct Identities {
  static constexpr std::string_view kFileName = "identities.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t {
    kId, kDisplayName, kKind, kStatus, kDepartment, kTitle, kLocation, kManagerId, kOwnerId, kHireDate,
    kTerminationDate
  };
  static constexpr std::array<std::string_view, 11> kColumns = {
      "id",       "display_name", "kind",     "status",    "department",      "title",
      "location", "manager_id",   "owner_id", "hire_date", "termination_date"};
};
struct Systems {
  static constexpr std::string_view kFileName = "systems.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kId, kName, kKind, kOwnerId };
  static constexpr std::array<std::string_view, 4> kColumns = {"id", "name", "kind", "owner_id"};
};
struct Accounts {
  static constexpr std::string_view kFileName = "accounts.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kId, kSystemId, kIdentityId, kUsername, kStatus, kCreated, kLastUsed, kPrivileged };
  static constexpr std::array<std::string_view, 8> kColumns = {
      "id", "system_id", "identity_id", "username", "status", "created", "last_used", "privileged"};
};
struct Groups {
  static constexpr std::string_view kFileName = "groups.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kId, kSystemId, kName, kOwnerId };
  static constexpr std::array<std::string_view, 4> kColumns = {"id", "system_id", "name", "owner_id"};
};
struct Entitlements {
  static constexpr std::string_view kFileName = "entitlements.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kId, kSystemId, kName, kResource, kAction, kSensitivity, kOwnerId };
  static constexpr std::array<std::string_view, 7> kColumns = {
      "id", "system_id", "name", "resource", "action", "sensitivity", "owner_id"};
};
struct Roles {
  static constexpr std::string_view kFileName = "roles.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kId, kName, kKind, kOwnerId };
  static constexpr std::array<std::string_view, 4> kColumns = {"id", "name", "kind", "owner_id"};
};
struct GroupMembers {
  static constexpr std::string_view kFileName = "group_members.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kGroupId, kMemberKind, kMemberId };
  static constexpr std::array<std::string_view, 3> kColumns = {"group_id", "member_kind", "member_id"};
};
struct GroupGrants {
  static constexpr std::string_view kFileName = "group_grants.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kGroupId, kEntitlementId };
  static constexpr std::array<std::string_view, 2> kColumns = {"group_id", "entitlement_id"};
};
struct AccountGrants {
  static constexpr std::string_view kFileName = "account_grants.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kAccountId, kEntitlementId, kGrantedAt };
  static constexpr std::array<std::string_view, 3> kColumns = {"account_id", "entitlement_id", "granted_at"};
};
struct RoleIncludes {
  static constexpr std::string_view kFileName = "role_includes.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kRoleId, kIncludedRoleId };
  static constexpr std::array<std::string_view, 2> kColumns = {"role_id", "included_role_id"};
};
struct RoleGrants {
  static constexpr std::string_view kFileName = "role_grants.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kRoleId, kTargetKind, kTargetId };
  static constexpr std::array<std::string_view, 3> kColumns = {"role_id", "target_kind", "target_id"};
};
struct RoleAssignments {
  static constexpr std::string_view kFileName = "role_assignments.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kIdentityId, kRoleId, kSource, kGrantedAt, kExpiresAt };
  static constexpr std::array<std::string_view, 5> kColumns = {"identity_id", "role_id", "source", "granted_at",
                                                               "expires_at"};
};
struct Usage {
  static constexpr std::string_view kFileName = "usage.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kAccountId, kEntitlementId, kLastUsed };
  static constexpr std::array<std::string_view, 3> kColumns = {"account_id", "entitlement_id", "last_used"};
};
struct SodRules {
  static constexpr std::string_view kFileName = "sod_rules.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kId, kEntitlementA, kEntitlementB, kSeverity, kDescription };
  static constexpr std::array<std::string_view, 5> kColumns = {"id", "entitlement_a", "entitlement_b", "severity",
                                                               "description"};
};
struct Birthright {
  static constexpr std::string_view kFileName = "birthright.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kId, kRoleId, kKind, kDepartment, kTitle, kLocation };
  static constexpr std::array<std::string_view, 6> kColumns = {"id",         "role_id", "kind",
                                                               "department", "title",   "location"};
};
struct RoleHistory {
  static constexpr std::string_view kFileName = "role_history.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kIdentityId, kRoleId, kGrantedAt, kRevokedAt };
  static constexpr std::array<std::string_view, 4> kColumns = {"identity_id", "role_id", "granted_at", "revoked_at"};
};

// Every node file (identities .. roles) and every rule file starts with its own id.
inline constexpr std::size_t kIdColumn = 0;
static_assert(Identities::kId == kIdColumn && Systems::kId == kIdColumn && Accounts::kId == kIdColumn &&
              Groups::kId == kIdColumn && Entitlements::kId == kIdColumn && Roles::kId == kIdColumn &&
              SodRules::kId == kIdColumn && Birthright::kId == kIdColumn);

// hr_events.csv (SPEC section 6): not part of a bundle, but written beside one. Its
// attribute columns are those of core/schema/hr_event.hpp, in that order.
struct HrEvents {
  static constexpr std::string_view kFileName = "hr_events.csv";
  enum Column : std::size_t {
    kEventId, kEffectiveDate, kType, kIdentityId, kDisplayName, kKind, kDepartment, kTitle, kLocation, kManagerId,
    kOwnerId
  };
  static constexpr std::array<std::string_view, 11> kColumns = {
      "event_id", "effective_date", "type",     "identity_id", "display_name", "kind",
      "department", "title",        "location", "manager_id",  "owner_id"};
};

// decisions.csv (SPEC section 9): optional past review outcomes the risk model learns
// from. Read after the graph (loaders/decisions_loader.hpp), not one of kFiles: no
// other file refers to it. decision: certify or revoke.
struct Decisions {
  static constexpr std::string_view kFileName = "decisions.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kIdentityId, kEntitlementId, kDecision, kDecidedAt, kReviewerId };
  static constexpr std::array<std::string_view, 5> kColumns = {"identity_id", "entitlement_id", "decision",
                                                               "decided_at", "reviewer_id"};
};

// A bundle's lifecycle history (core/graph/lifecycle_history.hpp), when it has one: the
// folder `history/` beside the bundle files, written by export and read back by the
// loader, so that applying more events to an exported bundle continues its timeline
// (docs/lifecycle.md). Besides these two files it holds identities.csv, accounts.csv,
// group_members.csv, account_grants.csv and role_assignments.csv in the bundle's own
// columns (the rows of changed identities as they were before their first change) and
// hr_events.csv (every event accepted, in arrival order).
inline constexpr std::string_view kHistoryFolder = "history";
struct HistoryClock {
  static constexpr std::string_view kFileName = "lifecycle.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kStart, kClock, kRetentionDays };
  static constexpr std::array<std::string_view, 3> kColumns = {"start", "clock", "retention_days"};
};
struct HistoryOrigins {
  static constexpr std::string_view kFileName = "origins.csv";
  static constexpr bool kRequired = true;
  enum Column : std::size_t { kIdentityId, kExisted };
  static constexpr std::array<std::string_view, 2> kColumns = {"identity_id", "existed"};
};

// history/review_revocations.csv: what each review_revoke event of history/hr_events.csv
// removes (one row per removal: kind membership, grant or account), and the decision
// behind it.
struct HistoryReviewRevocations {
  static constexpr std::string_view kFileName = "review_revocations.csv";
  static constexpr bool kRequired = false;
  enum Column : std::size_t { kEventId, kCampaignId, kItemId, kReviewerId, kComment, kRemoval, kAccountId, kTargetId };
  static constexpr std::array<std::string_view, 8> kColumns = {"event_id",    "campaign_id", "item_id",    "reviewer_id",
                                                               "comment",     "removal",     "account_id", "target_id"};
};

// The bundle's files as one table, for code that walks them all (the loader, tests).
enum class File : std::size_t {
  kIdentities, kSystems, kAccounts, kGroups, kEntitlements, kRoles, kGroupMembers,
  kGroupGrants, kAccountGrants, kRoleIncludes, kRoleGrants, kRoleAssignments, kUsage,
  kSodRules, kBirthright, kRoleHistory, kCount
};
inline constexpr std::size_t kFileCount = static_cast<std::size_t>(File::kCount);

struct FileSchema {
  std::string_view name;
  bool required;
  std::span<const std::string_view> columns;  // every one must be in the header
};

template <class Schema>
constexpr FileSchema schema_of() {
  return {Schema::kFileName, Schema::kRequired, Schema::kColumns};
}

inline constexpr std::array<FileSchema, kFileCount> kFiles = {
    schema_of<Identities>(),   schema_of<Systems>(),      schema_of<Accounts>(),        schema_of<Groups>(),
    schema_of<Entitlements>(), schema_of<Roles>(),        schema_of<GroupMembers>(),    schema_of<GroupGrants>(),
    schema_of<AccountGrants>(), schema_of<RoleIncludes>(), schema_of<RoleGrants>(),     schema_of<RoleAssignments>(),
    schema_of<Usage>(),        schema_of<SodRules>(),     schema_of<Birthright>(),      schema_of<RoleHistory>()};

constexpr const FileSchema& schema(File file) { return kFiles[static_cast<std::size_t>(file)]; }

// The header row of a file, without its line end: "id,display_name,...".
inline std::string header_line(std::span<const std::string_view> columns) {
  std::string line;
  for (std::string_view column : columns) {
    if (!line.empty()) line += ',';
    line += column;
  }
  return line;
}

}  // namespace accessgraph::bundle
