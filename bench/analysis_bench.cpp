// Analysis over every identity of the bench dataset: findings (SPEC 3) and risk
// scoring of every actual pair (SPEC 4), without writing files.
#include <benchmark/benchmark.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <atomic>

#include "bench/bench_dataset.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/report/risk_scan.hpp"

namespace accessgraph::bench {
namespace {

void BM_FindingsAllIdentities(benchmark::State& state) {
  const auto& evaluator = state_of(bench_dataset().engine).derived.findings();  // peer index built once, outside
  const std::size_t identities = bench_dataset().graph().identity_count();
  for (auto _ : state) {
    std::atomic<std::uint64_t> findings{0};
    tbb::enumerable_thread_specific<FindingsEvaluator::Scratch> scratch([&] { return evaluator.make_scratch(); });
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(identities), 1024),
                      [&](const auto& range) {
                        std::uint64_t local = 0;
                        for (std::uint32_t i = range.begin(); i != range.end(); ++i)
                          evaluator.identity_findings(IdentityId(i), scratch.local(),
                                                      [&](const FindingRecord&) { ++local; });
                        findings += local;
                      });
    state.counters["findings"] = static_cast<double>(findings.load());
  }
}
BENCHMARK(BM_FindingsAllIdentities)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RiskScoreAllPairs(benchmark::State& state) {
  const auto model = state_of(bench_dataset().engine).derived.risk_model(RiskPolicy::defaults());  // built once, outside
  for (auto _ : state) {
    RiskScan scan = scan_risk(*model, [](const ScoredAccess&) { return true; });
    state.counters["pairs"] = static_cast<double>(scan.rows);
  }
}
BENCHMARK(BM_RiskScoreAllPairs)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_RiskForOneIdentity(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const std::string identity(bench_dataset().graph().identity_ids.name(query_inputs().median_identity));
  engine.risk_for_identity(identity);  // builds the risk model (peer indexes) once, outside the timing
  for (auto _ : state) benchmark::DoNotOptimize(engine.risk_for_identity(identity).size());
}
BENCHMARK(BM_RiskForOneIdentity)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace accessgraph::bench
