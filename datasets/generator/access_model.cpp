#include "datasets/generator/access_model.hpp"

#include <algorithm>
#include <map>

#include "datasets/generator/small_sets.hpp"

namespace accessgraph::datasets {
namespace {

// How much a group grants, by the kind of group it is.
enum class Level : std::uint8_t { kBasic, kStandard, kPower, kAdmin, kCritical };

struct LevelSpec {
  std::array<std::string_view, 4> actions;
  std::uint8_t min_sensitivity;
  std::uint8_t max_sensitivity;
};

const LevelSpec& level_spec(Level level) {
  static const std::array<LevelSpec, 5> kSpecs{{
      {{"read", "view", "use", "read"}, 0, 0},
      {{"read", "write", "contribute", "view"}, 0, 1},
      {{"write", "export", "approve", "delete"}, 1, 2},
      {{"admin", "full-control", "delete", "grant"}, 2, 3},
      {{"admin", "impersonate", "break-glass", "export-all"}, 3, 3},
  }};
  return kSpecs[static_cast<std::size_t>(level)];
}

// Entitlements carried by each kind of group (tuned so the median person has ~100).
constexpr std::uint32_t kAllStaffGrants = 18;
constexpr std::uint32_t kKindGroupGrants = 6;
constexpr std::uint32_t kDivisionGrants = 6;
constexpr std::uint32_t kDepartmentGrants = 10;
constexpr std::uint32_t kJobGrants = 6;
constexpr std::uint32_t kSiteGrants = 2;
constexpr std::uint32_t kDoorGrants = 4;
constexpr std::uint32_t kTeamGrants = 5;
constexpr std::uint32_t kShareGrants = 5;
constexpr std::uint32_t kUsersGrants = 8;
constexpr std::uint32_t kPowerUsersGrants = 12;
constexpr std::uint32_t kApplicationTeamGrants = 6;
constexpr std::uint32_t kProjectGrants = 4;
constexpr std::uint32_t kRoleDirectGrants = 2;
constexpr std::uint32_t kDomainAdminShares = 200;  // resource groups Domain Admins sits in

constexpr std::uint32_t kPeoplePerTeam = 12;
constexpr std::uint32_t kPeoplePerShare = 60;
constexpr std::uint32_t kUsersPerProject = 40;

struct SodTemplate {
  std::string_view system;
  std::array<std::string_view, 6> families;  // family slugs, empty-padded
  std::string_view side_a;
  std::string_view side_b;
  std::string_view severity;
  std::string_view description;
};

constexpr std::array kSodTemplates{
    SodTemplate{"sap", {"fin", "proc", "ops"}, "Create vendor master record (FK01)",
                "Execute payment run (F110)", "high",
                "Creating a vendor and paying it in one hand allows fictitious-vendor fraud"},
    SodTemplate{"sap", {"proc", "ops", "fin"}, "Create purchase order (ME21N)",
                "Post goods receipt (MIGO)", "medium",
                "Ordering and receiving the same goods hides theft"},
    SodTemplate{"ora", {"fin", "proc"}, "Enter journal", "Approve journal", "high",
                "A journal must be approved by someone other than its author"},
    SodTemplate{"ora", {"fin"}, "Create supplier invoice", "Approve supplier payment", "high",
                "Invoice entry and payment approval must be separated"},
    SodTemplate{"wday", {"hr"}, "Edit compensation", "Approve compensation change", "high",
                "Nobody approves pay changes they entered"},
    SodTemplate{"wday", {"hr", "fin"}, "Maintain payroll master data", "Release payroll",
                "critical", "Payroll data maintenance and payroll release, the classic ghost-employee risk"},
    SodTemplate{"aws", {"sec", "eng", "it"}, "Create IAM users", "Disable CloudTrail logging",
                "critical", "Creating identities and switching off the audit trail"},
    SodTemplate{"sfdc", {"sales", "mkt", "support"}, "Create quotes", "Approve discounts", "medium",
                "Sellers must not approve their own discounts"},
    SodTemplate{"gh", {"eng", "product"}, "Administer branch protection", "Deploy to production",
                "high", "Bypassing review and deploying the result"},
    SodTemplate{"snow", {"it", "support", "hr", "sec", "legal", "fac"}, "Raise change requests",
                "Approve change requests", "medium", "Change requests need an independent approver"},
    SodTemplate{"azure", {"it", "sec"}, "Assign Azure roles", "Approve privileged access requests",
                "critical", "Granting privileged roles and approving the request for them"},
};

bool template_covers(const SodTemplate& rule, std::string_view family_slug) {
  return std::find(rule.families.begin(), rule.families.end(), family_slug) != rule.families.end();
}

std::string numbered(std::string_view word, std::size_t index, std::size_t cycle) {
  std::string text(word);
  if (index >= cycle) {
    text.append(" ").append(std::to_string(index / cycle + 1));
  }
  return text;
}

}  // namespace

class AccessModel::Builder {
 public:
  Builder(AccessModel& model, const OrgModel& org, const Population& people, std::uint64_t seed)
      : model_(model), org_(org), people_(people), seed_(seed),
        rng_(Rng::for_stream(seed, "access.catalog")) {}

  void build() {
    choose_system_owners();
    build_directory();
    build_applications();
    build_sod_rules();
    build_business_roles();
    build_birthright_rules();
    plant_cycles();
    compute_role_systems();
    index_sod_sides();
    index_group_parents();
  }

 private:
  static std::uint32_t next_serial(std::vector<std::uint32_t>& serials, SystemIndex system) {
    if (serials.size() <= system) {
      serials.resize(system + 1U, 0);
    }
    return ++serials[system];
  }

  // Owners are sometimes missing in real catalogs.
  std::uint32_t maybe_owner(std::uint32_t owner) { return rng_.chance(400) ? kNone : owner; }

  std::uint32_t add_group(SystemIndex system, std::string name, std::uint32_t owner) {
    const auto index = static_cast<std::uint32_t>(model_.groups_.size());
    Group group;
    group.id = tagged_id("grp", org_.systems()[system].code, next_serial(group_serials_, system));
    group.name = std::move(name);
    group.owner = maybe_owner(owner);
    group.system = system;
    model_.groups_.push_back(std::move(group));
    return index;
  }

  // The child's members become members of the parent.
  void nest(std::uint32_t child, std::uint32_t parent) {
    model_.groups_[parent].member_groups.push_back(child);
  }

  std::string resource_for(SystemIndex system, std::string_view context, std::string_view subject,
                            std::uint32_t serial) {
    const System& sys = org_.systems()[system];
    std::string resource;
    if (sys.code == "fs") {
      resource = "\\\\fs0" + std::to_string(serial % 4 + 1) + "\\" + std::string(context) + "\\" +
                 std::string(subject);
    } else if (sys.code == "aws") {
      resource = "arn:aws:iam::4021" + std::to_string(10'000'000 + serial % 90'000'000) + ":role/" +
                 std::string(context) + "-" + std::string(subject);
    } else if (sys.code == "dir") {
      resource = "https://intranet.example.com/sites/" + std::string(context) + "/" +
                 std::string(subject);
    } else if (sys.kind == SystemKind::kDatabase) {
      resource = sys.code + ":" + std::string(context) + "." + std::string(subject);
    } else {
      resource = sys.code + ":/" + std::string(context) + "/" + std::string(subject);
    }
    return resource;
  }

  std::uint32_t add_entitlement(SystemIndex system, std::string_view label, std::string_view context,
                                std::string_view subject, std::string_view action,
                                std::uint8_t sensitivity, std::uint32_t owner) {
    const auto index = static_cast<std::uint32_t>(model_.entitlements_.size());
    Entitlement entitlement;
    entitlement.id = tagged_id("ent", org_.systems()[system].code, next_serial(entitlement_serials_, system));
    entitlement.name = std::string(label) + " " + std::string(subject) + " (" + std::string(action) + ")";
    entitlement.resource = resource_for(system, context, subject, index);
    entitlement.action = action;
    entitlement.owner = rng_.chance(1000) ? kNone : owner;
    entitlement.system = system;
    entitlement.sensitivity = sensitivity;
    model_.entitlements_.push_back(std::move(entitlement));
    return index;
  }

  // Creates `count` entitlements on `system` at `level`; returns their indexes.
  std::vector<std::uint32_t> new_entitlements(SystemIndex system, std::uint32_t count, Level level,
                                              std::string_view label, std::string_view context,
                                              std::uint32_t owner) {
    const LevelSpec& spec = level_spec(level);
    const auto words = resource_words();
    const std::size_t first_word = rng_.below(words.size());
    std::vector<std::uint32_t> created;
    for (std::uint32_t k = 0; k < count; ++k) {
      const auto action = spec.actions[rng_.below(spec.actions.size())];
      const auto sensitivity =
          static_cast<std::uint8_t>(rng_.between(spec.min_sensitivity, spec.max_sensitivity));
      created.push_back(add_entitlement(system, label, context,
                                        words[(first_word + k) % words.size()], action,
                                        sensitivity, owner));
    }
    return created;
  }

  void grant_new(std::uint32_t group, SystemIndex system, std::uint32_t count, Level level,
                 std::string_view context) {
    const Group& target = model_.groups_[group];
    const std::string label = target.name;
    for (const std::uint32_t e : new_entitlements(system, count, level, label, context, target.owner)) {
      model_.groups_[group].grants.push_back(e);
    }
  }

  std::uint32_t add_role(std::string_view tag, std::string name, RoleKind kind, std::uint32_t owner) {
    const auto index = static_cast<std::uint32_t>(model_.roles_.size());
    Role role;
    role.id = tagged_id("role", tag, ++role_serials_[tag]);
    role.name = std::move(name);
    role.kind = kind;
    role.owner = maybe_owner(owner);
    model_.roles_.push_back(std::move(role));
    return index;
  }

  std::uint32_t add_group_role(std::string_view tag, std::string name, RoleKind kind,
                               std::uint32_t group) {
    const std::uint32_t role = add_role(tag, std::move(name), kind, model_.groups_[group].owner);
    model_.roles_[role].grant_groups.push_back(group);
    return role;
  }

  std::uint32_t tech_role_for(DepartmentIndex d, SystemIndex s) const {
    for (const auto& [system, role] : department_tech_roles_[d]) {
      if (system == s) {
        return role;
      }
    }
    return kNone;
  }

  std::uint32_t department_owner(DepartmentIndex d) const { return people_.department_head(d); }
  const Department& department(DepartmentIndex d) const { return org_.departments()[d]; }
  const std::string& title(std::uint32_t t) const { return org_.titles()[t]; }

  void choose_system_owners() {
    const auto& staff = people_.technical_staff();
    for (std::size_t s = 0; s < org_.systems().size(); ++s) {
      model_.system_owners_.push_back(staff[rng_.below(staff.size())]);
    }
  }

  void build_directory();
  void build_department_groups(DepartmentIndex d, const std::vector<std::uint32_t>& divisions);
  void build_applications();
  void build_application(SystemIndex s);
  void build_sod_rules();
  void build_business_roles();
  void build_birthright_rules();
  void plant_cycles();
  void compute_role_systems();
  void index_sod_sides();
  void index_group_parents();

  AccessModel& model_;
  const OrgModel& org_;
  const Population& people_;
  std::uint64_t seed_;
  Rng rng_;

  struct SodSideRoles {
    std::uint32_t a;
    std::uint32_t b;
    std::size_t template_index;
  };

  std::array<std::uint32_t, 3> kind_groups_{};  // all employees, contractors, partners
  std::vector<std::uint32_t> share_groups_;     // every directory resource group
  // Per department: (application, role granting the department's group there).
  std::vector<std::vector<std::pair<SystemIndex, std::uint32_t>>> department_tech_roles_;
  std::uint32_t manager_self_service_role_ = kNone;
  std::uint32_t legacy_top_ = kNone;
  std::vector<SodSideRoles> sod_roles_;
  // Ids are numbered per system (groups, entitlements) and per role tag, from 1.
  std::vector<std::uint32_t> group_serials_;
  std::vector<std::uint32_t> entitlement_serials_;
  std::map<std::string_view, std::uint32_t> role_serials_;
};

void AccessModel::Builder::build_directory() {
  constexpr SystemIndex kDir = kDirectorySystem;
  const SystemIndex fs = org_.system_index("fs");
  const SystemIndex badge = org_.system_index("badge");
  const std::uint32_t it_owner = model_.system_owners_[kDir];

  const std::uint32_t all_staff = add_group(kDir, "All Staff", it_owner);
  grant_new(all_staff, kDir, kAllStaffGrants, Level::kBasic, "corp");
  constexpr std::array<std::string_view, 3> kKindGroupNames{"All Employees", "All Contractors",
                                                            "All Partners"};
  for (std::size_t k = 0; k < kind_groups_.size(); ++k) {
    kind_groups_[k] = add_group(kDir, std::string(kKindGroupNames[k]), it_owner);
    grant_new(kind_groups_[k], kDir, kKindGroupGrants >> k, Level::kBasic, "corp");
    nest(kind_groups_[k], all_staff);
  }

  const auto families = job_families();
  std::vector<std::uint32_t> divisions(families.size(), kNone);
  for (DepartmentIndex d = 0; d < org_.departments().size(); ++d) {
    const auto family = department(d).family;
    if (divisions[family] == kNone) {
      divisions[family] = add_group(kDir, "Division - " + std::string(families[family].name),
                                    department_owner(d));
      grant_new(divisions[family], kDir, kDivisionGrants, Level::kStandard, families[family].slug);
      nest(divisions[family], all_staff);  // job -> department -> division -> all staff
    }
  }
  model_.team_groups_.resize(org_.departments().size());
  model_.department_groups_.resize(org_.departments().size());
  for (DepartmentIndex d = 0; d < org_.departments().size(); ++d) {
    build_department_groups(d, divisions);
  }

  for (const Job& job : people_.jobs()) {
    const std::uint32_t group =
        add_group(kDir, "Job - " + department(job.department).name + " - " + title(job.title),
                  department_owner(job.department));
    grant_new(group, kDir, kJobGrants, Level::kStandard, department(job.department).slug);
    nest(group, model_.department_groups_[job.department]);
    model_.job_groups_.push_back(group);
  }

  for (const Location& location : org_.locations()) {
    const std::uint32_t group = add_group(kDir, "Site - " + location.name, it_owner);
    grant_new(group, kDir, kSiteGrants, Level::kBasic, location.slug);
    grant_new(group, badge, kDoorGrants, Level::kBasic, location.slug);
    model_.location_groups_.push_back(group);
  }

  // Built-in administrative groups, in DirectoryAdmin order. Domain Admins sits in many
  // resource groups, which gives the few domain administrators the long tail of 1,000+
  // entitlements.
  struct AdminGroupSpec {
    std::string_view group;
    std::string_view role;
    std::uint32_t grants;
    bool on_shares;
  };
  constexpr std::array<AdminGroupSpec, 4> kAdminGroups{{
      {"Domain Admins", "Domain Administrator", 150, false},
      {"Helpdesk Operators", "Helpdesk Operator", 40, false},
      {"Server Operators", "Server Operator", 80, false},
      {"Backup Operators", "Backup Operator", 60, true},
  }};
  for (const auto& spec : kAdminGroups) {
    const std::uint32_t group = add_group(kDir, std::string(spec.group), it_owner);
    model_.groups_[group].administrative = true;
    grant_new(group, spec.on_shares ? fs : kDir, spec.grants, Level::kAdmin, "admin");
    model_.directory_admin_roles_.push_back(
        add_group_role("adm", std::string(spec.role), RoleKind::kTechnical, group));
  }
  const std::uint32_t domain_admins = model_.directory_admin_group(DirectoryAdmin::kDomainAdmins);
  const std::size_t shares = std::min<std::size_t>(kDomainAdminShares, share_groups_.size());
  for (std::size_t k = 0; k < shares; ++k) {
    nest(domain_admins, share_groups_[k * share_groups_.size() / shares]);
  }

  // Legacy chains: groups nested 10 to 14 deep, left over from migrations.
  const auto codenames = project_codenames();
  const std::uint64_t chains = 2 + people_.size() / 100'000;
  for (std::uint64_t c = 0; c < chains; ++c) {
    const std::uint32_t depth = 10 + static_cast<std::uint32_t>(c % 5);
    const std::string codename = numbered(codenames[(c + 7) % codenames.size()], c + 7, codenames.size());
    const std::string base = "Legacy - " + codename;
    std::uint32_t below = kNone;
    std::uint32_t bottom = kNone;
    for (std::uint32_t level = 0; level < depth; ++level) {
      const std::uint32_t group = add_group(kDir, base + " - L" + std::to_string(level), it_owner);
      grant_new(group, kDir, 1, Level::kStandard, "legacy");
      if (below == kNone) {
        bottom = group;
      } else {
        nest(below, group);
      }
      below = group;
    }
    model_.legacy_roles_.push_back(
        add_group_role("legacy", "Legacy access - " + codename, RoleKind::kTechnical, bottom));
    if (legacy_top_ == kNone) {
      legacy_top_ = below;
    }
    model_.structure_notes_.push_back({"deep_group_chain", "group", model_.groups_[bottom].id,
                                       model_.groups_[below].id,
                                       "nesting depth " + std::to_string(depth)});
  }
}

void AccessModel::Builder::build_department_groups(DepartmentIndex d,
                                                   const std::vector<std::uint32_t>& divisions) {
  constexpr SystemIndex kDir = kDirectorySystem;
  const SystemIndex fs = org_.system_index("fs");
  const Department& dept = department(d);
  const std::uint32_t owner = department_owner(d);
  const std::uint32_t size = people_.department_size(d);

  const std::uint32_t group = add_group(kDir, "Dept - " + dept.name, owner);
  grant_new(group, kDir, kDepartmentGrants, Level::kStandard, dept.slug);
  nest(group, divisions[dept.family]);
  model_.department_groups_[d] = group;

  const auto words = resource_words();
  std::vector<std::uint32_t> shares;
  const std::uint32_t share_count = 1 + size / kPeoplePerShare;
  for (std::uint32_t k = 0; k < share_count; ++k) {
    const auto word = words[(d * 7 + k) % words.size()];
    std::string name = "DL-FS-" + dept.slug + "-" + std::string(word);
    if (k >= words.size()) {
      name.append("-").append(std::to_string(k / words.size() + 1));
    }
    const std::uint32_t share = add_group(kDir, name + (k % 3 == 2 ? "-RO" : "-RW"), owner);
    grant_new(share, fs, kShareGrants, k % 3 == 2 ? Level::kBasic : Level::kPower, dept.slug);
    shares.push_back(share);
    share_groups_.push_back(share);
  }

  // Teams: the first four are parents of the others; every team sits in one or two of
  // the department's resource groups.
  const auto codenames = project_codenames();
  auto& teams = model_.team_groups_[d];
  const std::uint32_t team_count = 1 + size / kPeoplePerTeam;
  for (std::uint32_t t = 0; t < team_count; ++t) {
    const std::uint32_t team =
        add_group(kDir, "Team - " + dept.name + " " + numbered(codenames[t % codenames.size()], t, codenames.size()),
                  owner);
    grant_new(team, kDir, kTeamGrants, Level::kStandard, dept.slug);
    if (t >= 4) {
      nest(team, teams[t % 4]);
    }
    nest(team, shares[t % shares.size()]);
    const std::uint32_t second = shares[(t * 7 + 3) % shares.size()];
    if (second != shares[t % shares.size()]) {
      nest(team, second);
    }
    teams.push_back(team);
  }
}

void AccessModel::Builder::build_applications() {
  model_.applications_.resize(org_.systems().size());
  department_tech_roles_.resize(org_.departments().size());
  for (SystemIndex s = 0; s < org_.systems().size(); ++s) {
    if (s != kDirectorySystem && org_.systems()[s].has_accounts) {
      build_application(s);
    }
  }
}

void AccessModel::Builder::build_application(SystemIndex s) {
  const System& system = org_.systems()[s];
  const std::uint32_t owner = model_.system_owners_[s];
  ApplicationGroups& app = model_.applications_[s];
  const std::uint64_t identities = people_.size();

  app.users = add_group(s, system.name + " Users", owner);
  grant_new(app.users, s, kUsersGrants, Level::kBasic, "app");
  app.power_users = add_group(s, system.name + " Power Users", owner);
  grant_new(app.power_users, s, kPowerUsersGrants, Level::kPower, "app");
  nest(app.power_users, app.users);
  app.administrators = add_group(s, system.name + " Administrators", owner);
  model_.groups_[app.administrators].administrative = true;
  grant_new(app.administrators, s,
            static_cast<std::uint32_t>(200 + std::min<std::uint64_t>(400, identities / 2500)),
            Level::kAdmin, "admin");
  nest(app.administrators, app.power_users);
  app.service_accounts = add_group(s, system.name + " Service Accounts", owner);
  grant_new(app.service_accounts, s, 8, Level::kStandard, "integration");
  nest(app.service_accounts, app.users);
  app.standalone_entitlements = new_entitlements(
      s, static_cast<std::uint32_t>(6 + identities / 4000), Level::kCritical, system.name, "direct", owner);
  app.admin_role = add_group_role("adm", system.name + " Administrator", RoleKind::kTechnical,
                                  app.administrators);

  if (system.code == "wday") {
    model_.self_service_role_ =
        add_group_role("tech", "Workday Employee Self-Service", RoleKind::kTechnical, app.users);
    manager_self_service_role_ = add_group_role("tech", "Workday Manager Self-Service",
                                                RoleKind::kTechnical, app.power_users);
  } else if (system.code == "vpn") {
    model_.remote_access_role_ =
        add_group_role("tech", "Remote Access (VPN)", RoleKind::kTechnical, app.users);
  }

  // A group and an access role per department working in the application; the role
  // also grants two entitlements directly (provisioned as account grants).
  std::uint64_t users = 0;
  for (DepartmentIndex d = 0; d < org_.departments().size(); ++d) {
    const auto& systems = department(d).systems;
    if (std::find(systems.begin(), systems.end(), s) == systems.end()) {
      continue;
    }
    users += people_.department_size(d);
    const std::uint32_t team = add_group(s, system.name + " - " + department(d).name, department_owner(d));
    grant_new(team, s, kApplicationTeamGrants, Level::kStandard, department(d).slug);
    nest(team, app.users);
    const std::uint32_t role = add_group_role("tech", system.name + " access for " + department(d).name,
                                              RoleKind::kTechnical, team);
    model_.roles_[role].grant_entitlements = new_entitlements(
        s, kRoleDirectGrants, Level::kStandard, system.name, department(d).slug, owner);
    department_tech_roles_[d].push_back({s, role});
  }

  const auto codenames = project_codenames();
  const std::uint64_t projects = 2 + users / kUsersPerProject;
  for (std::uint64_t p = 0; p < projects; ++p) {
    const std::string name = numbered(codenames[p % codenames.size()], p, codenames.size());
    const std::uint32_t group = add_group(s, system.name + " Project " + name, owner);
    grant_new(group, s, kProjectGrants, Level::kStandard, "project");
    nest(group, app.users);
    app.project_roles.push_back(add_group_role("proj", "Project " + name + " (" + system.name + ")",
                                               RoleKind::kBusiness, group));
  }
}

void AccessModel::Builder::build_sod_rules() {
  const std::uint64_t variants = 1 + people_.size() / 150'000;
  for (std::uint64_t v = 0; v < variants; ++v) {
    for (std::size_t t = 0; t < kSodTemplates.size(); ++t) {
      const SodTemplate& rule_template = kSodTemplates[t];
      const SystemIndex s = org_.system_index(rule_template.system);
      const System& system = org_.systems()[s];
      const std::uint32_t owner = model_.system_owners_[s];
      const std::string scope = v == 0 ? std::string() : " [unit " + std::to_string(1000 + v) + "]";
      SodRule rule;
      rule.id = tagged_id("sod", "", model_.sod_rules_.size() + 1, 4);
      rule.severity = rule_template.severity;
      rule.description = std::string(rule_template.description) + scope;

      std::array<std::uint32_t, 2> roles{};
      for (int side = 0; side < 2; ++side) {
        const std::string_view label = side == 0 ? rule_template.side_a : rule_template.side_b;
        const std::uint32_t group = add_group(s, system.name + " SoD - " + std::string(label) + scope, owner);
        const std::uint32_t entitlement =
            add_entitlement(s, std::string(label) + scope, "sod", side == 0 ? "maker" : "checker",
                            side == 0 ? "execute" : "approve", 3, owner);
        model_.groups_[group].grants.push_back(entitlement);
        (side == 0 ? rule.group_a : rule.group_b) = group;
        (side == 0 ? rule.entitlement_a : rule.entitlement_b) = entitlement;
        roles[side] = add_group_role("sod", system.name + " - " + std::string(label) + scope,
                                     RoleKind::kTechnical, group);
      }
      model_.sod_rules_.push_back(std::move(rule));
      sod_roles_.push_back({roles[0], roles[1], t});
    }
  }
}

void AccessModel::Builder::build_business_roles() {
  constexpr std::array<std::string_view, 3> kBaseNames{"Employee Baseline", "Contractor Baseline",
                                                       "Partner Baseline"};
  for (std::size_t k = 0; k < kind_groups_.size(); ++k) {
    model_.base_roles_[k] = add_group_role("base", std::string(kBaseNames[k]), RoleKind::kBusiness, kind_groups_[k]);
  }

  const std::size_t department_count = org_.departments().size();
  for (DepartmentIndex d = 0; d < department_count; ++d) {
    const std::uint32_t role = add_group_role("dept", "Department - " + department(d).name,
                                              RoleKind::kBusiness, model_.department_groups_[d]);
    // The main application comes with the department; the second one with some jobs.
    if (!department(d).systems.empty()) {
      model_.roles_[role].includes.push_back(tech_role_for(d, department(d).systems[0]));
    }
    model_.department_roles_.push_back(role);
  }

  const SystemIndex wday = org_.system_index("wday");
  const auto families = job_families();
  const auto& jobs = people_.jobs();
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    const Job& job = jobs[j];
    const Department& dept = department(job.department);
    const std::uint32_t role = add_group_role(
        "job", "Job - " + dept.name + " - " + title(job.title), RoleKind::kBusiness, model_.job_groups_[j]);
    model_.job_roles_.push_back(role);
  }
  for (std::uint32_t j = 0; j < jobs.size(); ++j) {
    const Job& job = jobs[j];
    const Department& dept = department(job.department);
    auto& includes = model_.roles_[model_.job_roles_[j]].includes;
    if (org_.is_management_title(job.title)) {
      // A manager's job includes the department's main individual job and manager
      // self-service: business roles built from business and technical roles. It gets
      // no SoD side of its own, only those of the job it includes.
      includes.push_back(manager_self_service_role_);
      for (const std::uint32_t other : people_.department_jobs(job.department)) {
        if (!org_.is_management_title(jobs[other].title)) {
          includes.push_back(model_.job_roles_[other]);
          break;
        }
      }
      continue;
    }
    Rng pick = Rng::for_stream(seed_, "access.job", j);
    if (dept.systems.size() > 1 && pick.chance(5000)) {
      includes.push_back(tech_role_for(job.department, dept.systems[1]));
    }
    for (std::size_t r = 0; r < sod_roles_.size(); ++r) {
      const SodTemplate& rule_template = kSodTemplates[sod_roles_[r].template_index];
      const SystemIndex s = org_.system_index(rule_template.system);
      const bool reachable = s == wday || std::find(dept.systems.begin(), dept.systems.end(), s) != dept.systems.end();
      if (!reachable || !template_covers(rule_template, families[dept.family].slug)) {
        continue;
      }
      const std::uint64_t draw = pick.below(10);
      if (draw < 3) {
        includes.push_back(sod_roles_[r].a);
      } else if (draw < 5) {
        includes.push_back(sod_roles_[r].b);
      }
    }
  }

  for (LocationIndex l = 0; l < org_.locations().size(); ++l) {
    model_.location_roles_.push_back(add_group_role("loc", "Site - " + org_.locations()[l].name,
                                                    RoleKind::kBusiness, model_.location_groups_[l]));
  }
  model_.team_roles_.resize(department_count);
  for (DepartmentIndex d = 0; d < department_count; ++d) {
    for (const std::uint32_t team : model_.team_groups_[d]) {
      model_.team_roles_[d].push_back(
          add_group_role("team", model_.groups_[team].name, RoleKind::kBusiness, team));
    }
  }
}

void AccessModel::Builder::build_birthright_rules() {
  auto add_rule = [&](std::uint32_t role) -> BirthrightRule& {
    BirthrightRule rule;
    rule.id = tagged_id("br", "", model_.birthright_.size() + 1, 5);
    rule.role = role;
    model_.birthright_.push_back(std::move(rule));
    return model_.birthright_.back();
  };
  constexpr std::array<IdentityKind, 3> kKinds{IdentityKind::kEmployee, IdentityKind::kContractor,
                                               IdentityKind::kPartner};
  for (std::size_t k = 0; k < kKinds.size(); ++k) {
    add_rule(model_.base_roles_[k]).kind = to_string(kKinds[k]);
  }
  for (DepartmentIndex d = 0; d < org_.departments().size(); ++d) {
    add_rule(model_.department_roles_[d]).department = d;
  }
  for (std::uint32_t j = 0; j < people_.jobs().size(); ++j) {
    BirthrightRule& rule = add_rule(model_.job_roles_[j]);
    rule.department = people_.jobs()[j].department;
    rule.title = people_.jobs()[j].title;
  }
  for (LocationIndex l = 0; l < org_.locations().size(); ++l) {
    add_rule(model_.location_roles_[l]).location = l;
  }
}

void AccessModel::Builder::plant_cycles() {
  const std::uint64_t cycles = 2 + people_.size() / 200'000;
  std::uint64_t planted = 0;
  for (SystemIndex s = 0; s < model_.applications_.size() && planted < cycles; ++s) {
    const auto& projects = model_.applications_[s].project_roles;
    if (projects.size() < 4) {
      continue;
    }
    // Group cycle among the last projects: p0 in p1 in ... in p0.
    const std::size_t length = planted % 2 == 0 ? 2 : 3;
    std::vector<std::uint32_t> cycle;
    for (std::size_t k = 0; k < length; ++k) {
      cycle.push_back(model_.roles_[projects[projects.size() - 1 - k]].grant_groups[0]);
    }
    for (std::size_t k = 0; k < length; ++k) {
      const std::uint32_t member = cycle[k];
      const std::uint32_t parent = cycle[(k + 1) % length];
      nest(member, parent);
      model_.structure_notes_.push_back({"group_cycle", "group", model_.groups_[parent].id,
                                         model_.groups_[member].id, "nested group cycle"});
    }
    // Role include cycle between two other projects of the same application.
    const std::uint32_t a = projects[0];
    const std::uint32_t b = projects[1];
    model_.roles_[a].includes.push_back(b);
    model_.roles_[b].includes.push_back(a);
    model_.structure_notes_.push_back({"role_cycle", "role", model_.roles_[a].id, model_.roles_[b].id, "role includes cycle"});
    model_.structure_notes_.push_back({"role_cycle", "role", model_.roles_[b].id, model_.roles_[a].id, "role includes cycle"});
    ++planted;
  }
  // One group that lists itself as a member: the top of the first legacy chain.
  nest(legacy_top_, legacy_top_);
  const std::string& id = model_.groups_[legacy_top_].id;
  model_.structure_notes_.push_back(
      {"group_self_membership", "group", id, id, "group is a member of itself"});
}

void AccessModel::Builder::compute_role_systems() {
  for (std::uint32_t r = 0; r < model_.roles_.size(); ++r) {
    const RoleClosure closure = model_.close_roles(std::span(&r, 1));
    std::vector<SystemIndex> systems;
    for (const std::uint32_t g : closure.groups) {
      systems.push_back(model_.groups_[g].system);
    }
    for (const std::uint32_t e : closure.entitlements) {
      systems.push_back(model_.entitlements_[e].system);
    }
    std::sort(systems.begin(), systems.end());
    systems.erase(std::unique(systems.begin(), systems.end()), systems.end());
    model_.roles_[r].systems = std::move(systems);
  }
}

void AccessModel::Builder::index_sod_sides() {
  model_.sod_sides_.assign(model_.groups_.size(), -1);
  for (std::size_t r = 0; r < model_.sod_rules_.size(); ++r) {
    model_.sod_sides_[model_.sod_rules_[r].group_a] = static_cast<std::int32_t>(2 * r);
    model_.sod_sides_[model_.sod_rules_[r].group_b] = static_cast<std::int32_t>(2 * r + 1);
  }
}

void AccessModel::Builder::index_group_parents() {
  model_.group_parents_.assign(model_.groups_.size(), {});
  for (std::uint32_t g = 0; g < model_.groups_.size(); ++g) {
    for (const std::uint32_t member : model_.groups_[g].member_groups) {
      model_.group_parents_[member].push_back(g);
    }
  }
}

AccessModel::AccessModel(const OrgModel& org, const Population& people, std::uint64_t seed) {
  Builder(*this, org, people, seed).build();
}

RoleClosure AccessModel::close_roles(std::span<const std::uint32_t> roots) const {
  RoleClosure closure;
  std::vector<std::uint32_t> stack;
  for (const std::uint32_t root : roots) {
    if (root != kNone && add_unique(closure.roles, root)) {
      stack.push_back(root);
    }
  }
  while (!stack.empty()) {
    const Role& role = roles_[stack.back()];
    stack.pop_back();
    for (const std::uint32_t g : role.grant_groups) {
      add_unique(closure.groups, g);
    }
    for (const std::uint32_t e : role.grant_entitlements) {
      add_unique(closure.entitlements, e);
    }
    for (const std::uint32_t included : role.includes) {
      if (add_unique(closure.roles, included)) {
        stack.push_back(included);
      }
    }
  }
  return closure;
}

void AccessModel::add_group_reach(std::uint32_t group, std::vector<std::uint32_t>& reach) const {
  std::vector<std::uint32_t> stack;
  if (add_unique(reach, group)) {
    stack.push_back(group);
  }
  while (!stack.empty()) {
    const std::uint32_t current = stack.back();
    stack.pop_back();
    for (const std::uint32_t parent : group_parents_[current]) {
      if (add_unique(reach, parent)) {
        stack.push_back(parent);
      }
    }
  }
}

std::uint32_t AccessModel::base_role(IdentityKind kind) const {
  switch (kind) {
    case IdentityKind::kEmployee: return base_roles_[0];
    case IdentityKind::kContractor: return base_roles_[1];
    case IdentityKind::kPartner: return base_roles_[2];
    default: return kNone;
  }
}

}  // namespace accessgraph::datasets
