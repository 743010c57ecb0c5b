// Point queries through the public Engine API (string ids in, result objects out), as
// the CLI and the server call them. Inputs are chosen once in query_inputs().
// Findings and risk over every identity: analysis_bench.cpp; events and what-if:
// lifecycle_bench.cpp.
#include <benchmark/benchmark.h>

#include "bench/bench_dataset.hpp"
#include "engine/query/entitlement_holders.hpp"

namespace accessgraph::bench {
namespace {

// Half held pairs, half random ones (mostly not held): both answers are common.
void run_checks(benchmark::State& state, const Engine& engine) {
  const auto& pairs = query_inputs().check_pairs;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& pair = pairs[next++ % pairs.size()];
    benchmark::DoNotOptimize(engine.check(pair.identity_name, pair.entitlement_name));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}

void BM_Check(benchmark::State& state) { run_checks(state, bench_dataset().engine); }
BENCHMARK(BM_Check);

// As the server answers: with the point-query table (Engine::prepare_point_queries),
// on a second engine over the same graph so that BM_Check keeps measuring the walk.
void BM_CheckWithAccessTable(benchmark::State& state) {
  static const Engine prepared = [] {
    Engine engine = engine_from_graph(bench_dataset().graph(), bench_dataset().open_options);
    engine.prepare_point_queries();
    return engine;
  }();
  run_checks(state, prepared);
}
BENCHMARK(BM_CheckWithAccessTable);

// The same questions on dense ids: the index alone, without id lookup or result strings.
void BM_CheckDenseIds(benchmark::State& state) {
  const AccessIndex& index = bench_dataset().index();
  const auto& pairs = query_inputs().check_pairs;
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& pair = pairs[next++ % pairs.size()];
    benchmark::DoNotOptimize(index.has(pair.identity, pair.entitlement));
    benchmark::DoNotOptimize(index.expects(pair.identity, pair.entitlement));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_CheckDenseIds);

void BM_Access(benchmark::State& state, bool largest) {
  const BenchDataset& dataset = bench_dataset();
  const IdentityId identity = largest ? query_inputs().largest_identity : query_inputs().median_identity;
  const std::string name(dataset.graph().identity_ids.name(identity));
  std::size_t entitlements = 0;
  for (auto _ : state) {
    AccessResult result = dataset.engine.access(name);
    entitlements = result.entitlements.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["entitlements"] = static_cast<double>(entitlements);
}
BENCHMARK_CAPTURE(BM_Access, median_identity, false)->Unit(benchmark::kMicrosecond);
BENCHMARK_CAPTURE(BM_Access, largest_identity, true)->Unit(benchmark::kMicrosecond);

void BM_WhoHasPopularEntitlement(benchmark::State& state) {
  const BenchDataset& dataset = bench_dataset();
  const std::string name(dataset.graph().entitlement_ids.name(query_inputs().popular_entitlement));
  std::size_t holders = 0;
  for (auto _ : state) {
    WhoHasResult result = dataset.engine.who_has(name);
    holders = result.identities.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["holders"] = static_cast<double>(holders);
}
BENCHMARK(BM_WhoHasPopularEntitlement)->Unit(benchmark::kMillisecond)->UseRealTime();  // strings built in parallel

// The same on dense ids: the reverse traversal alone, without the answer's strings.
void BM_WhoHasPopularEntitlementDenseIds(benchmark::State& state) {
  const AccessIndex& index = bench_dataset().index();
  std::size_t holders = 0;
  for (auto _ : state) {
    EntitlementHolders result = find_holders(index, query_inputs().popular_entitlement);
    holders = result.identities.size();
    benchmark::DoNotOptimize(result);
  }
  state.counters["holders"] = static_cast<double>(holders);
}
BENCHMARK(BM_WhoHasPopularEntitlementDenseIds)->Unit(benchmark::kMillisecond);

// Shortest actual and expected chains for held pairs.
void BM_Explain(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto& pairs = query_inputs().held_pairs;
  if (pairs.empty()) {
    state.SkipWithError("the dataset has no actual access to explain");
    return;
  }
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& pair = pairs[next++ % pairs.size()];
    benchmark::DoNotOptimize(engine.explain(pair.identity_name, pair.entitlement_name));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_Explain)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace accessgraph::bench
