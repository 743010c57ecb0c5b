#include "datasets/generator/row_writer.hpp"

#include <algorithm>

#include "datasets/generator/small_sets.hpp"

namespace accessgraph::datasets {

void write_truth(CsvBuffer& out, const TruthRow& row) {
  out.field(row.anomaly).field(row.subject_kind).field(row.subject_id).field(row.related_id).field(row.detail);
  out.end_row();
}

std::string iso_date(Day day) {
  std::string text;
  append_iso_date(text, day);
  return text;
}

void RowWriter::write_identity(std::uint32_t index, std::string_view display_name, CsvBuffer& out) const {
  const Person& person = people_[index];
  append_identity_id(out.raw_field(), index);
  out.field(display_name).field(to_string(person.kind)).field(to_string(person.status));
  if (person.department != kNoIndex16) {
    out.field(org_.departments()[person.department].name).field(org_.titles()[person.title]);
    out.field(org_.locations()[person.location].name);
  } else {
    out.empty().empty().empty();
  }
  if (person.manager != kNone) {
    append_identity_id(out.raw_field(), person.manager);
  } else {
    out.empty();
  }
  if (person.owner != kNone) {
    append_identity_id(out.raw_field(), person.owner);
  } else {
    out.empty();
  }
  out.date(person.hire).date(person.termination);
  out.end_row();
}

void RowWriter::write_account(const AccountPlan& account, std::uint32_t identity, std::string_view identity_cell,
                              std::string_view username, Rng& rng, BundleBuffers& out) const {
  const bool privileged = std::any_of(account.groups.begin(), account.groups.end(),
                                      [&](std::uint32_t g) { return access_.groups()[g].administrative; });
  CsvBuffer& accounts = out[BundleFile::kAccounts];
  accounts.field(account.id).field(org_.systems()[account.system].code).field(identity_cell).field(username);
  accounts.field(to_string(account.enabled ? AccountStatus::kEnabled : AccountStatus::kDisabled));
  accounts.date(account.created).date(account.last_used).flag(privileged);
  accounts.end_row();

  CsvBuffer& members = out[BundleFile::kGroupMembers];
  for (const std::uint32_t group : account.groups) {
    members.field(access_.groups()[group].id).field(to_string(MemberKind::kAccount)).field(account.id);
    members.end_row();
  }
  CsvBuffer& grants = out[BundleFile::kAccountGrants];
  for (const Grant& grant : account.grants) {
    grants.field(account.id).field(access_.entitlements()[grant.entitlement].id);
    grants.datetime(grant.granted, static_cast<std::uint32_t>(rng.below(86'400)));
    grants.end_row();
  }

  // Usage of a few of the entitlements the account reaches directly.
  if (account.last_used != kNoDay) {
    std::vector<std::uint32_t> candidates;
    for (const Grant& grant : account.grants) {
      add_unique(candidates, grant.entitlement);
    }
    for (const std::uint32_t group : account.groups) {
      const auto& granted = access_.groups()[group].grants;
      for (std::size_t k = 0; k < std::min<std::size_t>(3, granted.size()); ++k) {
        add_unique(candidates, granted[k]);
      }
    }
    const auto wanted = std::min<std::size_t>(candidates.size(), static_cast<std::size_t>(rng.between(1, 5)));
    CsvBuffer& usage = out[BundleFile::kUsage];
    for (std::size_t k = 0; k < wanted; ++k) {
      std::swap(candidates[k], candidates[k + rng.below(candidates.size() - k)]);
      const Day idle = rng.chance(1000) ? static_cast<Day>(rng.between(90, 400)) : static_cast<Day>(rng.between(0, 30));
      usage.field(account.id).field(access_.entitlements()[candidates[k]].id);
      usage.datetime(std::max(account.created, account.last_used - idle), static_cast<std::uint32_t>(rng.below(86'400)));
      usage.end_row();
    }
  }

  // Exhaustive truth: these follow from the account row alone (SPEC section 3 at the
  // reference date with the default 90 dormant days).
  if (!account.enabled) {
    return;
  }
  CsvBuffer& truth = out[BundleFile::kTruth];
  if (identity != kNone && people_[identity].status == IdentityStatus::kTerminated) {
    write_truth(truth, {"leaver_with_live_account", "account", account.id, std::string(identity_cell),
                        "terminated " + iso_date(people_[identity].termination)});
  }
  const bool dormant = account.last_used != kNoDay ? account.last_used < kDormantBefore
                                                   : account.created != kNoDay && account.created < kDormantBefore;
  if (dormant) {
    write_truth(truth, {"dormant_account", "account", account.id, std::string(identity_cell),
                        account.last_used != kNoDay ? "last used " + iso_date(account.last_used)
                                                    : "never used, created " + iso_date(account.created)});
  }
}

}  // namespace accessgraph::datasets
