#pragma once
// Every identity's actual and expected access as one sorted row of codes, so that a
// check is one binary search in a row of ~100 entries instead of a walk over the
// identity's accounts, their groups' closures and its roles' closures (cache misses
// at every step). Built on request -- the server does at startup (about 4 bytes per
// pair: 0.5 GB and a second or two at 1M identities) -- never for a one-shot command.
//
// Versions made by lifecycle events keep their parent's table and the list of
// identities whose rows it no longer describes; those are checked the long way.
#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "engine/closure/access_index.hpp"

namespace accessgraph {

class AccessTable {
 public:
  // nullptr when the entitlement ids do not fit the codes (2^30 and more).
  static std::shared_ptr<const AccessTable> build(const AccessIndex& index);

  struct Lookup {
    bool has = false, expected = false;
  };
  // nullopt for an identity added after the table was built.
  std::optional<Lookup> lookup(IdentityId identity, EntitlementId entitlement) const;
  // Starts fetching where the identity's row is (lookup's first cache miss).
  void prefetch(IdentityId identity) const {
    if (identity.value < offsets_.size()) __builtin_prefetch(&offsets_[identity.value]);
  }

 private:
  static constexpr std::uint32_t kHas = 2, kExpected = 1;  // low bits of a code; the id above

  std::vector<std::uint64_t> offsets_;  // per identity
  std::vector<std::uint32_t> codes_;    // entitlement << 2 | has << 1 | expected, sorted per identity
};

}  // namespace accessgraph
