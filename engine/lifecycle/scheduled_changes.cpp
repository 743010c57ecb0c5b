#include "engine/lifecycle/scheduled_changes.hpp"

#include <algorithm>

namespace accessgraph {

bool has_enabled_account(const Graph& graph, IdentityId identity) {
  for (AccountId account : graph.identity_accounts[identity])
    if (graph.accounts[account.value].enabled()) return true;
  return false;
}

bool has_live_account(const Graph& graph, IdentityId identity) {
  for (AccountId account : graph.identity_accounts[identity])
    if (!graph.accounts[account.value].deleted) return true;
  return false;
}

std::optional<Date> next_due_date(const Graph& graph, IdentityId identity, Date from, const Schedule& schedule) {
  std::optional<Date> next;
  auto consider = [&](Date due) {
    const Date at = std::max(due, from);
    if (!next || at < *next) next = at;
  };
  for (const RoleAssignment& assignment : graph.identity_assignments[identity]) {
    if (assignment.granted_at.present() && assignment.granted_at > schedule.start && assignment.granted_at >= from)
      consider(assignment.granted_at);
    if (assignment.expires_at.present()) consider(assignment.expires_at);
  }
  const IdentityRecord& record = graph.identities[identity.value];
  if (record.status != IdentityStatus::kTerminated) {
    if (record.termination_date.present()) consider(record.termination_date);
  } else {
    if (has_enabled_account(graph, identity)) consider(from);
    if (record.termination_date.present() && has_live_account(graph, identity))
      consider(record.termination_date.plus_days(schedule.retention_days));
  }
  return next;
}

void DueIndex::add_entries(const Graph& graph, IdentityId identity, const Schedule& schedule, bool first_run,
                           std::vector<Entry>& out) {
  auto add = [&](Date due) { out.emplace_back(due.days(), identity.value); };
  for (const RoleAssignment& assignment : graph.identity_assignments[identity]) {
    if (assignment.granted_at.present() && assignment.granted_at > schedule.start) add(assignment.granted_at);
    if (assignment.expires_at.present()) add(assignment.expires_at);
  }
  const IdentityRecord& record = graph.identities[identity.value];
  if (record.status != IdentityStatus::kTerminated) {
    if (record.termination_date.present()) add(record.termination_date);
  } else {
    // Drift can only be found in loaded data: every run leaves no terminated identity
    // with an enabled account.
    if (first_run && has_enabled_account(graph, identity)) add(schedule.start);
    if (record.termination_date.present() && has_live_account(graph, identity))
      add(record.termination_date.plus_days(schedule.retention_days));
  }
}

std::shared_ptr<const DueIndex> DueIndex::build(const Graph& graph, const Schedule& schedule, bool first_run) {
  std::vector<Entry> entries;
  for (std::uint32_t i = 0; i < graph.identity_count(); ++i)
    add_entries(graph, IdentityId(i), schedule, first_run, entries);
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  auto index = std::make_shared<DueIndex>();
  index->base_ = std::make_shared<const std::vector<Entry>>(std::move(entries));
  index->retention_days_ = schedule.retention_days;
  return index;
}

std::vector<IdentityId> DueIndex::due_between(Date from, Date to) const {
  std::vector<std::uint32_t> found;
  auto collect = [&](const std::vector<Entry>& entries) {
    auto begin = std::lower_bound(entries.begin(), entries.end(), Entry{from.days(), 0});
    for (auto it = begin; it != entries.end() && it->first <= to.days(); ++it) found.push_back(it->second);
  };
  if (base_) collect(*base_);
  collect(recent_);
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<IdentityId> identities;
  identities.reserve(found.size());
  for (std::uint32_t value : found) identities.emplace_back(value);
  return identities;
}

std::shared_ptr<const DueIndex> DueIndex::updated(const Graph& graph, const std::vector<IdentityId>& changed,
                                                  const Schedule& schedule) const {
  auto index = std::make_shared<DueIndex>(*this);
  for (IdentityId identity : changed) add_entries(graph, identity, schedule, false, index->recent_);
  std::sort(index->recent_.begin(), index->recent_.end());
  index->recent_.erase(std::unique(index->recent_.begin(), index->recent_.end()), index->recent_.end());
  // Keep the copied part small: fold it into the shared base once it is a sizeable share.
  const std::size_t base_size = index->base_ ? index->base_->size() : 0;
  if (index->recent_.size() > 4096 && index->recent_.size() * 16 > base_size) {
    std::vector<Entry> merged;
    merged.reserve(base_size + index->recent_.size());
    if (index->base_) merged = *index->base_;
    merged.insert(merged.end(), index->recent_.begin(), index->recent_.end());
    std::sort(merged.begin(), merged.end());
    merged.erase(std::unique(merged.begin(), merged.end()), merged.end());
    index->base_ = std::make_shared<const std::vector<Entry>>(std::move(merged));
    index->recent_.clear();
  }
  return index;
}

}  // namespace accessgraph
