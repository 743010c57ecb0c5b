#pragma once
// The one place a lifecycle change is written down: every provisioning action becomes
// a plan row and its audit row, every attribute change an audit row, each stamped with
// the change it belongs to (an event or a scheduled change), when it takes effect and
// why. Rows of a change are numbered from 1 in execution order.
//
// Changes are recorded per identity while identities are processed in any order;
// rows() returns them in execution order: by date, events before scheduled changes,
// events by arrival, scheduled changes by kind (their table order) and identity.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "accessgraph/lifecycle.hpp"
#include "core/common/date.hpp"

namespace accessgraph {

// What a change is: its cause, when it takes effect, and where it goes in execution order.
struct ChangeCause {
  std::string event_id;       // empty for a scheduled change
  Date effective_date;        // the event's own date; the due date of a scheduled change
  Date date;                  // when it takes effect
  std::string cause;          // event id, or "assignment_expired:ROLE", "end_of_term", ...
  std::uint8_t phase = 0;     // 0 event, 1.. scheduled change kinds in table order
  std::uint64_t order = 0;    // events: arrival number; scheduled changes: identity id
};

class ChangeRecorder {
 public:
  // Starts a change; the rows that follow belong to it.
  void begin(ChangeCause cause);
  // A provisioning action: a plan row and the audit row that describes it.
  void act(LifecycleAction action, std::string_view identity_id, std::string_view account_id,
           std::string_view target_id, std::string_view subject_kind, std::string_view subject_id,
           std::string_view field, std::string before, std::string after);
  // A change of an identity's own fields: an audit row only (seq 0).
  void note(LifecycleAction action, std::string_view identity_id, std::string_view field, std::string before,
            std::string after);
  void archive(ArchivedAccount account) { archived_.push_back(std::move(account)); }

  // Drops everything recorded (a replay whose actions are replaced by a diff).
  void clear();
  bool empty() const { return changes_.empty(); }
  // Appends another recorder's changes (identities processed apart).
  void absorb(ChangeRecorder&& other);

  // Rows of every change in execution order.
  void finish(std::vector<PlanAction>& plan, std::vector<AuditEntry>& audit,
              std::vector<ArchivedAccount>& archived);

 private:
  struct Change {
    ChangeCause cause;
    std::vector<PlanAction> plan;
    std::vector<AuditEntry> audit;
  };
  Change& current();
  std::vector<Change> changes_;
  std::vector<ArchivedAccount> archived_;
};

}  // namespace accessgraph
