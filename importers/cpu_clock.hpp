#pragma once
// User plus system CPU seconds of the whole process. Beside the wall time of each phase
// in import_report.json it shows what the phase cost on a machine shared with other
// work (the wall time of a 2-core machine at load 7 says little on its own).
#include <sys/resource.h>

namespace accessgraph::importers {

inline double process_cpu_seconds() {
  rusage usage{};
  ::getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& time) { return double(time.tv_sec) + double(time.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace accessgraph::importers
