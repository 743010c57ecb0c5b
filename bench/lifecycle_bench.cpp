// Lifecycle on the bench dataset: one HR event applied (a transfer: copy-on-write
// version, reconcile, rebased index), a single what-if, and a reorg what-if of many
// transfers.
#include <benchmark/benchmark.h>

#include <fstream>

#include "bench/bench_dataset.hpp"

namespace accessgraph::bench {
namespace {

void BM_ApplyOneTransfer(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfer_inputs(256);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    auto run = engine.apply_events_csv(transfer_event_csv(identity, department),
                                       LifecycleOptions{1'000'000});  // no archiving: the event alone
    benchmark::DoNotOptimize(run.plan.size());
  }
}
BENCHMARK(BM_ApplyOneTransfer)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WhatIfOneTransfer(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfer_inputs(256);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    benchmark::DoNotOptimize(engine.whatif(identity, {{"department", department}}).grant.size());
  }
}
BENCHMARK(BM_WhatIfOneTransfer)->Unit(benchmark::kMicrosecond);

void BM_WhatIfReorg(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfer_inputs(static_cast<std::size_t>(state.range(0)));
  const auto path = std::filesystem::temp_directory_path() / "accessgraph-bench-reorg.csv";
  {
    std::ofstream out(path);
    out << "identity_id,department\n";
    for (const auto& [identity, department] : moves) out << identity << "," << department << "\n";
  }
  for (auto _ : state) benchmark::DoNotOptimize(engine.whatif_reorg(path).granted);
  state.counters["transfers"] = static_cast<double>(moves.size());
  std::filesystem::remove(path);
}
BENCHMARK(BM_WhatIfReorg)->Arg(10'000)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace accessgraph::bench
