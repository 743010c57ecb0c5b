#pragma once
// Rows every kind of identity writer shares: an identities.csv row, one account with
// everything hanging off it (group_members, account_grants, usage rows), and truth.csv
// rows, including those that follow from an account alone.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/generator/access_model.hpp"
#include "datasets/generator/bundle_files.hpp"
#include "datasets/generator/org_model.hpp"
#include "datasets/generator/population.hpp"

namespace accessgraph::datasets {

inline constexpr Day kDormantBefore = kReferenceDay - 90;  // SPEC's default dormant_days

struct Grant {
  std::uint32_t entitlement;
  Day granted;
};

// An account as planned before it is written. It is written privileged when one of
// its groups is administrative.
struct AccountPlan {
  SystemIndex system = kDirectorySystem;
  bool administrative = false;  // the separate "-adm" directory account of an administrator
  bool former = false;          // on a system only a mover's previous job needed
  bool enabled = true;
  Day created = kNoDay;
  Day last_used = kNoDay;
  std::string id;
  std::vector<std::uint32_t> groups;  // direct memberships
  std::vector<Grant> grants;          // direct grants
};

struct TruthRow {
  std::string_view anomaly;
  std::string_view subject_kind;
  std::string subject_id;
  std::string related_id;
  std::string detail;
};

void write_truth(CsvBuffer& out, const TruthRow& row);
std::string iso_date(Day day);

class RowWriter {
 public:
  RowWriter(const OrgModel& org, const Population& people, const AccessModel& access)
      : org_(org), people_(people), access_(access) {}

  void write_identity(std::uint32_t index, std::string_view display_name, CsvBuffer& out) const;

  // Writes the account, its memberships, grants and a few usage rows (their dates
  // drawn from `rng`), and its leaver_with_live_account and dormant_account truth rows
  // (exhaustive: computed at the reference date). `identity` is kNone for an account
  // linked to nobody; `identity_cell` is what its identity_id cell says.
  void write_account(const AccountPlan& account, std::uint32_t identity, std::string_view identity_cell,
                     std::string_view username, Rng& rng, BundleBuffers& out) const;

 private:
  const OrgModel& org_;
  const Population& people_;
  const AccessModel& access_;
};

}  // namespace accessgraph::datasets
