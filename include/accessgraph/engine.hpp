#pragma once
// The public API: the only door into the engine for the CLI, the server and other
// programs. An Engine holds one immutable, loaded graph and its derived access at an
// as-of date; every const method is safe to call from many threads at once.
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/common/date.hpp"
#include "core/common/error.hpp"
#include "accessgraph/lifecycle.hpp"
#include "accessgraph/results.hpp"
#include "accessgraph/risk.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

class Progress;  // core/common/progress.hpp: only pointed to here

// How findings and peer analysis judge access (SPEC section 3 defaults).
struct AnalysisOptions {
  int dormant_days = 90;
  std::string outlier_threshold = "0.1";     // a decimal, compared exactly as a fraction
  std::string peer_key = "department,title";  // identity columns that make peers
};

struct OpenOptions {
  Date as_of = Date::today_utc();
  AnalysisOptions analysis;
  bool lenient = false;                 // skip bad rows instead of failing the load
  std::filesystem::path rejects_path;   // where lenient loading writes the skipped rows
  Progress* progress = nullptr;         // "load" (bytes) and "index" phases (core/common/progress.hpp)
};

struct LifecycleRun;
struct VersionState;  // engine-internal: engine/version/version_state.hpp

class Engine {
 public:
  // Loads and indexes a bundle. Throws InputError for a bad bundle (nothing loaded).
  static Engine open_bundle(const std::filesystem::path& bundle_dir, const OpenOptions& options = {});

  // This version evaluated at another date: same graph, closures rebuilt.
  Engine evaluated_at(Date as_of) const;

  Date as_of() const;

  // The state the timeline reaches on `day` if no further events arrive: pending
  // events and scheduled changes due by then applied (docs/lifecycle.md), evaluated at
  // `day`. Changes nothing here. ArgumentError ("on") for a day before as_of(): the
  // timeline only runs forward.
  Engine projected_to(Date day) const;

  // Builds the table that makes check one lookup (engine/query/access_table.hpp):
  // about 4 bytes per access pair and a second or two at 1M identities, so for
  // long-lived engines (the server calls it at startup), not one-shot commands.
  // Versions derived by apply keep it. Safe to call while others query.
  void prepare_point_queries() const;

  // Queries; each throws NotFoundError when a named id does not exist.
  CheckResult check(std::string_view identity, std::string_view entitlement) const;
  AccessResult access(std::string_view identity) const;
  WhoHasResult who_has(std::string_view entitlement) const;
  std::vector<WhoHasResult> who_has_resource(std::string_view resource) const;
  ExplainResult explain(std::string_view identity, std::string_view entitlement) const;
  // Every chain, not only the shortest (engine/query/explain.cpp).
  AccessPaths explain_paths(std::string_view identity, std::string_view entitlement) const;
  GraphStats stats() const;

  // Findings (SPEC section 3 and nhi_expired), sorted like findings.csv rows.
  std::vector<Finding> findings_for_identity(std::string_view identity) const;
  std::vector<Finding> findings_for_account(std::string_view account) const;
  std::vector<Finding> findings_of_type(std::string_view type) const;  // InputError if unknown
  std::vector<Finding> all_findings() const;

  // Risk ranking and access requests (SPEC section 4, docs/risk.md); defined in
  // engine/engine_risk.cpp. The model for a policy is built on first use and kept. A
  // bad policy file throws InputError naming the key.
  std::vector<RiskItem> risk_for_identity(std::string_view identity, const RiskOptions& options = {}) const;
  RequestRiskResult request_risk(std::string_view identity, std::string_view entitlement,
                                 const RiskOptions& options = {}) const;
  // The access routed to `reviewer` (SPEC section 4), riskiest first (then identity,
  // entitlement): one reviewer's recertification queue, as the server pages it.
  std::vector<RiskItem> risk_queue_for_reviewer(std::string_view reviewer, const RiskOptions& options = {}) const;
  // Trains on decisions.csv minus a held-out share and reports the AUC of each score
  // on that share. ArgumentError when the bundle has no decisions.
  RiskAucResult risk_auc(const RiskAucOptions& options = {}) const;

  // Lifecycle (docs/lifecycle.md); defined in engine/engine_lifecycle.cpp.
  // Applies HR events on the timeline up to options.as_of (default: this version's
  // as-of date), to a new version, leaving this one untouched: all or nothing,
  // InputError naming the first refused event, ArgumentError for a date before the
  // clock. No events: the clock advances and what falls due runs.
  LifecycleRun apply_events(std::vector<HrEvent> events, const LifecycleOptions& options = {},
                            const std::string& source = "hr_events.csv") const;
  LifecycleRun apply_events_file(const std::filesystem::path& events, const LifecycleOptions& options = {}) const;
  // `source` names the text in errors (a file name).
  LifecycleRun apply_events_csv(const std::string& csv_text, const LifecycleOptions& options = {},
                                const std::string& source = "hr_events.csv") const;
  // What a transfer of `identity` to these attributes (ATTR=VALUE, an empty VALUE
  // meaning unchanged) would grant, revoke and keep; changes nothing.
  WhatIfResult whatif(std::string_view identity,
                      const std::vector<std::pair<std::string, std::string>>& attributes) const;
  // Many transfers at once: a CSV with identity_id and any attribute columns (empty
  // cells unchanged), evaluated in parallel. InputError names the file and line.
  ReorgResult whatif_reorg(const std::filesystem::path& transfers) const;
  // The same from CSV text; `source` names it in errors.
  ReorgResult whatif_reorg_csv(const std::string& csv_text, const std::string& source = "transfers.csv") const;
  // New or changed rules: a CSV in the format of birthright.csv or sod_rules.csv (a
  // rule whose id exists replaces it).
  std::vector<RuleImpact> whatif_rules(const std::filesystem::path& rules) const;

 private:
  friend const VersionState& state_of(const Engine& engine);
  friend Engine engine_of(std::shared_ptr<const VersionState> state);
  explicit Engine(std::shared_ptr<const VersionState> state) : state_(std::move(state)) {}
  std::shared_ptr<const VersionState> state_;
};

// The outcome of applying events: the next version and what was done to reach it.
struct LifecycleRun {
  Engine after;
  std::vector<AppliedEvent> events;  // those that took effect, in timeline order
  std::vector<HrEvent> pending;      // accepted, dated after the clock: they wait
  std::vector<PlanAction> plan;      // in execution order
  std::vector<AuditEntry> audit;
  std::vector<ArchivedAccount> archived;
  Date clock_before, clock;           // the lifecycle clock before and after
  std::uint64_t already_applied = 0;  // events sent again with the same content
};

}  // namespace accessgraph
