// StateHistory: point-in-time answers by replaying one identity's timeline from its
// origin (engine/lifecycle/timeline.hpp). Identities the lifecycle never changed hold
// today what they held at the start; only the others are replayed.
#include "accessgraph/history.hpp"

#include <algorithm>
#include <map>
#include <optional>

#include "accessgraph/versioned_engine.hpp"
#include "core/common/error.hpp"
#include "engine/closure/marked_union.hpp"
#include "engine/lifecycle/timeline.hpp"
#include "engine/query/point_queries.hpp"
#include "engine/version/version_state.hpp"

namespace accessgraph {
namespace {

// What the identity holds in `graph`, by dense id (closures are those of any version:
// lifecycle never changes groups or roles).
std::vector<EntitlementId> held_by(const Graph& graph, const AccessIndex& closures, IdentityId identity) {
  MarkedUnion<EntitlementId> held = closures.make_entitlement_scratch();
  held.begin();
  for (AccountId account : graph.identity_accounts[identity]) {
    if (!graph.accounts[account.value].enabled()) continue;
    held.add_all(graph.account_entitlements[account]);
    for (GroupId group : graph.account_groups[account]) closures.add_group_access(group, held);
  }
  return held.sorted();
}

// When access present at the start began: the earliest granted_at of a direct grant
// of it on an enabled account, else "" (before the history began).
std::string held_since(const Graph& graph, IdentityId identity, EntitlementId entitlement) {
  std::optional<Date> since;
  for (AccountId account : graph.identity_accounts[identity]) {
    if (!graph.accounts[account.value].enabled()) continue;
    for (const AccountGrant& grant : graph.account_grant_rows[account])
      if (grant.entitlement == entitlement && grant.granted_at.present() && (!since || grant.granted_at < *since))
        since = grant.granted_at;
  }
  return since ? since->to_string() : "";
}

}  // namespace

struct StateHistory::Impl {
  Engine current;
  const VersionState& state() const { return state_of(current); }
  const LifecycleHistory& history() const {
    static const LifecycleHistory kNone;
    const auto& h = state().graph.history;
    return h ? *h : kNone;
  }
  void check_date(Date date, const char* argument) const {
    const Date first = history().start;
    if (first.present() && date < first)
      throw ArgumentError(argument, date.to_string(),
                          "the history of this state begins on " + first.to_string() + "; ask about that date or later");
  }
  // The identity's replay through `until`, calling visit(cause, graph, id) at the start
  // and after each change.
  template <class Visit>
  ReplayResult replay(std::string_view identity, Date until, Visit visit) const {
    return replay_identity(state().graph, *state().index, identity, until, history().retention_days,
                           [&](const ReplayStep& step) { visit(step.cause, step.graph, step.identity); });
  }
  bool changed(IdentityId identity) const { return history().origin(identity) != nullptr; }
};

StateHistory::StateHistory(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StateHistory::StateHistory(Engine current) : impl_(std::make_unique<Impl>(Impl{std::move(current)})) {}
StateHistory::StateHistory(StateHistory&&) noexcept = default;
StateHistory::~StateHistory() = default;

StateHistory StateHistory::open(const std::filesystem::path& state_dir, const OpenOptions& options) {
  return StateHistory(VersionedEngine::open_state(state_dir, options, StateAccess::kRead).current());
}

Date StateHistory::first_date() const { return impl_->history().start; }

AccessResult StateHistory::access_at(std::string_view identity, Date date) const {
  impl_->check_date(date, "at");
  ReplayResult replayed = impl_->replay(identity, date, [](const ChangeCause&, const Graph&, IdentityId) {});
  if (!replayed.identity.valid()) throw NotFoundError("identity", std::string(identity));
  const IdentityId id = replayed.identity;
  const AccessIndex index = impl_->state().index->for_identities(replayed.graph, {&id, 1}, date);
  return list_access(index, id);
}

HoldersBetween StateHistory::who_has_between(std::string_view entitlement, Date from, Date to) const {
  impl_->check_date(from, "between");
  if (to < from)
    throw ArgumentError("between", from.to_string() + " " + to.to_string(), "the first date is after the second");
  const VersionState& state = impl_->state();
  const Graph& g = state.graph;
  const EntitlementId target = find_entitlement(g, entitlement);

  std::vector<HoldingPeriod> periods;
  // Never changed: what they hold now they held from the start.
  for (const Holder& holder : list_holders(*state.index, target).identities) {
    const IdentityId id = *g.identity_ids.find(holder.identity_id);
    if (!impl_->changed(id)) periods.push_back({holder.identity_id, held_since(g, id, target), ""});
  }
  // Changed: follow the replay.
  const auto& origins = impl_->history().origins;
  for (std::uint32_t i = 0; i < origins.size(); ++i) {
    if (!origins[i]) continue;
    const std::string name(g.identity_ids.name(IdentityId(i)));
    std::optional<std::string> since;
    impl_->replay(name, to, [&](const ChangeCause& cause, const Graph& graph, IdentityId id) {
      const std::vector<EntitlementId> held = id.valid() ? held_by(graph, *state.index, id) : std::vector<EntitlementId>{};
      const bool holds = std::binary_search(held.begin(), held.end(), target);
      const bool at_start = cause.cause.empty();
      if (holds && !since) since = at_start ? held_since(graph, id, target) : cause.date.to_string();
      if (!holds && since) {
        periods.push_back({name, *since, cause.date.to_string()});
        since.reset();
      }
    });
    if (since) periods.push_back({name, *since, ""});
  }

  HoldersBetween result{std::string(entitlement), from.to_string(), to.to_string(), {}};
  for (HoldingPeriod& period : periods) {
    // [period.from, period.to) meets [from, to]; ISO dates compare as strings.
    const bool starts_in_time = period.from.empty() || period.from <= result.to;
    const bool ends_in_time = period.to.empty() || period.to > result.from;
    if (starts_in_time && ends_in_time) result.holders.push_back(std::move(period));
  }
  std::sort(result.holders.begin(), result.holders.end(), [](const HoldingPeriod& a, const HoldingPeriod& b) {
    return std::tie(a.identity_id, a.from) < std::tie(b.identity_id, b.from);
  });
  return result;
}

AccessHistory StateHistory::history(std::string_view identity) const {
  const VersionState& state = impl_->state();
  if (!state.graph.identity_ids.find(identity)) throw NotFoundError("identity", std::string(identity));
  std::map<std::string, std::string, std::less<>> event_types;
  impl_->history().for_each_event([&](const LoggedEvent& logged) {
    if (logged.event.identity_id == identity)
      event_types[logged.event.event_id] = std::string(hr_event_type_name(logged.event.type));
  });
  AccessHistory result{std::string(identity), {}};
  std::vector<EntitlementId> had;
  bool started = false;
  const Date until = impl_->history().current_clock();
  impl_->replay(identity, until.present() ? until : Date::today_utc(),
                [&](const ChangeCause& cause, const Graph& graph, IdentityId id) {
                  std::vector<EntitlementId> has =
                      id.valid() ? held_by(graph, *state.index, id) : std::vector<EntitlementId>{};
                  if (!started) {  // the start of the history: the baseline
                    started = true;
                    had = std::move(has);
                    return;
                  }
                  const std::string type = cause.event_id.empty()
                                               ? cause.cause.substr(0, cause.cause.find(':'))
                                               : event_types[cause.event_id];
                  std::vector<AccessChange> step;
                  auto record = [&](EntitlementId e, const char* change) {
                    step.push_back({cause.event_id, cause.date.to_string(), type,
                                    std::string(graph.entitlement_ids.name(e)), change, cause.cause});
                  };
                  std::size_t a = 0, b = 0;
                  while (a < had.size() || b < has.size()) {
                    if (b == has.size() || (a < had.size() && had[a] < has[b])) record(had[a++], "lost");
                    else if (a == had.size() || has[b] < had[a]) record(has[b++], "gained");
                    else ++a, ++b;
                  }
                  // Within one change, by entitlement id.
                  std::sort(step.begin(), step.end(), [](const AccessChange& x, const AccessChange& y) {
                    return x.entitlement_id < y.entitlement_id;
                  });
                  result.changes.insert(result.changes.end(), step.begin(), step.end());
                  had = std::move(has);
                });
  return result;
}

}  // namespace accessgraph
