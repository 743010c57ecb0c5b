#pragma once
// Writes one person (employee, contractor, partner): identity row, accounts with their
// memberships, grants and usage, role assignments and history, and truth.csv rows.
//
// Accounts are provisioned from the roles the person holds, the way an identity
// governance tool would: one account per system their roles reach (at most four), its
// memberships and grants exactly what those roles grant. Then the data is disturbed on
// purpose and truth.csv says where: leavers keep live accounts, movers keep old
// groups, expired assignments linger, a few grants are added or left out, a few people
// get both sides of an SoD rule.
#include <cstdint>

#include "datasets/generator/writer_base.hpp"

namespace accessgraph::datasets {

class HumanWriter : private WriterBase {
 public:
  using WriterBase::WriterBase;

  // Thread-safe; a function of (seed, index) only. Appends to `out`.
  void write(std::uint32_t index, BundleBuffers& out) const;

 private:
  struct Plan;

  void plan_roles(Plan& plan, Rng& rng) const;
  void plan_accounts(Plan& plan, Rng& rng) const;
  void plan_lingering_roles(Plan& plan) const;
  void plan_mover_residue(Plan& plan, Rng& rng) const;
  void plan_statuses(Plan& plan, Rng& rng) const;
  void plant_access_anomalies(Plan& plan, Rng& rng) const;
  void record_sod_violations(Plan& plan) const;
};

}  // namespace accessgraph::datasets
