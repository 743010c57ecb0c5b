// The state directory on the bench dataset: writing and reading the binary snapshot,
// opening a state (snapshot + index) against BM_OpenBundle's CSV load, and applying
// one event durably (log append + fsync + control commit + publish), and what the
// control commit adds to an append.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include "accessgraph/versioned_engine.hpp"
#include "bench/bench_dataset.hpp"
#include <fcntl.h>

#include "engine/store/event_log.hpp"
#include "engine/store/snapshot.hpp"

namespace accessgraph::bench {
namespace {

// A state directory of the bench dataset, made once per process in the temp folder.
const std::filesystem::path& bench_state() {
  static const std::filesystem::path dir = [] {
    auto path = std::filesystem::temp_directory_path() / ("accessgraph-bench-state-" + std::to_string(::getpid()));
    std::filesystem::remove_all(path);
    VersionedEngine::init_state(bench_dataset().engine, path);
    std::atexit([] { std::filesystem::remove_all(bench_state()); });
    return path;
  }();
  return dir;
}

void BM_WriteSnapshot(benchmark::State& state) {
  const auto path = bench_state() / "bench-snapshot.bin";
  for (auto _ : state) write_snapshot(bench_dataset().graph(), {}, path);
  state.counters["bytes"] = static_cast<double>(std::filesystem::file_size(path));
  std::filesystem::remove(path);
}
BENCHMARK(BM_WriteSnapshot)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

void BM_ReadSnapshot(benchmark::State& state) {
  const auto path = bench_state() / "snapshot.bin";
  for (auto _ : state) benchmark::DoNotOptimize(read_snapshot(path).graph.identity_count());
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * std::filesystem::file_size(path)));
}
BENCHMARK(BM_ReadSnapshot)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// What `--state DIR` costs a query command, to compare with BM_OpenBundle.
void BM_OpenState(benchmark::State& state) {
  for (auto _ : state)
    benchmark::DoNotOptimize(VersionedEngine::open_state(bench_state(), bench_dataset().open_options).status());
}
BENCHMARK(BM_OpenState)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(3);

// Acknowledged = logged and fsync'd, then published: the latency a client waits. Each
// event is dated a day after the last, and the clock follows it.
void BM_ApplyOneTransferDurable(benchmark::State& state) {
  VersionedEngine engine = VersionedEngine::open_state(bench_state(), bench_dataset().open_options);
  const auto moves = transfer_inputs(256);
  LifecycleOptions options;
  options.as_of = *Date::parse(engine.status().clock);
  static std::size_t next = 0;  // event ids are unique for the life of the state, across repetitions
  for (auto _ : state) {
    const auto& [identity, department] = moves[next % moves.size()];
    options.as_of = options.as_of.plus_days(1);
    const std::string csv = transfer_event_csv(identity, department, options.as_of, "bench-" + std::to_string(next++));
    benchmark::DoNotOptimize(engine.apply_events_csv(csv, options).version);
  }
}
BENCHMARK(BM_ApplyOneTransferDurable)->Unit(benchmark::kMillisecond)->UseRealTime();

// One 300-byte record appended and fdatasync'd, as an apply did before the control
// file: the baseline for BM_LogAppendAcknowledged.
void BM_LogAppendFsyncOnly(benchmark::State& state) {
  const auto path = bench_state() / "bench-raw.log";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  const std::string record(312, 'x');
  for (auto _ : state) {
    if (::write(fd, record.data(), record.size()) != static_cast<ssize_t>(record.size()) || ::fdatasync(fd) != 0)
      state.SkipWithError("write failed");
  }
  ::close(fd);
  std::filesystem::remove(path);
}
BENCHMARK(BM_LogAppendFsyncOnly)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

// The same record through EventLogWriter: append, fdatasync, then the control file's
// commit (pwrite + fdatasync) -- what an acknowledged batch costs now.
void BM_LogAppendAcknowledged(benchmark::State& state) {
  const auto dir = bench_state() / "bench-log";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  create_event_log(dir / "events.log");
  ControlFile::create(dir / "control", {});
  {
    EventLogWriter log(dir / "events.log", dir / "control",
                       read_event_log(dir / "events.log", ControlFile::read(dir / "control").commit));
    const std::string payload(300, 'x');
    for (auto _ : state) log.append(payload);
  }
  std::filesystem::remove_all(dir);
}
BENCHMARK(BM_LogAppendAcknowledged)->Unit(benchmark::kMicrosecond)->UseRealTime()->MinTime(2.0);

}  // namespace
}  // namespace accessgraph::bench
