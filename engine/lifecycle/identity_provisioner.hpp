#pragma once
// The changes the lifecycle makes to one identity's rows in a private graph version,
// each evaluated at a date and written down through a ChangeRecorder (docs/lifecycle.md):
//
//   desired state (an event)  birthright assignments follow the rules; one enabled
//                             account per system the held roles reach, whose direct
//                             memberships and grants are exactly what they grant there
//   a role starting           its targets provisioned, nothing else touched
//   a role expiring           the assignment removed, with the memberships and grants
//                             only it gave
//   terminate / leave         accounts disabled (terminate also drops every assignment)
//   retention                 accounts deleted and archived with what they held
//
// Group and role closures never change here (events only touch identity rows), so the
// closures of the version the batch started from answer every question.
#include <optional>
#include <string>
#include <vector>

#include "core/graph/graph.hpp"
#include "core/graph/lifecycle_history.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/lifecycle/change_recorder.hpp"

namespace accessgraph {

// An identity's rows at one moment: what origins keep and what late events are
// diffed against. `existed` is false for an identity not yet hired.
using IdentityRows = IdentityOrigin;

class IdentityProvisioner {
 public:
  // `closures` indexes the version the graph was copied from; `strings` owns the text
  // of new ids and values.
  IdentityProvisioner(Graph& graph, const AccessIndex& closures, StringArena& strings, ChangeRecorder& recorder)
      : graph_(graph), closures_(closures), strings_(strings), recorder_(recorder) {}

  ChangeRecorder& recorder() { return recorder_; }
  void set_recorder(ChangeRecorder& recorder) { recorder_ = std::ref(recorder); }

  // The identity's rows now, and putting them back (replay); neither records anything.
  IdentityRows capture(IdentityId identity) const;
  void restore(IdentityId identity, const IdentityRows& rows);
  // Records the actions that turn `before` into the identity's rows now (a late event:
  // what provisioning must do at the clock).
  void record_difference(IdentityId identity, const IdentityRows& before);

  // A new identity (or one being replayed before its hire) with the event's attributes.
  IdentityId hire(const HrEvent& event, IdentityId existing);
  // Attribute cells of the event (empty: unchanged); throws ArgumentError naming the
  // attribute for an unknown kind or identity.
  void set_attributes(IdentityId identity, const HrEvent& event);
  void set_status(IdentityId identity, IdentityStatus status);
  void set_hire_date(IdentityId identity, Date date);
  void set_termination_date(IdentityId identity, Date date);

  // The desired state at `date`: birthright assignments, and with `provision_accounts`
  // the accounts, memberships and grants of the held roles.
  void reconcile(IdentityId identity, Date date, bool provision_accounts);
  // Adds what `role` (and the roles it includes) targets, creating or enabling accounts.
  void provision_role(IdentityId identity, RoleId role, Date date);
  // Removes the assignment at `index` of the identity's row, and the memberships and
  // grants its role targets that no role still held at `date` targets.
  void expire_assignment(IdentityId identity, std::size_t index, Date date);
  void disable_accounts(IdentityId identity);
  // A reviewer's revocation (SPEC section 9): each removal's direct membership or grant
  // taken off, or its account disabled. What is gone already (a later change removed
  // it, the account was deleted) is skipped: a replay in another order stays valid.
  void remove_access(IdentityId identity, const std::vector<AccessRemoval>& removals, Date date);
  void set_assignments(IdentityId identity, std::vector<RoleAssignment> assignments);
  // Deletes every account of the identity, archiving what each held.
  void delete_accounts(IdentityId identity, Date date);

  // Roles the identity holds at `date` (assignments valid then, birthright rules,
  // closed under includes), sorted.
  std::vector<RoleId> held_roles(IdentityId identity, Date date) const;

 private:
  AccountId account_for_system(IdentityId identity, SystemId system, Date date);
  void set_direct_access(IdentityId identity, AccountId account, std::vector<GroupId> groups,
                         std::vector<EntitlementId> entitlements, Date date);
  void set_account_status(IdentityId identity, AccountId account, AccountStatus status);
  std::string identity_name(IdentityId identity) const { return std::string(graph_.identity_ids.name(identity)); }
  std::string account_name(AccountId account) const { return std::string(graph_.account_ids.name(account)); }

  Graph& graph_;
  const AccessIndex& closures_;
  StringArena& strings_;
  std::reference_wrapper<ChangeRecorder> recorder_;
};

}  // namespace accessgraph
