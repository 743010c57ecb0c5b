#pragma once
// Every identity's actual access with its justified flag, computed once, in parallel,
// into flat arrays: the "compute" of analyze, kept apart from formatting and writing.
#include <cstdint>
#include <span>
#include <vector>

#include "engine/closure/access_index.hpp"

namespace accessgraph {

class MaterializedAccess {
 public:
  static MaterializedAccess compute(const AccessIndex& index);

  // The identity's entitlements, sorted by dense id, and the index of its first pair.
  std::span<const EntitlementId> of(IdentityId identity) const {
    return {entitlements_.data() + offsets_[identity.value], entitlements_.data() + offsets_[identity.value + 1]};
  }
  std::uint64_t first_pair(IdentityId identity) const { return offsets_[identity.value]; }
  bool justified(std::uint64_t pair) const { return justified_[pair] != 0; }
  // The identity's justified flags (1 or 0), parallel to of(identity).
  std::span<const std::uint8_t> justified_of(IdentityId identity) const {
    return {justified_.data() + offsets_[identity.value], justified_.data() + offsets_[identity.value + 1]};
  }
  std::uint64_t pair_count() const { return entitlements_.size(); }

 private:
  std::vector<std::uint64_t> offsets_;  // per identity, dense id order
  std::vector<EntitlementId> entitlements_;
  std::vector<std::uint8_t> justified_;  // per pair
};

}  // namespace accessgraph
