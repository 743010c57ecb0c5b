#pragma once
// Every identity of the company, in a compact record: who they are (kind, status,
// department, title, location, dates), who manages or owns them, and for movers the job
// they held before. Built in passes: attributes drawn per identity (in parallel, each
// from its own Rng), then the manager tree per department, then jobs, owners, movers.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/schema/enums.hpp"
#include "datasets/generator/calendar.hpp"
#include "datasets/generator/org_model.hpp"

namespace accessgraph::datasets {


constexpr bool is_human(IdentityKind kind) {
  return kind == IdentityKind::kEmployee || kind == IdentityKind::kContractor ||
         kind == IdentityKind::kPartner;
}

struct Person {
  std::uint32_t manager = kNone;
  std::uint32_t owner = kNone;         // non-human identities: the accountable human
  std::uint32_t title = kNone;
  std::uint32_t job = kNone;           // (department, title) pair, humans only
  std::uint32_t previous_job = kNone;  // movers: the job held before `moved`
  Day hire = kNoDay;
  Day termination = kNoDay;
  Day moved = kNoDay;
  DepartmentIndex department = kNoIndex16;
  LocationIndex location = kNoIndex16;
  IdentityKind kind = IdentityKind::kEmployee;
  IdentityStatus status = IdentityStatus::kActive;
};

// A peer group: one (department, title) pair that at least one person holds.
struct Job {
  DepartmentIndex department;
  std::uint32_t title;
  std::uint32_t people;
};

class Population {
 public:
  // Uses the current TBB arena for the per-identity pass.
  Population(const OrgModel& org, std::uint64_t seed, std::uint64_t identities);

  const std::vector<Person>& people() const { return people_; }
  const Person& operator[](std::uint32_t index) const { return people_[index]; }
  std::uint32_t size() const { return static_cast<std::uint32_t>(people_.size()); }
  const std::vector<Job>& jobs() const { return jobs_; }
  // Jobs of a department, most people first.
  const std::vector<std::uint32_t>& department_jobs(DepartmentIndex department) const {
    return department_jobs_[department];
  }
  // The department's top manager (the first employee hired into it), or 0 (the CEO).
  std::uint32_t department_head(DepartmentIndex department) const {
    return department_heads_[department];
  }
  std::uint32_t department_size(DepartmentIndex department) const {
    return department_sizes_[department];
  }
  // Active humans of the IT, security and engineering families: system and NHI owners.
  const std::vector<std::uint32_t>& technical_staff() const { return technical_staff_; }

 private:
  void draw_attributes(const OrgModel& org, std::uint64_t seed);
  void build_manager_tree(const OrgModel& org, std::uint64_t seed);
  void index_jobs();
  void assign_owners(const OrgModel& org, std::uint64_t seed);
  void assign_movers(std::uint64_t seed);

  std::vector<Person> people_;
  std::vector<Job> jobs_;
  std::vector<std::vector<std::uint32_t>> department_jobs_;
  std::vector<std::uint32_t> department_heads_;
  std::vector<std::uint32_t> department_sizes_;
  std::vector<std::uint32_t> technical_staff_;
};

}  // namespace accessgraph::datasets
