#pragma once
// Applies HR events (SPEC section 6) to a private copy of a graph version, one event
// at a time, turning each into a provisioning plan and audit entries. Each event
// touches only its identity's rows (records, accounts, memberships, grants, role
// assignments): the copy shares everything else with the version it came from, and
// group and role closures are never recomputed.
//
// All or nothing: the caller publishes the result only when every event applied; an
// invalid event throws InputError naming it, and the copy is dropped.
#include <absl/container/flat_hash_set.h>

#include <memory>
#include <string>
#include <vector>

#include "accessgraph/lifecycle.hpp"
#include "engine/closure/access_index.hpp"
#include "core/graph/graph.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

class LifecycleSession {
 public:
  // `base_index` supplies the shared closures and as_of; it must index `base`.
  LifecycleSession(const Graph& base, const AccessIndex& base_index, std::string events_label = "hr_events.csv");

  void apply(const HrEvent& event);
  // Deletes the disabled accounts of identities terminated at least retention_days
  // before as_of, recording what they held.
  void archive(const LifecycleOptions& options);

  Graph& graph() { return graph_; }
  const std::vector<IdentityId>& touched_identities() const { return touched_; }
  std::vector<PlanAction>& plan() { return plan_; }
  std::vector<AuditEntry>& audit() { return audit_; }
  std::vector<ArchivedAccount>& archived() { return archived_; }

 private:
  struct Change;  // the event being applied: id, date, sequence counter

  // SPEC 6 desired state: birthright assignments match the rules; with
  // `provision_accounts`, one enabled account per system the held roles reach, whose
  // direct memberships and grants are exactly what those roles grant there, and
  // nothing held directly by any other account of the identity.
  void reconcile(Change& change, IdentityId identity, bool provision_accounts);
  void set_attributes(Change& change, IdentityId identity, const HrEvent& event);
  void set_status(Change& change, IdentityId identity, IdentityStatus status);
  void disable_accounts(Change& change, IdentityId identity);
  void set_assignments(Change& change, IdentityId identity, std::vector<RoleAssignment> assignments);
  AccountId account_for_system(Change& change, IdentityId identity, SystemId system);
  void set_direct_access(Change& change, IdentityId identity, AccountId account,
                         std::vector<GroupId> groups, std::vector<EntitlementId> entitlements);
  IdentityId hire(Change& change, const HrEvent& event);
  void touch(IdentityId identity);
  [[noreturn]] void reject(const HrEvent& event, const std::string& column, const std::string& value,
                           const std::string& reason) const;

  Graph graph_;
  const AccessIndex& base_index_;
  std::string events_label_;
  std::shared_ptr<StringArena> strings_;  // new ids and values of this session
  std::vector<IdentityId> touched_;
  absl::flat_hash_set<std::uint32_t> is_touched_;
  std::vector<PlanAction> plan_;
  std::vector<AuditEntry> audit_;
  std::vector<ArchivedAccount> archived_;
};

}  // namespace accessgraph
