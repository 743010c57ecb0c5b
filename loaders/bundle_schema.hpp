#pragma once
// The files of a bundle and their columns, in SPEC section 1 order. That order is
// also the order in which defects are reported when several files are bad: every
// reference points to the same or an earlier file.
#include <array>
#include <string_view>
#include <vector>

namespace accessgraph::loaders {

struct BundleFile {
  std::string_view name;
  bool required;
  std::vector<std::string_view> columns;  // every one must be in the header
};

enum class BundleFileIndex : std::size_t {
  kIdentities, kSystems, kAccounts, kGroups, kEntitlements, kRoles, kGroupMembers,
  kGroupGrants, kAccountGrants, kRoleIncludes, kRoleGrants, kRoleAssignments, kUsage,
  kSodRules, kBirthright, kRoleHistory, kCount
};

inline const std::array<BundleFile, static_cast<std::size_t>(BundleFileIndex::kCount)>& bundle_files() {
  static const std::array<BundleFile, static_cast<std::size_t>(BundleFileIndex::kCount)> kFiles = {{
      {"identities.csv", true,
       {"id", "display_name", "kind", "status", "department", "title", "location", "manager_id",
        "owner_id", "hire_date", "termination_date"}},
      {"systems.csv", true, {"id", "name", "kind", "owner_id"}},
      {"accounts.csv", true,
       {"id", "system_id", "identity_id", "username", "status", "created", "last_used", "privileged"}},
      {"groups.csv", true, {"id", "system_id", "name", "owner_id"}},
      {"entitlements.csv", true,
       {"id", "system_id", "name", "resource", "action", "sensitivity", "owner_id"}},
      {"roles.csv", true, {"id", "name", "kind", "owner_id"}},
      {"group_members.csv", true, {"group_id", "member_kind", "member_id"}},
      {"group_grants.csv", true, {"group_id", "entitlement_id"}},
      {"account_grants.csv", true, {"account_id", "entitlement_id", "granted_at"}},
      {"role_includes.csv", true, {"role_id", "included_role_id"}},
      {"role_grants.csv", true, {"role_id", "target_kind", "target_id"}},
      {"role_assignments.csv", true, {"identity_id", "role_id", "source", "granted_at", "expires_at"}},
      {"usage.csv", false, {"account_id", "entitlement_id", "last_used"}},
      {"sod_rules.csv", false, {"id", "entitlement_a", "entitlement_b", "severity", "description"}},
      {"birthright.csv", false, {"id", "role_id", "kind", "department", "title", "location"}},
      {"role_history.csv", false, {"identity_id", "role_id", "granted_at", "revoked_at"}},
  }};
  return kFiles;
}

inline const BundleFile& bundle_file(BundleFileIndex index) {
  return bundle_files()[static_cast<std::size_t>(index)];
}

}  // namespace accessgraph::loaders
