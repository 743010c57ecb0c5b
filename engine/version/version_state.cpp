#include "engine/version/version_state.hpp"

#include <tbb/task_arena.h>

#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

VersionState::VersionState(Graph graph_in, Date as_of, const PeerKey& peer_key, const FindingsPolicy& policy)
    : VersionState(std::move(graph_in), [as_of](const Graph& g) { return AccessIndex(g, as_of); }, peer_key, policy) {}

const MaterializedAccess& DerivedIndexes::materialized_access() const {
  // Isolated: waiting for its parallel build, this thread must not pick up a task that
  // asks for the same once_flag.
  std::call_once(materialized_built_, [&] {
    tbb::this_task_arena::isolate(
        [&] { materialized_ = std::make_unique<const MaterializedAccess>(MaterializedAccess::compute(index_)); });
  });
  return *materialized_;
}

const FindingsEvaluator& DerivedIndexes::findings() const {
  std::call_once(analysis_built_, [&] {
    peers_ = std::make_unique<PeerIndex>(index_, peer_key_);
    findings_ = std::make_unique<FindingsEvaluator>(index_, *peers_, findings_policy_);
  });
  return *findings_;
}

std::shared_ptr<const RiskModel> DerivedIndexes::risk_model(const RiskPolicy& policy) const {
  const FindingsEvaluator& evaluator = findings();
  const MaterializedAccess& access = materialized_access();
  std::lock_guard lock(risk_models_mutex_);
  for (const auto& model : risk_models_)
    if (model->policy().canonical == policy.canonical) return model;
  // Isolated: while this thread waits for the model's parallel build, it must not
  // pick up an unrelated task that could ask for a model and wait for this lock.
  std::shared_ptr<const RiskModel> model;
  tbb::this_task_arena::isolate([&] { model = std::make_shared<const RiskModel>(evaluator, access, policy); });
  risk_models_.push_back(model);
  return model;
}

}  // namespace accessgraph
