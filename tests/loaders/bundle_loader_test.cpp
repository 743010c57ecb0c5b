#include "loaders/bundle_loader.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "core/common/error.hpp"
#include "tests/support/temp_bundle.hpp"

namespace accessgraph::loaders {
namespace {

// A small valid bundle:
//   u1 (employee, Finance/Clerk) -- acct1 (enabled) -- grp-a -(nested in)-> grp-b -grants-> ent-read
//   orphan account acct-x names "ghost", who does not exist
void write_valid(testing::TempBundle& b) {
  b.set("identities.csv",
        "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n"
        "u1,\"Doe, Jane\",employee,active,Finance,Clerk,NY,u2,,2020-01-01,\n"
        "u2,Boss,employee,active,Finance,Head,NY,,,2019-01-01T08:00:00Z,\n"
        "svc,Service,service,active,IT,,,,u2,,\n");
  b.set("systems.csv", "id,name,kind,owner_id\nad,Directory,directory,u2\n");
  b.set("accounts.csv",
        "id,system_id,identity_id,username,status,created,last_used,privileged\n"
        "acct1,ad,u1,jdoe,enabled,2020-01-01,2026-01-01,false\n"
        "acct-x,ad,ghost,ghost,enabled,,,true\n");
  b.set("groups.csv", "id,system_id,name,owner_id\ngrp-a,ad,A,\ngrp-b,ad,B,u2\n");
  b.set("entitlements.csv",
        "id,system_id,name,resource,action,sensitivity,owner_id\nent-read,ad,Read,share,read,,\n"
        "ent-write,ad,Write,share,write,3,u2\n");
  b.set("roles.csv", "id,name,kind,owner_id\nrole-clerk,Clerk,business,\n");
  b.set("group_members.csv",
        "group_id,member_kind,member_id\ngrp-a,account,acct1\ngrp-b,group,grp-a\ngrp-a,account,acct1\n");
  b.set("group_grants.csv", "group_id,entitlement_id\ngrp-b,ent-read\n");
  b.set("account_grants.csv", "account_id,entitlement_id,granted_at\nacct1,ent-write,2021-05-05\n");
  b.set("role_includes.csv", "role_id,included_role_id\n");
  b.set("role_grants.csv", "role_id,target_kind,target_id\nrole-clerk,group,grp-b\n");
  b.set("role_assignments.csv",
        "identity_id,role_id,source,granted_at,expires_at\nu1,role-clerk,birthright,,\n");
}

InputError load_error(const testing::TempBundle& bundle) {
  try {
    load_bundle(bundle.path());
  } catch (const InputError& error) {
    return error;
  }
  ADD_FAILURE() << "the bundle loaded, but an error was expected";
  return InputError("", 0, "", "", "");
}

void expect_error(testing::TempBundle& bundle, const std::string& file, const std::string& content,
                  std::uint64_t line, const std::string& column) {
  bundle.set(file, content);
  InputError error = load_error(bundle);
  EXPECT_EQ(error.file(), file) << error.what();
  EXPECT_EQ(error.line(), line) << error.what();
  EXPECT_EQ(error.column(), column) << error.what();
  EXPECT_NE(std::string(error.what()).find(file + ":" + std::to_string(line)), std::string::npos);
}

TEST(BundleLoader, LoadsAValidBundleIntoDenseIdsAndCsr) {
  testing::TempBundle bundle;
  write_valid(bundle);
  LoadReport report;
  Graph g = load_bundle(bundle.path(), {}, &report);
  ASSERT_EQ(g.identities.size(), 3u);
  IdentityId u1 = *g.identity_ids.find("u1");
  EXPECT_EQ(g.identities[u1.value].display_name, "Doe, Jane");
  EXPECT_EQ(g.identities[u1.value].manager, *g.identity_ids.find("u2"));
  EXPECT_EQ(g.attribute_values.name(g.identities[u1.value].department), "Finance");
  EXPECT_EQ(g.identities[1].hire_date, *Date::parse("2019-01-01"));
  // The orphan account keeps the name it gave and links to no identity.
  AccountId orphan = *g.account_ids.find("acct-x");
  EXPECT_FALSE(g.accounts[orphan.value].identity.valid());
  EXPECT_EQ(g.accounts[orphan.value].identity_cell, "ghost");
  EXPECT_TRUE(g.accounts[orphan.value].privileged);
  // Duplicate link rows collapse; nesting is child -> parent.
  AccountId acct1 = *g.account_ids.find("acct1");
  EXPECT_EQ(g.account_groups[acct1].size(), 1u);
  GroupId a = *g.group_ids.find("grp-a"), b = *g.group_ids.find("grp-b");
  ASSERT_EQ(g.group_parents[a].size(), 1u);
  EXPECT_EQ(g.group_parents[a][0], b);
  EXPECT_EQ(g.group_member_groups[b][0], a);
  EXPECT_EQ(g.entitlements[g.entitlement_ids.find("ent-read")->value].sensitivity, 0);
  EXPECT_EQ(g.entitlements[g.entitlement_ids.find("ent-write")->value].sensitivity, 3);
  EXPECT_EQ(g.identity_accounts[u1].size(), 1u);
  EXPECT_EQ(g.identity_assignments[u1].size(), 1u);
  EXPECT_GT(report.rows, 15u);
}

TEST(BundleLoader, ColumnsInAnyOrderAndExtraColumnsIgnored) {
  testing::TempBundle bundle;
  write_valid(bundle);
  bundle.set("systems.csv", "extra,owner_id,kind,name,id\nzzz,u2,saas,Directory,ad\n");
  Graph g = load_bundle(bundle.path());
  EXPECT_EQ(g.systems[0].kind, SystemKind::kSaas);
  EXPECT_EQ(g.systems[0].name, "Directory");
}

TEST(BundleLoader, OptionalFilesMayBeAbsentRequiredMayNot) {
  testing::TempBundle bundle;
  write_valid(bundle);
  EXPECT_NO_THROW(load_bundle(bundle.path()));
  bundle.remove("role_includes.csv");
  InputError error = load_error(bundle);
  EXPECT_EQ(error.file(), "role_includes.csv");
  EXPECT_EQ(error.line(), 0u);
}

TEST(BundleLoader, EveryErrorKindNamesFileLineAndColumn) {
  testing::TempBundle bundle;
  write_valid(bundle);
  const std::string identities_header =
      "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n";
  const std::string u2 = "u2,Boss,employee,active,Finance,Head,NY,,,,\n";
  expect_error(bundle, "identities.csv", identities_header + u2 + "u1,X,robot,active,,,,,,,\n", 3, "kind");
  expect_error(bundle, "identities.csv", identities_header + u2 + "u1,X,employee,,,,,,,,\n", 3, "status");
  expect_error(bundle, "identities.csv", identities_header + u2 + "u1,X,employee,active,,,,nobody,,,\n", 3,
               "manager_id");
  expect_error(bundle, "identities.csv", identities_header + u2 + "u1,X,employee,active,,,,,,2026-02-30,\n", 3,
               "hire_date");
  expect_error(bundle, "identities.csv", identities_header + u2 + "u2,Again,employee,active,,,,,,,\n", 3, "id");
  expect_error(bundle, "identities.csv", identities_header + u2 + ",X,employee,active,,,,,,,\n", 3, "id");
  expect_error(bundle, "identities.csv", identities_header + u2 + std::string(257, 'x') + ",X,employee,active,,,,,,,\n",
               3, "id");
  write_valid(bundle);
  expect_error(bundle, "entitlements.csv",
               "id,system_id,name,resource,action,sensitivity,owner_id\nent-read,ad,R,s,r,4,\nent-write,ad,W,s,w,,\n", 2,
               "sensitivity");
  write_valid(bundle);
  expect_error(bundle, "accounts.csv",
               "id,system_id,identity_id,username,status,created,last_used,privileged\n"
               "acct1,ad,u1,j,enabled,,,yes\nacct-x,ad,,g,enabled,,,\n",
               2, "privileged");
  write_valid(bundle);
  expect_error(bundle, "accounts.csv",
               "id,system_id,identity_id,username,status,created,last_used,privileged\n"
               "acct1,nosys,u1,j,enabled,,,\nacct-x,ad,,g,enabled,,,\n",
               2, "system_id");
  write_valid(bundle);
  expect_error(bundle, "group_members.csv",
               "group_id,member_kind,member_id\ngrp-a,account,acct1\ngrp-b,group,acct1\n", 3, "member_id");
  write_valid(bundle);
  expect_error(bundle, "group_members.csv", "group_id,member_kind,member_id\ngrp-a,user,acct1\n", 2,
               "member_kind");
  write_valid(bundle);
  expect_error(bundle, "role_grants.csv", "role_id,target_kind,target_id\nrole-clerk,entitlement,grp-b\n", 2,
               "target_id");
  write_valid(bundle);
  expect_error(bundle, "role_assignments.csv",
               "identity_id,role_id,source,granted_at,expires_at\nu1,role-clerk,birthright,,soon\n", 2, "expires_at");
  write_valid(bundle);
  expect_error(bundle, "role_includes.csv", "role_id,included_role_id\n\"role-clerk\",\n", 2, "included_role_id");
  write_valid(bundle);
  expect_error(bundle, "usage.csv", "account_id,entitlement_id,last_used\nacct1,ent-none,2026-01-01\n", 2,
               "entitlement_id");
}

TEST(BundleLoader, MalformedCsvAndMissingColumnsFail) {
  testing::TempBundle bundle;
  write_valid(bundle);
  expect_error(bundle, "group_grants.csv", "group_id,entitlement_id\ngrp-b,ent-read\n\"grp-a,ent-read\n", 3, "group_id");
  write_valid(bundle);
  expect_error(bundle, "group_grants.csv", "group_id,entitlement_id\ngrp-b,ent-read,extra\n", 2, "");
  write_valid(bundle);
  expect_error(bundle, "group_grants.csv", "group_id\ngrp-b\n", 1, "entitlement_id");
}

TEST(BundleLoader, RepeatedUnknownColumnsAreIgnoredRepeatedRequiredOnesAreNot) {
  testing::TempBundle bundle;
  write_valid(bundle);
  bundle.set("systems.csv", "id,notes,name,kind,notes,owner_id\nad,x,Directory,directory,y,u2\n");
  EXPECT_NO_THROW(load_bundle(bundle.path()));
  expect_error(bundle, "systems.csv", "id,name,kind,owner_id,name\nad,A,directory,u2,B\n", 1, "name");
}

TEST(BundleLoader, FileLevelDefectsTakeTheirPlaceInFileOrder) {
  testing::TempBundle bundle;
  write_valid(bundle);
  bundle.remove("roles.csv");
  bundle.set("identities.csv",
             "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n"
             "u2,Boss,employee,bogus,,,,,,,\n");
  InputError error = load_error(bundle);
  EXPECT_EQ(error.file(), "identities.csv");
  EXPECT_EQ(error.line(), 2u);
}

TEST(BundleLoader, SameFileDanglingReferencesYieldOnlyToMalformedRecords) {
  testing::TempBundle bundle;
  write_valid(bundle);
  const std::string header =
      "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,termination_date\n";
  // A real dangling manager at line 2 comes before a bad status at line 3 ...
  expect_error(bundle, "identities.csv",
               header + "u1,A,employee,active,,,,nobody,,,\nu2,B,employee,bogus,,,,,,,\n", 2, "manager_id");
  // ... but yields to a malformed record that may define the id it names.
  expect_error(bundle, "identities.csv",
               header + "u1,A,employee,active,,,,u2,,,\nu2,\"B\"x,employee,active,,,,,,,\n", 3, "display_name");
}

TEST(BundleLoader, FirstDefectInSpecFileOrderWins) {
  testing::TempBundle bundle;
  write_valid(bundle);
  bundle.set("role_grants.csv", "role_id,target_kind,target_id\nnope,group,grp-b\n");
  bundle.set("groups.csv", "id,system_id,name,owner_id\ngrp-a,ad,A,\ngrp-b,ad,B,u2\ngrp-c,bad,C,\n");
  InputError error = load_error(bundle);
  EXPECT_EQ(error.file(), "groups.csv");
  EXPECT_EQ(error.line(), 4u);
}

TEST(BundleLoader, LenientSkipsBadRowsAndTheirDependantsAndWritesRejects) {
  testing::TempBundle bundle;
  write_valid(bundle);
  // grp-b has a bad system: rejected, and with it every row that references grp-b.
  bundle.set("groups.csv", "id,system_id,name,owner_id\ngrp-a,ad,A,\ngrp-b,nosys,B,u2\n");
  LoadOptions options;
  options.lenient = true;
  options.rejects_path = bundle.path() / "rejects.csv";
  LoadReport report;
  Graph g = load_bundle(bundle.path(), options, &report);
  EXPECT_FALSE(g.group_ids.find("grp-b").has_value());
  EXPECT_TRUE(g.group_ids.find("grp-a").has_value());
  // groups.csv:3, group_members.csv:3 (grp-b nests grp-a), group_grants.csv:2, role_grants.csv:2
  ASSERT_EQ(report.rejected.size(), 4u);
  EXPECT_EQ(report.rejected[0].file, "groups.csv");
  std::ifstream rejects(options.rejects_path);
  std::stringstream text;
  text << rejects.rdbuf();
  EXPECT_NE(text.str().find("groups.csv,3,system_id,nosys,unknown system id"), std::string::npos) << text.str();
  EXPECT_NE(text.str().find("group_grants.csv,2,group_id"), std::string::npos);
}

TEST(BundleLoader, LargeFilesParseInParallelChunksWithExactLines) {
  testing::TempBundle bundle;
  write_valid(bundle);
  std::string accounts = "id,system_id,identity_id,username,status,created,last_used,privileged\n";
  for (int i = 0; i < 20000; ++i)
    accounts += "a" + std::to_string(i) + ",ad,u1,\"user, " + std::to_string(i) + "\",enabled,,,\n";
  accounts += "bad,ad,u1,x,sleeping,,,\n";
  bundle.set("accounts.csv", accounts);
  LoadOptions options;
  options.chunk_bytes = 4096;
  try {
    load_bundle(bundle.path(), options);
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.line(), 20002u);
    EXPECT_EQ(error.column(), "status");
  }
}

}  // namespace
}  // namespace accessgraph::loaders

namespace accessgraph::loaders {
namespace {

const std::string kDecisionsHeader = "identity_id,entitlement_id,decision,decided_at,reviewer_id\n";

TEST(DecisionsFile, LoadsInFileOrderAndIsOptional) {
  testing::TempBundle bundle;
  write_valid(bundle);
  EXPECT_EQ(load_bundle(bundle.path()).decisions, nullptr);  // no file: no decisions
  bundle.set("decisions.csv", kDecisionsHeader + "u1,ent-write,revoke,2026-01-15,u2\n"
                                                 "u1,ent-read,certify,,\n");
  const Graph g = load_bundle(bundle.path());
  ASSERT_NE(g.decisions, nullptr);
  ASSERT_EQ(g.decisions->size(), 2u);
  const ReviewDecision& first = (*g.decisions)[0];
  EXPECT_EQ(g.identity_ids.name(first.identity), "u1");
  EXPECT_EQ(g.entitlement_ids.name(first.entitlement), "ent-write");
  EXPECT_TRUE(first.revoked);
  EXPECT_EQ(first.decided_at.to_string(), "2026-01-15");
  EXPECT_EQ(first.reviewer_id, "u2");
  EXPECT_FALSE((*g.decisions)[1].revoked);
  EXPECT_FALSE((*g.decisions)[1].decided_at.present());
}

TEST(DecisionsFile, EveryBadCellNamesFileLineColumnAndValue) {
  testing::TempBundle bundle;
  write_valid(bundle);
  const std::string good = "u1,ent-read,certify,2026-01-15,u2\n";
  struct Case {
    std::string row, column, value;
  };
  for (const Case& c : {Case{"u1,ent-read,approve,2026-01-15,u2\n", "decision", "approve"},
                        Case{"u1,ent-read,,2026-01-15,u2\n", "decision", ""},
                        Case{"nobody,ent-read,revoke,,\n", "identity_id", "nobody"},
                        Case{"u1,ent-none,revoke,,\n", "entitlement_id", "ent-none"},
                        Case{",ent-read,revoke,,\n", "identity_id", ""},
                        Case{"u1,ent-read,revoke,2026-13-01,\n", "decided_at", "2026-13-01"}}) {
    bundle.set("decisions.csv", kDecisionsHeader + good + c.row + good);
    const InputError error = load_error(bundle);
    EXPECT_EQ(error.file(), "decisions.csv") << error.what();
    EXPECT_EQ(error.line(), 3u) << error.what();
    EXPECT_EQ(error.column(), c.column) << error.what();
    EXPECT_EQ(error.value(), c.value) << error.what();
  }
  bundle.set("decisions.csv", "identity_id,entitlement_id,decided_at,reviewer_id\n");
  const InputError missing = load_error(bundle);
  EXPECT_EQ(missing.column(), "decision");
  EXPECT_EQ(missing.line(), 1u);
}

TEST(DecisionsFile, LenientSkipsBadRowsIntoTheRejects) {
  testing::TempBundle bundle;
  write_valid(bundle);
  bundle.set("decisions.csv", kDecisionsHeader + "u1,ent-read,certify,,\nghost,ent-read,revoke,,\n");
  LoadOptions options;
  options.lenient = true;
  LoadReport report;
  const Graph g = load_bundle(bundle.path(), options, &report);
  ASSERT_EQ(g.decisions->size(), 1u);
  ASSERT_EQ(report.rejected.size(), 1u);
  EXPECT_EQ(report.rejected[0].file, "decisions.csv");
  EXPECT_EQ(report.rejected[0].line, 3u);
  EXPECT_EQ(report.rejected[0].column, "identity_id");
}

}  // namespace
}  // namespace accessgraph::loaders
