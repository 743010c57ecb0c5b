#include "loaders/row_cells.hpp"

namespace accessgraph::loaders {

void fill_identity(IdentityRecord& identity, const Row& row, const Graph& graph, StringArena& text) {
  using I = bundle::Identities;
  identity.display_name = text.store(row[I::kDisplayName]);
  identity.kind = row.enumerated<IdentityKind>(I::kKind, true);
  identity.status = row.enumerated<IdentityStatus>(I::kStatus, true);
  identity.manager = row.reference(I::kManagerId, graph.identity_ids, "identity", false, true);
  identity.owner = row.reference(I::kOwnerId, graph.identity_ids, "identity", false, true);
  identity.hire_date = row.date(I::kHireDate);
  identity.termination_date = row.date(I::kTerminationDate);
}

void fill_account(AccountRecord& account, const Row& row, const Graph& graph, StringArena& text) {
  using A = bundle::Accounts;
  account.system = row.reference(A::kSystemId, graph.system_ids, "system", true);
  const std::string_view identity_cell = row[A::kIdentityId];
  if (identity_cell.size() > kMaxIdBytes) row.fail(A::kIdentityId, "id longer than 256 bytes");
  account.identity_cell = text.store(identity_cell);
  // A name that matches no identity is kept: an orphan account.
  if (auto owner = graph.identity_ids.find(identity_cell)) account.identity = *owner;
  account.username = text.store(row[A::kUsername]);
  account.status = row.enumerated<AccountStatus>(A::kStatus, true);
  account.created = row.date(A::kCreated);
  account.last_used = row.date(A::kLastUsed);
  account.privileged = row.boolean(A::kPrivileged);
}

}  // namespace accessgraph::loaders
