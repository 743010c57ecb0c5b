#pragma once
// accounts.csv's privileged flag: an account is privileged when its source says so
// (adminCount) or when it holds a critical entitlement (sensitivity 3) directly or
// through any chain of nested groups: a member of Domain Admins, a role with
// AdministratorAccess.
#include "importers/estate.hpp"

namespace accessgraph::importers {

void mark_privileged_accounts(Estate& estate);

}  // namespace accessgraph::importers
