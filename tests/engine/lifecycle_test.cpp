// Lifecycle (SPEC section 6): events to plans and a new version, what-if, export.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "accessgraph/batch.hpp"
#include "datasets/generator/generator.hpp"
#include "tests/support/bundle_text.hpp"

namespace accessgraph {
namespace {

using testing::BundleText;
using testing::TempBundle;

const std::string kSample = std::string(ACCESSGRAPH_SOURCE_DIR) + "/datasets/sample";

Engine open(const std::filesystem::path& bundle, const char* as_of) {
  OpenOptions options;
  options.as_of = *Date::parse(as_of);
  return Engine::open_bundle(bundle, options);
}

std::set<std::string> actual(const Engine& engine, const std::string& identity) {
  std::set<std::string> ids;
  for (const auto& entry : engine.access(identity).entitlements) ids.insert(entry.entitlement_id);
  return ids;
}

std::set<std::string> identities_in(const std::string& events_csv) {
  std::set<std::string> ids;
  std::istringstream lines(events_csv);
  std::string line;
  std::getline(lines, line);
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    for (std::string cell; std::getline(row, cell, ',');) cells.push_back(cell);
    if (cells.size() > 3) ids.insert(cells[3]);
  }
  return ids;
}

std::string read(const std::filesystem::path& path) {
  std::ifstream in(path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(Lifecycle, SampleEventsReachTheDesiredState) {
  Engine before = open(kSample, "2026-11-16");
  const std::string events = read(kSample + "/hr_events.csv");
  LifecycleRun run = before.apply_events_file(kSample + "/hr_events.csv");
  const Engine& after = run.after;

  // Active identities touched by hire, transfer, return or rehire: actual == expected.
  for (const char* id : {"u-irene", "u-lucia", "u-henry", "u-ethan", "u-wendy", "u-tomas"}) {
    for (const Finding& f : after.findings_for_identity(id)) {
      EXPECT_NE(f.type, "missing_access") << id << " " << f.related_id;
      EXPECT_NE(f.type, "unjustified_access") << id << " " << f.related_id;
    }
    EXPECT_FALSE(after.access(id).entitlements.empty()) << id;
  }
  // Leavers (terminate, leave) hold nothing.
  EXPECT_TRUE(after.access("u-leo").entitlements.empty());
  EXPECT_TRUE(after.access("u-fatima").entitlements.empty());
  // Identities no event and no scheduled change touched keep exactly their access.
  const std::set<std::string> touched = identities_in(events);
  for (const char* id : {"u-alice", "u-maria", "u-ravi", "u-bob", "u-olivia", "svc-backup"}) {
    ASSERT_FALSE(touched.count(id));
    EXPECT_EQ(actual(before, id), actual(after, id)) << id;
  }
  // u-victor, terminated with an enabled account, is disabled at once (leaver drift).
  EXPECT_FALSE(actual(before, "u-victor").empty());
  EXPECT_TRUE(actual(after, "u-victor").empty());
  // The version we started from is untouched.
  EXPECT_THROW(before.access("u-irene"), NotFoundError);
  EXPECT_FALSE(before.access("u-leo").entitlements.empty());
  // Plans are per change (an event or a scheduled change), in date order, with the
  // action names of docs/lifecycle.md; scheduled changes carry no event id.
  const std::set<std::string> actions = {"create_account", "enable_account", "disable_account", "add_member",
                                         "remove_member",  "grant",          "revoke",          "assign_role",
                                         "unassign_role",  "delete_account"};
  std::string last_change, last_date;
  std::uint32_t last_seq = 0;
  for (const PlanAction& a : run.plan) {
    EXPECT_TRUE(actions.count(std::string(lifecycle_action_name(a.action)))) << lifecycle_action_name(a.action);
    const std::string change = a.cause + "/" + a.identity_id + "/" + a.date;
    if (change != last_change) last_seq = 0;
    EXPECT_EQ(a.seq, last_seq + 1) << change;
    EXPECT_LE(last_date, a.date);
    EXPECT_EQ(a.cause.empty(), false);
    if (!a.event_id.empty()) {
      EXPECT_EQ(a.cause, a.event_id);
    }
    last_change = change;
    last_seq = a.seq;
    last_date = a.date;
  }
}

// who-has on a new version sees memberships and grants the events changed, which the
// load-time reverse index does not hold.
TEST(Lifecycle, WhoHasFollowsTheNewVersion) {
  Engine before = open(kSample, "2026-11-16");
  LifecycleRun run = before.apply_events_file(kSample + "/hr_events.csv");
  auto holders = [](const Engine& engine, const char* entitlement) {
    std::set<std::string> ids;
    for (const Holder& h : engine.who_has(entitlement).identities) ids.insert(h.identity_id);
    return ids;
  };
  for (const char* entitlement : {"ent-ad-vpn", "ent-erp-create-invoice", "ent-sfdc-login", "ent-ad-share-finance"}) {
    // Holders are exactly the identities whose access lists the entitlement.
    for (const std::string& id : holders(run.after, entitlement))
      EXPECT_TRUE(run.after.check(id, entitlement).has) << id << " " << entitlement;
    for (const char* id : {"u-irene", "u-henry", "u-leo", "u-tomas", "u-lucia"})
      EXPECT_EQ(run.after.check(id, entitlement).has, holders(run.after, entitlement).count(id) == 1)
          << id << " " << entitlement;
  }
  // The hire holds the invoice entitlement through memberships her plan created.
  EXPECT_TRUE(holders(run.after, "ent-erp-create-invoice").count("u-irene"));
  EXPECT_FALSE(holders(before, "ent-erp-create-invoice").count("u-irene"));
}

TEST(Lifecycle, ResultBundleLoadsAgainWithTheSameAccess) {
  Engine before = open(kSample, "2026-11-16");
  LifecycleRun run = before.apply_events_file(kSample + "/hr_events.csv");
  TempBundle out;
  write_lifecycle_run(run, out.path());
  for (const char* file : {"plan.csv", "audit.csv", "archive.csv", "bundle/identities.csv"})
    EXPECT_TRUE(std::filesystem::exists(out.path() / file)) << file;
  Engine reloaded = open(out.path() / "bundle", "2026-11-16");
  for (const char* id : {"u-irene", "u-henry", "u-alice", "u-maria", "u-leo", "u-tomas"})
    EXPECT_EQ(actual(run.after, id), actual(reloaded, id)) << id;
  EXPECT_EQ(run.after.all_findings(), reloaded.all_findings());
}

TEST(Lifecycle, ExportOfAnUnchangedBundleRoundTrips) {
  Engine before = open(kSample, "2026-11-01");
  TempBundle out;
  export_bundle(before, out.path());
  Engine reloaded = open(out.path(), "2026-11-01");
  EXPECT_EQ(before.all_findings(), reloaded.all_findings());
  EXPECT_EQ(actual(before, "u-maria"), actual(reloaded, "u-maria"));
}

TEST(Lifecycle, InvalidEventsRefuseTheWholeBatchNamingTheEvent) {
  Engine before = open(kSample, "2026-11-16");
  const std::string header =
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n";
  const std::string good = "ok-1,2026-11-02,transfer,u-alice,,,Sales,,,,\n";
  const std::pair<std::string, std::string> cases[] = {
      {"bad-1,2026-11-03,transfer,u-nobody,,,,,,,\n", "bad-1"},
      {"bad-2,2026-11-03,hire,u-alice,,employee,Sales,Rep,,,\n", "bad-2"},
      {"bad-3,2026-11-03,hire,u-new,,employee,,Rep,,,\n", "bad-3"},
      {"bad-4,2026-13-03,transfer,u-alice,,,,,,,\n", "bad-4"},
      {"bad-5,2026-11-03,promote,u-alice,,,,,,,\n", "bad-5"},
      {"bad-6,2026-11-03,transfer,u-alice,,,,,,u-ghost,\n", "bad-6"},
  };
  for (const auto& [row, event_id] : cases) {
    try {
      before.apply_events_csv(header + good + row);
      ADD_FAILURE() << "accepted " << row;
    } catch (const InputError& error) {
      EXPECT_NE(std::string(error.what()).find("\"" + event_id + "\""), std::string::npos) << error.what();
    }
  }
  // Nothing of a refused batch is applied: the engine still answers as before.
  EXPECT_EQ(before.whatif("u-alice", {}).revoke, std::vector<std::string>{});
}

TEST(Lifecycle, EventsApplyInDateOrderThenFileOrder) {
  Engine before = open(kSample, "2026-11-16");
  // The transfer is listed first but dated after the hire it depends on.
  LifecycleRun run = before.apply_events_csv(
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
      "e2,2026-11-05,transfer,u-zed,,,Sales,Account Executive,,,\n"
      "e1,2026-11-02T08:00:00Z,hire,u-zed,Zed,employee,Finance,AP Clerk,New York,,\n");
  std::vector<std::string> order;
  for (const PlanAction& a : run.plan)
    if (order.empty() || order.back() != a.cause) order.push_back(a.cause);
  // On the clock's first day (the earliest event's, 2026-11-02) the hire runs first,
  // then what was already due (svc-legacy-ftp's retention, expired assignments,
  // leaver drift); the transfer on its own date; then role starts (2026-11-15).
  ASSERT_GE(order.size(), 4u);
  EXPECT_EQ(order.front(), "e1");
  const auto transfer = std::find(order.begin(), order.end(), "e2");
  ASSERT_NE(transfer, order.end());
  EXPECT_NE(std::find(order.begin(), transfer, "retention_elapsed"), transfer);
  EXPECT_NE(std::find(transfer, order.end(), "assignment_started:role-eng-oncall"), order.end());
}

TEST(Lifecycle, WhatIfAgreesWithApplyingTheTransfer) {
  Engine before = open(kSample, "2026-11-16");
  WhatIfResult whatif = before.whatif("u-henry", {{"department", "Sales"}, {"title", "Account Executive"}});
  LifecycleRun run = before.apply_events_csv(
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
      "t1,2026-11-03,transfer,u-henry,,,Sales,Account Executive,,,\n");
  std::set<std::string> after_apply = actual(run.after, "u-henry");
  std::set<std::string> predicted(whatif.keep.begin(), whatif.keep.end());
  predicted.insert(whatif.grant.begin(), whatif.grant.end());
  EXPECT_EQ(after_apply, predicted);
  for (const std::string& revoked : whatif.revoke) EXPECT_FALSE(after_apply.count(revoked)) << revoked;
  EXPECT_FALSE(whatif.grant.empty());
  EXPECT_FALSE(whatif.revoke.empty());
  EXPECT_TRUE(std::is_sorted(whatif.keep.begin(), whatif.keep.end()));
  EXPECT_THROW(before.whatif("u-henry", {{"shoe_size", "42"}}), InputError);
}

// A leaver terminated long ago: past retention its disabled accounts are deleted and
// archived with what they held.
TEST(Lifecycle, ArchivingDeletesAccountsPastRetention) {
  BundleText b;
  b.identity("stay").identity("gone").account("acct-gone", "gone").account("acct-stay", "stay");
  b.group("g").entitlement("e").member("g", "account", "acct-gone").group_grant("g", "e");
  TempBundle dir;
  b.write_to(dir);
  Engine before = open(dir.path(), "2026-06-01");
  const std::string header =
      "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n";
  LifecycleOptions options;
  options.retention_days = 90;
  auto recent = before.apply_events_csv(header + "t,2026-05-01,terminate,gone,,,,,,,\n", options);
  EXPECT_TRUE(recent.archived.empty());
  auto old = before.apply_events_csv(header + "t,2026-01-01,terminate,gone,,,,,,,\n", options);
  ASSERT_EQ(old.archived.size(), 1u);
  EXPECT_EQ(old.archived[0].account_id, "acct-gone");
  EXPECT_EQ(old.archived[0].groups, std::vector<std::string>{"g"});
  EXPECT_EQ(old.plan.back().action, LifecycleAction::kDeleteAccount);
  EXPECT_EQ(old.plan.back().cause, "retention_elapsed");
  EXPECT_EQ(old.plan.back().date, "2026-04-01");  // terminated 2026-01-01, plus 90 days
  EXPECT_EQ(old.archived[0].effective_entitlements, std::vector<std::string>{"e"});
  TempBundle out;
  write_lifecycle_run(old, out.path());
  EXPECT_EQ(read(out.path() / "bundle" / "accounts.csv").find("acct-gone"), std::string::npos);
}

// The generator's own events on a generated company: every touched active identity
// ends with actual == expected, and nobody without a plan row changes.
TEST(Lifecycle, GeneratedCompanyEvents) {
  TempBundle dir;
  datasets::GeneratorOptions generator;
  generator.identities = 1500;
  generator.seed = 3;
  generator.out = dir.path() / "bundle";
  datasets::generate_bundle(generator);
  Engine before = open(generator.out, "2026-12-31");
  const std::string events = read(generator.out / "hr_events.csv");
  LifecycleRun run = before.apply_events_csv(events);
  // Identities whose events took effect (those dated after 2026-12-31 wait).
  std::set<std::string> touched;
  for (const AppliedEvent& event : run.events) touched.insert(event.identity_id);
  ASSERT_GT(touched.size(), 5u);
  ASSERT_FALSE(run.pending.empty());
  std::size_t checked = 0;
  for (const std::string& id : touched) {
    auto findings = run.after.findings_for_identity(id);
    bool holds_nothing = run.after.access(id).entitlements.empty();
    bool has_gap = std::any_of(findings.begin(), findings.end(), [](const Finding& f) {
      return f.type == "missing_access" || f.type == "unjustified_access";
    });
    // Either reconciled (no gap) or a leaver/on leave (holds nothing).
    EXPECT_TRUE(!has_gap || holds_nothing) << id;
    ++checked;
  }
  EXPECT_EQ(checked, touched.size());
  std::set<std::string> planned;
  for (const PlanAction& a : run.plan) planned.insert(a.identity_id);
  int compared = 0;
  const std::set<std::string> named = identities_in(events);
  for (const Finding& f : before.all_findings()) {
    if (f.subject_kind != "identity" || named.count(f.subject_id) || planned.count(f.subject_id) || compared > 200)
      continue;
    EXPECT_EQ(actual(before, f.subject_id), actual(run.after, f.subject_id)) << f.subject_id;
    ++compared;
  }
}

}  // namespace
}  // namespace accessgraph

namespace accessgraph {
namespace {

TEST(WhatIf, ReorgEqualsOneWhatIfPerIdentityAndTotals) {
  Engine engine = open(kSample, "2026-11-01");
  TempBundle dir;
  dir.set("reorg.csv", "identity_id,department,title,location\nu-henry,Sales,Account Executive,\nu-bob,,,Berlin\n");
  ReorgResult reorg = engine.whatif_reorg(dir.path() / "reorg.csv");
  ASSERT_EQ(reorg.identities.size(), 2u);
  WhatIfResult henry = engine.whatif("u-henry", {{"department", "Sales"}, {"title", "Account Executive"}});
  EXPECT_EQ(reorg.identities[0].access.grant, henry.grant);
  EXPECT_EQ(reorg.identities[0].access.revoke, henry.revoke);
  EXPECT_EQ(reorg.identities[0].access.keep, henry.keep);
  EXPECT_EQ(reorg.granted, reorg.identities[0].access.grant.size() + reorg.identities[1].access.grant.size());
  // Bob's leftover invoice grant goes, and with it his SoD violation.
  EXPECT_EQ(reorg.identities[1].sod_disappear, std::vector<std::string>{"sod-invoice-payment"});
  dir.set("bad.csv", "identity_id,title\nu-henry,x\nu-nobody,y\n");
  try {
    engine.whatif_reorg(dir.path() / "bad.csv");
    FAIL();
  } catch (const InputError& error) {
    EXPECT_EQ(error.line(), 3u);
  }
}

TEST(WhatIf, NewBirthrightRuleGainsAndReplacedRuleLoses) {
  Engine engine = open(kSample, "2026-11-01");
  TempBundle dir;
  dir.set("rule.csv", "id,role_id,kind,department,title,location\nbr-new,role-sales-ae,,Finance,,\n");
  auto impacts = engine.whatif_rules(dir.path() / "rule.csv");
  ASSERT_EQ(impacts.size(), 1u);
  EXPECT_FALSE(impacts[0].replaces_existing);
  ASSERT_FALSE(impacts[0].identities.empty());
  for (const auto& identity : impacts[0].identities) {
    EXPECT_TRUE(identity.lose.empty());
    // Every gain is something the sales role grants, that the identity did not expect.
    for (const auto& e : identity.gain) EXPECT_FALSE(engine.check(identity.identity_id, e).expected) << e;
  }
}

TEST(WhatIf, SodRuleListsItsViolators) {
  Engine engine = open(kSample, "2026-11-01");
  TempBundle dir;
  dir.set("sod.csv", "id,entitlement_a,entitlement_b\nsod-x,ent-ad-vpn,ent-ad-mail\n");
  auto impacts = engine.whatif_rules(dir.path() / "sod.csv");
  ASSERT_EQ(impacts.size(), 1u);
  for (const auto& identity : impacts[0].identities) {
    EXPECT_TRUE(engine.check(identity.identity_id, "ent-ad-vpn").has);
    EXPECT_TRUE(engine.check(identity.identity_id, "ent-ad-mail").has);
  }
  auto alice = engine.check("u-alice", "ent-ad-vpn");
  EXPECT_TRUE(alice.has);
  dir.set("bad.csv", "id,entitlement_a,entitlement_b\nsod-y,ent-nope,ent-ad-mail\n");
  EXPECT_THROW(engine.whatif_rules(dir.path() / "bad.csv"), InputError);
}

}  // namespace
}  // namespace accessgraph
