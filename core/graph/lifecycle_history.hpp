#pragma once
// The lifecycle's memory of time, kept with a graph version (docs/lifecycle.md):
//
//   start       the first date of the history (a state directory's init date, a
//               bundle's first apply); nothing before it can be answered or changed
//   clock       the last date processed, absent until the first apply
//   events      every HR event accepted, in arrival order: applied ones and those
//               dated after the clock (pending)
//   origins     for every identity the lifecycle has changed, its rows as they were
//               before the first change (absent for identities it hired)
//
// With these, one identity's state on any date is a replay of its own timeline from
// its origin: events and scheduled changes never touch another identity's rows. That
// is what makes a late event (dated before the clock) take its place in time, the
// outcome independent of how events were batched, and history equal to the present.
#include <memory>
#include <optional>
#include <vector>

#include "core/common/date.hpp"
#include "core/graph/dense_id.hpp"
#include "core/graph/persistent_vector.hpp"
#include "core/graph/records.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

// One account of an identity as it was at the identity's origin.
struct AccountOrigin {
  AccountId account;
  AccountRecord record;
  std::vector<GroupId> groups;       // direct memberships
  std::vector<AccountGrant> grants;  // direct grants
};

struct IdentityOrigin {
  bool existed = true;  // false: hired by the lifecycle (no rows before)
  IdentityRecord record;
  std::vector<AccountId> accounts;  // the identity's accounts, sorted
  std::vector<AccountOrigin> account_rows;
  std::vector<RoleAssignment> assignments;
};

// An accepted event and its place in arrival order (0, 1, 2, ... over the history).
struct LoggedEvent {
  HrEvent event;
  std::uint64_t arrival = 0;
};

struct LifecycleHistory {
  Date start;
  Date clock;  // absent: nothing processed yet (the clock then reads `start`)
  int retention_days = 90;  // of the last batch: replays of the past use it
  // Accepted events by batch, in arrival order; shared between versions.
  std::vector<std::shared_ptr<const std::vector<LoggedEvent>>> batches;
  std::uint64_t event_count = 0;
  // By identity id; null for identities the lifecycle never changed.
  PersistentVector<std::shared_ptr<const IdentityOrigin>> origins;

  // The date the state reads as: the last processed date, else the start.
  Date current_clock() const { return clock.present() ? clock : start; }
  const IdentityOrigin* origin(IdentityId identity) const {
    return identity.value < origins.size() ? origins[identity.value].get() : nullptr;
  }
  template <class Visit>  // visit(const LoggedEvent&) in arrival order
  void for_each_event(Visit visit) const {
    for (const auto& batch : batches)
      for (const LoggedEvent& logged : *batch) visit(logged);
  }
};

}  // namespace accessgraph
