#pragma once
// Display names and usernames, drawn from the identity's own random stream so an
// identity's name never depends on any other identity.
#include <cstdint>
#include <string>
#include <string_view>

#include "datasets/generator/population.hpp"

namespace accessgraph::datasets {

struct PersonName {
  std::string display;        // "Jane Smith", sometimes "Smith, Jane" or Robert "Bob" Smith
  std::string_view ascii_first;
  std::string_view ascii_last;
};

PersonName person_name(std::uint64_t seed, std::uint64_t index);

// "svc-sap-invoices-0042", "Jira sync bot 17", "API key - Salesforce - leads"...
std::string non_human_name(IdentityKind kind, std::string_view system_code,
                           std::string_view system_name, std::uint64_t index);

// jsmith, jsmith7 (directory logins); jane.smith@example.com (applications).
std::string directory_login(const PersonName& name, std::uint64_t index);
std::string email_login(const PersonName& name);

}  // namespace accessgraph::datasets
