#include "engine/lifecycle/timeline.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <optional>
#include <set>

#include "core/common/error.hpp"
#include "core/schema/bundle_schema.hpp"
#include "engine/lifecycle/identity_provisioner.hpp"
#include "engine/lifecycle/state_machine.hpp"

namespace accessgraph {
namespace {

constexpr Date kEarliest = Date::from_days(std::numeric_limits<std::int32_t>::min() + 1);

bool same_content(const HrEvent& a, const HrEvent& b) {
  const bool same_review = a.review && b.review ? *a.review == *b.review : a.review == b.review;
  return a.event_id == b.event_id && a.effective_date == b.effective_date && a.type == b.type &&
         a.identity_id == b.identity_id && a.attributes == b.attributes && same_review;
}

// An event's place in time: its date, or the history's start for one dated before it.
Date position(const HrEvent& event, Date start) { return std::max(event.effective_date, start); }

// The identity an event or scheduled change is about, as it moves through time: it may
// not be hired yet (replays before a hire, events before it).
struct Subject {
  std::string name;
  IdentityId id;
  bool born = false;
};

// Runs one identity's events and scheduled changes over a range of dates.
class IdentityTimeline {
 public:
  IdentityTimeline(Graph& graph, IdentityProvisioner& provisioner, const Schedule& schedule,
                   const TimelineOptions& options, std::uint64_t first_new_arrival)
      : graph_(graph), provisioner_(provisioner), schedule_(schedule), options_(options),
        first_new_arrival_(first_new_arrival) {}

  void set_observer(std::function<void(const ChangeCause&, const Subject&)> observer) {
    observer_ = std::move(observer);
  }

  // `events` are the subject's events sorted by (position, arrival), all positioned in
  // [from, to]; dates before `from` have been processed.
  void advance(Subject& subject, const std::vector<const LoggedEvent*>& events, Date from, Date to) {
    std::size_t next_event = 0;
    Date first_unprocessed = from;
    while (true) {
      std::optional<Date> when;
      if (next_event < events.size()) when = position(events[next_event]->event, schedule_.start);
      if (subject.born)
        if (auto due = next_due_date(graph_, subject.id, first_unprocessed, schedule_); due && (!when || *due < *when))
          when = due;
      if (!when || *when > to) return;
      const Date today = *when;
      while (next_event < events.size() && position(events[next_event]->event, schedule_.start) == today)
        apply_event(subject, *events[next_event++], today);
      if (subject.born) run_scheduled(subject, first_unprocessed, today);
      first_unprocessed = today.plus_days(1);
    }
  }

 private:
  void begin(ChangeCause cause) {
    provisioner_.recorder().begin(cause);
    current_ = std::move(cause);
  }
  void observe(const Subject& subject) {
    if (observer_) observer_(current_, subject);
  }

  [[noreturn]] void refuse(const LoggedEvent& logged, const std::string& column, const std::string& value,
                           const std::string& reason) const {
    const HrEvent& event = logged.event;
    const bool in_this_batch = logged.arrival >= first_new_arrival_;
    throw InputError(in_this_batch ? options_.label : "events accepted earlier", in_this_batch ? event.line : 0, column,
                     value, "event \"" + event.event_id + "\": " + reason);
  }

  void apply_event(Subject& subject, const LoggedEvent& logged, Date today) {
    const HrEvent& event = logged.event;
    begin({event.event_id, event.effective_date, today, event.event_id, 0, logged.arrival});
    const std::optional<IdentityStatus> status =
        subject.born ? std::optional(graph_.identities[subject.id.value].status) : std::nullopt;
    const std::string type(hr_event_type_name(event.type));
    if (!event_allowed(event.type, status)) {
      if (event.type == HrEventType::kHire)
        refuse(logged, "type", type,
               "hire of identity \"" + subject.name + "\", which already exists (status " +
                   std::string(to_string(*status)) + ")");
      if (!status) refuse(logged, "identity_id", subject.name, type + " of an identity that does not exist then");
      refuse(logged, "type", type,
             type + " of identity \"" + subject.name + "\" whose status is " + std::string(to_string(*status)) +
                 "; allowed from " + allowed_statuses(event.type));
    }
    if (status && event.effective_date < graph_.identities[subject.id.value].hire_date)
      refuse(logged, "effective_date", event.effective_date.to_string(),
             type + " dated before the hire date " + graph_.identities[subject.id.value].hire_date.to_string() +
                 " of identity \"" + subject.name + "\"");
    try {
      apply_event_effects(subject, event, today);
    } catch (const ArgumentError& error) {
      refuse(logged, error.argument(), error.value(), error.reason());
    }
    observe(subject);
  }

  void apply_event_effects(Subject& subject, const HrEvent& event, Date today) {
    IdentityProvisioner& p = provisioner_;
    auto require = [&](const IdentityRecord& record) {
      if (!record.department.valid()) throw ArgumentError("department", "", "a " + std::string(hr_event_type_name(event.type)) + " needs a department");
      if (!record.title.valid()) throw ArgumentError("title", "", "a " + std::string(hr_event_type_name(event.type)) + " needs a title");
    };
    switch (event.type) {
      case HrEventType::kHire: {
        for (HrAttribute needed : {HrAttribute::kKind, HrAttribute::kDepartment, HrAttribute::kTitle})
          if (event.attribute(needed).empty())
            throw ArgumentError(std::string(hr_attribute_name(needed)), "", "a hire needs kind, department and title");
        subject.id = p.hire(event, subject.id);
        subject.born = true;
        p.reconcile(subject.id, today, true);
        break;
      }
      case HrEventType::kTransfer: {
        p.set_attributes(subject.id, event);
        const IdentityStatus status = graph_.identities[subject.id.value].status;
        // During leave: attributes and birthright roles change, nothing is enabled.
        p.reconcile(subject.id, today, status == IdentityStatus::kActive);
        break;
      }
      case HrEventType::kReturn:
        p.set_attributes(subject.id, event);
        p.set_status(subject.id, IdentityStatus::kActive);
        p.reconcile(subject.id, today, true);
        break;
      case HrEventType::kRehire:
        p.set_attributes(subject.id, event);
        require(graph_.identities[subject.id.value]);
        p.set_status(subject.id, IdentityStatus::kActive);
        p.set_hire_date(subject.id, event.effective_date);
        p.set_termination_date(subject.id, Date());
        p.reconcile(subject.id, today, true);
        break;
      case HrEventType::kLeave:
        p.set_attributes(subject.id, event);
        p.set_status(subject.id, IdentityStatus::kLeave);
        p.disable_accounts(subject.id);
        break;
      case HrEventType::kTerminate:
        p.set_attributes(subject.id, event);
        terminate(subject, event.effective_date);
        break;
      case HrEventType::kReviewRevoke:
        if (event.review) p.remove_access(subject.id, event.review->removals, today);
        break;
    }
  }

  void terminate(const Subject& subject, Date termination_date) {
    provisioner_.set_status(subject.id, IdentityStatus::kTerminated);
    provisioner_.set_termination_date(subject.id, termination_date);
    provisioner_.disable_accounts(subject.id);
    provisioner_.set_assignments(subject.id, {});
  }

  void begin_scheduled(ScheduledKind kind, const Subject& subject, Date due, Date today, std::string_view names = {}) {
    std::string cause(scheduled_kind_name(kind));
    if (!names.empty()) cause += ":" + std::string(names);
    begin({"", due, today, std::move(cause), static_cast<std::uint8_t>(1 + static_cast<int>(kind)), subject.id.value});
  }

  // The changes due on `today`, in table order; assignments that start in
  // [first_unprocessed, today] (none start twice).
  void run_scheduled(Subject& subject, Date first_unprocessed, Date today) {
    const IdentityId id = subject.id;
    IdentityProvisioner& p = provisioner_;
    {
      const auto row = graph_.identity_assignments[id];
      const std::vector<RoleAssignment> assignments(row.begin(), row.end());
      for (const RoleAssignment& a : assignments) {
        if (!a.granted_at.present() || a.granted_at <= schedule_.start || a.granted_at < first_unprocessed ||
            a.granted_at > today)
          continue;
        begin_scheduled(ScheduledKind::kAssignmentStarted, subject, a.granted_at, today, graph_.role_ids.name(a.role));
        if (graph_.identities[id.value].status == IdentityStatus::kActive && a.valid_at(today)) {
          try {
            p.provision_role(id, a.role, today);
          } catch (const ArgumentError& error) {  // e.g. the account it needs would be over 256 bytes
            throw InputError(std::string(bundle::RoleAssignments::kFileName), 0, error.argument(), error.value(),
                             "assignment_started:" + std::string(graph_.role_ids.name(a.role)) + " of identity \"" +
                                 subject.name + "\" on " + a.granted_at.to_string() + ": " + error.reason());
          }
        }
        observe(subject);
      }
    }
    for (bool expired = true; expired;) {
      expired = false;
      const auto row = graph_.identity_assignments[id];
      for (std::size_t i = 0; i < row.size(); ++i) {
        if (!row[i].expires_at.present() || row[i].expires_at > today) continue;
        begin_scheduled(ScheduledKind::kAssignmentExpired, subject, row[i].expires_at, today,
                        graph_.role_ids.name(row[i].role));
        p.expire_assignment(id, i, today);
        observe(subject);
        expired = true;
        break;  // the row changed: look again
      }
    }
    const IdentityRecord& record = graph_.identities[id.value];
    if (record.status != IdentityStatus::kTerminated && record.termination_date.present() &&
        record.termination_date <= today) {
      begin_scheduled(ScheduledKind::kEndOfTerm, subject, record.termination_date, today);
      terminate(subject, record.termination_date);
      observe(subject);
    }
    if (graph_.identities[id.value].status == IdentityStatus::kTerminated && has_enabled_account(graph_, id)) {
      begin_scheduled(ScheduledKind::kLeaverDrift, subject, today, today);
      p.disable_accounts(id);
      observe(subject);
    }
    const IdentityRecord& after = graph_.identities[id.value];
    if (after.status == IdentityStatus::kTerminated && after.termination_date.present() &&
        after.termination_date.plus_days(schedule_.retention_days) <= today && has_live_account(graph_, id)) {
      begin_scheduled(ScheduledKind::kRetentionElapsed, subject, after.termination_date.plus_days(schedule_.retention_days),
                      today);
      p.delete_accounts(id, today);
      observe(subject);
    }
  }

  Graph& graph_;
  IdentityProvisioner& provisioner_;
  const Schedule& schedule_;
  const TimelineOptions& options_;
  std::uint64_t first_new_arrival_;
  std::function<void(const ChangeCause&, const Subject&)> observer_;
  ChangeCause current_;
};

// Events per identity name, sorted by (position, arrival).
using EventsByIdentity = std::map<std::string, std::vector<const LoggedEvent*>, std::less<>>;

void sort_by_position(std::vector<const LoggedEvent*>& events, Date start) {
  std::sort(events.begin(), events.end(), [&](const LoggedEvent* a, const LoggedEvent* b) {
    const Date pa = position(a->event, start), pb = position(b->event, start);
    return pa != pb ? pa < pb : a->arrival < b->arrival;
  });
}

std::vector<const LoggedEvent*> between(const std::vector<const LoggedEvent*>& events, Date from, Date to, Date start) {
  std::vector<const LoggedEvent*> out;
  for (const LoggedEvent* e : events) {
    const Date at = position(e->event, start);
    if (at >= from && at <= to) out.push_back(e);
  }
  return out;
}

IdentityRows unborn() {
  IdentityRows rows;
  rows.existed = false;
  return rows;
}

}  // namespace

TimelineResult run_timeline(const Graph& base, const AccessIndex& closures, std::shared_ptr<const DueIndex> due_index,
                            std::vector<HrEvent> batch, const TimelineOptions& options) {
  TimelineResult result;
  Graph& g = result.graph;
  g = base;
  auto strings = std::make_shared<StringArena>();
  g.text_strings.push_back(strings);

  // The history this batch extends; a bundle without one starts it at the earliest
  // event (or at the as-of date).
  LifecycleHistory history;
  if (base.history) {
    history = *base.history;
  } else {
    history.start = options.as_of;
    for (const HrEvent& event : batch) history.start = std::min(history.start, event.effective_date);
  }
  if (options.retention_days < 0 || options.retention_days > kMaxRetentionDays)
    throw ArgumentError("retention_days", std::to_string(options.retention_days),
                        "expected a number of days from 0 to " + std::to_string(kMaxRetentionDays));
  const Date clock_before = history.current_clock();
  result.clock_before = clock_before;
  const Date as_of = options.as_of;
  if (as_of < clock_before)
    throw ArgumentError("as_of", as_of.to_string(),
                        "the clock is at " + clock_before.to_string() + " and never moves back");
  const bool first_run = !history.clock.present();
  const Date first_date = first_run ? history.start : history.clock.plus_days(1);
  const Schedule schedule{history.start, options.retention_days};

  // Event ids are unique for the life of the history: the same event again (a retried
  // batch) is acknowledged without change, the same id with other content refused.
  {
    std::map<std::string_view, const HrEvent*> known;
    history.for_each_event([&](const LoggedEvent& logged) { known.emplace(logged.event.event_id, &logged.event); });
    std::set<std::string_view> in_batch;
    std::vector<HrEvent> fresh;
    for (HrEvent& event : batch) {
      if (!in_batch.insert(event.event_id).second)
        throw InputError(options.label, event.line, "event_id", event.event_id,
                         "event \"" + event.event_id + "\": the id appears twice in the batch");
      if (auto found = known.find(event.event_id); found != known.end()) {
        if (!same_content(*found->second, event))
          throw InputError(options.label, event.line, "event_id", event.event_id,
                           "event \"" + event.event_id + "\": an event of this id was accepted before with other "
                           "content; event ids are unique for the life of a state");
        ++result.already_applied;
        continue;
      }
      fresh.push_back(std::move(event));
    }
    batch = std::move(fresh);
  }
  const std::uint64_t first_new_arrival = history.event_count;
  auto logged_batch = std::make_shared<std::vector<LoggedEvent>>();
  for (HrEvent& event : batch) logged_batch->push_back({std::move(event), history.event_count++});
  history.batches.push_back(logged_batch);

  // Which identities move, and with which events: every identity with an event in this
  // batch or one not yet processed (due now, or still pending).
  EventsByIdentity events_of;
  std::set<std::string, std::less<>> late;  // an event of this batch on or before the clock
  history.for_each_event([&](const LoggedEvent& logged) {
    const Date at = position(logged.event, history.start);
    const bool is_new = logged.arrival >= first_new_arrival;
    if (is_new && !first_run && at <= history.clock) late.insert(logged.event.identity_id);
    if (is_new || at >= first_date) events_of[logged.event.identity_id];
  });
  history.for_each_event([&](const LoggedEvent& logged) {
    if (auto it = events_of.find(logged.event.identity_id); it != events_of.end()) it->second.push_back(&logged);
  });
  for (auto& [name, events] : events_of) sort_by_position(events, history.start);

  // Identities hired by events up to the as-of date get their ids first, so that a
  // manager or owner hired by the same history can be named.
  for (const auto& [name, events] : events_of) {
    if (g.identity_ids.find(name)) continue;
    const bool hired = std::any_of(events.begin(), events.end(), [&](const LoggedEvent* e) {
      return e->event.type == HrEventType::kHire && position(e->event, history.start) <= as_of;
    });
    if (!hired) continue;
    const IdentityId id = *g.identity_ids.insert(name, *strings);
    g.identities.push_back(IdentityRecord{});
    g.identity_accounts.set_row(id, {});
    g.identity_assignments.set_row(id, {});
  }
  const std::size_t existed_before = base.identity_count();

  std::shared_ptr<const DueIndex> index = due_index;
  if (!index || index->retention_days() != options.retention_days) index = DueIndex::build(base, schedule, first_run);
  std::set<std::uint32_t> subjects;
  for (IdentityId id : index->due_between(first_run ? kEarliest : first_date, as_of)) subjects.insert(id.value);
  for (const auto& [name, events] : events_of) {
    if (auto id = g.identity_ids.find(name)) {
      subjects.insert(id->value);
      continue;
    }
    // No such identity and no hire of it up to the as-of date: its first event due is
    // refused (pending ones are checked below).
    Subject nobody{name, IdentityId(), false};
    ChangeRecorder unused;
    IdentityProvisioner provisioner(g, closures, *strings, unused);
    IdentityTimeline(g, provisioner, schedule, options, first_new_arrival)
        .advance(nobody, between(events, kEarliest, as_of, history.start), kEarliest, as_of);
  }

  ChangeRecorder recorder;
  ChangeRecorder scratch;
  IdentityProvisioner provisioner(g, closures, *strings, recorder);
  IdentityTimeline timeline(g, provisioner, schedule, options, first_new_arrival);
  std::vector<IdentityId> touched;
  for (std::uint32_t value : subjects) {
    const IdentityId id(value);
    const std::string name(g.identity_ids.name(id));
    Subject subject{name, id, value < existed_before};
    const IdentityRows before = subject.born ? provisioner.capture(id) : unborn();
    ChangeRecorder own;
    provisioner.set_recorder(own);
    static const std::vector<const LoggedEvent*> kNoEvents;
    const auto found = events_of.find(name);
    const auto& events = found == events_of.end() ? kNoEvents : found->second;
    if (late.count(name)) {
      // Replay from the origin with every event in its place, then record at the clock
      // what that changed.
      const IdentityOrigin* origin = history.origin(id);
      const IdentityRows& start_rows = origin ? *origin : before;
      provisioner.restore(id, start_rows);
      subject.born = start_rows.existed;
      provisioner.set_recorder(scratch);
      timeline.advance(subject, between(events, history.start, history.clock, history.start), history.start,
                       history.clock);
      scratch.clear();
      provisioner.set_recorder(own);
      const LoggedEvent* cause = nullptr;
      for (const LoggedEvent* e : events)
        if (e->arrival >= first_new_arrival && position(e->event, history.start) <= history.clock &&
            (!cause || e->arrival < cause->arrival))
          cause = e;
      own.begin({cause->event.event_id, cause->event.effective_date, history.clock, cause->event.event_id, 0,
                 cause->arrival});
      if (subject.born) provisioner.record_difference(id, before);
    }
    timeline.advance(subject, between(events, first_date, as_of, history.start), first_date, as_of);
    if (!own.empty()) {
      touched.push_back(id);
      if (!history.origin(id)) {
        while (history.origins.size() <= value) history.origins.push_back(nullptr);
        history.origins.set(value, std::make_shared<const IdentityOrigin>(before));
      }
    }
    recorder.absorb(std::move(own));
  }

  // Events still ahead are checked now, on a scratch copy: a pending hire of an existing
  // identity, or a return of someone who will not be on leave, is refused at arrival.
  {
    Graph projection = g;
    IdentityProvisioner projector(projection, closures, *strings, scratch);
    IdentityTimeline ahead(projection, projector, schedule, options, first_new_arrival);
    for (const auto& [name, events] : events_of) {
      const auto pending = between(events, as_of.plus_days(1), Date::from_days(std::numeric_limits<std::int32_t>::max()),
                                   history.start);
      if (pending.empty()) continue;
      // Every identity with an id by now exists: hires up to the as-of date have run.
      const auto id = projection.identity_ids.find(name);
      Subject subject{name, id.value_or(IdentityId()), id.has_value()};
      ahead.advance(subject, pending, as_of.plus_days(1), position(pending.back()->event, history.start));
      scratch.clear();
    }
  }

  // What took effect, and what waits.
  for (const auto& [name, events] : events_of)
    for (const LoggedEvent* e : events) {
      const Date at = position(e->event, history.start);
      if (at > as_of) {
        result.pending.push_back(e->event);
        continue;
      }
      const bool new_event = e->arrival >= first_new_arrival;
      if (!new_event && at < first_date) continue;  // took effect in an earlier batch
      const Date applied_on = (!first_run && at <= history.clock) ? history.clock : at;
      result.applied.push_back({e->event.event_id, e->event.effective_date.to_string(),
                                std::string(hr_event_type_name(e->event.type)), e->event.identity_id,
                                applied_on.to_string()});
    }
  std::stable_sort(result.applied.begin(), result.applied.end(),
                   [](const AppliedEvent& a, const AppliedEvent& b) { return a.applied_on < b.applied_on; });
  std::stable_sort(result.pending.begin(), result.pending.end(),
                   [](const HrEvent& a, const HrEvent& b) { return a.effective_date < b.effective_date; });

  history.clock = as_of;
  history.retention_days = options.retention_days;
  while (history.origins.size() < g.identity_count()) history.origins.push_back(nullptr);
  g.history = std::make_shared<const LifecycleHistory>(std::move(history));
  std::sort(touched.begin(), touched.end());
  result.touched = touched;
  result.due_index = index->updated(g, touched, schedule);
  result.clock = as_of;
  recorder.finish(result.plan, result.audit, result.archived);
  return result;
}

ReplayResult replay_identity(const Graph& current, const AccessIndex& closures, std::string_view identity, Date until,
                             int retention_days, const std::function<void(const ReplayStep&)>& visit) {
  ReplayResult result;
  Graph& g = result.graph;
  g = current;
  const LifecycleHistory& history = *current.history;
  const auto id = g.identity_ids.find(identity);
  // Nothing has been processed yet, or the identity never had rows: the present is all.
  if (!history.clock.present() || !id) return {std::move(result.graph), id.value_or(IdentityId())};
  until = std::min(until, history.clock);
  const Schedule schedule{history.start, retention_days};
  auto strings = std::make_shared<StringArena>();
  g.text_strings.push_back(strings);

  std::vector<const LoggedEvent*> events;
  history.for_each_event([&](const LoggedEvent& logged) {
    if (logged.event.identity_id == identity) events.push_back(&logged);
  });
  sort_by_position(events, history.start);
  events = between(events, history.start, until, history.start);

  ChangeRecorder unused;
  IdentityProvisioner provisioner(g, closures, *strings, unused);
  const IdentityOrigin* origin = history.origin(*id);
  Subject subject{std::string(identity), *id, true};
  if (origin) {
    provisioner.restore(*id, *origin);
    subject.born = origin->existed;
  }
  TimelineOptions options;
  options.retention_days = retention_days;
  IdentityTimeline timeline(g, provisioner, schedule, options, std::numeric_limits<std::uint64_t>::max());
  if (visit) {
    // The start of the history first (cause empty), then every change.
    const ChangeCause start{"", history.start, history.start, "", 0, 0};
    visit(ReplayStep{start, g, subject.born ? subject.id : IdentityId()});
    timeline.set_observer([&](const ChangeCause& cause, const Subject& s) {
      visit(ReplayStep{cause, g, s.born ? s.id : IdentityId()});
    });
  }
  timeline.advance(subject, events, history.start, until);
  result.identity = subject.born ? subject.id : IdentityId();
  return result;
}

}  // namespace accessgraph
