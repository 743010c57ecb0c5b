// Loading a bundle: CSV parse, validation, interning, CSR build and the access index
// (Engine::open_bundle, as every command starts).
#include <benchmark/benchmark.h>

#include <optional>

#include "bench/bench_dataset.hpp"

namespace accessgraph::bench {
namespace {

void BM_OpenBundle(benchmark::State& state) {
  const BenchDataset& dataset = bench_dataset();
  std::optional<Engine> engine;
  for (auto _ : state) {
    engine.emplace(Engine::open_bundle(dataset.bundle, dataset.open_options));
    benchmark::DoNotOptimize(*engine);
    // Freeing the previous graph is not loading: keep it out of the time.
    state.PauseTiming();
    engine.reset();
    state.ResumeTiming();
  }
  const auto& state_counts = state_of(dataset.engine);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state_counts.load.rows));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * state_counts.load.bytes));
}
BENCHMARK(BM_OpenBundle)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace accessgraph::bench
