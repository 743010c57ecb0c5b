// Lifecycle on the bench dataset: one HR event applied (a transfer: copy-on-write
// version, reconcile, rebased index), a single what-if, and a reorg what-if of many
// transfers.
#include <benchmark/benchmark.h>

#include <fstream>

#include "bench/bench_dataset.hpp"

namespace accessgraph::bench {
namespace {

// The bench dataset after its first lifecycle run: what was overdue in the loaded data
// (expired roles, leavers' accounts, retention) has run, and the clock is at the
// dataset's as-of date. Built once.
const Engine& settled() {
  static const Engine engine = [] {
    LifecycleOptions options;
    options.as_of = bench_dataset().engine.as_of();
    return bench_dataset().engine.apply_events({}, options).after;
  }();
  return engine;
}

// One transfer dated the day after the clock: the timeline moves one day, processes
// that identity and whatever the due index says falls due that day.
void BM_ApplyOneTransfer(benchmark::State& state) {
  const Engine& engine = settled();
  const auto moves = transfer_inputs(256);
  LifecycleOptions options;
  options.as_of = engine.as_of().plus_days(1);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    auto run = engine.apply_events_csv(transfer_event_csv(identity, department, options.as_of), options);
    benchmark::DoNotOptimize(run.plan.size());
  }
}
BENCHMARK(BM_ApplyOneTransfer)->Unit(benchmark::kMillisecond)->UseRealTime();

// One transfer dated at the clock: that identity alone, nothing else falls due.
void BM_ApplyOneTransferAtTheClock(benchmark::State& state) {
  const Engine& engine = settled();
  const auto moves = transfer_inputs(256);
  LifecycleOptions options;
  options.as_of = engine.as_of();
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    auto run = engine.apply_events_csv(transfer_event_csv(identity, department, options.as_of), options);
    benchmark::DoNotOptimize(run.plan.size());
  }
}
BENCHMARK(BM_ApplyOneTransferAtTheClock)->Unit(benchmark::kMillisecond)->UseRealTime();

// The clock moved forward by Arg days with no events (the target: under 100 ms at 1M
// identities for a day with nothing due; Arg 0 is the fixed cost of a run).
void BM_AdvanceClock(benchmark::State& state) {
  const Engine& engine = settled();
  LifecycleOptions options;
  options.as_of = engine.as_of().plus_days(static_cast<int>(state.range(0)));
  std::size_t plan_actions = 0, audit_entries = 0;
  for (auto _ : state) {
    const LifecycleRun run = engine.apply_events({}, options);
    plan_actions = run.plan.size();
    audit_entries = run.audit.size();
  }
  // What fell due that day: a large estate rarely has a day with nothing due.
  state.counters["plan_actions"] = static_cast<double>(plan_actions);
  state.counters["audit_entries"] = static_cast<double>(audit_entries);
}
BENCHMARK(BM_AdvanceClock)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

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
