// Learning from review decisions (engine/analysis/decision_model.hpp) on the bench
// dataset: the unsupervised inputs of N decisions, training on N decisions, and
// scoring every actual pair with a learned model (compare BM_RiskScoreAllPairs).
// Decisions are drawn over actual pairs with a fixed seed; a revoke is likelier for
// some (department, entitlement) combinations, so that there is something to learn.
#include <benchmark/benchmark.h>

#include <random>

#include "bench/bench_dataset.hpp"
#include "engine/analysis/decision_model.hpp"
#include "engine/analysis/risk_model.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/report/risk_scan.hpp"

namespace accessgraph::bench {
namespace {

std::vector<ReviewDecision> sampled_decisions(std::size_t count) {
  const Graph& g = bench_dataset().graph();
  const MaterializedAccess& access = state_of(bench_dataset().engine).derived.materialized_access();
  std::mt19937_64 random(42);
  std::vector<ReviewDecision> decisions;
  decisions.reserve(count);
  while (decisions.size() < count) {
    const IdentityId identity(static_cast<std::uint32_t>(random() % g.identity_count()));
    const auto held = access.of(identity);
    if (held.empty()) continue;
    const EntitlementId entitlement = held[random() % held.size()];
    const std::uint64_t cell = (std::uint64_t{g.identities[identity.value].department.value} * 31 + entitlement.value) % 17;
    const double chance = cell == 0 ? 0.6 : 0.03;
    decisions.push_back({identity, entitlement, std::uniform_real_distribution<double>(0, 1)(random) < chance, Date(), ""});
  }
  return decisions;
}

struct Inputs {
  std::vector<RiskFactors> factors;
  std::vector<double> unsupervised;
  std::vector<float> notions;
  std::vector<PairInputs> inputs;
};

Inputs inputs_of(const RiskModel& model, std::span<const ReviewDecision> decisions) {
  const std::size_t notions = model.policy().peers.notions.size() + 1;
  Inputs out;
  out.factors.resize(decisions.size());
  out.unsupervised.resize(decisions.size());
  out.notions.resize(decisions.size() * notions);
  model.decision_inputs(decisions, [&](std::size_t i, const PairInputs& in) {
    out.factors[i] = *in.factors, out.unsupervised[i] = in.unsupervised;
    std::copy(in.notions.begin(), in.notions.end(), out.notions.begin() + static_cast<std::ptrdiff_t>(i * notions));
  });
  for (std::size_t i = 0; i < decisions.size(); ++i)
    out.inputs.push_back({&out.factors[i], out.unsupervised[i], {out.notions.data() + i * notions, notions}});
  return out;
}

void BM_DecisionInputs(benchmark::State& state) {
  const auto model = state_of(bench_dataset().engine).derived.risk_model(RiskPolicy::defaults());
  const auto decisions = sampled_decisions(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(inputs_of(*model, decisions).inputs.size());
  state.counters["decisions"] = static_cast<double>(decisions.size());
}
BENCHMARK(BM_DecisionInputs)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_TrainDecisionModel(benchmark::State& state) {
  const auto model = state_of(bench_dataset().engine).derived.risk_model(RiskPolicy::defaults());
  const auto decisions = sampled_decisions(static_cast<std::size_t>(state.range(0)));
  const Inputs inputs = inputs_of(*model, decisions);
  const std::size_t notions = model->policy().peers.notions.size() + 1;
  for (auto _ : state) {
    DecisionModel learned(bench_dataset().graph(), decisions, inputs.inputs, notions, RiskPolicy::defaults().learning);
    benchmark::DoNotOptimize(learned.coefficients().data());
  }
  state.counters["decisions"] = static_cast<double>(decisions.size());
}
BENCHMARK(BM_TrainDecisionModel)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RiskScoreAllPairsLearned(benchmark::State& state) {
  Graph graph = bench_dataset().graph();
  graph.decisions = std::make_shared<const std::vector<ReviewDecision>>(sampled_decisions(100'000));
  OpenOptions options = bench_dataset().open_options;
  const Engine engine = engine_from_graph(std::move(graph), options);
  const auto model = state_of(engine).derived.risk_model(RiskPolicy::defaults());  // trains, outside the timing
  for (auto _ : state) {
    RiskScan scan = scan_risk(*model, [](const ScoredAccess&) { return true; });
    state.counters["pairs"] = static_cast<double>(scan.rows);
  }
}
BENCHMARK(BM_RiskScoreAllPairsLearned)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace accessgraph::bench
