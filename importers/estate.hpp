#pragma once
// The estate: everything the sources said, in one neutral model, before it becomes a
// bundle. People (identities), accounts, groups, entitlements and the edges between
// them, plus the attribute values correlation matches on. Every importer writes here
// and only the bundle emitter reads it, so no format knows about another.
//
//   identity <-(identity)- account -(member)-> group -(member)-> group -(grant)-> entitlement
//                            └──────────────(grant)──────────────────────────────┘
//
// Records refer to each other by index; strings live once in the estate's arena. Not
// thread-safe: sources are read one after another.
#include <absl/container/flat_hash_map.h>

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/graph/string_arena.hpp"
#include "core/schema/enums.hpp"
#include "importers/import_config.hpp"
#include "importers/text_hash.hpp"

namespace accessgraph::importers {

using Index = std::uint32_t;
inline constexpr Index kNoIndex = std::numeric_limits<Index>::max();

struct SystemRecord {
  std::string_view id, name;
  SystemKind kind = SystemKind::kOther;
};

struct IdentityRecord {
  std::string_view id, display_name, department, title, location;
  IdentityKind kind = IdentityKind::kEmployee;
  IdentityStatus status = IdentityStatus::kActive;
  Date hire_date, termination_date;
  Index manager = kNoIndex;  // identities
  Index owner = kNoIndex;
  Index source = kNoIndex;
};

struct AccountRecord {
  std::string_view id, username;
  Index system = kNoIndex;
  Index source = kNoIndex;
  Index identity = kNoIndex;  // its own identity (a machine's, or `identities: true`), else set by correlation
  bool own_identity = false;  // linked at import, so correlation leaves it alone
  AccountStatus status = AccountStatus::kEnabled;
  Date created, last_used;
  bool privileged = false;  // the source says so (adminCount); privileged groups add more later
};

// Sensitivity of a group's membership entitlement, unless the source says otherwise.
inline constexpr std::uint8_t kGroupSensitivity = 1;
inline constexpr std::uint8_t kPrivilegedSensitivity = 3;

struct GroupRecord {
  std::string_view id, name;
  Index system = kNoIndex;
  Index source = kNoIndex;
  std::uint8_t sensitivity = kGroupSensitivity;
  // Directory groups grant one entitlement naming the group (membership is access);
  // AWS groups grant only their policies.
  bool membership_entitlement = true;
  Index owner_account = kNoIndex;
};

struct EntitlementRecord {
  std::string_view id, name, resource, action;
  Index system = kNoIndex;
  std::uint8_t sensitivity = 0;
};

struct Membership {
  Index group, member;
  friend auto operator<=>(const Membership&, const Membership&) = default;
};
struct AccountGrant {
  Index account, entitlement;
  Date granted_at;
};
struct GroupGrant {
  Index group, entitlement;
  friend auto operator<=>(const GroupGrant&, const GroupGrant&) = default;
};

// One value of a correlation attribute (several per owner when multi-valued: emails).
struct AttributeValue {
  Index owner;
  std::uint16_t attribute;  // index into the estate's account or identity attribute names
  std::string_view value;
};

class Estate {
 public:
  // Only attributes that some rule names are kept: an estate of millions of accounts
  // does not carry every attribute of every entry.
  explicit Estate(const std::vector<CorrelationRule>& rules);

  // Records' strings must come from here: the estate outlives every source's buffers.
  std::string_view store(std::string_view text) { return arena_.store(text); }
  // Takes `size` bytes filled elsewhere (an importer's batch of strings) as they are.
  const char* adopt(std::unique_ptr<char[]> bytes, std::size_t size) { return arena_.adopt(std::move(bytes), size); }

  Index add_system(SystemRecord record);
  // kNoIndex when an identity with that id exists already.
  Index add_identity(IdentityRecord record);
  // Room for `more` identities, so that a big HR file does not rehash as it grows.
  void reserve_identities(std::size_t more);
  std::optional<Index> find_identity(std::string_view id) const;
  // Starts fetching the part of the id table where `id` is or would go, for a caller that
  // adds or finds it a few rows later: a big HR file spends most of its time waiting on
  // these misses otherwise.
  void prefetch_identity(std::string_view id) const { identity_ids_.prefetch(id); }
  Index add_account(AccountRecord record);
  Index add_group(GroupRecord record);
  Index add_entitlement(EntitlementRecord record);

  // The attribute's slot when some rule names it (names compare case-insensitively).
  std::optional<std::uint16_t> account_attribute(std::string_view name) const;
  std::optional<std::uint16_t> identity_attribute(std::string_view name) const;
  void add_account_value(Index account, std::uint16_t attribute, std::string_view value);
  void add_identity_value(Index identity, std::uint16_t attribute, std::string_view value);
  // Both in one step, for sources that offer values by name.
  void add_account_value(Index account, std::string_view name, std::string_view value);
  void add_identity_value(Index identity, std::string_view name, std::string_view value);

  const std::vector<std::string>& account_attribute_names() const { return account_attribute_names_; }
  const std::vector<std::string>& identity_attribute_names() const { return identity_attribute_names_; }

  std::vector<SystemRecord> systems;
  std::vector<IdentityRecord> identities;
  std::vector<AccountRecord> accounts;
  std::vector<GroupRecord> groups;
  std::vector<EntitlementRecord> entitlements;
  std::vector<Membership> account_members;  // group <- account
  std::vector<Membership> group_members;    // group <- member group
  std::vector<GroupGrant> group_grants;
  std::vector<AccountGrant> account_grants;
  std::vector<AttributeValue> account_values;
  std::vector<AttributeValue> identity_values;

 private:
  StringArena arena_;
  absl::flat_hash_map<std::string_view, Index, TextHash> identity_ids_;
  std::vector<std::string> account_attribute_names_;   // lower case
  std::vector<std::string> identity_attribute_names_;  // lower case
};

// ASCII case-insensitive equality (attribute names, DN attribute types, enum words).
bool equals_ignoring_case(std::string_view a, std::string_view b);
std::string lower_ascii(std::string_view text);

}  // namespace accessgraph::importers
