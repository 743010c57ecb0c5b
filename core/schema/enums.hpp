#pragma once
// The enumerated cells of SPEC section 1, with their exact spellings.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace accessgraph {

enum class IdentityKind : std::uint8_t { kEmployee, kContractor, kPartner, kService, kBot, kApiKey };
enum class IdentityStatus : std::uint8_t { kActive, kLeave, kTerminated };
enum class SystemKind : std::uint8_t { kUnspecified, kDirectory, kSaas, kCloud, kOnprem, kDatabase, kOther };
enum class AccountStatus : std::uint8_t { kEnabled, kDisabled };
enum class RoleKind : std::uint8_t { kUnspecified, kBusiness, kTechnical };
enum class MemberKind : std::uint8_t { kAccount, kGroup };
enum class RoleTargetKind : std::uint8_t { kEntitlement, kGroup };
// kMined: proposed by `roles mine` (issue 20); it loads and counts like any assignment.
enum class AssignmentSource : std::uint8_t { kUnspecified, kBirthright, kRequest, kDirect, kMined };

// Spellings in enum order; kUnspecified spells as the empty cell.
template <class Enum>
struct EnumNames;
template <>
struct EnumNames<IdentityKind> {
  static constexpr std::array<std::string_view, 6> kNames = {"employee", "contractor", "partner",
                                                             "service",  "bot",        "api_key"};
};
template <>
struct EnumNames<IdentityStatus> {
  static constexpr std::array<std::string_view, 3> kNames = {"active", "leave", "terminated"};
};
template <>
struct EnumNames<SystemKind> {
  static constexpr std::array<std::string_view, 7> kNames = {
      "", "directory", "saas", "cloud", "onprem", "database", "other"};
};
template <>
struct EnumNames<AccountStatus> {
  static constexpr std::array<std::string_view, 2> kNames = {"enabled", "disabled"};
};
template <>
struct EnumNames<RoleKind> {
  static constexpr std::array<std::string_view, 3> kNames = {"", "business", "technical"};
};
template <>
struct EnumNames<MemberKind> {
  static constexpr std::array<std::string_view, 2> kNames = {"account", "group"};
};
template <>
struct EnumNames<RoleTargetKind> {
  static constexpr std::array<std::string_view, 2> kNames = {"entitlement", "group"};
};
template <>
struct EnumNames<AssignmentSource> {
  static constexpr std::array<std::string_view, 5> kNames = {"", "birthright", "request", "direct", "mined"};
};

template <class Enum>
constexpr std::string_view to_string(Enum value) {
  return EnumNames<Enum>::kNames[static_cast<std::size_t>(value)];
}

template <class Enum>
constexpr std::optional<Enum> parse_enum(std::string_view text) {
  const auto& names = EnumNames<Enum>::kNames;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == text) return static_cast<Enum>(i);
  return std::nullopt;
}

// "a, b, c" for error messages: the values a cell may take.
template <class Enum>
std::string allowed_values() {
  std::string out;
  for (std::string_view name : EnumNames<Enum>::kNames) {
    if (name.empty()) continue;
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

constexpr bool is_non_human(IdentityKind kind) {
  return kind == IdentityKind::kService || kind == IdentityKind::kBot ||
         kind == IdentityKind::kApiKey;
}

}  // namespace accessgraph
