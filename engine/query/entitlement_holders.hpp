#pragma once
// Who holds one entitlement (SPEC section 2), on dense ids: actual access read
// backwards, for who-has. The groups granted E, every group nested in them (their
// member groups, transitively), their member accounts and the accounts granted E
// directly hold E; of those, the enabled accounts linked to an identity give it E.
//
// Sets are byte maps over dense ids, not hash sets or sorted vectors, so a popular
// entitlement (most of the company) costs a few linear passes and no string work.
//
// Later graph versions patch membership and grant rows of single accounts; the
// reverse indexes of the load do not see those patches, so every patched account is
// decided on its current rows instead (AccessIndex::account_holds).
#include <cstdint>
#include <span>
#include <vector>

#include "engine/closure/access_index.hpp"

namespace accessgraph {

struct EntitlementHolders {
  std::vector<IdentityId> identities;            // dense id order
  std::vector<std::uint8_t> justified;           // per identity: E is also expected of it
  std::vector<std::uint32_t> account_offsets;    // per identity + 1, into accounts
  std::vector<AccountId> accounts;               // the enabled accounts giving E, by dense id

  std::span<const AccountId> accounts_of(std::size_t holder) const {
    return {accounts.data() + account_offsets[holder], accounts.data() + account_offsets[holder + 1]};
  }
};

EntitlementHolders find_holders(const AccessIndex& index, EntitlementId entitlement);

}  // namespace accessgraph
