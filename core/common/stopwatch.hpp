#pragma once
// The one timing helper: wall-clock seconds of a phase, for the timings that commands
// report (summary.json, stats, progress). A steady clock, so it never runs backwards.
#include <chrono>

namespace accessgraph {

class Stopwatch {
 public:
  // Seconds since construction or the last lap().
  double seconds() const { return std::chrono::duration<double>(Clock::now() - start_).count(); }
  // Seconds since construction or the last lap(), and starts the next phase.
  double lap() {
    const auto now = Clock::now();
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    start_ = now;
    return elapsed;
  }

 private:
  using Clock = std::chrono::steady_clock;
  Clock::time_point start_ = Clock::now();
};

}  // namespace accessgraph
