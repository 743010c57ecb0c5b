#include "importers/privileged_groups.hpp"

#include <array>
#include <cstdint>

#include "importers/estate.hpp"
#include "importers/security_identifier.hpp"

namespace accessgraph::importers {
namespace {

// Domain groups by RID: Domain Admins, Domain Controllers, Schema Admins, Enterprise
// Admins, Group Policy Creator Owners, Key Admins, Enterprise Key Admins.
constexpr std::array<std::uint32_t, 7> kDomainRids = {512, 516, 518, 519, 520, 526, 527};
// Built-in groups (S-1-5-32-RID): Administrators, Account, Server, Print and Backup Operators.
constexpr std::array<std::uint32_t, 5> kBuiltinRids = {544, 548, 549, 550, 551};

constexpr std::array<std::string_view, 13> kNames = {
    "domain admins",     "enterprise admins",     "schema admins",   "administrators",
    "account operators", "server operators",      "print operators", "backup operators",
    "key admins",        "enterprise key admins", "dnsadmins",       "group policy creator owners",
    "domain controllers"};

template <std::size_t N>
bool contains(const std::array<std::uint32_t, N>& rids, std::uint32_t rid) {
  for (std::uint32_t known : rids)
    if (known == rid) return true;
  return false;
}

}  // namespace

bool is_privileged_group(std::string_view name, std::string_view sid) {
  if (auto rid = sid_rid(sid)) {
    if (is_builtin_sid(sid)) return contains(kBuiltinRids, *rid);
    if (sid.find("S-1-5-21-") != std::string_view::npos) return contains(kDomainRids, *rid);
  }
  std::string_view plain = name.substr(0, name.find('@'));
  for (std::string_view known : kNames)
    if (equals_ignoring_case(plain, known)) return true;
  return false;
}

}  // namespace accessgraph::importers
