#pragma once
// Point-in-time answers from a state directory (issue 6): what an identity had on a
// date, who held an entitlement during a period, every change of an identity's
// access with the event that made it. The evidence SOC 2 and ISO 27001 access reviews
// ask for.
//
// The timeline is the state's base snapshot (what `state init` loaded) followed by
// every logged HR event in order of effective date, then log order. The state on a
// date D is the base plus the events effective on or before D, evaluated at D.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "accessgraph/engine.hpp"

namespace accessgraph {

// One change of an identity's actual access.
struct AccessChange {
  std::string event_id, effective_date, event_type;
  std::string entitlement_id;
  std::string change;  // "gained" or "lost"
  bool operator==(const AccessChange&) const = default;
};

struct AccessHistory {
  std::string identity;
  std::vector<AccessChange> changes;  // in timeline order, then by entitlement id
};

// A period during which an identity held the entitlement: from `from` (inclusive;
// empty when held since the state was created) to `to` (exclusive: the date it was
// lost; empty when still held).
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
  // Reads DIR/base.bin and DIR/events.log; a damaged log throws Error as on open.
  static StateHistory open(const std::filesystem::path& state_dir, const OpenOptions& options = {});

  StateHistory(StateHistory&&) noexcept;
  ~StateHistory();

  // What the identity had on `date` (NotFoundError when it did not exist yet).
  AccessResult access_at(std::string_view identity, Date date) const;
  // Everyone who held the entitlement at any moment in [from, to], with their periods.
  HoldersBetween who_has_between(std::string_view entitlement, Date from, Date to) const;
  AccessHistory history(std::string_view identity) const;

 private:
  struct Impl;
  explicit StateHistory(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace accessgraph
