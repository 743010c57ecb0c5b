#pragma once
// Progress of long work (`--progress`): a line on stderr per phase, with what is done
// of the total, the rate and the time left.
//
//   Progress progress(Progress::Mode::kTerminal);            // the CLI makes one per command
//   ProgressPhase phase = progress.phase("risk_score", identities);
//   ... on any thread: phase.advance(block_size);             // one relaxed atomic add
//   phase.finish();                                           // the last line: done == total
//
// kTerminal rewrites one line in place ("\r", for a terminal); kJson prints one JSON
// object per line, {"phase","done","total","rate","eta_s"}, for machines. Either prints
// at most 4 times a second per phase: advance() is a relaxed add and a relaxed load of
// the next print time; the thread that wins a compare-exchange on that time prints.
// So advance() is safe and cheap from oneTBB workers, with no lock in a hot loop.
// A phase with total 0 prints only its last line. A null Progress* (or Mode::kNone)
// makes every phase silent.
#include <atomic>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <string>

#include "core/common/stopwatch.hpp"

namespace accessgraph {

class Progress;

class ProgressPhase {
 public:
  ProgressPhase() = default;  // silent
  ProgressPhase(Progress* progress, std::string name, std::uint64_t total);
  ProgressPhase(const ProgressPhase&) = delete;
  ProgressPhase& operator=(const ProgressPhase&) = delete;
  ~ProgressPhase();  // finish() if not yet called

  void advance(std::uint64_t units = 1) {
    if (!progress_) return;
    const std::uint64_t done = done_.fetch_add(units, std::memory_order_relaxed) + units;
    const std::int64_t now = clock_ns();
    std::int64_t due = next_print_ns_.load(std::memory_order_relaxed);
    if (now >= due && next_print_ns_.compare_exchange_strong(due, now + kIntervalNs, std::memory_order_relaxed))
      print(done, false);
  }
  void finish();

 private:
  static constexpr std::int64_t kIntervalNs = 250'000'000;  // at most 4 lines a second
  static std::int64_t clock_ns();
  void print(std::uint64_t done, bool last);

  Progress* progress_ = nullptr;
  std::string name_;
  std::uint64_t total_ = 0;
  std::atomic<std::uint64_t> done_ = 0;
  std::atomic<std::int64_t> next_print_ns_ = 0;
  std::int64_t start_ns_ = 0;
  bool finished_ = false;
};

class Progress {
 public:
  enum class Mode { kNone, kTerminal, kJson };
  // `out` is where lines go (stderr in the CLI; a file in tests).
  explicit Progress(Mode mode, std::FILE* out = stderr) : mode_(mode), out_(out) {}

  Mode mode() const { return mode_; }
  // A phase of `total` units (rows, identities, bytes); silent when mode is kNone.
  // Phases of one Progress run one after another.
  ProgressPhase phase(std::string name, std::uint64_t total) {
    return ProgressPhase(mode_ == Mode::kNone ? nullptr : this, std::move(name), total);
  }

 private:
  friend class ProgressPhase;
  void write_line(const std::string& line, bool last);  // serialised: lines never interleave

  Mode mode_;
  std::FILE* out_;
  std::mutex writing_;  // taken only to print, at most a few times a second
};

// A phase of `progress`, silent when it is null: what library code takes.
inline ProgressPhase progress_phase(Progress* progress, std::string name, std::uint64_t total) {
  return progress ? progress->phase(std::move(name), total) : ProgressPhase();
}

}  // namespace accessgraph
