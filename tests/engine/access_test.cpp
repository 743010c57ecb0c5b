// Actual and expected access (SPEC section 2) through the Engine API.
#include <gtest/gtest.h>

#include "accessgraph/engine.hpp"
#include "tests/support/bundle_text.hpp"

namespace accessgraph {
namespace {

using testing::BundleText;
using testing::TempBundle;

Engine open(const BundleText& text, const char* as_of = "2026-03-01") {
  static std::vector<std::unique_ptr<TempBundle>> keep;  // folders outlive the engines
  keep.push_back(std::make_unique<TempBundle>());
  text.write_to(*keep.back());
  OpenOptions options;
  options.as_of = *Date::parse(as_of);
  return Engine::open_bundle(keep.back()->path(), options);
}

std::vector<std::string> entitlements_of(const Engine& engine, const std::string& identity) {
  std::vector<std::string> ids;
  for (const auto& entry : engine.access(identity).entitlements) ids.push_back(entry.entitlement_id);
  return ids;
}

// acct-u in g1;  g1 -> g2 -> g3 -> g1 (a nesting cycle);  g3 grants e3, g1 grants e1
// acct-v in g4;  g4 is a member of itself;  g4 grants e4
TEST(Access, NestingCyclesAndSelfMembership) {
  BundleText b;
  b.identity("u").identity("v").account("acct-u", "u").account("acct-v", "v");
  b.group("g1").group("g2").group("g3").group("g4");
  b.entitlement("e1").entitlement("e3").entitlement("e4");
  b.member("g1", "account", "acct-u").member("g2", "group", "g1").member("g3", "group", "g2");
  b.member("g1", "group", "g3").member("g4", "group", "g4").member("g4", "account", "acct-v");
  b.group_grant("g3", "e3").group_grant("g1", "e1").group_grant("g4", "e4");
  Engine engine = open(b);
  EXPECT_EQ(entitlements_of(engine, "u"), (std::vector<std::string>{"e1", "e3"}));
  EXPECT_EQ(entitlements_of(engine, "v"), (std::vector<std::string>{"e4"}));
}

// g0 in g1 in ... in g149 (150 deep); g149 grants top, g0 grants bottom.
// acct-low is in g0: it holds both.  acct-high is in g149: only top.
TEST(Access, DeepNestingReachesTheTopButNotDownwards) {
  BundleText b;
  b.identity("low").identity("high").account("acct-low", "low").account("acct-high", "high");
  b.entitlement("top").entitlement("bottom");
  for (int i = 0; i < 150; ++i) b.group("g" + std::to_string(i));
  for (int i = 0; i + 1 < 150; ++i) b.member("g" + std::to_string(i + 1), "group", "g" + std::to_string(i));
  b.member("g0", "account", "acct-low").member("g149", "account", "acct-high");
  b.group_grant("g149", "top").group_grant("g0", "bottom");
  Engine engine = open(b);
  EXPECT_EQ(entitlements_of(engine, "low"), (std::vector<std::string>{"bottom", "top"}));
  EXPECT_EQ(entitlements_of(engine, "high"), (std::vector<std::string>{"top"}));
  auto explained = engine.explain("low", "top");
  ASSERT_EQ(explained.actual.size(), 153u);  // identity, account, 150 groups, entitlement
  EXPECT_EQ(explained.actual[1].id, "acct-low");
  EXPECT_EQ(explained.actual[151].id, "g149");
}

// Disabled accounts hold nothing; a terminated identity keeps actual access but
// expects nothing.
TEST(Access, DisabledAccountsAndTerminatedIdentities) {
  BundleText b;
  b.identity("u").identity("gone", "terminated");
  b.account("acct-off", "u", "disabled").account("acct-on", "u").account("acct-gone", "gone");
  b.entitlement("e1").entitlement("e2").group("g").role("r");
  b.account_grant("acct-off", "e1").account_grant("acct-on", "e2").account_grant("acct-gone", "e2");
  b.member("g", "account", "acct-off").group_grant("g", "e2");
  b.role_grant("r", "entitlement", "e2").assign("u", "r").assign("gone", "r");
  Engine engine = open(b);
  EXPECT_EQ(entitlements_of(engine, "u"), (std::vector<std::string>{"e2"}));
  EXPECT_TRUE(engine.check("u", "e2").justified);
  auto gone = engine.check("gone", "e2");
  EXPECT_TRUE(gone.has);
  EXPECT_FALSE(gone.expected);
  EXPECT_FALSE(gone.justified);
  EXPECT_FALSE(engine.check("u", "e1").has);
}

// Assignment validity at as_of = 2026-03-01: granted_at <= as_of < expires_at.
TEST(Access, AssignmentBoundariesOnTheAsOfDate) {
  BundleText b;
  b.identity("u").entitlement("e-start-today").entitlement("e-ends-today").entitlement("e-future");
  b.entitlement("e-ends-tomorrow").entitlement("e-timestamp");
  for (const char* r : {"r1", "r2", "r3", "r4", "r5"}) b.role(r);
  b.role_grant("r1", "entitlement", "e-start-today").assign("u", "r1", "2026-03-01", "");
  b.role_grant("r2", "entitlement", "e-ends-today").assign("u", "r2", "", "2026-03-01");
  b.role_grant("r3", "entitlement", "e-future").assign("u", "r3", "2026-03-02", "");
  b.role_grant("r4", "entitlement", "e-ends-tomorrow").assign("u", "r4", "2020-01-01", "2026-03-02");
  b.role_grant("r5", "entitlement", "e-timestamp").assign("u", "r5", "2026-03-01T23:59:59Z", "");
  Engine engine = open(b);
  EXPECT_TRUE(engine.check("u", "e-start-today").expected);
  EXPECT_FALSE(engine.check("u", "e-ends-today").expected);
  EXPECT_FALSE(engine.check("u", "e-future").expected);
  EXPECT_TRUE(engine.check("u", "e-ends-tomorrow").expected);
  EXPECT_TRUE(engine.check("u", "e-timestamp").expected);
  EXPECT_EQ(engine.access("u").missing,
            (std::vector<std::string>{"e-ends-tomorrow", "e-start-today", "e-timestamp"}));
}

// Birthright: every non-empty condition must match; terminated identities hold no roles.
TEST(Access, BirthrightRulesMatchEveryNonEmptyCondition) {
  BundleText b;
  b.identity("fin-clerk", "active", "Finance", "Clerk");
  b.identity("fin-head", "active", "Finance", "Head");
  b.identity("sales", "active", "Sales", "Clerk");
  b.identity("fin-gone", "terminated", "Finance", "Clerk");
  b.identity("bot", "active", "Finance", "Clerk", "bot");
  b.role("all-finance").role("clerks").role("staff");
  b.entitlement("e-fin").entitlement("e-clerk").entitlement("e-staff");
  b.role_grant("all-finance", "entitlement", "e-fin").role_grant("clerks", "entitlement", "e-clerk");
  b.role_grant("staff", "entitlement", "e-staff");
  b.birthright("b1", "all-finance", "", "Finance", "");
  b.birthright("b2", "clerks", "", "Finance", "Clerk");
  b.birthright("b3", "staff", "employee", "", "");
  Engine engine = open(b);
  EXPECT_EQ(engine.access("fin-clerk").missing, (std::vector<std::string>{"e-clerk", "e-fin", "e-staff"}));
  EXPECT_EQ(engine.access("fin-head").missing, (std::vector<std::string>{"e-fin", "e-staff"}));
  EXPECT_EQ(engine.access("sales").missing, (std::vector<std::string>{"e-staff"}));
  EXPECT_TRUE(engine.access("fin-gone").missing.empty());
  EXPECT_EQ(engine.access("bot").missing, (std::vector<std::string>{"e-clerk", "e-fin"}));
}

// r1 includes r2 includes r1 (a cycle); r2 grants group g-child, nested in g-parent
// which grants e-parent. Holding r1 expects e-parent; explain walks it.
TEST(Access, RoleIncludeCyclesAndGroupTargets) {
  BundleText b;
  b.identity("u").account("acct", "u").role("r1").role("r2").group("g-child").group("g-parent");
  b.entitlement("e-parent").entitlement("e-r1");
  b.include("r1", "r2").include("r2", "r1").role_grant("r2", "group", "g-child").role_grant("r1", "entitlement", "e-r1");
  b.member("g-parent", "group", "g-child").group_grant("g-parent", "e-parent");
  b.member("g-child", "account", "acct");
  b.assign("u", "r1");
  Engine engine = open(b);
  auto check = engine.check("u", "e-parent");
  EXPECT_TRUE(check.has);
  EXPECT_TRUE(check.justified);
  EXPECT_EQ(engine.access("u").missing, (std::vector<std::string>{"e-r1"}));
  auto explained = engine.explain("u", "e-parent");
  std::vector<std::string> expected_path;
  for (const auto& node : explained.expected_path) expected_path.push_back(node.kind + ":" + node.id);
  EXPECT_EQ(expected_path, (std::vector<std::string>{"identity:u", "role:r1", "role:r2", "group:g-child",
                                                     "group:g-parent", "entitlement:e-parent"}));
  std::vector<std::string> actual_path;
  for (const auto& node : explained.actual) actual_path.push_back(node.kind + ":" + node.id);
  EXPECT_EQ(actual_path, (std::vector<std::string>{"identity:u", "account:acct", "group:g-child", "group:g-parent",
                                                   "entitlement:e-parent"}));
}

}  // namespace
}  // namespace accessgraph
