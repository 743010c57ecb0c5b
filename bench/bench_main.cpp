// accessgraph_bench: Google Benchmark main that loads the dataset first, so every
// result carries the dataset it ran on and the thread count (benchmark context).
//
//   ACCESSGRAPH_BENCH_BUNDLE=DIR   bundle to run on (see bench_dataset.hpp for the default)
//   ACCESSGRAPH_BENCH_THREADS=N    cap oneTBB at N threads (default: all cores)
#include <benchmark/benchmark.h>
#include <tbb/global_control.h>

#include <cstdlib>
#include <memory>
#include <string>

#include "bench/bench_dataset.hpp"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;

  std::unique_ptr<tbb::global_control> thread_limit;
  if (const char* threads = std::getenv("ACCESSGRAPH_BENCH_THREADS"); threads && std::atoi(threads) > 0)
    thread_limit = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                         static_cast<std::size_t>(std::atoi(threads)));

  using accessgraph::bench::bench_dataset;
  const auto& dataset = bench_dataset();
  const auto& inputs = accessgraph::bench::query_inputs();
  benchmark::AddCustomContext("dataset", dataset.bundle.string() + " (" + dataset.origin + ")");
  benchmark::AddCustomContext("as_of", accessgraph::bench::kBenchAsOf);
  benchmark::AddCustomContext("identities", std::to_string(dataset.graph().identity_count()));
  benchmark::AddCustomContext("entitlements", std::to_string(dataset.graph().entitlement_count()));
  benchmark::AddCustomContext("actual_access_pairs", std::to_string(inputs.actual_pairs));
  benchmark::AddCustomContext("tbb_threads", std::to_string(tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism)));

  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
