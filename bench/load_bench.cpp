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
  const auto& state_counts = dataset.engine.state();
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * state_counts.rows_loaded));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * state_counts.bytes_loaded));
}
BENCHMARK(BM_OpenBundle)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace accessgraph::bench
