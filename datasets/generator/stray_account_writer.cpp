#include "datasets/generator/stray_account_writer.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "datasets/generator/weighted_choice.hpp"

namespace accessgraph::datasets {
namespace {

const BucketedCount& stray_idle_days() {
  static const BucketedCount kBuckets{{5000, 0, 30}, {3000, 31, 365}, {2000, 366, 1500}};
  return kBuckets;
}

constexpr std::array<std::string_view, 10> kStrayLogins{
    "administrator", "svc_backup", "testuser", "scanner", "kiosk",
    "training",      "shared.mailbox", "batch", "monitor", "sa"};

}  // namespace

void StrayAccountWriter::write(std::uint32_t index, BundleBuffers& out) const {
  Rng rng = Rng::for_stream(seed_, "person.strays", index);
  const bool unlinked = rng.chance(70);
  const bool orphan = rng.chance(40);
  if (!unlinked && !orphan) {
    return;
  }
  auto draw_system = [&] {
    if (rng.chance(4000)) {
      return kDirectorySystem;
    }
    SystemIndex system = kDirectorySystem;
    while (!org_.systems()[system].has_accounts || system == kDirectorySystem) {
      system = static_cast<SystemIndex>(rng.below(org_.systems().size()));
    }
    return system;
  };
  auto make_stray = [&](SystemIndex system, std::string id) {
    AccountPlan account;
    account.system = system;
    account.id = std::move(id);
    account.created = kReferenceDay - static_cast<Day>(rng.between(100, 4000));
    account.enabled = rng.chance(8000);
    if (!rng.chance(500)) {
      account.last_used = std::max(account.created, kReferenceDay - static_cast<Day>(stray_idle_days().draw(rng)));
    }
    const bool privileged = rng.chance(2500);
    if (system == kDirectorySystem) {
      const DepartmentIndex department = org_.draw_department(rng);
      const auto& teams = access_.team_groups(department);
      if (privileged) {
        account.groups.push_back(access_.directory_admin_group(DirectoryAdmin::kServerOperators));
      } else if (!teams.empty()) {
        account.groups.push_back(teams[rng.below(teams.size())]);
      }
    } else {
      const ApplicationGroups& app = access_.application(system);
      account.groups.push_back(privileged ? app.administrators : app.users);
    }
    return account;
  };

  if (unlinked) {  // shared, test and built-in accounts nobody correlated
    const SystemIndex system = draw_system();
    std::string id = "acct-" + org_.systems()[system].code + "-local-";
    append_number(id, index);
    const AccountPlan account = make_stray(system, std::move(id));
    std::string username(kStrayLogins[rng.below(kStrayLogins.size())]);
    username += std::to_string(index % 100);
    rows_.write_account(account, kNone, "", username, rng, out);
    if (account.enabled) {
      write_truth(out[BundleFile::kTruth], {"orphan_account", "account", account.id, "", "unlinked"});
    }
  }
  if (orphan) {  // still points at an identity HR deleted
    const SystemIndex system = draw_system();
    const std::uint64_t number = orphan_identity_number(people_.size(), index);
    std::string id;
    append_account_id(id, org_.systems()[system].code, number);
    const AccountPlan account = make_stray(system, std::move(id));
    const std::string identity = identity_id(number);
    rows_.write_account(account, kNone, identity, "former" + std::to_string(number), rng, out);
    if (account.enabled) {
      write_truth(out[BundleFile::kTruth], {"orphan_account", "account", account.id, identity, "identity not found"});
    }
  }
}

}  // namespace accessgraph::datasets
