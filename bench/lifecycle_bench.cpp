// Lifecycle on the bench dataset: one HR event applied (a transfer: copy-on-write
// version, reconcile, rebased index), a single what-if, and a reorg what-if of many
// transfers.
#include <benchmark/benchmark.h>

#include <fstream>

#include "bench/bench_dataset.hpp"

namespace accessgraph::bench {
namespace {

// Active identities with a department, spread over the dataset, and a department
// each could move to (another identity's).
std::vector<std::pair<std::string, std::string>> transfers(std::size_t count) {
  const Graph& g = bench_dataset().graph();
  std::vector<std::pair<std::string, std::string>> out;
  const std::size_t n = g.identity_count();
  for (std::size_t k = 0; out.size() < count && k < n; ++k) {
    std::size_t i = (k * 7919) % n, j = (k * 104729 + 13) % n;
    const IdentityRecord& who = g.identities[i];
    const IdentityRecord& target = g.identities[j];
    if (who.status != IdentityStatus::kActive || !target.department.valid()) continue;
    out.emplace_back(std::string(g.identity_ids.name(IdentityId(static_cast<std::uint32_t>(i)))),
                     std::string(g.attribute_values.name(target.department)));
  }
  return out;
}

void BM_ApplyOneTransfer(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfers(256);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    auto run = engine.apply_events_csv(
        "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,manager_id,owner_id\n"
        "e1,2026-10-01,transfer," + identity + ",,," + department + ",,,,\n",
        LifecycleOptions{1'000'000});  // no archiving: the event alone
    benchmark::DoNotOptimize(run.plan.size());
  }
}
BENCHMARK(BM_ApplyOneTransfer)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_WhatIfOneTransfer(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfers(256);
  std::size_t next = 0;
  for (auto _ : state) {
    const auto& [identity, department] = moves[next++ % moves.size()];
    benchmark::DoNotOptimize(engine.whatif(identity, {{"department", department}}).grant.size());
  }
}
BENCHMARK(BM_WhatIfOneTransfer)->Unit(benchmark::kMicrosecond);

void BM_WhatIfReorg(benchmark::State& state) {
  const Engine& engine = bench_dataset().engine;
  const auto moves = transfers(static_cast<std::size_t>(state.range(0)));
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
