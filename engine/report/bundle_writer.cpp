#include "engine/report/bundle_writer.hpp"

#include <tbb/parallel_invoke.h>

#include "core/io/csv_table_writer.hpp"
#include "core/io/hr_events_csv.hpp"
#include "engine/report/output_order.hpp"

namespace accessgraph {
namespace {

// DIR/history/: the lifecycle history, in string ids (dense ids do not survive an
// export: deleted accounts are not written).
void write_history(const Graph& g, const LifecycleHistory& history, const std::vector<IdentityId>& identity_order,
                   const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  CsvTableWriter<bundle::HistoryClock> clock(dir);
  clock.row(history.start.to_string(), history.clock.to_string(), std::to_string(history.retention_days));
  clock.commit();
  std::vector<HrEvent> events;
  history.for_each_event([&](const LoggedEvent& logged) { events.push_back(logged.event); });
  OutputFile events_file(dir / bundle::HrEvents::kFileName);
  events_file.write(format_hr_events(events));
  events_file.commit();
  // What the review_revoke events among them remove (docs/review.md).
  CsvTableWriter<bundle::HistoryReviewRevocations> reviews(dir);
  constexpr std::string_view kRemovals[] = {"membership", "grant", "account"};
  for (const HrEvent& event : events)
    if (event.review)
      for (const AccessRemoval& removal : event.review->removals)
        reviews.row(event.event_id, event.review->campaign_id, event.review->item_id, event.review->reviewer_id,
                    event.review->comment, kRemovals[static_cast<std::size_t>(removal.kind)], removal.account_id,
                    removal.target_id);
  reviews.commit();

  auto identity = [&](IdentityId id) { return id_or_empty(g.identity_ids, id); };
  auto attribute = [&](AttributeId id) { return id_or_empty(g.attribute_values, id); };
  CsvTableWriter<bundle::HistoryOrigins> origins(dir);
  CsvTableWriter<bundle::Identities> identities(dir);
  CsvTableWriter<bundle::Accounts> accounts(dir);
  CsvTableWriter<bundle::GroupMembers> members(dir);
  CsvTableWriter<bundle::AccountGrants> grants(dir);
  CsvTableWriter<bundle::RoleAssignments> assignments(dir);
  for (IdentityId i : identity_order) {
    const IdentityOrigin* origin = history.origin(i);
    if (!origin) continue;
    const std::string_view name = g.identity_ids.name(i);
    origins.row(name, origin->existed ? "true" : "false");
    if (!origin->existed) continue;
    const IdentityRecord& r = origin->record;
    identities.row(name, r.display_name, to_string(r.kind), to_string(r.status), attribute(r.department),
                   attribute(r.title), attribute(r.location), identity(r.manager), identity(r.owner),
                   r.hire_date.to_string(), r.termination_date.to_string());
    std::vector<const AccountOrigin*> by_id;
    for (const AccountOrigin& account : origin->account_rows) by_id.push_back(&account);
    std::sort(by_id.begin(), by_id.end(), [&](const AccountOrigin* x, const AccountOrigin* y) {
      return csv_sort_key(g.account_ids.name(x->account)) < csv_sort_key(g.account_ids.name(y->account));
    });
    for (const AccountOrigin* row : by_id) {
      const AccountOrigin& account = *row;
      const AccountRecord& a = account.record;
      const std::string_view id = g.account_ids.name(account.account);
      accounts.row(id, g.system_ids.name(a.system), a.identity_cell, a.username, to_string(a.status),
                   a.created.to_string(), a.last_used.to_string(), a.privileged ? "true" : "false");
      for (GroupId group : account.groups) members.row(g.group_ids.name(group), "account", id);
      for (const AccountGrant& grant : account.grants)
        grants.row(id, g.entitlement_ids.name(grant.entitlement), grant.granted_at.to_string());
    }
    for (const RoleAssignment& a : origin->assignments)
      assignments.row(name, g.role_ids.name(a.role), to_string(a.source), a.granted_at.to_string(),
                      a.expires_at.to_string());
  }
  origins.commit();
  identities.commit();
  accounts.commit();
  members.commit();
  grants.commit();
  assignments.commit();
}

}  // namespace

void write_bundle(const Graph& g, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  // Identities and accounts in the byte order of their ids: the lifecycle adds both in
  // an order that depends on how events were batched; the bundle must not.
  std::vector<IdentityId> identity_order;
  std::vector<AccountId> account_order;
  tbb::parallel_invoke([&] { identity_order = csv_output_order(g.identity_ids); },
                       [&] { account_order = csv_output_order(g.account_ids); });
  auto identity = [&](IdentityId id) { return id_or_empty(g.identity_ids, id); };
  auto attribute = [&](AttributeId id) { return id_or_empty(g.attribute_values, id); };
  auto live = [&](AccountId a) { return !g.accounts[a.value].deleted; };

  tbb::parallel_invoke(
      [&] {
        CsvTableWriter<bundle::Identities> out(dir);
        for (IdentityId id : identity_order) {
          const IdentityRecord& r = g.identities[id.value];
          out.row(g.identity_ids.name(id), r.display_name, to_string(r.kind), to_string(r.status),
                  attribute(r.department), attribute(r.title), attribute(r.location), identity(r.manager),
                  identity(r.owner), r.hire_date.to_string(), r.termination_date.to_string());
        }
        out.commit();
        CsvTableWriter<bundle::Systems> systems(dir);
        for (std::uint32_t s = 0; s < g.systems.size(); ++s) {
          const SystemRecord& r = g.systems[s];
          systems.row(g.system_ids.name(SystemId(s)), r.name, to_string(r.kind), identity(r.owner));
        }
        systems.commit();
      },
      [&] {
        CsvTableWriter<bundle::Accounts> out(dir);
        for (AccountId id : account_order) {
          const AccountRecord& r = g.accounts[id.value];
          if (r.deleted) continue;
          out.row(g.account_ids.name(id), g.system_ids.name(r.system), r.identity_cell, r.username,
                  to_string(r.status), r.created.to_string(), r.last_used.to_string(), r.privileged ? "true" : "false");
        }
        out.commit();
        CsvTableWriter<bundle::Usage> usage(dir);
        for (AccountId a : account_order)
          if (live(a))
            for (const UsageRecord& u : g.account_usage[a])
              usage.row(g.account_ids.name(a), g.entitlement_ids.name(u.entitlement), u.last_used.to_string());
        usage.commit();
      },
      [&] {
        CsvTableWriter<bundle::Groups> groups(dir);
        for (std::uint32_t i = 0; i < g.groups.size(); ++i) {
          const GroupRecord& r = g.groups[i];
          groups.row(g.group_ids.name(GroupId(i)), g.system_ids.name(r.system), r.name, identity(r.owner));
        }
        groups.commit();
        CsvTableWriter<bundle::GroupMembers> members(dir);
        for (AccountId a : account_order)
          if (live(a))
            for (GroupId group : g.account_groups[a]) members.row(g.group_ids.name(group), "account", g.account_ids.name(a));
        for (std::uint32_t i = 0; i < g.groups.size(); ++i)
          for (GroupId parent : g.group_parents[GroupId(i)])
            members.row(g.group_ids.name(parent), "group", g.group_ids.name(GroupId(i)));
        members.commit();
        CsvTableWriter<bundle::GroupGrants> grants(dir);
        for (std::uint32_t i = 0; i < g.groups.size(); ++i)
          for (EntitlementId e : g.group_entitlements[GroupId(i)])
            grants.row(g.group_ids.name(GroupId(i)), g.entitlement_ids.name(e));
        grants.commit();
      },
      [&] {
        CsvTableWriter<bundle::Entitlements> out(dir);
        for (std::uint32_t i = 0; i < g.entitlements.size(); ++i) {
          const EntitlementRecord& r = g.entitlements[i];
          out.row(g.entitlement_ids.name(EntitlementId(i)), g.system_ids.name(r.system), r.name, r.resource, r.action,
                  std::to_string(r.sensitivity), identity(r.owner));
        }
        out.commit();
        CsvTableWriter<bundle::AccountGrants> grants(dir);
        for (AccountId a : account_order)
          if (live(a))
            for (const AccountGrant& grant : g.account_grant_rows[a])
              grants.row(g.account_ids.name(a), g.entitlement_ids.name(grant.entitlement), grant.granted_at.to_string());
        grants.commit();
        CsvTableWriter<bundle::SodRules> sod(dir);
        for (std::uint32_t r = 0; r < g.sod_rules.size(); ++r) {
          const SodRule& rule = g.sod_rules[r];
          sod.row(g.sod_rule_ids.name(SodRuleId(r)), g.entitlement_ids.name(rule.entitlement_a),
                  g.entitlement_ids.name(rule.entitlement_b), rule.severity, rule.description);
        }
        sod.commit();
      },
      [&] {
        CsvTableWriter<bundle::Roles> roles(dir);
        for (std::uint32_t i = 0; i < g.roles.size(); ++i) {
          const RoleRecord& r = g.roles[i];
          roles.row(g.role_ids.name(RoleId(i)), r.name, to_string(r.kind), identity(r.owner));
        }
        roles.commit();
        CsvTableWriter<bundle::RoleIncludes> includes(dir);
        CsvTableWriter<bundle::RoleGrants> role_grants(dir);
        for (std::uint32_t i = 0; i < g.roles.size(); ++i) {
          for (RoleId included : g.role_includes[RoleId(i)]) includes.row(g.role_ids.name(RoleId(i)), g.role_ids.name(included));
          for (EntitlementId e : g.role_entitlements[RoleId(i)])
            role_grants.row(g.role_ids.name(RoleId(i)), "entitlement", g.entitlement_ids.name(e));
          for (GroupId group : g.role_groups[RoleId(i)])
            role_grants.row(g.role_ids.name(RoleId(i)), "group", g.group_ids.name(group));
        }
        includes.commit();
        role_grants.commit();
        CsvTableWriter<bundle::Birthright> birthright(dir);
        for (std::uint32_t r = 0; r < g.birthright_rules.size(); ++r) {
          const BirthrightRule& rule = g.birthright_rules[r];
          birthright.row(g.birthright_rule_ids.name(BirthrightRuleId(r)), g.role_ids.name(rule.role),
                         rule.kind ? to_string(*rule.kind) : std::string_view(), attribute(rule.department),
                         attribute(rule.title), attribute(rule.location));
        }
        birthright.commit();
      },
      [&] {
        CsvTableWriter<bundle::RoleAssignments> assignments(dir);
        CsvTableWriter<bundle::RoleHistory> history(dir);
        for (IdentityId i : identity_order) {
          for (const RoleAssignment& a : g.identity_assignments[i])
            assignments.row(g.identity_ids.name(i), g.role_ids.name(a.role), to_string(a.source),
                            a.granted_at.to_string(), a.expires_at.to_string());
          for (const RoleHistoryRecord& h : g.identity_role_history[i])
            history.row(g.identity_ids.name(i), g.role_ids.name(h.role), h.granted_at.to_string(),
                        h.revoked_at.to_string());
        }
        assignments.commit();
        history.commit();
      },
      [&] {
        if (g.history) write_history(g, *g.history, identity_order, dir / bundle::kHistoryFolder);
      },
      [&] {
        if (!g.decisions || g.decisions->empty()) return;  // optional: no file without decisions
        CsvTableWriter<bundle::Decisions> decisions(dir);
        for (const ReviewDecision& d : *g.decisions)
          decisions.row(g.identity_ids.name(d.identity), g.entitlement_ids.name(d.entitlement),
                        d.revoked ? "revoke" : "certify", d.decided_at.to_string(), d.reviewer_id);
        decisions.commit();
      });
}

}  // namespace accessgraph
