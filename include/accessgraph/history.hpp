#pragma once
// Point-in-time answers from a state directory: what an identity had on a date, who
// held an entitlement during a period, every change of an identity's access with the
// event or scheduled change that made it. The evidence SOC 2 and ISO 27001 access
// reviews ask for.
//
// The history is the lifecycle's timeline (docs/lifecycle.md): from the state's first
// date (state init) on, every event in its place in time and every scheduled change
// on its date. The answer for a date D is that timeline run up to D and evaluated at
// D; for the clock's date it is the current state. Dates before the first are refused
// (ArgumentError naming the first date). Access present at the start is dated from
// its granted_at where the bundle gave one, else reported as held since before the
// history began (an empty `from`).
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accessgraph/engine.hpp"

namespace accessgraph {

// One change of an identity's actual access, and what made it.
struct AccessChange {
  std::string event_id;        // the HR event; empty for a scheduled change
  std::string effective_date;  // when the change took effect
  std::string event_type;      // hire, transfer, ... or the scheduled change: assignment_expired, end_of_term, ...
  std::string entitlement_id;
  std::string change;  // "gained" or "lost"
  std::string cause;   // the event id, or the scheduled change and what it names (assignment_expired:ROLE)
  bool operator==(const AccessChange&) const = default;
};

struct AccessHistory {
  std::string identity;
  std::vector<AccessChange> changes;  // in timeline order, then by entitlement id
};

// A period during which an identity held the entitlement: from `from` (inclusive;
// empty when held since before the history began) to `to` (exclusive: the date it
// was lost; empty when still held).
struct HoldingPeriod {
  std::string identity_id, from, to;
  bool operator==(const HoldingPeriod&) const = default;
};

struct HoldersBetween {
  std::string entitlement, from, to;
  std::vector<HoldingPeriod> holders;  // by identity id, then from
};

class StateHistory {
 public:
  // Opens the state directory (as VersionedEngine::open_state does).
  static StateHistory open(const std::filesystem::path& state_dir, const OpenOptions& options = {});
  // The history a version carries (a bundle applied to, a state directory opened).
  explicit StateHistory(Engine current);

  StateHistory(StateHistory&&) noexcept;
  ~StateHistory();

  // The first date the history answers for.
  Date first_date() const;
  // What the identity had on `date` (NotFoundError when it did not exist yet).
  AccessResult access_at(std::string_view identity, Date date) const;
  // Everyone who held the entitlement at any moment in [from, to], with their periods;
  // ArgumentError when from > to.
  HoldersBetween who_has_between(std::string_view entitlement, Date from, Date to) const;
  AccessHistory history(std::string_view identity) const;

 private:
  struct Impl;
  explicit StateHistory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accessgraph
