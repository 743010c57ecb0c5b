#include "datasets/generator/population.hpp"

#include <algorithm>
#include <unordered_map>

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include "datasets/generator/weighted_choice.hpp"

namespace accessgraph::datasets {
namespace {

constexpr std::uint32_t kSpanOfControl = 7;  // direct reports per manager in the tree
constexpr std::uint32_t kCeo = 0;

// Shares per 10,000 identities. NHI ~7.5%, contractors ~12%.
const WeightedChoice& kind_choice() {
  static const WeightedChoice choice{7900, 1200, 150, 350, 150, 250};
  return choice;
}

// Tenure in days: most people joined in the last seven years, a few decades ago.
const BucketedCount& tenure_days() {
  static const BucketedCount buckets{
      {1500, 30, 365}, {3000, 366, 1095}, {3000, 1096, 2555}, {2000, 2556, 5475}, {500, 5476, 10950}};
  return buckets;
}

struct StatusRates {
  std::uint32_t terminated;  // per 10,000
  std::uint32_t leave;
};

StatusRates status_rates(IdentityKind kind) {
  switch (kind) {
    case IdentityKind::kEmployee: return {600, 250};
    case IdentityKind::kContractor: return {900, 60};
    case IdentityKind::kPartner: return {700, 0};
    default: return {400, 0};  // decommissioned service identities
  }
}

}  // namespace

Population::Population(const OrgModel& org, std::uint64_t seed, std::uint64_t identities)
    : people_(identities) {
  draw_attributes(org, seed);
  build_manager_tree(org, seed);
  index_jobs();
  assign_owners(org, seed);
  assign_movers(seed);
}

void Population::draw_attributes(const OrgModel& org, std::uint64_t seed) {
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, size(), 4096), [&](const auto& range) {
    for (std::uint32_t i = range.begin(); i != range.end(); ++i) {
      Rng rng = Rng::for_stream(seed, "person.attributes", i);
      Person& person = people_[i];
      person.kind = i == kCeo ? IdentityKind::kEmployee : static_cast<IdentityKind>(kind_choice().pick(rng));
      const StatusRates rates = status_rates(person.kind);
      const std::uint32_t status_draw = static_cast<std::uint32_t>(rng.below(10'000));
      if (i != kCeo && status_draw < rates.terminated) {
        person.status = IdentityStatus::kTerminated;
      } else if (i != kCeo && status_draw < rates.terminated + rates.leave) {
        person.status = IdentityStatus::kLeave;
      }
      if (person.status == IdentityStatus::kTerminated) {
        person.termination = kReferenceDay - static_cast<Day>(rng.between(1, 730));
      }
      if (!is_human(person.kind)) {
        continue;  // service identities have no department, title, location or hire date
      }
      person.department = i == kCeo ? DepartmentIndex{0} : org.draw_department(rng);
      person.location = org.draw_location(rng);
      person.title = org.draw_individual_title(person.department, rng);
      person.hire = kReferenceDay - static_cast<Day>(tenure_days().draw(rng));
      if (person.termination != kNoDay && person.termination <= person.hire + 14) {
        person.hire = person.termination - static_cast<Day>(rng.between(30, 1500));
      }
    }
  });
}

void Population::build_manager_tree(const OrgModel& org, std::uint64_t seed) {
  const std::size_t department_count = org.departments().size();
  std::vector<std::vector<std::uint32_t>> employees(department_count);
  department_sizes_.assign(department_count, 0);
  for (std::uint32_t i = 0; i < size(); ++i) {
    const Person& person = people_[i];
    if (!is_human(person.kind)) {
      continue;
    }
    ++department_sizes_[person.department];
    if (person.kind == IdentityKind::kEmployee) {
      employees[person.department].push_back(i);
    }
  }

  // A manager who left is skipped: HR re-points reports to the next manager up.
  auto active_ancestor = [&](const std::vector<std::uint32_t>& tree, std::uint32_t rank) {
    while (rank > 0 && people_[tree[rank]].status == IdentityStatus::kTerminated) {
      rank = (rank - 1) / kSpanOfControl;
    }
    const std::uint32_t candidate = tree[rank];
    return people_[candidate].status == IdentityStatus::kTerminated ? kCeo : candidate;
  };

  department_heads_.assign(department_count, kCeo);
  for (std::size_t d = 0; d < department_count; ++d) {
    const auto& tree = employees[d];
    const auto family = org.departments()[d].family;
    const auto count = static_cast<std::uint32_t>(tree.size());
    if (count > 0) {
      department_heads_[d] = tree[0];
    }
    for (std::uint32_t rank = 0; rank < count; ++rank) {
      Person& person = people_[tree[rank]];
      if (tree[rank] == kCeo) {
        person.title = org.ceo_title();
        continue;
      }
      if (rank == 0) {
        person.title = org.head_title(static_cast<DepartmentIndex>(d));
        person.manager = kCeo;
        continue;
      }
      const std::uint32_t parent = (rank - 1) / kSpanOfControl;
      person.manager = active_ancestor(tree, parent);
      if (rank * kSpanOfControl + 1 < count) {
        person.title = parent == 0 ? org.family_titles(family).director
                                   : org.family_titles(family).manager;
      }
    }
  }

  // Contractors and partners report to one of the department's managers.
  for (std::uint32_t i = 0; i < size(); ++i) {
    Person& person = people_[i];
    if (person.kind != IdentityKind::kContractor && person.kind != IdentityKind::kPartner) {
      continue;
    }
    const auto& tree = employees[person.department];
    if (tree.empty()) {
      person.manager = kCeo;
      continue;
    }
    const auto count = static_cast<std::uint32_t>(tree.size());
    const std::uint32_t managers = count > 1 ? (count - 2) / kSpanOfControl + 1 : 1;
    Rng rng = Rng::for_stream(seed, "person.manager", i);
    person.manager = active_ancestor(tree, static_cast<std::uint32_t>(rng.below(managers)));
  }
}

void Population::index_jobs() {
  std::unordered_map<std::uint64_t, std::uint32_t> job_of;
  for (Person& person : people_) {
    if (!is_human(person.kind)) {
      continue;
    }
    const std::uint64_t key = (std::uint64_t{person.department} << 32U) | person.title;
    const auto [it, inserted] = job_of.try_emplace(key, static_cast<std::uint32_t>(jobs_.size()));
    if (inserted) {
      jobs_.push_back({person.department, person.title, 0});
    }
    person.job = it->second;
    ++jobs_[person.job].people;
  }
  department_jobs_.assign(department_sizes_.size(), {});
  for (std::uint32_t j = 0; j < jobs_.size(); ++j) {
    department_jobs_[jobs_[j].department].push_back(j);
  }
  for (auto& list : department_jobs_) {
    std::stable_sort(list.begin(), list.end(), [&](std::uint32_t a, std::uint32_t b) {
      return jobs_[a].people > jobs_[b].people;
    });
  }
}

void Population::assign_owners(const OrgModel& org, std::uint64_t seed) {
  std::vector<std::uint32_t> terminated_humans;
  for (std::uint32_t i = 0; i < size(); ++i) {
    const Person& person = people_[i];
    if (!is_human(person.kind)) {
      continue;
    }
    if (person.status == IdentityStatus::kTerminated) {
      terminated_humans.push_back(i);
      continue;
    }
    const std::string_view family = job_families()[org.departments()[person.department].family].slug;
    if (person.status == IdentityStatus::kActive &&
        (family == "it" || family == "sec" || family == "eng" || family == "data")) {
      technical_staff_.push_back(i);
    }
  }
  if (technical_staff_.empty()) {
    technical_staff_.push_back(kCeo);
  }
  for (std::uint32_t i = 0; i < size(); ++i) {
    Person& person = people_[i];
    if (is_human(person.kind)) {
      continue;
    }
    Rng rng = Rng::for_stream(seed, "person.owner", i);
    const std::uint64_t draw = rng.below(10'000);
    if (draw < 900) {
      continue;  // nobody is accountable for it
    }
    if (draw < 1600 && !terminated_humans.empty()) {
      person.owner = terminated_humans[rng.below(terminated_humans.size())];
    } else {
      person.owner = technical_staff_[rng.below(technical_staff_.size())];
    }
  }
}

void Population::assign_movers(std::uint64_t seed) {
  for (std::uint32_t i = 1; i < size(); ++i) {
    Person& person = people_[i];
    if (!is_human(person.kind) || person.status == IdentityStatus::kTerminated) {
      continue;
    }
    const Day earliest_move = person.hire + 180;
    const Day latest_move = kReferenceDay - 14;
    Rng rng = Rng::for_stream(seed, "person.mover", i);
    if (earliest_move > latest_move || !rng.chance(450)) {
      continue;
    }
    // Most moves stay in the department (a new title); the rest change department.
    std::uint32_t previous = kNone;
    const auto& same_department = department_jobs_[person.department];
    if (rng.chance(7000) && same_department.size() > 1) {
      previous = same_department[rng.below(same_department.size())];
    } else {
      const Person& other = people_[rng.below(size())];
      previous = other.job;
    }
    if (previous == kNone || previous == person.job) {
      continue;
    }
    person.previous_job = previous;
    person.moved = static_cast<Day>(rng.between(earliest_move, latest_move));
  }
}

}  // namespace accessgraph::datasets
