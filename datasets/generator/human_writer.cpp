#include "datasets/generator/human_writer.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

#include "datasets/generator/names.hpp"
#include "datasets/generator/small_sets.hpp"
#include "datasets/generator/weighted_choice.hpp"

namespace accessgraph::datasets {
namespace {

constexpr std::size_t kMaxAccountsPerPerson = 4;

enum class AssignmentState : std::uint8_t { kCurrent, kFuture, kExpired };

struct Assignment {
  std::uint32_t role = kNone;
  AssignmentSource source;
  Day granted = kNoDay;
  Day expires = kNoDay;
  AssignmentState state = AssignmentState::kCurrent;
  bool lingers = false;  // expired, but its access was never removed
};

struct HistoryEntry {
  std::uint32_t role;
  Day granted;
  Day revoked;
};

void merge_systems(std::vector<SystemIndex>& into, const std::vector<SystemIndex>& from) {
  for (const SystemIndex s : from) {
    add_unique(into, s);
  }
}

// Skewed pick in [0, n): small indexes (the big teams, listed first) come up most.
std::size_t skewed_pick(Rng& rng, std::size_t n) {
  return static_cast<std::size_t>(rng.below(rng.below(n) + 1));
}

// Request roles per person beyond their home team: most have a few, some many.
const BucketedCount& extra_request_count() {
  static const BucketedCount kBuckets{{4500, 0, 0}, {2500, 1, 1}, {1200, 2, 2},
                                      {1200, 3, 5}, {500, 6, 12}, {100, 13, 25}};
  return kBuckets;
}

// Days since an active person last used an enabled account; ~7% are dormant (> 90).
const BucketedCount& active_idle_days() {
  static const BucketedCount kBuckets{{7000, 0, 14}, {1500, 15, 60}, {800, 61, 89},
                                      {500, 91, 365}, {200, 366, 730}};
  return kBuckets;
}

}  // namespace

struct HumanWriter::Plan {
  std::uint32_t index = 0;
  const Person* person = nullptr;
  std::string id;
  std::vector<std::uint32_t> birthright;
  std::vector<Assignment> assignments;
  std::vector<HistoryEntry> history;
  std::vector<SystemIndex> systems;  // one account each, the directory first
  bool administrative_account = false;
  RoleClosure expected;
  std::vector<std::uint32_t> expected_reach;  // expected groups and the groups above them
  std::vector<AccountPlan> accounts;
  std::vector<std::uint32_t> planted_sod_rules;
  std::vector<TruthRow> truth;

  bool terminated() const { return person->status == IdentityStatus::kTerminated; }

  // Whether membership of `group` gives entitlements policy does not expect. Every
  // group carries entitlements no other group grants, so reasoning on groups is exact.
  bool adds_unexpected_access(const AccessModel& access, std::uint32_t group) const {
    std::vector<std::uint32_t> reach;
    access.add_group_reach(group, reach);
    return std::any_of(reach.begin(), reach.end(), [&](std::uint32_t g) { return !contains(expected_reach, g); });
  }
  Day last_day() const { return terminated() ? person->termination - 1 : kReferenceDay - 1; }

  AccountPlan* account_on(SystemIndex system, bool administrative = false) {
    for (auto& account : accounts) {
      if (account.system == system && account.administrative == administrative) {
        return &account;
      }
    }
    return nullptr;
  }
};

void HumanWriter::write(std::uint32_t index, BundleBuffers& out) const {
  Rng rng = Rng::for_stream(seed_, "person.access", index);
  Plan plan;
  plan.index = index;
  plan.person = &people_[index];
  plan.id = identity_id(index);
  plan_roles(plan, rng);
  plan_accounts(plan, rng);
  plan_lingering_roles(plan);
  plan_mover_residue(plan, rng);
  plan_statuses(plan, rng);
  plant_access_anomalies(plan, rng);
  record_sod_violations(plan);

  const PersonName name = person_name(seed_, index);
  rows_.write_identity(index, name.display, out[BundleFile::kIdentities]);
  const std::string directory_username = directory_login(name, index);
  const std::string email = email_login(name);
  for (const AccountPlan& account : plan.accounts) {
    const std::string username = account.administrative ? "adm-" + directory_username
                                 : account.system == kDirectorySystem ? directory_username
                                                                      : email;
    rows_.write_account(account, index, plan.id, username, rng, out);
  }

  CsvBuffer& assignments = out[BundleFile::kRoleAssignments];
  CsvBuffer& history = out[BundleFile::kRoleHistory];
  for (const Assignment& assignment : plan.assignments) {
    const std::string& role_id = access_.roles()[assignment.role].id;
    if (plan.terminated()) {  // leavers lose their assignments; the history keeps them
      history.field(plan.id).field(role_id).date(assignment.granted).date(plan.person->termination);
      history.end_row();
      continue;
    }
    assignments.field(plan.id).field(role_id).field(to_string(assignment.source));
    assignments.date(assignment.granted).date(assignment.expires);
    assignments.end_row();
  }
  for (const HistoryEntry& entry : plan.history) {
    history.field(plan.id).field(access_.roles()[entry.role].id).date(entry.granted).date(entry.revoked);
    history.end_row();
  }
  for (const TruthRow& row : plan.truth) {
    write_truth(out[BundleFile::kTruth], row);
  }
}

void HumanWriter::plan_roles(Plan& plan, Rng& rng) const {
  const Person& person = *plan.person;
  const auto& roles = access_.roles();
  plan.birthright = {access_.base_role(person.kind), access_.department_role(person.department),
                     access_.job_role(person.job), access_.location_role(person.location)};
  plan.systems = {kDirectorySystem};
  for (const std::uint32_t role : plan.birthright) {
    merge_systems(plan.systems, roles[role].systems);
  }

  const bool changed_department =
      person.previous_job != kNone && people_.jobs()[person.previous_job].department != person.department;
  const Day job_start = person.moved != kNoDay ? person.moved : person.hire;
  const Day department_start = changed_department ? person.moved : person.hire;
  // Most governance tools also record birthright roles as assignments; some do not.
  if (rng.chance(9000)) {
    const std::array<Day, 4> since{person.hire, department_start, job_start, person.hire};
    for (std::size_t k = 0; k < since.size(); ++k) {
      plan.assignments.push_back({plan.birthright[k], AssignmentSource::kBirthright, since[k]});
    }
  }

  auto is_held = [&](std::uint32_t role) {
    return contains(plan.birthright, role) ||
           std::any_of(plan.assignments.begin(), plan.assignments.end(),
                       [&](const Assignment& a) { return a.role == role; });
  };
  // A request is granted only if the person still fits in four accounts.
  auto request = [&](std::uint32_t role, AssignmentSource source) {
    if (role == kNone || is_held(role)) {
      return;
    }
    std::vector<SystemIndex> merged = plan.systems;
    merge_systems(merged, roles[role].systems);
    if (merged.size() + (plan.administrative_account ? 1 : 0) > kMaxAccountsPerPerson) {
      return;
    }
    plan.systems = std::move(merged);
    plan.assignments.push_back({role, source, kNoDay});
  };

  const auto& teams = access_.team_roles(person.department);
  if (!teams.empty() && rng.chance(8500)) {
    request(teams[skewed_pick(rng, teams.size())], rng.chance(8000) ? AssignmentSource::kRequest : AssignmentSource::kDirect);
  }
  std::int64_t extras = extra_request_count().draw(rng);
  if (rng.chance(60)) {
    extras += rng.between(20, 60);  // the heavy users of the long tail
  }
  for (std::int64_t k = 0; k < extras; ++k) {
    const std::uint64_t kind = rng.below(100);
    if (kind < 40) {  // a project in an application they already use
      const auto& projects = access_.application(plan.systems[rng.below(plan.systems.size())]).project_roles;
      if (!projects.empty()) {
        request(projects[skewed_pick(rng, projects.size())], AssignmentSource::kRequest);
      }
    } else if (kind < 75) {
      if (!teams.empty()) {
        request(teams[rng.below(teams.size())], AssignmentSource::kRequest);
      }
    } else if (kind < 85) {  // cross-department work
      const auto& other = access_.team_roles(org_.draw_department(rng));
      if (!other.empty()) {
        request(other[rng.below(other.size())], AssignmentSource::kRequest);
      }
    } else if (kind < 93) {
      request(rng.chance(5000) ? access_.remote_access_role() : access_.self_service_role(), AssignmentSource::kRequest);
    } else if (kind < 97) {
      const auto& projects = access_.application(static_cast<SystemIndex>(rng.below(org_.systems().size()))).project_roles;
      if (!projects.empty()) {
        request(projects[rng.below(projects.size())], AssignmentSource::kRequest);
      }
    } else {
      const auto& legacy = access_.legacy_roles();
      request(legacy[rng.below(legacy.size())], AssignmentSource::kRequest);
    }
  }

  // A few IT and security people administer a system.
  const std::string_view family = job_families()[org_.departments()[person.department].family].slug;
  if ((family == "it" || family == "sec") && rng.chance(500)) {
    const std::int64_t count = rng.chance(2000) ? rng.between(2, 3) : 1;
    for (std::int64_t c = 0; c < count; ++c) {
      const SystemIndex system = plan.systems[rng.below(plan.systems.size())];
      if (system != kDirectorySystem) {
        request(access_.application(system).admin_role, AssignmentSource::kDirect);
      } else if (!plan.administrative_account && plan.systems.size() < kMaxAccountsPerPerson) {
        const auto& admin_roles = access_.directory_admin_roles();
        const std::uint32_t role = admin_roles[rng.below(admin_roles.size())];
        if (!is_held(role)) {
          plan.administrative_account = true;
          plan.assignments.push_back({role, AssignmentSource::kDirect, kNoDay});
        }
      }
    }
  }

  for (Assignment& assignment : plan.assignments) {
    if (assignment.source == AssignmentSource::kBirthright) {
      continue;
    }
    assignment.granted = static_cast<Day>(rng.between(person.hire, std::max(person.hire, plan.last_day())));
    if (plan.terminated()) {
      continue;
    }
    const std::uint64_t draw = rng.below(10'000);
    if (draw < 200) {  // approved, starts next month
      assignment.state = AssignmentState::kFuture;
      assignment.granted = kReferenceDay + static_cast<Day>(rng.between(1, 60));
    } else if (draw < 600 && assignment.granted <= kReferenceDay - 30) {
      assignment.state = AssignmentState::kExpired;
      assignment.expires = static_cast<Day>(rng.between(assignment.granted + 7, kReferenceDay - 1));
      assignment.lingers = rng.chance(5000) && person.status == IdentityStatus::kActive;
    } else if (draw < 2800) {
      assignment.expires = kReferenceDay + static_cast<Day>(rng.between(1, 365));
    }
  }

  if (person.previous_job != kNone) {
    plan.history.push_back({access_.job_role(person.previous_job), person.hire, person.moved});
    if (changed_department) {
      const DepartmentIndex previous = people_.jobs()[person.previous_job].department;
      plan.history.push_back({access_.department_role(previous), person.hire, person.moved});
    }
  }
  // A team left cleanly some time ago: history with nothing left behind.
  if (!teams.empty() && person.hire <= kReferenceDay - 60 && rng.chance(1500)) {
    const std::uint32_t role = teams[rng.below(teams.size())];
    if (!is_held(role)) {
      const auto granted = static_cast<Day>(rng.between(person.hire, kReferenceDay - 60));
      plan.history.push_back({role, granted, static_cast<Day>(rng.between(granted + 1, kReferenceDay - 1))});
    }
  }
}

void HumanWriter::plan_accounts(Plan& plan, Rng& rng) const {
  const Person& person = *plan.person;
  std::vector<std::uint32_t> held = plan.birthright;
  for (const Assignment& assignment : plan.assignments) {
    if (assignment.state == AssignmentState::kCurrent) {
      held.push_back(assignment.role);
    }
  }
  plan.expected = access_.close_roles(held);
  for (const std::uint32_t group : plan.expected.groups) {
    access_.add_group_reach(group, plan.expected_reach);
  }

  const Day last = plan.last_day();
  auto make_account = [&](SystemIndex system, bool administrative) {
    AccountPlan account;
    account.system = system;
    account.administrative = administrative;
    append_account_id(account.id, org_.systems()[system].code, plan.index, administrative ? "-adm" : "");
    const Day created = administrative ? person.hire + static_cast<Day>(rng.between(30, 900))
                        : system == kDirectorySystem ? person.hire + static_cast<Day>(rng.between(-10, 2))
                                                     : person.hire + static_cast<Day>(rng.between(0, 60));
    account.created = std::min(created, last);
    return account;
  };
  for (const SystemIndex system : plan.systems) {
    plan.accounts.push_back(make_account(system, false));
  }
  for (const std::uint32_t group : plan.expected.groups) {
    // Directory administration happens from a separate "-adm" account.
    const bool administrative =
        access_.groups()[group].system == kDirectorySystem && access_.groups()[group].administrative;
    if (administrative && plan.account_on(kDirectorySystem, true) == nullptr) {
      plan.accounts.push_back(make_account(kDirectorySystem, true));
    }
    add_unique(plan.account_on(access_.groups()[group].system, administrative)->groups, group);
  }
  for (const std::uint32_t entitlement : plan.expected.entitlements) {
    AccountPlan* account = plan.account_on(access_.entitlements()[entitlement].system);
    account->grants.push_back({entitlement, static_cast<Day>(rng.between(account->created, std::max(account->created, last)))});
  }
}

void HumanWriter::plan_lingering_roles(Plan& plan) const {
  for (const Assignment& assignment : plan.assignments) {
    if (assignment.state != AssignmentState::kExpired || !assignment.lingers) {
      continue;
    }
    const std::uint32_t root = assignment.role;
    const RoleClosure closure = access_.close_roles(std::span(&root, 1));
    bool left_behind = false;
    for (const std::uint32_t group : closure.groups) {
      AccountPlan* account = plan.account_on(access_.groups()[group].system);
      if (account != nullptr && !contains(plan.expected.groups, group) && add_unique(account->groups, group)) {
        left_behind |= plan.adds_unexpected_access(access_, group);
      }
    }
    for (const std::uint32_t entitlement : closure.entitlements) {
      AccountPlan* account = plan.account_on(access_.entitlements()[entitlement].system);
      if (account != nullptr && !contains(plan.expected.entitlements, entitlement)) {
        account->grants.push_back({entitlement, assignment.granted});
        left_behind = true;
      }
    }
    if (left_behind) {
      plan.truth.push_back({"expired_role_access", "identity", plan.id, access_.roles()[root].id,
                            "assignment expired " + iso_date(assignment.expires) + ", access not removed"});
    }
  }
}

void HumanWriter::plan_mover_residue(Plan& plan, Rng& rng) const {
  const Person& person = *plan.person;
  if (person.previous_job == kNone) {
    return;
  }
  // Old access lingers for a bit more than half of the movers still at work.
  const bool lingers = rng.chance(5500) && person.status == IdentityStatus::kActive;
  std::vector<std::uint32_t> previous_roles{access_.job_role(person.previous_job)};
  const DepartmentIndex previous_department = people_.jobs()[person.previous_job].department;
  if (previous_department != person.department) {
    previous_roles.push_back(access_.department_role(previous_department));
  }
  auto account_for = [&](SystemIndex system) -> AccountPlan* {
    if (AccountPlan* account = plan.account_on(system)) {
      // Removed properly from a system still in use; kept on an account left behind.
      return lingers || account->former ? account : nullptr;
    }
    if (plan.accounts.size() >= kMaxAccountsPerPerson) {
      return nullptr;
    }
    AccountPlan account;  // on a system only the previous job needed
    account.system = system;
    account.former = true;
    append_account_id(account.id, org_.systems()[system].code, plan.index);
    account.created = std::min(person.moved - 1, person.hire + static_cast<Day>(rng.between(0, 60)));
    plan.accounts.push_back(std::move(account));
    return &plan.accounts.back();
  };
  std::vector<std::uint32_t> reported;
  for (const std::uint32_t role : previous_roles) {
    const RoleClosure closure = access_.close_roles(std::span(&role, 1));
    const std::string detail = "role " + access_.roles()[role].id + " revoked " + iso_date(person.moved);
    for (const std::uint32_t group : closure.groups) {
      if (contains(plan.expected.groups, group)) {
        continue;
      }
      AccountPlan* account = account_for(access_.groups()[group].system);
      if (account != nullptr && add_unique(account->groups, group) && lingers &&
          plan.adds_unexpected_access(access_, group) && add_unique(reported, group)) {
        plan.truth.push_back({"mover_residue", "identity", plan.id, access_.groups()[group].id, detail});
      }
    }
    for (const std::uint32_t entitlement : closure.entitlements) {
      if (contains(plan.expected.entitlements, entitlement)) {
        continue;
      }
      AccountPlan* account = account_for(access_.entitlements()[entitlement].system);
      if (account != nullptr) {
        account->grants.push_back({entitlement, std::max(account->created, person.hire)});
        if (lingers) {
          plan.truth.push_back({"mover_residue", "identity", plan.id, access_.entitlements()[entitlement].id, detail});
        }
      }
    }
  }
}

void HumanWriter::plan_statuses(Plan& plan, Rng& rng) const {
  const Person& person = *plan.person;
  const bool mover_lingers = std::any_of(plan.truth.begin(), plan.truth.end(),
                                         [](const TruthRow& row) { return row.anomaly == "mover_residue"; });
  switch (person.status) {
    case IdentityStatus::kTerminated: {
      for (auto& account : plan.accounts) {
        account.enabled = false;
      }
      if (rng.chance(2800)) {  // deprovisioning missed this leaver
        if (rng.chance(3000)) {
          for (auto& account : plan.accounts) {
            account.enabled = true;
          }
        } else {
          plan.accounts[rng.below(plan.accounts.size())].enabled = true;
        }
      }
      break;
    }
    case IdentityStatus::kLeave: {
      const bool suspended = rng.chance(6500);
      for (auto& account : plan.accounts) {
        account.enabled = !suspended;
      }
      break;
    }
    case IdentityStatus::kActive:
      for (auto& account : plan.accounts) {
        account.enabled = !account.former || mover_lingers;
      }
      break;
  }

  for (auto& account : plan.accounts) {
    Day used = kNoDay;
    if (person.status == IdentityStatus::kTerminated) {
      used = person.termination - static_cast<Day>(rng.between(0, 10));
      if (account.enabled && rng.chance(2500)) {  // someone still logs in after the exit
        used = static_cast<Day>(rng.between(person.termination, kReferenceDay - 1));
      }
    } else if (person.status == IdentityStatus::kLeave) {
      used = kReferenceDay - static_cast<Day>(rng.between(7, 240));
    } else if (!account.enabled) {
      used = person.moved - static_cast<Day>(rng.between(0, 30));
    } else if (!rng.chance(100)) {  // 1% were never used
      used = kReferenceDay - static_cast<Day>(active_idle_days().draw(rng));
    }
    account.last_used = used == kNoDay ? kNoDay : std::max(used, account.created);
  }
}

void HumanWriter::plant_access_anomalies(Plan& plan, Rng& rng) const {
  const Person& person = *plan.person;
  if (person.status == IdentityStatus::kActive) {
    AccountPlan& directory = plan.accounts.front();
    // A provisioning gap: the site group never arrived.
    const std::uint32_t site = access_.location_group(person.location);
    if (rng.chance(100)) {
      const auto it = std::find(directory.groups.begin(), directory.groups.end(), site);
      if (it != directory.groups.end()) {
        directory.groups.erase(it);
        plan.truth.push_back({"missing_access", "identity", plan.id, access_.groups()[site].id,
                              "expected through " + access_.roles()[access_.location_role(person.location)].id +
                                  ", never provisioned"});
      }
    }
    // Added by hand to another department's team, outside any role.
    if (rng.chance(150)) {
      const DepartmentIndex other = org_.draw_department(rng);
      const auto& teams = access_.team_groups(other);
      if (other != person.department && !teams.empty()) {
        const std::uint32_t team = teams[rng.below(teams.size())];
        if (plan.adds_unexpected_access(access_, team) && add_unique(directory.groups, team)) {
          plan.truth.push_back({"excess_membership", "identity", plan.id, access_.groups()[team].id,
                                "account " + directory.id + " added outside any role"});
        }
      }
    }
    // A sensitive entitlement granted straight to an application account.
    if (rng.chance(60) && plan.accounts.size() > 1) {
      AccountPlan& account = plan.accounts[1 + rng.below(plan.accounts.size() - 1)];
      const auto& pool = access_.application(account.system).standalone_entitlements;
      if (account.enabled && !account.administrative && !pool.empty()) {
        const std::int64_t count = rng.between(1, 2);
        for (std::int64_t k = 0; k < count; ++k) {
          const std::uint32_t entitlement = pool[rng.below(pool.size())];
          if (std::none_of(account.grants.begin(), account.grants.end(),
                           [&](const Grant& g) { return g.entitlement == entitlement; })) {
            account.grants.push_back({entitlement, kReferenceDay - static_cast<Day>(rng.between(1, 200))});
            plan.truth.push_back({"excess_grant", "identity", plan.id, access_.entitlements()[entitlement].id,
                                  "granted directly to " + account.id});
          }
        }
      }
    }
  }
  if (plan.terminated()) {
    return;
  }
  // Some of those who hold one side of a toxic pair are given the other side too: a
  // rate per person, whatever the number of SoD rules.
  std::vector<std::pair<std::size_t, std::int32_t>> sides;  // (account, side)
  for (std::size_t a = 0; a < plan.accounts.size(); ++a) {
    for (const std::uint32_t group : plan.accounts[a].groups) {
      if (access_.sod_side(group) >= 0) {
        sides.emplace_back(a, access_.sod_side(group));
      }
    }
  }
  if (sides.empty() || !rng.chance(200)) {
    return;
  }
  const auto [account, side] = sides[rng.below(sides.size())];
  const SodRule& rule = access_.sod_rules()[static_cast<std::size_t>(side / 2)];
  if (add_unique(plan.accounts[account].groups, side % 2 == 0 ? rule.group_b : rule.group_a)) {
    plan.planted_sod_rules.push_back(static_cast<std::uint32_t>(side / 2));
  }
}

void HumanWriter::record_sod_violations(Plan& plan) const {
  if (plan.terminated()) {
    return;
  }
  std::vector<std::int32_t> sides;
  for (const AccountPlan& account : plan.accounts) {
    if (!account.enabled) {
      continue;
    }
    for (const std::uint32_t group : account.groups) {
      if (access_.sod_side(group) >= 0) {
        add_unique(sides, access_.sod_side(group));
      }
    }
  }
  std::sort(sides.begin(), sides.end());
  for (const std::int32_t side : sides) {
    if (side % 2 != 0 || !contains(sides, side + 1)) {
      continue;
    }
    const auto rule = static_cast<std::uint32_t>(side / 2);
    const SodRule& sod = access_.sod_rules()[rule];
    plan.truth.push_back({contains(plan.planted_sod_rules, rule) ? "sod_violation_planted" : "sod_violation_incidental",
                          "identity", plan.id, sod.id,
                          "holds " + access_.entitlements()[sod.entitlement_a].id + " and " +
                              access_.entitlements()[sod.entitlement_b].id});
  }
}

}  // namespace accessgraph::datasets
