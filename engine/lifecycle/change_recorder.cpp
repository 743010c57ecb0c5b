#include "engine/lifecycle/change_recorder.hpp"

#include <algorithm>
#include <cassert>
#include <tuple>

namespace accessgraph {

void ChangeRecorder::begin(ChangeCause cause) { changes_.push_back({std::move(cause), {}, {}}); }

ChangeRecorder::Change& ChangeRecorder::current() {
  assert(!changes_.empty() && "begin() a change before recording its rows");
  return changes_.back();
}

void ChangeRecorder::act(LifecycleAction action, std::string_view identity_id, std::string_view account_id,
                         std::string_view target_id, std::string_view subject_kind, std::string_view subject_id,
                         std::string_view field, std::string before, std::string after) {
  Change& change = current();
  const auto seq = static_cast<std::uint32_t>(change.plan.size() + 1);
  const std::string date = change.cause.date.to_string();
  change.plan.push_back({change.cause.event_id, seq, action, std::string(identity_id), std::string(account_id),
                         std::string(target_id), date, change.cause.cause});
  change.audit.push_back({change.cause.event_id, change.cause.effective_date.to_string(), seq, action,
                          std::string(subject_kind), std::string(subject_id), std::string(field), std::move(before),
                          std::move(after), date, change.cause.cause});
}

void ChangeRecorder::note(LifecycleAction action, std::string_view identity_id, std::string_view field,
                          std::string before, std::string after) {
  Change& change = current();
  change.audit.push_back({change.cause.event_id, change.cause.effective_date.to_string(), 0, action, "identity",
                          std::string(identity_id), std::string(field), std::move(before), std::move(after),
                          change.cause.date.to_string(), change.cause.cause});
}

void ChangeRecorder::clear() {
  changes_.clear();
  archived_.clear();
}

void ChangeRecorder::absorb(ChangeRecorder&& other) {
  for (Change& change : other.changes_) changes_.push_back(std::move(change));
  for (ArchivedAccount& account : other.archived_) archived_.push_back(std::move(account));
  other.clear();
}

void ChangeRecorder::finish(std::vector<PlanAction>& plan, std::vector<AuditEntry>& audit,
                            std::vector<ArchivedAccount>& archived) {
  // A change with no rows changed nothing; the others in execution order. Stable: the
  // changes of one identity at one date and phase keep the order they happened in.
  std::erase_if(changes_, [](const Change& c) { return c.plan.empty() && c.audit.empty(); });
  std::stable_sort(changes_.begin(), changes_.end(), [](const Change& a, const Change& b) {
    return std::tie(a.cause.date, a.cause.phase, a.cause.order) < std::tie(b.cause.date, b.cause.phase, b.cause.order);
  });
  for (Change& change : changes_) {
    for (PlanAction& row : change.plan) plan.push_back(std::move(row));
    for (AuditEntry& row : change.audit) audit.push_back(std::move(row));
  }
  std::stable_sort(archived_.begin(), archived_.end(), [](const ArchivedAccount& a, const ArchivedAccount& b) {
    return std::tie(a.deleted_on, a.account_id) < std::tie(b.deleted_on, b.account_id);
  });
  for (ArchivedAccount& account : archived_) archived.push_back(std::move(account));
  clear();
}

}  // namespace accessgraph
