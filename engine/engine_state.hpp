#pragma once
// What an Engine holds: the graph and its derived indexes at one as-of date.
#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "accessgraph/engine.hpp"
#include "engine/analysis/findings.hpp"
#include "engine/analysis/peer_index.hpp"
#include "engine/closure/access_index.hpp"
#include "engine/closure/materialized_access.hpp"
#include "core/common/scratch_pool.hpp"
#include "engine/lifecycle/whatif.hpp"
#include "core/graph/graph.hpp"

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

struct Engine::State {
  Graph graph;
  std::unique_ptr<AccessIndex> index;  // points into graph: State never moves
  std::uint64_t rows_loaded = 0, bytes_loaded = 0, rows_rejected = 0;
  std::vector<std::pair<std::string, double>> timings_seconds;  // load, index

  // Analysis, built on first use (many queries never need it).
  PeerKey peer_key;
  FindingsPolicy findings_policy;
  const FindingsEvaluator& findings() const;
  // Working sets of point queries, reused per thread (core/common/scratch_pool.hpp).
  ScratchPool<FindingsEvaluator::Scratch> findings_scratch{[this] { return findings().make_scratch(); }};
  ScratchPool<WhatIfEvaluator::Scratch> whatif_scratch{[this] { return WhatIfEvaluator(*index).make_scratch(); }};
  // Set by Engine::prepare_point_queries(); inherited by versions lifecycle derives.
  mutable std::atomic<std::shared_ptr<const PointTable>> point_table;

  // Every identity's actual access with its justified flags (4 + 1 bytes a pair: 550 MB
  // at 1M identities), built on first use by the bulk work that reads every pair:
  // effective_access.csv, the risk model's peer indexes, risk scoring.
  const MaterializedAccess& materialized_access() const;

  // The risk model of a policy, built on first use per policy (engine_risk.cpp).
  std::shared_ptr<const RiskModel> risk_model(const RiskPolicy& policy) const;

 private:
  mutable std::once_flag materialized_built_;
  mutable std::unique_ptr<const MaterializedAccess> materialized_;
  mutable std::once_flag analysis_built_;
  mutable std::unique_ptr<PeerIndex> peers_;
  mutable std::unique_ptr<FindingsEvaluator> findings_;
  mutable std::mutex risk_models_mutex_;
  mutable std::vector<std::shared_ptr<const RiskModel>> risk_models_;
};

}  // namespace accessgraph
