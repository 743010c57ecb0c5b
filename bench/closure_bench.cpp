// Derived access: building the AccessIndex (group and role closures, held roles) from
// a loaded Graph, and materialising every identity's actual access from it.
#include <benchmark/benchmark.h>
#include <tbb/combinable.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "bench/bench_dataset.hpp"

namespace accessgraph::bench {
namespace {

// Counters: what the closures store (engine/closure/closure_dag.hpp) against the budget,
// and the share of components whose set is stored rather than computed on demand.
void BM_BuildAccessIndex(benchmark::State& state) {
  const BenchDataset& dataset = bench_dataset();
  for (auto _ : state) {
    AccessIndex index(dataset.graph(), dataset.open_options.as_of);
    benchmark::DoNotOptimize(index);
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * dataset.graph().identity_count()));
  const AccessIndex& index = dataset.index();
  auto report = [&](const char* name, AccessIndex::ClosureFootprint footprint) {
    state.counters[std::string(name) + "_stored"] = static_cast<double>(footprint.stored_elements);
    state.counters[std::string(name) + "_materialised"] =
        footprint.components == 0 ? 1.0 : static_cast<double>(footprint.materialised) / footprint.components;
  };
  report("group_access", index.group_access_footprint());
  report("role_access", index.role_access_footprint());
  report("role_closure", index.role_closure_footprint());
  state.counters["budget"] = static_cast<double>(AccessIndex::closure_budget(dataset.graph()));
}
BENCHMARK(BM_BuildAccessIndex)->Unit(benchmark::kMillisecond)->UseRealTime();

// The compute behind effective_access.csv without formatting or I/O: one union of
// shared sets per identity, identities in parallel with per-thread scratch.
void BM_MaterialiseActualAccess(benchmark::State& state) {
  const BenchDataset& dataset = bench_dataset();
  const AccessIndex& index = dataset.index();
  const std::size_t identity_count = dataset.graph().identity_count();
  tbb::enumerable_thread_specific<MarkedUnion<EntitlementId>> scratch(
      [&] { return index.make_entitlement_scratch(); });
  std::uint64_t pairs_per_pass = 0;
  for (auto _ : state) {
    tbb::combinable<std::uint64_t> pairs([] { return std::uint64_t{0}; });
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, identity_count, 256),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        auto& set = scratch.local();
                        std::uint64_t& count = pairs.local();
                        for (std::size_t i = range.begin(); i < range.end(); ++i) {
                          set.begin();
                          index.add_actual_access(IdentityId(static_cast<std::uint32_t>(i)), set);
                          count += set.items().size();
                        }
                      });
    pairs_per_pass = pairs.combine(std::plus<>());
    benchmark::DoNotOptimize(pairs_per_pass);
  }
  state.counters["pairs"] = static_cast<double>(pairs_per_pass);
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs_per_pass));
}
BENCHMARK(BM_MaterialiseActualAccess)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace accessgraph::bench
