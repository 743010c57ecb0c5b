#include "server/http/http_metrics.hpp"

#include <unistd.h>

#include <fmt/format.h>

#include <algorithm>
#include <fstream>

namespace accessgraph::server::http {
namespace {

std::size_t status_index(unsigned status) {
  const auto* found = std::find(HttpMetrics::kStatuses.begin(), HttpMetrics::kStatuses.end() - 1, status);
  return static_cast<std::size_t>(found - HttpMetrics::kStatuses.begin());
}

std::string status_label(std::size_t index) {
  return HttpMetrics::kStatuses[index] == 0 ? "other" : std::to_string(HttpMetrics::kStatuses[index]);
}

// Resident set size from /proc/self/statm (second field, in pages).
std::uint64_t resident_bytes() {
  std::ifstream statm("/proc/self/statm");
  std::uint64_t size = 0, resident = 0;
  statm >> size >> resident;
  return resident * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
}

// Midnight UTC of `day` in Unix seconds.
std::int64_t unix_seconds(Date day) { return day.present() ? std::int64_t{day.days()} * 86400 : 0; }

void header(std::string& out, std::string_view name, std::string_view type, std::string_view help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

}  // namespace

void HttpMetrics::record(Endpoint endpoint, unsigned status, double seconds) {
  Series& s = series_[static_cast<std::size_t>(endpoint)][status_index(status)];
  s.count.fetch_add(1, std::memory_order_relaxed);
  s.micros.fetch_add(static_cast<std::uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  const auto bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
  if (bucket < static_cast<std::ptrdiff_t>(kBuckets.size())) s.buckets[bucket].fetch_add(1, std::memory_order_relaxed);
}

std::string HttpMetrics::render(const DatedVersions* versions) const {
  std::string out;
  out.reserve(16 * 1024);
  header(out, "accessgraph_http_requests_total", "counter", "HTTP requests answered, by endpoint and status.");
  for (std::size_t e = 0; e < kEndpointCount; ++e)
    for (std::size_t s = 0; s < kStatuses.size(); ++s)
      if (const auto count = series_[e][s].count.load(std::memory_order_relaxed))
        out += fmt::format("accessgraph_http_requests_total{{endpoint=\"{}\",status=\"{}\"}} {}\n",
                           endpoint_name(static_cast<Endpoint>(e)), status_label(s), count);
  header(out, "accessgraph_http_request_duration_seconds", "histogram",
         "Time from a whole request read to its answer handed to the socket.");
  for (std::size_t e = 0; e < kEndpointCount; ++e)
    for (std::size_t s = 0; s < kStatuses.size(); ++s) {
      const Series& series = series_[e][s];
      const auto count = series.count.load(std::memory_order_relaxed);
      if (count == 0) continue;
      const std::string labels =
          fmt::format("endpoint=\"{}\",status=\"{}\"", endpoint_name(static_cast<Endpoint>(e)), status_label(s));
      std::uint64_t cumulative = 0;
      for (std::size_t b = 0; b < kBuckets.size(); ++b) {
        cumulative += series.buckets[b].load(std::memory_order_relaxed);
        out += fmt::format("accessgraph_http_request_duration_seconds_bucket{{{},le=\"{}\"}} {}\n", labels,
                           kBuckets[b], cumulative);
      }
      out += fmt::format("accessgraph_http_request_duration_seconds_bucket{{{},le=\"+Inf\"}} {}\n", labels, count);
      out += fmt::format("accessgraph_http_request_duration_seconds_sum{{{}}} {}\n", labels,
                         static_cast<double>(series.micros.load(std::memory_order_relaxed)) / 1e6);
      out += fmt::format("accessgraph_http_request_duration_seconds_count{{{}}} {}\n", labels, count);
    }
  header(out, "accessgraph_http_connections", "gauge", "HTTP connections open now.");
  out += fmt::format("accessgraph_http_connections {}\n", connections.load());
  header(out, "accessgraph_http_connections_refused_total", "counter",
         "HTTP connections refused (503) because --max-connections were open.");
  out += fmt::format("accessgraph_http_connections_refused_total {}\n", connections_refused.load());
  header(out, "accessgraph_ready", "gauge", "1 once the engine is loaded and queries are answered.");
  out += fmt::format("accessgraph_ready {}\n", versions ? 1 : 0);
  header(out, "process_resident_memory_bytes", "gauge", "Resident memory of the server process.");
  out += fmt::format("process_resident_memory_bytes {}\n", resident_bytes());
  if (!versions) return out;

  const auto published = versions->versions().published();
  const StateStatus& status = published->status;
  header(out, "accessgraph_engine_version", "gauge", "Engine version: batches of events applied since load.");
  out += fmt::format("accessgraph_engine_version {}\n", status.version);
  header(out, "accessgraph_events_applied_total", "counter", "HR events applied since load.");
  out += fmt::format("accessgraph_events_applied_total {}\n", status.events_applied);
  header(out, "accessgraph_lifecycle_clock_seconds", "gauge",
         "The lifecycle clock (everything dated up to it has run), midnight UTC in Unix seconds.");
  out += fmt::format("accessgraph_lifecycle_clock_seconds {}\n",
                     unix_seconds(Date::parse(status.clock).value_or(published->engine.as_of())));
  header(out, "accessgraph_as_of_seconds", "gauge",
         "The date a query without as_of is answered at, midnight UTC in Unix seconds.");
  out += fmt::format("accessgraph_as_of_seconds {}\n", unix_seconds(versions->default_date()));
  const GraphStats stats = published->engine.stats();
  header(out, "accessgraph_nodes", "gauge", "Nodes of the served graph by kind (identities, accounts, ...).");
  for (const auto& [kind, count] : stats.nodes) out += fmt::format("accessgraph_nodes{{kind=\"{}\"}} {}\n", kind, count);
  const auto identities = std::find_if(stats.nodes.begin(), stats.nodes.end(),
                                       [](const NamedCount& c) { return c.name == "identities"; });
  header(out, "accessgraph_identities", "gauge", "Identities in the served graph.");
  out += fmt::format("accessgraph_identities {}\n", identities == stats.nodes.end() ? 0 : identities->count);
  return out;
}

}  // namespace accessgraph::server::http
