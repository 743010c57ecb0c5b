#pragma once
// Request counters and latency histograms per endpoint and status, kept in fixed
// arrays of atomics (no lock, no allocation per request), and the Prometheus text
// exposition of them plus the engine's gauges (docs/server.md lists every name).
#include <array>
#include <atomic>
#include <cstdint>
#include <string>

#include "server/dispatch/dated_versions.hpp"
#include "server/http/routes.hpp"

namespace accessgraph::server::http {

class HttpMetrics {
 public:
  // Upper bounds of the latency buckets, in seconds (the last bucket is +Inf).
  static constexpr std::array<double, 12> kBuckets{0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005,
                                                   0.01,   0.025,   0.05,   0.1,   0.5,    2.5};
  // The statuses the server answers; any other counts as "other".
  static constexpr std::array<unsigned, 12> kStatuses{200, 400, 401, 403, 404, 405, 413, 429, 500, 503, 431, 0};

  void record(Endpoint endpoint, unsigned status, double seconds);

  std::atomic<std::uint32_t> connections{0};
  std::atomic<std::uint64_t> connections_refused{0};

  // The exposition text. `versions` is null before the engine is loaded.
  std::string render(const DatedVersions* versions) const;

 private:
  struct Series {
    std::atomic<std::uint64_t> count{0};
    std::atomic<std::uint64_t> micros{0};  // sum of durations
    std::array<std::atomic<std::uint64_t>, kBuckets.size()> buckets{};  // not cumulative
  };
  std::array<std::array<Series, kStatuses.size()>, kEndpointCount> series_{};
};

}  // namespace accessgraph::server::http
