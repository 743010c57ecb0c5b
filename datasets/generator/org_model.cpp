#include "datasets/generator/org_model.hpp"

#include <algorithm>

namespace accessgraph::datasets {
namespace {

std::uint64_t integer_sqrt(std::uint64_t value) {
  std::uint64_t root = 0;
  while ((root + 1) * (root + 1) <= value) {
    ++root;
  }
  return root;
}

std::string lowercase_slug(std::string_view text) {
  std::string slug;
  for (const char c : text) {
    if (c >= 'A' && c <= 'Z') {
      slug.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      slug.push_back(c);
    } else if (!slug.empty() && slug.back() != '-') {
      slug.push_back('-');
    }
  }
  return slug;
}

// Extra in-house applications appear as the company grows: one per 25k identities.
constexpr std::uint64_t kIdentitiesPerExtraApplication = 25'000;

}  // namespace

OrgModel::OrgModel(std::uint64_t seed, std::uint64_t identities) {
  build_systems(seed, identities);
  build_titles();
  build_departments(seed, identities);
  build_locations(identities);
}

void OrgModel::build_systems(std::uint64_t seed, std::uint64_t identities) {
  const auto families = job_families();
  for (const auto& spec : base_systems()) {
    systems_.push_back({std::string(spec.code), std::string(spec.name), spec.kind,
                        spec.has_accounts, {}});
  }
  for (std::uint16_t f = 0; f < families.size(); ++f) {
    for (const auto code : families[f].systems) {
      systems_[system_index(code)].families.push_back(f);
    }
  }
  Rng rng = Rng::for_stream(seed, "org.applications");
  const auto nouns = application_nouns();
  constexpr SystemKind kApplicationKinds[] = {SystemKind::kSaas, SystemKind::kOnprem,
                                              SystemKind::kDatabase, SystemKind::kCloud};
  const std::uint64_t extra = identities / kIdentitiesPerExtraApplication;
  for (std::uint64_t k = 0; k < extra; ++k) {
    System system;
    system.code = "app";
    append_number(system.code, k + 1, 2);
    system.name = std::string(nouns[k % nouns.size()]);
    if (k >= nouns.size()) {
      system.name.append(" ").append(std::to_string(k / nouns.size() + 1));
    }
    system.kind = kApplicationKinds[k % 4];
    system.families.push_back(static_cast<std::uint16_t>(1 + rng.below(families.size() - 1)));
    systems_.push_back(std::move(system));
  }
}

void OrgModel::build_titles() {
  const auto families = job_families();
  family_titles_.resize(families.size());
  for (std::size_t f = 0; f < families.size(); ++f) {
    for (const auto title : families[f].ic_titles) {
      family_titles_[f].individual.push_back(static_cast<std::uint32_t>(titles_.size()));
      titles_.emplace_back(title);
    }
    title_choice_.push_back(WeightedChoice::zipf(families[f].ic_titles.size()));
  }
  first_management_title_ = static_cast<std::uint32_t>(titles_.size());
  ceo_title_ = static_cast<std::uint32_t>(titles_.size());
  titles_.emplace_back("Chief Executive Officer");
  for (std::size_t f = 0; f < families.size(); ++f) {
    // The comma is real-world and makes these cells need CSV quoting.
    family_titles_[f].manager = static_cast<std::uint32_t>(titles_.size());
    titles_.push_back("Manager, " + std::string(families[f].name));
    family_titles_[f].director = static_cast<std::uint32_t>(titles_.size());
    titles_.push_back("Director, " + std::string(families[f].name));
  }
}

void OrgModel::build_departments(std::uint64_t seed, std::uint64_t identities) {
  const auto families = job_families();
  const auto qualifiers = department_qualifiers();
  const std::uint64_t count = std::clamp<std::uint64_t>(integer_sqrt(identities) / 2, 8, 600);
  Rng rng = Rng::for_stream(seed, "org.departments");

  std::vector<std::uint64_t> family_weights;
  for (const auto& family : families) {
    family_weights.push_back(family.department_weight);
  }
  const WeightedChoice family_choice(family_weights);
  std::vector<std::uint32_t> departments_in_family(families.size(), 0);

  for (std::uint64_t d = 0; d < count; ++d) {
    // Department 0 is the CEO's; the next ones cover every family once, so even a small
    // company has a finance and an IT department.
    const std::size_t family = d == 0 ? 0 : d < families.size() ? d : family_choice.pick(rng);
    const std::uint32_t nth = departments_in_family[family]++;
    Department department;
    department.family = static_cast<std::uint16_t>(family);
    department.name = std::string(families[family].name);
    if (nth > 0) {
      department.name.append(" ").append(qualifiers[(nth - 1) % qualifiers.size()]);
      if (nth > qualifiers.size()) {
        department.name.append(" ").append(std::to_string((nth - 1) / qualifiers.size() + 1));
      }
    }
    department.slug = lowercase_slug(department.name);
    department.title_rotation =
        static_cast<std::uint32_t>(rng.below(families[family].ic_titles.size()));

    std::vector<SystemIndex> candidates;
    for (SystemIndex s = 0; s < systems_.size(); ++s) {
      const auto& users = systems_[s].families;
      if (std::find(users.begin(), users.end(), family) != users.end()) {
        candidates.push_back(s);
      }
    }
    // The first system is the department's main application, the second one only some
    // of its jobs use; some departments work in no application at all.
    const std::uint64_t draw = rng.below(100);
    const std::size_t wanted = std::min<std::size_t>(candidates.size(), draw < 15 ? 0 : draw < 70 ? 1 : 2);
    for (std::size_t k = 0; k < wanted; ++k) {  // partial Fisher-Yates: distinct picks
      const std::size_t pick = k + rng.below(candidates.size() - k);
      std::swap(candidates[k], candidates[pick]);
      department.systems.push_back(candidates[k]);
    }
    head_titles_.push_back(static_cast<std::uint32_t>(titles_.size()));
    titles_.push_back(d == 0 ? std::string("Chief Operating Officer") : "Head of " + department.name);
    departments_.push_back(std::move(department));
  }

  // Zipf by rank; the rank order is random but favours the big families, so the
  // largest department is usually in engineering, sales or operations, not legal.
  std::vector<std::pair<std::uint64_t, std::uint64_t>> order;  // (sort key, department)
  for (std::uint64_t d = 1; d < count; ++d) {
    const std::uint64_t weight = families[departments_[d].family].department_weight;
    order.emplace_back(weight * (1 + rng.below(1000)), d);
  }
  std::sort(order.begin(), order.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  constexpr std::uint64_t kScale = 1'000'000'000'000ULL;
  std::vector<std::uint64_t> weights(count);
  std::uint64_t total = 0;
  for (std::uint64_t rank = 0; rank < order.size(); ++rank) {
    weights[order[rank].second] = kScale / (rank + 1);
    total += weights[order[rank].second];
  }
  weights[0] = total / 400;  // the executive office is small
  department_choice_ = WeightedChoice(weights);
}

void OrgModel::build_locations(std::uint64_t identities) {
  const auto all = datasets::locations();  // the word list, not the member
  const std::uint64_t count = std::clamp<std::uint64_t>(5 + identities / 4000, 5, all.size());
  for (std::uint64_t k = 0; k < count; ++k) {
    locations_.push_back({std::string(all[k].name), std::string(all[k].slug)});
  }
  location_choice_ = WeightedChoice::zipf(count);
}

SystemIndex OrgModel::system_index(std::string_view code) const {
  for (SystemIndex s = 0; s < systems_.size(); ++s) {
    if (systems_[s].code == code) {
      return s;
    }
  }
  return kNoIndex16;
}

DepartmentIndex OrgModel::draw_department(Rng& rng) const {
  return static_cast<DepartmentIndex>(department_choice_.pick(rng));
}

LocationIndex OrgModel::draw_location(Rng& rng) const {
  return static_cast<LocationIndex>(location_choice_.pick(rng));
}

std::uint32_t OrgModel::draw_individual_title(DepartmentIndex department, Rng& rng) const {
  const Department& dept = departments_[department];
  const auto& titles = family_titles_[dept.family].individual;
  const std::size_t rank = title_choice_[dept.family].pick(rng);
  return titles[(rank + dept.title_rotation) % titles.size()];
}

}  // namespace accessgraph::datasets
