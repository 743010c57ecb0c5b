#include "datasets/generator/hr_events.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include "datasets/generator/names.hpp"

namespace accessgraph::datasets {
namespace {

struct HrEvent {
  Day date = kNoDay;
  std::string_view type;
  std::uint64_t identity = 0;
  std::string display_name;
  std::string_view kind;
  DepartmentIndex department = kNoIndex16;
  std::uint32_t title = kNone;
  LocationIndex location = kNoIndex16;
  std::uint32_t manager = kNone;
  std::uint32_t owner = kNone;
};

class EventPlanner {
 public:
  EventPlanner(const OrgModel& org, const Population& people, std::uint64_t seed)
      : org_(org), people_(people), seed_(seed), rng_(Rng::for_stream(seed, "hr.events")),
        used_(people.size(), false) {}

  std::vector<HrEvent> plan(std::uint64_t count) {
    while (events_.size() < count) {
      const Day date = kReferenceDay + static_cast<Day>(rng_.between(1, 92));
      const std::uint64_t draw = rng_.below(100);
      if (draw < 28) {
        hire(date);
      } else if (draw < 50) {
        transfer(date);
      } else if (draw < 68) {
        simple(date, "terminate", IdentityStatus::kActive);
      } else if (draw < 78) {
        leave(date);
      } else if (draw < 86) {
        simple(date, "return", IdentityStatus::kLeave);
      } else if (draw < 94) {
        rehire(date);
      } else {
        reassign_owner(date);
      }
    }
    // Stable: same-day events keep the order they were planned in (SPEC: file order).
    std::stable_sort(events_.begin(), events_.end(),
                     [](const HrEvent& a, const HrEvent& b) { return a.date < b.date; });
    return std::move(events_);
  }

 private:
  // An identity not yet in any event that satisfies `wanted`, or kNone after a few tries.
  template <typename Predicate>
  std::uint32_t pick(Predicate wanted) {
    for (int attempt = 0; attempt < 64; ++attempt) {
      const auto index = static_cast<std::uint32_t>(1 + rng_.below(people_.size() - 1));
      if (!used_[index] && wanted(people_[index])) {
        used_[index] = true;
        return index;
      }
    }
    return kNone;
  }

  static bool active_human(const Person& person) {
    return is_human(person.kind) && person.status == IdentityStatus::kActive;
  }

  std::uint32_t manager_in(DepartmentIndex department) const {
    const std::uint32_t head = people_.department_head(department);
    return people_[head].status == IdentityStatus::kTerminated ? 0 : head;
  }

  void hire(Day date) {
    HrEvent event{date, "hire", people_.size() + hires_++};
    event.display_name = person_name(seed_, event.identity).display;
    event.kind = to_string(rng_.chance(8500) ? IdentityKind::kEmployee : IdentityKind::kContractor);
    event.department = org_.draw_department(rng_);
    event.title = org_.draw_individual_title(event.department, rng_);
    event.location = org_.draw_location(rng_);
    event.manager = manager_in(event.department);
    events_.push_back(std::move(event));
  }

  void transfer(Day date) {
    const std::uint32_t index = pick(active_human);
    if (index == kNone) {
      return;
    }
    const Person& person = people_[index];
    HrEvent event{date, "transfer", index};
    // Take the job of another person: a promotion in the department or a real move.
    const Person& model = people_[rng_.below(people_.size())];
    if (is_human(model.kind) && model.job != person.job) {
      if (model.department != person.department) {
        event.department = model.department;
        event.manager = manager_in(model.department);
      }
      event.title = model.title;
    }
    if (rng_.chance(2000) || event.title == kNone) {
      event.location = org_.draw_location(rng_);
    }
    events_.push_back(std::move(event));
  }

  void simple(Day date, std::string_view type, IdentityStatus status) {
    const std::uint32_t index = pick([&](const Person& person) {
      return is_human(person.kind) && person.status == status;
    });
    if (index != kNone) {
      events_.push_back({date, type, index});
    }
  }

  void leave(Day date) {
    const std::uint32_t index = pick(active_human);
    if (index == kNone) {
      return;
    }
    events_.push_back({date, "leave", index});
    if (rng_.chance(7000)) {
      events_.push_back({date + static_cast<Day>(rng_.between(14, 60)), "return", index});
    }
  }

  void rehire(Day date) {
    const std::uint32_t index = pick([](const Person& person) {
      return is_human(person.kind) && person.status == IdentityStatus::kTerminated;
    });
    if (index == kNone) {
      return;
    }
    const Person& person = people_[index];
    HrEvent event{date, "rehire", index};
    event.kind = to_string(person.kind);
    event.department = person.department;
    event.title = person.title;
    if (rng_.chance(3000)) {  // comes back to another job
      event.department = org_.draw_department(rng_);
      event.title = org_.draw_individual_title(event.department, rng_);
    }
    event.manager = manager_in(event.department);
    events_.push_back(std::move(event));
  }

  // A service identity gets an accountable owner again.
  void reassign_owner(Day date) {
    const std::uint32_t index = pick([&](const Person& person) {
      return !is_human(person.kind) && person.status != IdentityStatus::kTerminated &&
             (person.owner == kNone || people_[person.owner].status == IdentityStatus::kTerminated);
    });
    if (index == kNone) {
      return;
    }
    HrEvent event{date, "transfer", index};
    const auto& staff = people_.technical_staff();
    event.owner = staff[rng_.below(staff.size())];
    events_.push_back(std::move(event));
  }

  const OrgModel& org_;
  const Population& people_;
  std::uint64_t seed_;
  Rng rng_;
  std::vector<bool> used_;
  std::uint64_t hires_ = 0;
  std::vector<HrEvent> events_;
};

void identity_field(CsvBuffer& out, std::uint32_t index) {
  if (index == kNone) {
    out.empty();
  } else {
    append_identity_id(out.raw_field(), index);
  }
}

}  // namespace

void write_hr_events(const OrgModel& org, const Population& people, std::uint64_t seed,
                     BundleSink& sink) {
  if (people.size() < 2) {
    return;
  }
  const std::uint64_t count = std::clamp<std::uint64_t>(people.size() / 25, 20, 600);
  const std::vector<HrEvent> events = EventPlanner(org, people, seed).plan(count);
  CsvBuffer out;
  for (std::size_t k = 0; k < events.size(); ++k) {
    const HrEvent& event = events[k];
    out.raw_field().append(tagged_id("ev", "", k + 1));
    out.date(event.date).field(event.type);
    append_identity_id(out.raw_field(), event.identity);
    out.field(event.display_name).field(event.kind);
    out.field(event.department != kNoIndex16 ? std::string_view(org.departments()[event.department].name) : "");
    out.field(event.title != kNone ? std::string_view(org.titles()[event.title]) : "");
    out.field(event.location != kNoIndex16 ? std::string_view(org.locations()[event.location].name) : "");
    identity_field(out, event.manager);
    identity_field(out, event.owner);
    out.end_row();
  }
  sink.append(BundleFile::kHrEvents, out);
}

}  // namespace accessgraph::datasets
