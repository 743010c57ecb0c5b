// Closures kept compact (engine/closure/closure_dag.hpp): whichever group and role sets
// a budget lets the AccessIndex store, every answer equals
//  - a naive search of the graph, for every identity's actual and expected access,
//    every (identity, entitlement) pair, every closure and every Reach, on random
//    bundles whose nesting and includes have cycles, diamonds and long paths;
//  - the answers of the same engine with every set stored, for every query that reads
//    closures (access, check, explain, who-has, findings, risk, what-if, apply), on a
//    generated company.
#include <gtest/gtest.h>

#include <random>
#include <set>

#include "accessgraph/history.hpp"
#include "engine/version/version_state.hpp"
#include "tests/support/bundle_text.hpp"
#include "tests/support/generated_company.hpp"

namespace accessgraph {
namespace {

using testing::BundleText;
using testing::TempBundle;

constexpr std::uint64_t kNothingStored = 0;
constexpr std::uint64_t kSomeStored = 25;

std::string name(const char* prefix, std::size_t k) { return prefix + std::to_string(k); }

// Groups nested mostly downwards (long paths, diamonds), some upwards (cycles); the same
// for role includes; roles grant entitlements and groups; accounts (some disabled) in
// groups with direct grants; identities (some terminated) with assignments.
Engine random_bundle(std::mt19937& rng, TempBundle& dir) {
  const std::size_t groups = 70, roles = 50, entitlements = 60, identities = 40;
  auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
  BundleText b;
  for (std::size_t e = 0; e < entitlements; ++e) b.entitlement(name("e", e));
  for (std::size_t g = 0; g < groups; ++g) b.group(name("g", g));
  for (std::size_t r = 0; r < roles; ++r) b.role(name("r", r));
  for (std::size_t k = 0; k < 2 * groups; ++k) {
    std::size_t member = pick(groups), parent = pick(groups);
    if (member > parent && pick(6) != 0) std::swap(member, parent);
    b.member(name("g", parent), "group", name("g", member));
  }
  for (std::size_t k = 0; k < groups; ++k) b.group_grant(name("g", pick(groups)), name("e", pick(entitlements)));
  for (std::size_t k = 0; k < 2 * roles; ++k) {
    std::size_t role = pick(roles), included = pick(roles);
    if (role > included && pick(6) != 0) std::swap(role, included);
    b.include(name("r", role), name("r", included));
  }
  for (std::size_t k = 0; k < roles; ++k) {
    b.role_grant(name("r", pick(roles)), "entitlement", name("e", pick(entitlements)));
    b.role_grant(name("r", pick(roles)), "group", name("g", pick(groups)));
  }
  for (std::size_t i = 0; i < identities; ++i) {
    b.identity(name("u", i), pick(8) == 0 ? "terminated" : "active");
    for (std::size_t a = pick(3); a > 0; --a) {
      const std::string account = name("a", i) + "-" + std::to_string(a);
      b.account(account, name("u", i), pick(5) == 0 ? "disabled" : "enabled");
      for (std::size_t m = pick(3); m > 0; --m) b.member(name("g", pick(groups)), "account", account);
      if (pick(3) == 0) b.account_grant(account, name("e", pick(entitlements)));
    }
    for (std::size_t r = pick(3); r > 0; --r) b.assign(name("u", i), name("r", pick(roles)));
  }
  b.write_to(dir);
  OpenOptions options;
  options.as_of = *Date::parse("2026-03-01");
  return Engine::open_bundle(dir.path(), options);
}

// Breadth-first from `start` over `next`, calling visit on every node reached (start too).
template <class Id, class Next, class Visit>
void search(Id start, Next next, Visit visit) {
  std::set<std::uint32_t> seen{start.value};
  std::vector<Id> queue{start};
  for (std::size_t k = 0; k < queue.size(); ++k) {
    visit(queue[k]);
    for (Id n : next(queue[k]))
      if (seen.insert(n.value).second) queue.push_back(n);
  }
}

std::set<std::uint32_t> naive_group_access(const Graph& g, GroupId group) {
  std::set<std::uint32_t> set;
  search(group, [&](GroupId x) { return g.group_parents[x]; },
         [&](GroupId x) {
           for (EntitlementId e : g.group_entitlements[x]) set.insert(e.value);
         });
  return set;
}

std::set<std::uint32_t> naive_role_closure(const Graph& g, RoleId role) {
  std::set<std::uint32_t> set;
  search(role, [&](RoleId x) { return g.role_includes[x]; }, [&](RoleId x) { set.insert(x.value); });
  return set;
}

std::set<std::uint32_t> naive_role_access(const Graph& g, RoleId role) {
  std::set<std::uint32_t> set;
  for (std::uint32_t r : naive_role_closure(g, role)) {
    for (EntitlementId e : g.role_entitlements[RoleId(r)]) set.insert(e.value);
    for (GroupId group : g.role_groups[RoleId(r)]) {
      const auto granted = naive_group_access(g, group);
      set.insert(granted.begin(), granted.end());
    }
  }
  return set;
}

std::set<std::uint32_t> naive_actual(const Graph& g, IdentityId identity) {
  std::set<std::uint32_t> set;
  for (AccountId account : g.identity_accounts[identity]) {
    if (!g.accounts[account.value].enabled()) continue;
    for (EntitlementId e : g.account_entitlements[account]) set.insert(e.value);
    for (GroupId group : g.account_groups[account]) {
      const auto granted = naive_group_access(g, group);
      set.insert(granted.begin(), granted.end());
    }
  }
  return set;
}

// The random bundles have no birthright rules and no dated assignments.
std::set<std::uint32_t> naive_expected(const Graph& g, IdentityId identity) {
  std::set<std::uint32_t> set;
  if (g.identities[identity.value].status == IdentityStatus::kTerminated) return set;
  for (const RoleAssignment& assignment : g.identity_assignments[identity]) {
    const auto granted = naive_role_access(g, assignment.role);
    set.insert(granted.begin(), granted.end());
  }
  return set;
}

template <class T>
std::set<std::uint32_t> values(const T& range) {
  std::set<std::uint32_t> out;
  for (auto id : range) out.insert(id.value);
  return out;
}

TEST(CompactClosures, RandomBundlesEqualNaiveSearchAtEveryBudget) {
  std::mt19937 rng(6);
  for (int round = 0; round < 6; ++round) {
    TempBundle dir;
    const Engine engine = random_bundle(rng, dir);
    const Graph& g = state_of(engine).graph;
    for (std::uint64_t budget : {kNothingStored, kSomeStored, AccessIndex::closure_budget(g)}) {
      SCOPED_TRACE("round " + std::to_string(round) + " budget " + std::to_string(budget));
      const AccessIndex index(g, engine.as_of(), budget);
      if (budget == kNothingStored) {
        EXPECT_EQ(index.group_access_footprint().stored_elements, 0u);
      }
      if (budget > kSomeStored) {
        EXPECT_EQ(index.group_access_footprint().materialised, index.group_access_footprint().components);
      }
      MarkedUnion<EntitlementId> scratch = index.make_entitlement_scratch();
      std::vector<EntitlementId> out;
      for (std::uint32_t i = 0; i < g.identity_count(); ++i) {
        const IdentityId identity(i);
        const auto actual = naive_actual(g, identity), expected = naive_expected(g, identity);
        index.actual_access(identity, scratch, out);
        ASSERT_EQ(values(out), actual) << g.identity_ids.name(identity);
        index.expected_access(identity, scratch, out);
        ASSERT_EQ(values(out), expected) << g.identity_ids.name(identity);
        for (std::uint32_t e = 0; e < g.entitlement_count(); ++e) {
          EXPECT_EQ(index.has(identity, EntitlementId(e)), actual.count(e) == 1);
          EXPECT_EQ(index.expects(identity, EntitlementId(e)), expected.count(e) == 1);
        }
      }
      for (std::uint32_t group = 0; group < g.groups.size(); ++group)
        ASSERT_EQ(values(index.group_access(GroupId(group))), naive_group_access(g, GroupId(group)));
      for (std::uint32_t role = 0; role < g.roles.size(); ++role) {
        ASSERT_EQ(values(index.role_access(RoleId(role))), naive_role_access(g, RoleId(role)));
        ASSERT_EQ(values(index.role_closure(RoleId(role))), naive_role_closure(g, RoleId(role)));
      }
      for (std::uint32_t e = 0; e < g.entitlement_count(); ++e) {
        AccessIndex::Reach reach = index.reach(EntitlementId(e));
        for (std::uint32_t group = 0; group < g.groups.size(); ++group)
          EXPECT_EQ(reach.group(GroupId(group)), naive_group_access(g, GroupId(group)).count(e) == 1);
        for (std::uint32_t role = 0; role < g.roles.size(); ++role)
          EXPECT_EQ(reach.role(RoleId(role)), naive_role_access(g, RoleId(role)).count(e) == 1);
      }
    }
  }
}

// The generated company with closures stored (as every ordinary bundle has them) and the
// same graph with none stored, or a few: every query that reads closures answers alike.
class CompactClosuresOnCompany : public testing::GeneratedCompany {
 protected:
  static Engine with_budget(const Engine& engine, std::uint64_t budget) {
    const Date as_of = engine.as_of();
    auto state = std::make_shared<VersionState>(
        Graph(state_of(engine).graph), [&](const Graph& g) { return AccessIndex(g, as_of, budget); },
        PeerKey::parse(AnalysisOptions{}.peer_key), FindingsPolicy{});
    return engine_of(std::move(state));
  }
};

std::vector<std::string> plan_rows(const LifecycleRun& run) {
  std::vector<std::string> rows;
  for (const PlanAction& a : run.plan)
    rows.push_back(a.event_id + "," + std::to_string(a.seq) + "," + std::string(lifecycle_action_name(a.action)) + "," +
                   a.identity_id + "," + a.account_id + "," + a.target_id);
  return rows;
}

TEST_F(CompactClosuresOnCompany, EveryQueryAnswersAsWithEverySetStored) {
  const Engine& stored = *before_;
  const Graph& g = state_of(stored).graph;
  ASSERT_EQ(state_of(stored).index->group_access_footprint().materialised,
            state_of(stored).index->group_access_footprint().components);
  ASSERT_GT(g.group_parents.edge_count(), 0u);  // there is nesting to walk
  ASSERT_GT(g.role_groups.edge_count(), 0u);
  for (std::uint64_t budget : {kNothingStored, std::uint64_t{2000}}) {
    SCOPED_TRACE("budget " + std::to_string(budget));
    const Engine compact = with_budget(stored, budget);
    EXPECT_LT(state_of(compact).index->group_access_footprint().materialised,
              state_of(compact).index->group_access_footprint().components);
    for (std::uint32_t i = 0; i < g.identity_count(); i += 3) {
      const std::string identity(g.identity_ids.name(IdentityId(i)));
      ASSERT_EQ(compact.access(identity), stored.access(identity)) << identity;
      ASSERT_EQ(compact.findings_for_identity(identity), stored.findings_for_identity(identity)) << identity;
    }
    std::mt19937 rng(3);
    for (int k = 0; k < 300; ++k) {
      const std::string identity(g.identity_ids.name(IdentityId(rng() % g.identity_count())));
      const std::string entitlement(g.entitlement_ids.name(EntitlementId(rng() % g.entitlement_count())));
      ASSERT_EQ(compact.check(identity, entitlement), stored.check(identity, entitlement));
      ASSERT_EQ(compact.explain(identity, entitlement), stored.explain(identity, entitlement));
    }
    for (std::uint32_t e = 0; e < g.entitlement_count(); e += 5) {
      const std::string entitlement(g.entitlement_ids.name(EntitlementId(e)));
      ASSERT_EQ(compact.who_has(entitlement), stored.who_has(entitlement)) << entitlement;
    }
    for (std::uint32_t i = 0; i < g.identity_count(); i += 97) {
      const std::string identity(g.identity_ids.name(IdentityId(i)));
      const auto a = compact.risk_for_identity(identity), b = stored.risk_for_identity(identity);
      ASSERT_EQ(a.size(), b.size()) << identity;
      for (std::size_t k = 0; k < a.size(); ++k) {
        EXPECT_EQ(a[k].entitlement_id, b[k].entitlement_id);
        EXPECT_EQ(a[k].score, b[k].score);
        EXPECT_EQ(a[k].factors, b[k].factors);
      }
      const auto w = compact.whatif(identity, {{"department", "Finance"}});
      const auto v = stored.whatif(identity, {{"department", "Finance"}});
      EXPECT_EQ(w.grant, v.grant);
      EXPECT_EQ(w.revoke, v.revoke);
      EXPECT_EQ(w.keep, v.keep);
    }
    // Lifecycle provisions what the held roles' closures grant.
    std::ifstream events(dir_->path() / "bundle" / "hr_events.csv");
    std::stringstream text;
    text << events.rdbuf();
    const LifecycleRun run = compact.apply_events_csv(text.str());
    EXPECT_EQ(plan_rows(run), plan_rows(*after_));
    for (std::uint32_t i = 0; i < g.identity_count(); i += 7) {
      const std::string identity(g.identity_ids.name(IdentityId(i)));
      ASSERT_EQ(run.after.access(identity), after_->after.access(identity)) << identity;
    }
    // History replays one identity against the shared closures (AccessIndex::for_identities).
    const StateHistory compact_history(run.after), stored_history(after_->after);
    const Date day = run.after.as_of();
    for (std::uint32_t i = 0; i < g.identity_count(); i += 41) {
      const std::string identity(g.identity_ids.name(IdentityId(i)));
      ASSERT_EQ(compact_history.access_at(identity, day), stored_history.access_at(identity, day)) << identity;
      ASSERT_EQ(compact_history.history(identity).changes, stored_history.history(identity).changes) << identity;
    }
  }
}

}  // namespace
}  // namespace accessgraph
