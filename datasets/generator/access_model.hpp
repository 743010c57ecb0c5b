#pragma once
// What can be granted and what policy says: groups (with nesting), entitlements, roles
// (with includes), birthright rules and SoD rules, built from the org and its people.
//
// The directory follows the AGDLP pattern real Active Directories use: accounts go in
// role-like groups (job, department, team), those nest in resource groups, and resource
// groups carry the permissions; so access is reached through 2 to 4 levels of nesting.
// Applications have Users <- Power Users <- Administrators ladders, department groups
// and project groups. Every group carries entitlements of its own, so the entitlements
// a group adds are exactly those of the groups above it: a person's access can be
// reasoned about group by group.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/generator/org_model.hpp"
#include "datasets/generator/population.hpp"

namespace accessgraph::datasets {


// The built-in administrative groups of the directory, in creation order.
enum class DirectoryAdmin : std::uint8_t { kDomainAdmins, kHelpdeskOperators, kServerOperators, kBackupOperators };

struct Entitlement {
  std::string id;
  std::string name;
  std::string resource;
  std::string_view action;
  std::uint32_t owner = kNone;
  SystemIndex system = 0;
  std::uint8_t sensitivity = 0;
};

struct Group {
  std::string id;
  std::string name;
  std::uint32_t owner = kNone;
  SystemIndex system = 0;
  bool administrative = false;  // members are privileged: admin and operator groups
  std::vector<std::uint32_t> member_groups;  // nested groups: their members are members here
  std::vector<std::uint32_t> grants;         // entitlements
};

struct Role {
  std::string id;
  std::string name;
  std::uint32_t owner = kNone;
  RoleKind kind = RoleKind::kBusiness;
  std::vector<std::uint32_t> includes;
  std::vector<std::uint32_t> grant_groups;
  std::vector<std::uint32_t> grant_entitlements;
  std::vector<SystemIndex> systems;  // systems its closure grants on, sorted
};

struct BirthrightRule {
  std::string id;
  std::uint32_t role = kNone;
  std::string_view kind;  // empty: any kind
  DepartmentIndex department = kNoIndex16;
  std::uint32_t title = kNone;
  LocationIndex location = kNoIndex16;
};

// A toxic pair. Each side is one entitlement reachable only through one dedicated group
// that nests nowhere, so who holds a side is known from direct memberships alone.
struct SodRule {
  std::string id;
  std::uint32_t entitlement_a = kNone;
  std::uint32_t entitlement_b = kNone;
  std::uint32_t group_a = kNone;
  std::uint32_t group_b = kNone;
  std::string_view severity;
  std::string description;
};

// A truth.csv row about the catalog itself (cycles, deep chains).
struct StructureNote {
  std::string_view anomaly;
  std::string_view subject_kind;
  std::string subject_id;
  std::string related_id;
  std::string detail;
};

// Per-application groups and pools.
struct ApplicationGroups {
  std::uint32_t users = kNone;
  std::uint32_t power_users = kNone;
  std::uint32_t administrators = kNone;
  std::uint32_t service_accounts = kNone;
  std::uint32_t admin_role = kNone;
  std::vector<std::uint32_t> project_roles;
  std::vector<std::uint32_t> standalone_entitlements;  // granted by no group and no role
};

// Groups and entitlements some roles grant, directly or through the roles they include.
struct RoleClosure {
  std::vector<std::uint32_t> roles;  // the roots and every role they include
  std::vector<std::uint32_t> groups;
  std::vector<std::uint32_t> entitlements;
};

class AccessModel {
 public:
  AccessModel(const OrgModel& org, const Population& people, std::uint64_t seed);

  const std::vector<Entitlement>& entitlements() const { return entitlements_; }
  const std::vector<Group>& groups() const { return groups_; }
  const std::vector<Role>& roles() const { return roles_; }
  const std::vector<BirthrightRule>& birthright_rules() const { return birthright_; }
  const std::vector<SodRule>& sod_rules() const { return sod_rules_; }
  const std::vector<StructureNote>& structure_notes() const { return structure_notes_; }
  const std::vector<std::uint32_t>& system_owners() const { return system_owners_; }

  // Roles a person holds by birthright; kNone where none applies.
  std::uint32_t base_role(IdentityKind kind) const;
  std::uint32_t department_role(DepartmentIndex d) const { return department_roles_[d]; }
  std::uint32_t job_role(std::uint32_t job) const { return job_roles_[job]; }
  std::uint32_t location_role(LocationIndex l) const { return location_roles_[l]; }
  // Request roles: the department's teams (largest first), an application's projects.
  const std::vector<std::uint32_t>& team_roles(DepartmentIndex d) const { return team_roles_[d]; }
  const std::vector<std::uint32_t>& team_groups(DepartmentIndex d) const { return team_groups_[d]; }
  const ApplicationGroups& application(SystemIndex s) const { return applications_[s]; }
  // Roles granting the DirectoryAdmin groups, in DirectoryAdmin order.
  const std::vector<std::uint32_t>& directory_admin_roles() const { return directory_admin_roles_; }
  std::uint32_t directory_admin_group(DirectoryAdmin which) const {
    return roles_[directory_admin_roles_[static_cast<std::size_t>(which)]].grant_groups.front();
  }
  std::uint32_t remote_access_role() const { return remote_access_role_; }
  std::uint32_t self_service_role() const { return self_service_role_; }
  const std::vector<std::uint32_t>& legacy_roles() const { return legacy_roles_; }
  std::uint32_t job_group(std::uint32_t job) const { return job_groups_[job]; }
  std::uint32_t department_group(DepartmentIndex d) const { return department_groups_[d]; }
  std::uint32_t location_group(LocationIndex l) const { return location_groups_[l]; }
  // What `roots` grant, closed under role includes (cycles allowed).
  RoleClosure close_roles(std::span<const std::uint32_t> roots) const;
  // Adds `group` and every group it is nested in, directly or not (cycles allowed):
  // the groups whose entitlements a member of `group` holds.
  void add_group_reach(std::uint32_t group, std::vector<std::uint32_t>& reach) const;

  // Groups that list `group` as a member: its members are members there too.
  const std::vector<std::uint32_t>& parents(std::uint32_t group) const { return group_parents_[group]; }
  // -1, or 2 * rule index + side (0: a, 1: b) for the groups that carry an SoD side.
  std::int32_t sod_side(std::uint32_t group) const { return sod_sides_[group]; }

 private:
  class Builder;
  friend class Builder;

  std::vector<Entitlement> entitlements_;
  std::vector<Group> groups_;
  std::vector<Role> roles_;
  std::vector<BirthrightRule> birthright_;
  std::vector<SodRule> sod_rules_;
  std::vector<StructureNote> structure_notes_;
  std::vector<std::uint32_t> system_owners_;
  std::array<std::uint32_t, 3> base_roles_{kNone, kNone, kNone};
  std::vector<std::uint32_t> department_roles_;
  std::vector<std::uint32_t> job_roles_;
  std::vector<std::uint32_t> location_roles_;
  std::vector<std::vector<std::uint32_t>> team_roles_;
  std::vector<std::vector<std::uint32_t>> team_groups_;
  std::vector<ApplicationGroups> applications_;
  std::vector<std::uint32_t> directory_admin_roles_;
  std::uint32_t remote_access_role_ = kNone;
  std::uint32_t self_service_role_ = kNone;
  std::vector<std::uint32_t> legacy_roles_;
  std::vector<std::uint32_t> job_groups_;
  std::vector<std::uint32_t> department_groups_;
  std::vector<std::uint32_t> location_groups_;
  std::vector<std::int32_t> sod_sides_;
  std::vector<std::vector<std::uint32_t>> group_parents_;
};

}  // namespace accessgraph::datasets
