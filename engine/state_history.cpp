// StateHistory: replays the base snapshot and the logged events one at a time, in
// timeline order, and watches what each event changes. An event changes the access
// of its own identity only (engine/lifecycle), so each step compares that identity
// before and after.
#include "accessgraph/history.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>

#include "core/common/error.hpp"
#include "engine/version/version_state.hpp"
#include "engine/store/event_log.hpp"
#include "engine/store/snapshot.hpp"
#include "engine/store/state_directory.hpp"
#include "core/io/hr_events_csv.hpp"
#include "loaders/events_loader.hpp"

namespace accessgraph {
namespace {

struct TimelineEvent {
  HrEvent event;
  Date applied_as_of;  // the date its batch was applied with: lifecycle decisions depend on it
  std::size_t record = 0;
};

bool exists(const Engine& engine, std::string_view identity) {
  return state_of(engine).graph.identity_ids.find(identity).has_value();
}

std::set<std::string> entitlements_of(const Engine& engine, std::string_view identity) {
  std::set<std::string> ids;
  try {
    for (const AccessEntry& entry : engine.access(identity).entitlements) ids.insert(entry.entitlement_id);
  } catch (const NotFoundError&) {
    // Not hired yet: holds nothing.
  }
  return ids;
}

bool holds(const Engine& engine, std::string_view identity, std::string_view entitlement) {
  try {
    return engine.check(identity, entitlement).has;
  } catch (const NotFoundError&) {
    return false;
  }
}

}  // namespace

struct StateHistory::Impl {
  Engine base;
  std::vector<TimelineEvent> timeline;  // by effective date, then log order
  std::filesystem::path log;

  // Applies the events effective on or before `until` (all when nullopt), calling
  // visit(before, after, event) after each.
  template <class Visit>
  Engine replay(std::optional<Date> until, Visit visit) const {
    Engine engine = base;
    for (const TimelineEvent& step : timeline) {
      if (until && step.event.effective_date > *until) break;
      Engine before = engine.evaluated_at(step.applied_as_of);
      LifecycleOptions options;
      options.archive = false;  // archiving deletes only disabled accounts: no access changes
      Engine after = [&] {
        try {
          return before.apply_events_csv(format_hr_events({step.event}), options, log.filename().string()).after;
        } catch (const std::exception& error) {
          throw StateError("event " + step.event.event_id + " (record " + std::to_string(step.record) + " of " +
                      log.string() + ") does not apply in effective-date order: " + error.what());
        }
      }();
      visit(before, after, step);
      engine = std::move(after);
    }
    return engine;
  }
};

StateHistory::StateHistory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateHistory::StateHistory(StateHistory&&) noexcept = default;
StateHistory::~StateHistory() = default;

StateHistory StateHistory::open(const std::filesystem::path& state_dir, const OpenOptions& options) {
  const StatePaths paths(state_dir);
  paths.require_state();
  Snapshot base = read_snapshot(paths.base());
  const EventLogContents log = read_event_log(paths.log());
  std::vector<TimelineEvent> timeline;
  for (std::size_t i = 0; i < log.records.size(); ++i) {
    const LoggedBatch batch = decode_batch(log.records[i], paths.log(), i + 1);
    auto events = loaders::parse_events(batch.events_csv, "record " + std::to_string(i + 1) + " of events.log");
    sort_for_application(events);
    for (auto& event : events) timeline.push_back({std::move(event), batch.as_of, i + 1});
  }
  std::stable_sort(timeline.begin(), timeline.end(), [](const TimelineEvent& a, const TimelineEvent& b) {
    return a.event.effective_date < b.event.effective_date;
  });
  OpenOptions first = options;
  if (!timeline.empty()) first.as_of = timeline.front().applied_as_of;
  auto impl = std::make_unique<Impl>(Impl{engine_from_graph(std::move(base.graph), first), std::move(timeline),
                                          paths.log()});
  return StateHistory(std::move(impl));
}

AccessResult StateHistory::access_at(std::string_view identity, Date date) const {
  return impl_->replay(date, [](const Engine&, const Engine&, const TimelineEvent&) {})
      .evaluated_at(date)
      .access(identity);
}

HoldersBetween StateHistory::who_has_between(std::string_view entitlement, Date from, Date to) const {
  std::map<std::string, std::string> held_since;  // identity -> from ("" = since the base)
  for (const Holder& holder : impl_->base.who_has(entitlement).identities) held_since[holder.identity_id] = "";
  std::vector<HoldingPeriod> periods;
  impl_->replay(to, [&](const Engine& before, const Engine& after, const TimelineEvent& step) {
    const std::string& identity = step.event.identity_id;
    const bool had = holds(before, identity, entitlement), has = holds(after, identity, entitlement);
    const std::string date = step.event.effective_date.to_string();
    if (!had && has) held_since[identity] = date;
    if (had && !has) {
      periods.push_back({identity, held_since[identity], date});
      held_since.erase(identity);
    }
  });
  for (const auto& [identity, since] : held_since) periods.push_back({identity, since, ""});

  HoldersBetween result{std::string(entitlement), from.to_string(), to.to_string(), {}};
  for (HoldingPeriod& period : periods) {
    // [period.from, period.to) meets [from, to]; ISO dates compare as strings.
    const bool starts_in_time = period.from.empty() || period.from <= result.to;
    const bool ends_in_time = period.to.empty() || period.to > result.from;
    if (starts_in_time && ends_in_time) result.holders.push_back(std::move(period));
  }
  std::sort(result.holders.begin(), result.holders.end(), [](const HoldingPeriod& a, const HoldingPeriod& b) {
    return std::tie(a.identity_id, a.from) < std::tie(b.identity_id, b.from);
  });
  return result;
}

AccessHistory StateHistory::history(std::string_view identity) const {
  AccessHistory result{std::string(identity), {}};
  bool seen = exists(impl_->base, identity);
  impl_->replay(std::nullopt, [&](const Engine& before, const Engine& after, const TimelineEvent& step) {
    if (step.event.identity_id != identity) return;
    seen = true;
    const auto had = entitlements_of(before, identity), has = entitlements_of(after, identity);
    auto record = [&](const std::string& entitlement, const char* change) {
      result.changes.push_back({step.event.event_id, step.event.effective_date.to_string(),
                                std::string(hr_event_type_name(step.event.type)), entitlement, change});
    };
    // Both sets are sorted: one merge gives the changes by entitlement id.
    auto a = had.begin(), b = has.begin();
    while (a != had.end() || b != has.end()) {
      if (b == has.end() || (a != had.end() && *a < *b)) record(*a++, "lost");
      else if (a == had.end() || *b < *a) record(*b++, "gained");
      else ++a, ++b;
    }
  });
  if (!seen) throw NotFoundError("identity", std::string(identity));
  return result;
}

}  // namespace accessgraph
