#pragma once
// Peer frequencies for every identity and entitlement, in one parallel pass: count,
// per peer group, how many active members have each entitlement; an identity's own
// frequency is then that count with the identity left out. Never pairwise.
//
// Peers of I (SPEC section 2, with the default key department,title): the other
// active identities whose key attributes all equal I's, all non-empty.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/closure/access_index.hpp"
#include "engine/closure/ascending_lookup.hpp"
#include "engine/closure/materialized_access.hpp"
#include "engine/closure/set_table.hpp"

namespace accessgraph {

enum class IdentityAttribute : std::uint8_t { kDepartment, kTitle, kLocation, kManager, kOwner, kKind };

struct PeerKey {
  std::vector<IdentityAttribute> attributes{IdentityAttribute::kDepartment, IdentityAttribute::kTitle};

  // "department,title", "manager_id", "department,location"... Throws InputError.
  static PeerKey parse(std::string_view text);
  std::string to_string() const;
};

struct PeerFrequency {
  std::uint32_t holders = 0;  // peers that have the entitlement
  std::uint32_t peers = 0;    // > 0
};

class PeerIndex {
 public:
  struct Count {
    EntitlementId entitlement;
    std::uint32_t holders;  // active members of the group that have it
    bool operator<(const Count& other) const { return entitlement < other.entitlement; }
  };
  static constexpr std::uint32_t kNoGroup = 0xFFFFFFFFu;

  // `access`, when given, is every identity's actual access already materialised
  // (several indexes built together share it instead of each computing the unions).
  PeerIndex(const AccessIndex& index, PeerKey key, const MaterializedAccess* access = nullptr);

  const PeerKey& key() const { return key_; }
  // nullopt when the identity has no peers (undefined frequency).
  std::optional<PeerFrequency> frequency(IdentityId identity, EntitlementId entitlement,
                                         bool identity_has_it) const;
  // One identity's group, for many frequency() lookups of that identity: fastest when
  // asked in ascending entitlement order (the order of a scan over its access).
  class Cursor {
    friend class PeerIndex;
    std::uint32_t group_ = kNoGroup;
    bool active_ = false;
    std::span<const std::uint32_t> dense_;  // the group's dense row, if it has one
    AscendingLookup<Count, EntitlementId, &Count::entitlement> counts_;
  };
  Cursor cursor(IdentityId identity) const;
  std::optional<PeerFrequency> frequency(Cursor& cursor, EntitlementId entitlement, bool identity_has_it) const;
  std::uint32_t peer_count(IdentityId identity) const;
  std::size_t group_count() const { return active_members_.size(); }

  // The groups themselves, for passes that visit each group once (PeerConsensus).
  std::uint32_t group_of(IdentityId identity) const { return group_of_[identity.value]; }
  std::span<const IdentityId> active_members(std::uint32_t group) const { return members_[group]; }
  std::span<const Count> counts(std::uint32_t group) const { return counts_[group]; }
  // What one identity of a group with `active_members` active members and `holders`
  // holders sees: itself left out when it is active (and its holding, when it has it).
  static std::optional<PeerFrequency> seen_by(std::uint32_t holders, std::uint32_t active_members,
                                              bool self_active, bool self_has_it);

 private:
  const Graph* graph_;
  PeerKey key_;
  std::vector<std::uint32_t> group_of_;        // per identity
  std::vector<std::uint32_t> active_members_;  // per group
  SetTable<IdentityId> members_;               // per group: its active identities
  SetTable<Count> counts_;                     // per group, sorted by entitlement
  // Groups whose row covers much of the entitlements (the whole population, big
  // departments) also get a dense row: a lookup there is one load, not a binary search.
  std::vector<std::uint32_t> dense_slot_;              // per group, kNoGroup if none
  std::vector<std::vector<std::uint32_t>> dense_rows_;  // holders by entitlement
};

}  // namespace accessgraph
