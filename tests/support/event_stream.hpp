#pragma once
// Random but valid HR event streams over a loaded bundle, for the batch-independence
// property tests (docs/lifecycle.md): hires, transfers (some around the dates a role
// assignment starts or expires), leaves and returns, terminations, rehires of people
// terminated long ago, events for contractors around their last day, events dated
// after the as-of date (they wait), and an arrival order in which some events come
// late (after events dated later than they are).
//
// Valid means the state machine accepts every event at its own date: the generator
// walks the dates in order and tracks each identity's status, including the
// end_of_term a termination_date causes.
#include <algorithm>
#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/schema/hr_event.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph::testing {

struct EventStream {
  std::vector<HrEvent> events;  // arrival order
  Date first, last;             // the earliest and latest effective dates
};

class EventStreamGenerator {
 public:
  EventStreamGenerator(const Engine& engine, std::uint64_t seed) : graph_(state_of(engine).graph), rng_(seed) {
    for (std::uint32_t i = 0; i < graph_.identity_count(); ++i) {
      const IdentityRecord& r = graph_.identities[i];
      if (r.department.valid()) departments_.emplace_back(graph_.attribute_values.name(r.department));
      if (r.title.valid()) titles_.emplace_back(graph_.attribute_values.name(r.title));
      people_.push_back({std::string(graph_.identity_ids.name(IdentityId(i))), r.status, r.hire_date,
                         r.termination_date});
    }
    std::sort(departments_.begin(), departments_.end());
    departments_.erase(std::unique(departments_.begin(), departments_.end()), departments_.end());
    std::sort(titles_.begin(), titles_.end());
    titles_.erase(std::unique(titles_.begin(), titles_.end()), titles_.end());
  }

  // `count` events dated from `from` over `days` days (some after the as-of date the
  // caller applies them at: they wait); about a fifth arriving late. The earliest
  // event arrives first: a history starts at its first batch's earliest event, and
  // nothing can be placed before the start.
  EventStream generate(std::size_t count, Date from, int days) {
    std::vector<HrEvent> dated;
    std::uniform_int_distribution<int> day(0, days - 1);
    std::vector<Date> dates;
    for (std::size_t n = 0; n < count; ++n) dates.push_back(from.plus_days(day(rng_)));
    std::sort(dates.begin(), dates.end());
    for (Date date : dates)
      if (auto event = next_event(date, dated.size())) dated.push_back(std::move(*event));
    // Arrival: in date order, except that some events are held back and arrive later.
    std::vector<HrEvent> arrival;
    std::vector<HrEvent> held;
    std::bernoulli_distribution hold(0.2), release(0.3);
    for (HrEvent& event : dated) {
      if (hold(rng_) && !arrival.empty()) held.push_back(std::move(event));
      else arrival.push_back(std::move(event));
      if (!held.empty() && release(rng_)) {
        arrival.push_back(std::move(held.front()));
        held.erase(held.begin());
      }
    }
    for (HrEvent& event : held) arrival.push_back(std::move(event));
    auto earliest = std::min_element(arrival.begin(), arrival.end(), [](const HrEvent& a, const HrEvent& b) {
      return a.effective_date < b.effective_date;
    });
    std::rotate(arrival.begin(), earliest, earliest + 1);
    EventStream stream{std::move(arrival), Date(), Date()};
    if (stream.events.empty()) return stream;
    stream.first = stream.last = stream.events.front().effective_date;
    for (const HrEvent& e : stream.events) {
      stream.first = std::min(stream.first, e.effective_date);
      stream.last = std::max(stream.last, e.effective_date);
    }
    return stream;
  }

 private:
  struct Person {
    std::string id;
    IdentityStatus status;
    Date hire_date, termination_date;
  };

  // end_of_term: a termination_date reached ends the term, after that day's events.
  void catch_up(Person& p, Date date) {
    if (p.status != IdentityStatus::kTerminated && p.termination_date.present() && p.termination_date < date)
      p.status = IdentityStatus::kTerminated;
  }

  template <class T>
  const T& pick(const std::vector<T>& items) {
    return items[std::uniform_int_distribution<std::size_t>(0, items.size() - 1)(rng_)];
  }

  std::optional<HrEvent> next_event(Date date, std::size_t n) {
    HrEvent event;
    event.event_id = "gen-" + std::to_string(n);
    event.effective_date = date;
    const int kind = std::uniform_int_distribution<int>(0, 9)(rng_);
    if (kind == 0) {  // a hire
      Person p{"new-" + std::to_string(n), IdentityStatus::kActive, date, Date()};
      event.type = HrEventType::kHire;
      event.identity_id = p.id;
      event.attributes[static_cast<std::size_t>(HrAttribute::kKind)] =
          std::bernoulli_distribution(0.3)(rng_) ? "contractor" : "employee";
      event.attributes[static_cast<std::size_t>(HrAttribute::kDepartment)] = pick(departments_);
      event.attributes[static_cast<std::size_t>(HrAttribute::kTitle)] = pick(titles_);
      people_.push_back(p);
      return event;
    }
    // Someone the event may apply to at `date`.
    for (int attempt = 0; attempt < 50; ++attempt) {
      Person& p = people_[std::uniform_int_distribution<std::size_t>(0, people_.size() - 1)(rng_)];
      if (p.hire_date.present() && p.hire_date > date) continue;
      catch_up(p, date);
      event.identity_id = p.id;
      switch (p.status) {
        case IdentityStatus::kTerminated:
          if (kind > 5) continue;
          event.type = HrEventType::kRehire;
          event.attributes[static_cast<std::size_t>(HrAttribute::kDepartment)] = pick(departments_);
          event.attributes[static_cast<std::size_t>(HrAttribute::kTitle)] = pick(titles_);
          p.status = IdentityStatus::kActive;
          p.hire_date = date;
          p.termination_date = Date();
          return event;
        case IdentityStatus::kLeave:
          event.type = kind < 6 ? HrEventType::kReturn : (kind < 8 ? HrEventType::kTransfer : HrEventType::kTerminate);
          break;
        case IdentityStatus::kActive:
          event.type = kind < 5 ? HrEventType::kTransfer : (kind < 7 ? HrEventType::kLeave : HrEventType::kTerminate);
          break;
      }
      if (event.type == HrEventType::kTransfer || event.type == HrEventType::kReturn) {
        event.attributes[static_cast<std::size_t>(HrAttribute::kDepartment)] = pick(departments_);
        if (kind % 2) event.attributes[static_cast<std::size_t>(HrAttribute::kTitle)] = pick(titles_);
      }
      if (event.type == HrEventType::kLeave) p.status = IdentityStatus::kLeave;
      if (event.type == HrEventType::kReturn) p.status = IdentityStatus::kActive;
      if (event.type == HrEventType::kTerminate) {
        p.status = IdentityStatus::kTerminated;
        p.termination_date = date;
      }
      return event;
    }
    return std::nullopt;
  }

  const Graph& graph_;
  std::mt19937_64 rng_;
  std::vector<std::string> departments_, titles_;
  std::vector<Person> people_;
};

// The stream cut into consecutive batches at random points (at least one event each).
inline std::vector<std::vector<HrEvent>> random_batches(const std::vector<HrEvent>& events, std::size_t batches,
                                                        std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<std::size_t> cuts;
  for (std::size_t i = 1; i < events.size(); ++i) cuts.push_back(i);
  std::shuffle(cuts.begin(), cuts.end(), rng);
  cuts.resize(std::min(cuts.size(), batches - 1));
  std::sort(cuts.begin(), cuts.end());
  cuts.push_back(events.size());
  std::vector<std::vector<HrEvent>> out;
  std::size_t begin = 0;
  for (std::size_t cut : cuts) {
    out.emplace_back(events.begin() + static_cast<std::ptrdiff_t>(begin), events.begin() + static_cast<std::ptrdiff_t>(cut));
    begin = cut;
  }
  return out;
}

}  // namespace accessgraph::testing
