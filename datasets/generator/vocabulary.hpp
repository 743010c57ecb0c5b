#pragma once
// The fixed word lists the generator draws names from: job families and their titles,
// people's names, places, systems, resource words. Data only, no logic.
#include <span>
#include <string_view>

#include "core/schema/enums.hpp"

namespace accessgraph::datasets {


// A job family: a division of the company. Its departments share titles and the
// applications they work in.
struct FamilySpec {
  std::string_view name;                        // "Engineering"
  std::string_view slug;                        // used in group and resource names
  unsigned department_weight;                   // how many departments it tends to have
  std::span<const std::string_view> ic_titles;  // most common first
  std::span<const std::string_view> systems;    // system codes its people work in
};

struct SystemSpec {
  std::string_view code;  // part of every id on the system: acct-<code>-..., grp-<code>-...
  std::string_view name;
  SystemKind kind;
  bool has_accounts;  // file shares and door badges are reached through directory groups
};

// A name part in display form (UTF-8) and in the ASCII form usernames are built from.
struct NamePart {
  std::string_view display;
  std::string_view ascii;
};

struct LocationSpec {
  std::string_view name;  // may hold a comma: "Austin, TX"
  std::string_view slug;
};

// Index 0 is the executive family (one department, the CEO's).
std::span<const FamilySpec> job_families();
// The base systems; the first one is the directory every person has an account in.
std::span<const SystemSpec> base_systems();
std::span<const NamePart> first_names();
std::span<const NamePart> last_names();
std::span<const LocationSpec> locations();
std::span<const std::string_view> department_qualifiers();
// Nouns for resources, teams, projects and generated application names.
std::span<const std::string_view> resource_words();
std::span<const std::string_view> project_codenames();
std::span<const std::string_view> application_nouns();

}  // namespace accessgraph::datasets
