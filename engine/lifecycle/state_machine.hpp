#pragma once
// The joiner-mover-leaver state machine (docs/lifecycle.md): which event an identity
// may receive in which status, and the status it is in afterwards. Anything else is
// refused, and with it the whole batch.
//
//   event      allowed from             to
//   hire       (no such identity)       active
//   transfer   active, leave            unchanged
//   leave      active                   leave
//   return     leave                    active
//   terminate  active, leave            terminated (termination_date = the event's date)
//   rehire     terminated               active (termination_date cleared, hire_date = the event's date)
#include <optional>
#include <string>

#include "core/schema/enums.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

// `status` is nullopt when the identity does not exist (yet).
constexpr bool event_allowed(HrEventType type, std::optional<IdentityStatus> status) {
  if (type == HrEventType::kHire) return !status.has_value();
  if (!status) return false;
  switch (type) {
    case HrEventType::kTransfer: return *status == IdentityStatus::kActive || *status == IdentityStatus::kLeave;
    case HrEventType::kLeave: return *status == IdentityStatus::kActive;
    case HrEventType::kReturn: return *status == IdentityStatus::kLeave;
    case HrEventType::kTerminate: return *status == IdentityStatus::kActive || *status == IdentityStatus::kLeave;
    case HrEventType::kRehire: return *status == IdentityStatus::kTerminated;
    case HrEventType::kReviewRevoke: return true;  // a reviewer may take access from anyone who exists
    case HrEventType::kHire: break;
  }
  return false;
}

// "active, leave": the statuses an event is allowed from, for messages.
inline std::string allowed_statuses(HrEventType type) {
  if (type == HrEventType::kHire) return "no identity of that id";
  std::string out;
  for (IdentityStatus status : {IdentityStatus::kActive, IdentityStatus::kLeave, IdentityStatus::kTerminated})
    if (event_allowed(type, status)) out += (out.empty() ? "" : ", ") + std::string(to_string(status));
  return out;
}

}  // namespace accessgraph
