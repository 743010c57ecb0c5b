#pragma once
// What an Engine holds: one immutable graph version, indexed at an as-of date, and the
// analysis derived from it. This header is the engine's inside view of an Engine (the
// public one is include/accessgraph/engine.hpp): batch entry points, the store and
// tests reach the graph through state_of(); nothing outside engine/ and tests does.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "accessgraph/engine.hpp"
#include "core/common/scratch_pool.hpp"
#include "core/graph/graph.hpp"
#include "engine/analysis/findings.hpp"
#include "engine/analysis/peer_index.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/closure/materialized_access.hpp"
#include "engine/lifecycle/scheduled_changes.hpp"
#include "engine/lifecycle/whatif.hpp"

namespace accessgraph {

class AccessTable;
class RiskModel;
struct RiskPolicy;

// The point-query table of a version (engine/query/access_table.hpp) and the
// identities, sorted, whose rows it no longer describes (changed by later events).
struct PointTable {
  std::shared_ptr<const AccessTable> table;
  std::vector<IdentityId> stale;
};

// Where a version's graph came from, for stats and summary.json.
struct LoadCounts {
  std::uint64_t rows = 0, bytes = 0, rejected = 0;
};

// Indexes derived from a version on first use, at most once, and then shared by every
// reader of that version. Each costs seconds and hundreds of MB at 1M identities, and
// many commands need none of them (a check, an explain), so none is built up front.
// Thread-safe: concurrent first uses build once, the others wait.
class DerivedIndexes {
 public:
  DerivedIndexes(const AccessIndex& index, PeerKey peer_key, FindingsPolicy policy)
      : index_(index), peer_key_(std::move(peer_key)), findings_policy_(policy) {}

  // Peer frequencies and the findings of SPEC section 3: findings queries, findings.csv,
  // the risk model.
  const FindingsEvaluator& findings() const;
  // Every identity's actual access with its justified flags (4 + 1 bytes a pair: 550 MB
  // at 1M identities): effective_access.csv, the risk model's peer indexes, scoring.
  const MaterializedAccess& materialized_access() const;
  // The risk model of a policy, one per policy (engine/analysis/risk_model.hpp).
  std::shared_ptr<const RiskModel> risk_model(const RiskPolicy& policy) const;

  const PeerKey& peer_key() const { return peer_key_; }
  const FindingsPolicy& findings_policy() const { return findings_policy_; }

 private:
  const AccessIndex& index_;
  PeerKey peer_key_;
  FindingsPolicy findings_policy_;
  mutable std::once_flag materialized_built_;
  mutable std::unique_ptr<const MaterializedAccess> materialized_;
  mutable std::once_flag analysis_built_;
  mutable std::unique_ptr<PeerIndex> peers_;
  mutable std::unique_ptr<FindingsEvaluator> findings_;
  mutable std::mutex risk_models_mutex_;
  mutable std::vector<std::shared_ptr<const RiskModel>> risk_models_;
};

struct VersionState {
  // `index` points into `graph`: a VersionState never moves once built. The first form
  // indexes the graph at a date; the second lets the caller build the index from the
  // graph in its final place (AccessIndex::rebased shares a previous version's closures).
  VersionState(Graph graph_in, Date as_of, const PeerKey& peer_key, const FindingsPolicy& policy);
  template <class MakeIndex>  // AccessIndex(const Graph&)
  VersionState(Graph graph_in, MakeIndex make_index, const PeerKey& peer_key, const FindingsPolicy& policy)
      : graph(std::move(graph_in)),
        index(std::make_unique<AccessIndex>(make_index(graph))),
        derived(*index, peer_key, policy) {}
  VersionState(const VersionState&) = delete;
  VersionState& operator=(const VersionState&) = delete;

  Graph graph;
  std::unique_ptr<AccessIndex> index;
  DerivedIndexes derived;
  LoadCounts load;
  std::vector<std::pair<std::string, double>> timings_seconds;  // load, index, apply_events

  // Working sets of point queries, reused per thread (core/common/scratch_pool.hpp).
  ScratchPool<FindingsEvaluator::Scratch> findings_scratch{[this] { return derived.findings().make_scratch(); }};
  ScratchPool<WhatIfEvaluator::Scratch> whatif_scratch{[this] { return WhatIfEvaluator(*index).make_scratch(); }};
  // Set by Engine::prepare_point_queries(); inherited by versions lifecycle derives.
  mutable std::atomic<std::shared_ptr<const PointTable>> point_table;
  // The identities with lifecycle changes falling due, carried from version to version
  // (engine/lifecycle/scheduled_changes.hpp); null until the first apply builds it.
  std::shared_ptr<const DueIndex> due_index;
};

// The state behind an Engine, and an Engine around a state (defined in engine.cpp).
const VersionState& state_of(const Engine& engine);
Engine engine_of(std::shared_ptr<const VersionState> state);
// The same version with more review decisions for the risk model to learn from
// (`recert decide`): the graph's tables and the closures are shared; what is derived
// from the decisions (the risk model) is built again on first use.
Engine with_review_decisions(const Engine& engine, std::vector<ReviewDecision> more);
// Indexes a graph built elsewhere (a snapshot, a replay) at options.as_of.
Engine engine_from_graph(Graph graph, const OpenOptions& options = {});

}  // namespace accessgraph
