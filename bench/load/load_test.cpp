// accessgraph_load: a load generator for `accessgraph serve`. N connections, each
// keeping DEPTH requests in flight (pipelining: requests are written in batches and
// answers read in batches), a weighted mix of queries over ids taken from the served
// bundle. Reports throughput and p50/p99/p99.9 latency per query type. See bench/README.md.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <thread>

#include "server/client/frame_socket.hpp"
#include "server/protocol/framing.hpp"

namespace {

using Clock = std::chrono::steady_clock;
using accessgraph::wire::RequestBody;

enum class Query { kCheck, kAccess, kExplain, kWhoHas };
constexpr const char* kQueryNames[] = {"check", "access", "explain", "who-has"};

struct Settings {
  std::string host = "127.0.0.1", bundle, mix = "check=1", token;
  std::uint16_t port = 7878;
  unsigned connections = 4, depth = 64, ids = 100'000;
  double seconds = 10;
};

// First column of a bundle CSV, skipping the header: up to `limit` ids.
std::vector<std::string> first_column(const std::string& path, unsigned limit) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::vector<std::string> ids;
  std::string line;
  std::getline(in, line);
  while (ids.size() < limit && std::getline(in, line)) ids.push_back(line.substr(0, line.find(',')));
  return ids;
}

struct Workload {
  std::vector<std::string> identities, entitlements;
  std::vector<std::pair<Query, unsigned>> weights;  // cumulative
  unsigned total_weight = 0;

  Query pick(std::mt19937_64& random) const {
    const unsigned draw = random() % total_weight;
    for (const auto& [query, cumulative] : weights)
      if (draw < cumulative) return query;
    return weights.back().first;
  }
};

Workload make_workload(const Settings& settings) {
  Workload workload;
  workload.identities = first_column(settings.bundle + "/identities.csv", settings.ids);
  workload.entitlements = first_column(settings.bundle + "/entitlements.csv", settings.ids);
  std::stringstream mix(settings.mix);
  std::string item;
  while (std::getline(mix, item, ',')) {
    const auto equals = item.find('=');
    const std::string name = item.substr(0, equals);
    const auto found = std::find(std::begin(kQueryNames), std::end(kQueryNames), name);
    if (found == std::end(kQueryNames)) throw std::runtime_error("unknown query in --mix: " + name);
    workload.total_weight += equals == std::string::npos ? 1 : std::stoul(item.substr(equals + 1));
    workload.weights.emplace_back(static_cast<Query>(found - std::begin(kQueryNames)), workload.total_weight);
  }
  if (workload.total_weight == 0) throw std::runtime_error("empty --mix");
  return workload;
}

void append_request(std::vector<std::uint8_t>& out, flatbuffers::FlatBufferBuilder& fbb, std::uint64_t id, Query query,
                    const Workload& workload, std::mt19937_64& random, const std::string& token) {
  namespace wire = accessgraph::wire;
  fbb.Clear();
  const std::string& identity = workload.identities[random() % workload.identities.size()];
  const std::string& entitlement = workload.entitlements[random() % workload.entitlements.size()];
  std::pair<RequestBody, flatbuffers::Offset<void>> body;
  switch (query) {
    case Query::kCheck:
      body = {RequestBody::CheckRequest, wire::CreateCheckRequestDirect(fbb, identity.c_str(), entitlement.c_str()).Union()};
      break;
    case Query::kAccess:
      body = {RequestBody::AccessRequest, wire::CreateAccessRequestDirect(fbb, identity.c_str()).Union()};
      break;
    case Query::kExplain:
      body = {RequestBody::ExplainRequest, wire::CreateExplainRequestDirect(fbb, identity.c_str(), entitlement.c_str()).Union()};
      break;
    case Query::kWhoHas:
      body = {RequestBody::WhoHasRequest,
              wire::CreateWhoHasRequestDirect(fbb, entitlement.c_str(), wire::CreatePageRequest(fbb, 0, 100)).Union()};
      break;
  }
  fbb.FinishSizePrefixed(wire::CreateRequest(fbb, id, wire::kProtocolVersion, token.empty() ? 0 : fbb.CreateString(token),
                                             body.first, body.second));
  out.insert(out.end(), fbb.GetBufferPointer(), fbb.GetBufferPointer() + fbb.GetSize());
}

struct ConnectionStats {
  std::vector<std::vector<double>> latency_us{std::size(kQueryNames)};
  std::uint64_t errors = 0;
};

// One connection: DEPTH requests in flight; each answer read is replaced by a new request.
ConnectionStats drive(const Settings& settings, const Workload& workload, unsigned seed, Clock::time_point stop_at,
                      const std::atomic<bool>& measuring) {
  accessgraph::client::FrameSocket socket(settings.host, settings.port, std::chrono::seconds(60));
  std::mt19937_64 random(seed);
  flatbuffers::FlatBufferBuilder fbb(256);
  struct Pending {
    Clock::time_point sent;
    Query query;
  };
  std::vector<Pending> pending(settings.depth);  // by request id % depth
  ConnectionStats stats;
  std::vector<std::uint8_t> batch;
  std::uint64_t next_id = 0;
  auto send_one = [&](std::uint64_t id) {
    const Query query = workload.pick(random);
    pending[id % settings.depth] = {Clock::now(), query};
    append_request(batch, fbb, id, query, workload, random, settings.token);
  };
  for (unsigned i = 0; i < settings.depth; ++i) send_one(next_id++);
  socket.send(batch.data(), batch.size());
  std::uint64_t outstanding = settings.depth;
  while (outstanding > 0) {
    batch.clear();
    // Read one answer, then whatever else is already complete, before writing the replacements.
    do {
      const auto frame = socket.receive(256u << 20);
      const auto* response = accessgraph::wire::verified_response(frame);
      --outstanding;
      if (!response || response->body_type() == accessgraph::wire::ResponseBody::Error) ++stats.errors;
      if (!response) continue;
      const Pending& done = pending[response->id() % settings.depth];
      if (measuring)
        stats.latency_us[static_cast<int>(done.query)].push_back(
            std::chrono::duration<double, std::micro>(Clock::now() - done.sent).count());
      if (Clock::now() < stop_at) {
        send_one(response->id() + settings.depth);  // reuses the slot it frees
        ++outstanding;
      }
    } while (outstanding > 0 && socket.readable());
    if (!batch.empty()) socket.send(batch.data(), batch.size());
  }
  return stats;
}

double percentile(std::vector<double>& sorted, double p) {
  if (sorted.empty()) return 0;
  return sorted[std::min(sorted.size() - 1, static_cast<std::size_t>(p * sorted.size()))];
}

}  // namespace

int main(int argc, char** argv) {
  Settings settings;
  CLI::App app{"Load test for accessgraph serve: throughput and latency percentiles per query type"};
  app.add_option("--host", settings.host, "Server host (default 127.0.0.1)");
  app.add_option("--port", settings.port, "Server port")->required();
  app.add_option("--bundle", settings.bundle, "The bundle the server serves (ids are drawn from it)")->required();
  app.add_option("--connections", settings.connections, "Connections (default 4)");
  app.add_option("--depth", settings.depth, "Requests in flight per connection (default 64)");
  app.add_option("--seconds", settings.seconds, "Duration (default 10; the first 10% is warm-up)");
  app.add_option("--mix", settings.mix, "Weights, e.g. check=90,access=5,explain=5 (also who-has)");
  app.add_option("--ids", settings.ids, "Ids read from each of identities.csv and entitlements.csv (default 100000)");
  app.add_option("--token", settings.token, "Token, for a server with --tokens");
  CLI11_PARSE(app, argc, argv);

  const Workload workload = make_workload(settings);
  const auto start = Clock::now();
  const auto stop_at = start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.seconds));
  const auto warm_up = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(settings.seconds * 0.1));
  std::atomic<bool> measuring{false};
  std::vector<ConnectionStats> results(settings.connections);
  std::vector<std::thread> threads;
  for (unsigned c = 0; c < settings.connections; ++c)
    threads.emplace_back([&, c] { results[c] = drive(settings, workload, 1000 + c, stop_at, measuring); });
  std::this_thread::sleep_for(warm_up);
  measuring = true;
  const auto measured_from = Clock::now();
  for (auto& thread : threads) thread.join();
  const double measured_seconds = std::chrono::duration<double>(Clock::now() - measured_from).count();

  std::uint64_t errors = 0, total = 0;
  std::cout << "connections " << settings.connections << ", depth " << settings.depth << ", mix " << settings.mix
            << ", " << measured_seconds << " s measured\n";
  std::cout << "query       requests    req/s      p50 us   p99 us   p99.9 us\n";
  for (std::size_t q = 0; q < std::size(kQueryNames); ++q) {
    std::vector<double> all;
    for (auto& result : results) all.insert(all.end(), result.latency_us[q].begin(), result.latency_us[q].end());
    if (all.empty()) continue;
    std::sort(all.begin(), all.end());
    total += all.size();
    std::printf("%-10s %9zu %9.0f %9.0f %8.0f %10.0f\n", kQueryNames[q], all.size(), all.size() / measured_seconds,
                percentile(all, 0.5), percentile(all, 0.99), percentile(all, 0.999));
  }
  for (auto& result : results) errors += result.errors;
  std::printf("total      %9lu %9.0f   (error answers: %lu, e.g. unknown ids)\n", static_cast<unsigned long>(total),
              total / measured_seconds, static_cast<unsigned long>(errors));
  return 0;
}
