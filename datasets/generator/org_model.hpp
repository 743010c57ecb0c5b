#pragma once
// The shape of the company before any person exists: departments (grouped in job
// families), titles, locations and systems, and the skewed tables people are drawn
// from. Sizes grow with the number of identities so peer groups stay uneven at every
// scale: departments get Zipf weights, titles inside a department too.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "datasets/generator/ids.hpp"
#include "datasets/generator/prng.hpp"
#include "datasets/generator/vocabulary.hpp"
#include "datasets/generator/weighted_choice.hpp"

namespace accessgraph::datasets {

using DepartmentIndex = std::uint16_t;
using SystemIndex = std::uint16_t;
using LocationIndex = std::uint16_t;
inline constexpr std::uint16_t kNoIndex16 = UINT16_MAX;

inline constexpr SystemIndex kDirectorySystem = 0;  // every person's first account

struct Department {
  std::string name;
  std::string slug;  // lowercase, for resource paths
  std::uint16_t family = 0;
  std::uint32_t title_rotation = 0;   // which IC title is this department's most common
  std::vector<SystemIndex> systems;   // applications: the main one first; at most two
};

struct System {
  std::string code;
  std::string name;
  SystemKind kind = SystemKind::kOther;
  bool has_accounts = true;
  std::vector<std::uint16_t> families;  // families whose departments may work in it
};

struct Location {
  std::string name;
  std::string slug;
};

struct FamilyTitles {
  std::vector<std::uint32_t> individual;  // title indexes, most common first
  std::uint32_t manager = kNone;           // "Manager, <family>"
  std::uint32_t director = kNone;          // "Director, <family>"
};

class OrgModel {
 public:
  OrgModel(std::uint64_t seed, std::uint64_t identities);

  const std::vector<Department>& departments() const { return departments_; }
  const std::vector<System>& systems() const { return systems_; }
  const std::vector<Location>& locations() const { return locations_; }
  const std::vector<std::string>& titles() const { return titles_; }
  const FamilyTitles& family_titles(std::uint16_t family) const { return family_titles_[family]; }
  std::uint32_t head_title(DepartmentIndex department) const { return head_titles_[department]; }
  std::uint32_t ceo_title() const { return ceo_title_; }
  // True for titles given by position in the manager tree rather than drawn.
  bool is_management_title(std::uint32_t title) const { return title >= first_management_title_; }

  // Returns kNoIndex16 for an unknown code.
  SystemIndex system_index(std::string_view code) const;

  DepartmentIndex draw_department(Rng& rng) const;
  LocationIndex draw_location(Rng& rng) const;
  std::uint32_t draw_individual_title(DepartmentIndex department, Rng& rng) const;

 private:
  void build_systems(std::uint64_t seed, std::uint64_t identities);
  void build_departments(std::uint64_t seed, std::uint64_t identities);
  void build_titles();
  void build_locations(std::uint64_t identities);

  std::vector<Department> departments_;
  std::vector<System> systems_;
  std::vector<Location> locations_;
  std::vector<std::string> titles_;
  std::vector<FamilyTitles> family_titles_;
  std::vector<std::uint32_t> head_titles_;
  std::uint32_t ceo_title_ = kNone;
  std::uint32_t first_management_title_ = 0;
  WeightedChoice department_choice_;
  WeightedChoice location_choice_;
  std::vector<WeightedChoice> title_choice_;  // per family, Zipf over its IC titles
};

}  // namespace accessgraph::datasets
