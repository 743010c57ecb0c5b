#pragma once
// Dense integer ids, one strong type per node kind, so an AccountId can never be
// passed where a GroupId is meant. Assigned at load in file order: 0..count-1.
#include <compare>
#include <cstdint>
#include <functional>
#include <limits>

namespace accessgraph {

template <class Tag>
struct DenseId {
  static constexpr std::uint32_t kNone = std::numeric_limits<std::uint32_t>::max();

  std::uint32_t value = kNone;

  constexpr DenseId() = default;
  constexpr explicit DenseId(std::uint32_t v) : value(v) {}
  constexpr bool valid() const { return value != kNone; }
  constexpr auto operator<=>(const DenseId&) const = default;
};

using IdentityId = DenseId<struct IdentityTag>;
using AccountId = DenseId<struct AccountTag>;
using GroupId = DenseId<struct GroupTag>;
using RoleId = DenseId<struct RoleTag>;
using EntitlementId = DenseId<struct EntitlementTag>;
using SystemId = DenseId<struct SystemTag>;
using SodRuleId = DenseId<struct SodRuleTag>;
using BirthrightRuleId = DenseId<struct BirthrightRuleTag>;
// An interned attribute value (department, title, location), compared as an integer.
using AttributeId = DenseId<struct AttributeTag>;

}  // namespace accessgraph

template <class Tag>
struct std::hash<accessgraph::DenseId<Tag>> {
  std::size_t operator()(accessgraph::DenseId<Tag> id) const noexcept { return id.value; }
};
