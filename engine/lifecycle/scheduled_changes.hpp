#pragma once
// The changes the data itself schedules (docs/lifecycle.md), each due on a date:
//
//   assignment_started   a role assignment's granted_at, when after the history's start
//   assignment_expired   a role assignment's expires_at
//   end_of_term          termination_date of an identity not yet terminated
//   leaver_drift         at once: a terminated identity with an enabled account
//   retention_elapsed    termination_date + retention days, for a terminated identity
//                        that still has accounts
//
// On one date they run after the day's events, in this order. Whether a change is due
// is read off the identity's rows, so it is never due twice: running it changes the
// rows that made it due. DueIndex finds the identities with something due in a range
// of dates without scanning every identity.
#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/graph/graph.hpp"

namespace accessgraph {

enum class ScheduledKind : std::uint8_t {
  kAssignmentStarted, kAssignmentExpired, kEndOfTerm, kLeaverDrift, kRetentionElapsed
};
inline constexpr std::array<std::string_view, 5> kScheduledKindNames = {
    "assignment_started", "assignment_expired", "end_of_term", "leaver_drift", "retention_elapsed"};
constexpr std::string_view scheduled_kind_name(ScheduledKind kind) {
  return kScheduledKindNames[static_cast<std::size_t>(kind)];
}

// How the timeline reads due dates.
struct Schedule {
  Date start;               // assignments granted on or before it are not "started" by the timeline
  int retention_days = 90;  // retention_elapsed = termination_date + this
};

// The earliest date, not before `from`, on which a change of the identity falls due;
// nullopt when none ever will with its rows as they are. A change already overdue is
// due on `from`.
std::optional<Date> next_due_date(const Graph& graph, IdentityId identity, Date from, const Schedule& schedule);

// Whether the identity has an enabled (and not deleted) account.
bool has_enabled_account(const Graph& graph, IdentityId identity);
// Whether the identity has an account not yet deleted.
bool has_live_account(const Graph& graph, IdentityId identity);

// Identities with something due: a sorted list of (date, identity) built from the rows
// once, plus the identities changed since, whose entries are added as they change. An
// entry may be stale (its change already ran or no longer applies): callers check
// what is really due from the rows.
class DueIndex {
 public:
  static std::shared_ptr<const DueIndex> build(const Graph& graph, const Schedule& schedule, bool first_run);
  // The retention the dates were computed with: another one needs another index.
  int retention_days() const { return retention_days_; }

  // Identities with an entry dated in [from, to], sorted, unique.
  std::vector<IdentityId> due_between(Date from, Date to) const;
  // The same index with the entries of `changed` identities added (their rows now).
  std::shared_ptr<const DueIndex> updated(const Graph& graph, const std::vector<IdentityId>& changed,
                                          const Schedule& schedule) const;

 private:
  using Entry = std::pair<std::int32_t, std::uint32_t>;  // days since epoch, identity
  static void add_entries(const Graph& graph, IdentityId identity, const Schedule& schedule, bool first_run,
                          std::vector<Entry>& out);
  std::shared_ptr<const std::vector<Entry>> base_;
  std::vector<Entry> recent_;  // sorted; merged into base_ when it grows
  int retention_days_ = 0;
};

}  // namespace accessgraph
