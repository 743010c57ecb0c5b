#include "datasets/generator/catalog_writer.hpp"

namespace accessgraph::datasets {
namespace {

void owner_field(CsvBuffer& out, std::uint32_t owner) {
  if (owner == kNone) {
    out.empty();
  } else {
    append_identity_id(out.raw_field(), owner);
  }
}

void write_systems(const OrgModel& org, const AccessModel& access, BundleSink& sink) {
  CsvBuffer out;
  for (std::size_t s = 0; s < org.systems().size(); ++s) {
    const System& system = org.systems()[s];
    out.field(system.code).field(system.name).field(to_string(system.kind));
    owner_field(out, access.system_owners()[s]);
    out.end_row();
  }
  sink.append(BundleFile::kSystems, out);
}

void write_groups(const OrgModel& org, const AccessModel& access, BundleSink& sink) {
  CsvBuffer groups;
  CsvBuffer members;
  CsvBuffer grants;
  for (const Group& group : access.groups()) {
    groups.field(group.id).field(org.systems()[group.system].code).field(group.name);
    owner_field(groups, group.owner);
    groups.end_row();
    for (const std::uint32_t member : group.member_groups) {
      members.field(group.id).field(to_string(MemberKind::kGroup)).field(access.groups()[member].id);
      members.end_row();
    }
    for (const std::uint32_t entitlement : group.grants) {
      grants.field(group.id).field(access.entitlements()[entitlement].id);
      grants.end_row();
    }
    sink.flush_if_large(BundleFile::kGroups, groups);
    sink.flush_if_large(BundleFile::kGroupMembers, members);
    sink.flush_if_large(BundleFile::kGroupGrants, grants);
  }
  sink.append(BundleFile::kGroups, groups);
  sink.append(BundleFile::kGroupMembers, members);
  sink.append(BundleFile::kGroupGrants, grants);
}

void write_entitlements(const OrgModel& org, const AccessModel& access, BundleSink& sink) {
  CsvBuffer out;
  for (const Entitlement& entitlement : access.entitlements()) {
    out.field(entitlement.id).field(org.systems()[entitlement.system].code).field(entitlement.name);
    out.field(entitlement.resource).field(entitlement.action).field(std::uint64_t{entitlement.sensitivity});
    owner_field(out, entitlement.owner);
    out.end_row();
    sink.flush_if_large(BundleFile::kEntitlements, out);
  }
  sink.append(BundleFile::kEntitlements, out);
}

void write_roles(const AccessModel& access, BundleSink& sink) {
  CsvBuffer roles;
  CsvBuffer includes;
  CsvBuffer grants;
  for (const Role& role : access.roles()) {
    roles.field(role.id).field(role.name);
    roles.field(to_string(role.kind));
    owner_field(roles, role.owner);
    roles.end_row();
    for (const std::uint32_t included : role.includes) {
      includes.field(role.id).field(access.roles()[included].id);
      includes.end_row();
    }
    for (const std::uint32_t group : role.grant_groups) {
      grants.field(role.id).field(to_string(RoleTargetKind::kGroup)).field(access.groups()[group].id);
      grants.end_row();
    }
    for (const std::uint32_t entitlement : role.grant_entitlements) {
      grants.field(role.id).field(to_string(RoleTargetKind::kEntitlement)).field(access.entitlements()[entitlement].id);
      grants.end_row();
    }
    sink.flush_if_large(BundleFile::kRoles, roles);
    sink.flush_if_large(BundleFile::kRoleIncludes, includes);
    sink.flush_if_large(BundleFile::kRoleGrants, grants);
  }
  sink.append(BundleFile::kRoles, roles);
  sink.append(BundleFile::kRoleIncludes, includes);
  sink.append(BundleFile::kRoleGrants, grants);
}

void write_rules(const OrgModel& org, const AccessModel& access, BundleSink& sink) {
  CsvBuffer sod;
  for (const SodRule& rule : access.sod_rules()) {
    sod.field(rule.id).field(access.entitlements()[rule.entitlement_a].id);
    sod.field(access.entitlements()[rule.entitlement_b].id).field(rule.severity).field(rule.description);
    sod.end_row();
  }
  sink.append(BundleFile::kSodRules, sod);

  CsvBuffer birthright;
  for (const BirthrightRule& rule : access.birthright_rules()) {
    birthright.field(rule.id).field(access.roles()[rule.role].id).field(rule.kind);
    if (rule.department != kNoIndex16) {
      birthright.field(org.departments()[rule.department].name);
    } else {
      birthright.empty();
    }
    if (rule.title != kNone) {
      birthright.field(org.titles()[rule.title]);
    } else {
      birthright.empty();
    }
    if (rule.location != kNoIndex16) {
      birthright.field(org.locations()[rule.location].name);
    } else {
      birthright.empty();
    }
    birthright.end_row();
  }
  sink.append(BundleFile::kBirthright, birthright);
}

void write_structure_notes(const AccessModel& access, BundleSink& sink) {
  CsvBuffer truth;
  for (const StructureNote& note : access.structure_notes()) {
    truth.field(note.anomaly).field(note.subject_kind).field(note.subject_id).field(note.related_id).field(note.detail);
    truth.end_row();
  }
  sink.append(BundleFile::kTruth, truth);
}

}  // namespace

void write_catalog(const OrgModel& org, const AccessModel& access, BundleSink& sink) {
  write_systems(org, access, sink);
  write_groups(org, access, sink);
  write_entitlements(org, access, sink);
  write_roles(access, sink);
  write_rules(org, access, sink);
  write_structure_notes(access, sink);
}

}  // namespace accessgraph::datasets
