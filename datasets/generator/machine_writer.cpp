#include "datasets/generator/machine_writer.hpp"

#include <algorithm>
#include <array>
#include <span>
#include <string>
#include <vector>

#include "datasets/generator/names.hpp"
#include "datasets/generator/weighted_choice.hpp"

namespace accessgraph::datasets {
namespace {

// Days since a machine identity's account was last used: services run all the time,
// keys are forgotten.
const BucketedCount& machine_idle_days(IdentityKind kind) {
  static const BucketedCount kRunning{{8500, 0, 2}, {1000, 3, 89}, {500, 90, 700}};
  static const BucketedCount kKeys{{6000, 0, 30}, {2500, 31, 89}, {1500, 90, 700}};
  return kind == IdentityKind::kApiKey ? kKeys : kRunning;
}

}  // namespace

void MachineWriter::write(std::uint32_t index, BundleBuffers& out) const {
  const Person& person = people_[index];
  Rng rng = Rng::for_stream(seed_, "person.machine", index);
  static constexpr std::array<std::string_view, 8> kServiceHomes{"aws", "pg", "sap", "snowf", "azure", "gcp", "ora", "mf"};
  static constexpr std::array<std::string_view, 5> kBotHomes{"jira", "gh", "snow", "sfdc", "dir"};
  static constexpr std::array<std::string_view, 5> kKeyHomes{"aws", "gcp", "azure", "sfdc", "gh"};
  using Homes = std::span<const std::string_view>;
  const Homes homes = person.kind == IdentityKind::kService ? Homes(kServiceHomes)
                      : person.kind == IdentityKind::kBot   ? Homes(kBotHomes)
                                                            : Homes(kKeyHomes);
  const SystemIndex home = org_.system_index(homes[rng.below(homes.size())]);
  std::vector<SystemIndex> systems;
  if (person.kind == IdentityKind::kService && home != kDirectorySystem && rng.chance(6000)) {
    systems.push_back(kDirectorySystem);  // a domain service account besides the application one
  }
  systems.push_back(home);

  const System& home_system = org_.systems()[home];
  rows_.write_identity(index, non_human_name(person.kind, home_system.code, home_system.name, index),
                     out[BundleFile::kIdentities]);

  const std::string id = identity_id(index);
  const bool terminated = person.status == IdentityStatus::kTerminated;
  const bool live_after_decommission = terminated && rng.chance(2000);
  for (const SystemIndex system : systems) {
    AccountPlan account;
    account.system = system;
    append_account_id(account.id, org_.systems()[system].code, index);
    account.created = kReferenceDay - static_cast<Day>(rng.between(60, 3000));
    if (terminated) {
      account.created = std::min(account.created, person.termination - 1);
    }
    account.enabled = !terminated || live_after_decommission;
    const Day used = terminated && !account.enabled ? person.termination - static_cast<Day>(rng.between(0, 30))
                                                    : kReferenceDay - static_cast<Day>(machine_idle_days(person.kind).draw(rng));
    account.last_used = std::max(used, account.created);
    const bool privileged = rng.chance(2000);
    if (system == kDirectorySystem) {
      if (privileged) {
        account.groups.push_back(access_.directory_admin_group(DirectoryAdmin::kBackupOperators));
      }
    } else {
      const ApplicationGroups& app = access_.application(system);
      account.groups.push_back(privileged ? app.administrators : app.service_accounts);
      const std::int64_t count = rng.between(0, 3);
      for (std::int64_t k = 0; k < count; ++k) {
        const std::uint32_t entitlement = app.standalone_entitlements[rng.below(app.standalone_entitlements.size())];
        if (std::none_of(account.grants.begin(), account.grants.end(), [&](const Grant& g) { return g.entitlement == entitlement; })) {
          account.grants.push_back({entitlement, account.created});
        }
      }
    }
    std::string username = "svc_" + home_system.code;
    append_number(username, index, 6);
    rows_.write_account(account, index, id, username, rng, out);
  }

  if (terminated) {
    return;
  }
  if (person.owner == kNone) {
    write_truth(out[BundleFile::kTruth], {"nhi_no_owner", "identity", id, "", ""});
  } else if (people_[person.owner].status == IdentityStatus::kTerminated) {
    write_truth(out[BundleFile::kTruth], {"nhi_owner_terminated", "identity", id, identity_id(person.owner),
                                          "owner terminated " + iso_date(people_[person.owner].termination)});
  }
}

}  // namespace accessgraph::datasets
