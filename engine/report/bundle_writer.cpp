#include "engine/report/bundle_writer.hpp"

#include <tbb/parallel_invoke.h>

#include "core/io/csv_table_writer.hpp"

namespace accessgraph {
namespace {

std::string_view id_or_empty(const auto& table, auto id) { return id.valid() ? table.name(id) : std::string_view(); }

}  // namespace

void write_bundle(const Graph& g, const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  auto identity = [&](IdentityId id) { return id_or_empty(g.identity_ids, id); };
  auto attribute = [&](AttributeId id) { return id_or_empty(g.attribute_values, id); };
  auto live = [&](AccountId a) { return !g.accounts[a.value].deleted; };

  tbb::parallel_invoke(
      [&] {
        CsvTableWriter<bundle::Identities> out(dir);
        for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
          const IdentityRecord& r = g.identities[i];
          out.row(g.identity_ids.name(IdentityId(i)), r.display_name, to_string(r.kind), to_string(r.status),
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
        for (std::uint32_t a = 0; a < g.accounts.size(); ++a) {
          const AccountRecord& r = g.accounts[a];
          if (r.deleted) continue;
          out.row(g.account_ids.name(AccountId(a)), g.system_ids.name(r.system), r.identity_cell, r.username,
                  to_string(r.status), r.created.to_string(), r.last_used.to_string(), r.privileged ? "true" : "false");
        }
        out.commit();
        CsvTableWriter<bundle::Usage> usage(dir);
        for (std::uint32_t a = 0; a < g.accounts.size(); ++a)
          if (live(AccountId(a)))
            for (const UsageRecord& u : g.account_usage[AccountId(a)])
              usage.row(g.account_ids.name(AccountId(a)), g.entitlement_ids.name(u.entitlement), u.last_used.to_string());
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
        for (std::uint32_t a = 0; a < g.accounts.size(); ++a)
          if (live(AccountId(a)))
            for (GroupId group : g.account_groups[AccountId(a)])
              members.row(g.group_ids.name(group), "account", g.account_ids.name(AccountId(a)));
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
        for (std::uint32_t a = 0; a < g.accounts.size(); ++a)
          if (live(AccountId(a)))
            for (const AccountGrant& grant : g.account_grant_rows[AccountId(a)])
              grants.row(g.account_ids.name(AccountId(a)), g.entitlement_ids.name(grant.entitlement),
                         grant.granted_at.to_string());
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
        for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
          for (const RoleAssignment& a : g.identity_assignments[IdentityId(i)])
            assignments.row(g.identity_ids.name(IdentityId(i)), g.role_ids.name(a.role), to_string(a.source),
                            a.granted_at.to_string(), a.expires_at.to_string());
          for (const RoleHistoryRecord& h : g.identity_role_history[IdentityId(i)])
            history.row(g.identity_ids.name(IdentityId(i)), g.role_ids.name(h.role), h.granted_at.to_string(),
                        h.revoked_at.to_string());
        }
        assignments.commit();
        history.commit();
      });
}

}  // namespace accessgraph
