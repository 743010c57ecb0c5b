// accessgraph serve: the query server (docs/server.md) over a bundle (applied events
// live in memory until exit) or a state directory (applied events are durable).
#include <spdlog/cfg/env.h>
#include <spdlog/spdlog.h>
#include <sys/resource.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "accessgraph/versioned_engine.hpp"
#include "cli/command.hpp"
#include "cli/config_file.hpp"
#include "core/io/output_file.hpp"
#include "server/http/http_server.hpp"
#include "server/net/query_server.hpp"

namespace accessgraph::cli {
namespace {

// Every limit has a range, so that no value can overflow a duration, exhaust threads
// or descriptors at startup, or disable a protection (0 connections, 0 seconds).
constexpr std::uint32_t kMaxConnections = 100'000;
constexpr std::uint32_t kMaxIoThreads = 256;
constexpr std::uint32_t kMaxIdleTimeout = 7 * 24 * 3600;  // seconds
constexpr std::uint32_t kMaxIoTimeout = 3600;
constexpr std::uint32_t kMaxAuthTimeout = 3600;
constexpr std::uint32_t kMinRequestBytes = 1024, kMaxRequestBytes = 1u << 30;
constexpr std::uint32_t kMaxPageItems = 1'000'000;
constexpr double kMaxRate = 1e9;  // requests per second

struct ServeOptions {
  std::string bundle, state, listen = "127.0.0.1:7878", tokens, port_file;
  std::uint32_t max_connections = 1024, max_page_items = 10'000, max_request_bytes = wire::kDefaultMaxRequestBytes;
  std::uint32_t max_connections_per_address = 64, max_unauthenticated = 0;  // 0: a quarter of max_connections
  std::uint32_t idle_timeout = 300, io_timeout = 30, auth_timeout = 10;     // seconds
  unsigned io_threads = std::clamp(std::thread::hardware_concurrency(), 1u, kMaxIoThreads);
  std::string http, http_port_file, http_access_log = "-", log_level, config;
  double http_rate_limit = 0, http_rate_burst = 0;
  EvaluationOptions evaluation;
};

// Log lines carry a UTC timestamp and their level; SPDLOG_LEVEL sets the level (e.g.
// SPDLOG_LEVEL=debug) and --log-level overrides it.
void configure_logging(const std::string& level) {
  spdlog::set_pattern("%Y-%m-%dT%H:%M:%S.%eZ accessgraph %l: %v", spdlog::pattern_time_type::utc);
  spdlog::cfg::load_env_levels();
  if (!level.empty()) spdlog::set_level(spdlog::level::from_str(level));
}

void write_port_file(const std::string& path, std::uint16_t port) {
  // Written whole, then renamed: a reader never sees a partial port.
  OutputFile port_file(path, OutputFile::Durability::kNoFsync);
  port_file.write(std::to_string(port) + "\n");
  port_file.commit();
}

// The HTTP front end listens before the engine is loaded, so that /healthz answers and
// /readyz says 503 while it loads.
std::unique_ptr<server::http::HttpServer> start_http(const ServeOptions& options,
                                                     const std::optional<server::TokenTable>& tokens) {
  if (options.http.empty()) return nullptr;
  const ServerEndpoint endpoint = parse_server_endpoint(options.http, "--http");
  server::http::HttpOptions settings;
  settings.host = endpoint.host;
  settings.port = endpoint.port;
  settings.io_threads = options.io_threads;
  settings.worker_threads = std::max(1u, std::thread::hardware_concurrency());
  settings.max_connections = options.max_connections;
  settings.max_body_bytes = options.max_request_bytes;
  settings.max_page_items = options.max_page_items;
  settings.rate_limit = options.http_rate_limit;
  settings.rate_burst = options.http_rate_burst;
  settings.idle_timeout = std::chrono::seconds(options.idle_timeout);
  settings.io_timeout = std::chrono::seconds(options.io_timeout);
  settings.access_log = options.http_access_log;
  settings.tokens = tokens;
  auto http = std::make_unique<server::http::HttpServer>(std::move(settings));
  if (!options.http_port_file.empty()) write_port_file(options.http_port_file, http->port());
  std::cout << "http listening on " << http->address() << std::endl;
  return http;
}

// A thousand connections need a thousand descriptors: ask for as many as the hard
// limit allows, and say so when even that is short of --max-connections.
void raise_descriptor_limit(std::uint32_t max_connections) {
  constexpr rlim_t kSpare = 64;  // the listening socket, files, the log, the state directory
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) != 0) return;
  const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, max_connections + kSpare);
  if (limit.rlim_cur < wanted) {
    limit.rlim_cur = wanted;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < max_connections + kSpare)
    spdlog::warn("--max-connections {}: the descriptor limit is {} (ulimit -n): connections beyond it wait", max_connections,
                 static_cast<std::uint64_t>(limit.rlim_cur));
}

void serve(ServeOptions& options) {
  configure_logging(options.log_level);
  server::ServerOptions settings;
  const ServerEndpoint endpoint = parse_server_endpoint(options.listen, "--listen");
  settings.host = endpoint.host;
  settings.port = endpoint.port;
  settings.max_connections = options.max_connections;
  settings.max_connections_per_address = options.max_connections_per_address;
  settings.max_unauthenticated = options.max_unauthenticated != 0
                                     ? std::min(options.max_unauthenticated, options.max_connections)
                                     : std::max(1u, options.max_connections / 4);
  settings.io_threads = options.io_threads;
  settings.handle_signals = true;
  settings.connection.max_request_bytes = options.max_request_bytes;
  settings.connection.idle_timeout = std::chrono::seconds(options.idle_timeout);
  settings.connection.io_timeout = std::chrono::seconds(options.io_timeout);
  settings.connection.auth_timeout = std::chrono::seconds(options.auth_timeout);
  // Room for at least one largest request from a client that has not authenticated yet.
  settings.connection.unauthenticated_buffer_budget =
      std::max<std::size_t>(settings.connection.unauthenticated_buffer_budget, 2 * std::size_t{options.max_request_bytes});
  settings.dispatch.max_page_items = options.max_page_items;
  settings.follow_calendar = options.evaluation.as_of.empty();  // without --as-of: today, every day
  if (!options.tokens.empty()) settings.tokens = server::TokenTable::load(options.tokens);  // before the long load
  raise_descriptor_limit(options.max_connections * (options.http.empty() ? 1 : 2));
  const std::unique_ptr<server::http::HttpServer> http = start_http(options, settings.tokens);

  VersionedEngine engine = options.state.empty()
                               ? VersionedEngine::in_memory(open_engine(options.bundle, options.evaluation))
                               : VersionedEngine::open_state(options.state, options.evaluation.open_options(""));
  // Check becomes one lookup; later versions keep the table (engine/query/access_table.hpp).
  engine.current().prepare_point_queries();
  server::QueryServer query_server(engine, std::move(settings));
  // HTTP stops before the versions it answers from go, on every way out.
  struct StopHttp {
    server::http::HttpServer* http;
    ~StopHttp() {
      if (http) http->stop();
    }
  } stop_http{http.get()};
  if (http) http->ready(query_server.dated_versions());
  if (!options.port_file.empty()) write_port_file(options.port_file, query_server.port());
  std::cout << "listening on " << query_server.address() << std::endl;
  if (!options.evaluation.quiet && options.tokens.empty())
    spdlog::info("no --tokens: serving loopback clients only, without authentication");
  query_server.run();
  if (!options.evaluation.quiet) spdlog::info("stopped");
}  // the VersionedEngine closes last, flushing its log

}  // namespace

void add_serve_command(CLI::App& app) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* command = app.add_subcommand(
      "serve", "Answer queries over TCP (FlatBuffers) and optionally HTTP/JSON (docs/server.md) from a bundle or a "
      "state directory");
  auto* bundle = command->add_option("-b,--bundle", options->bundle, "Bundle folder (applied events live in memory)");
  auto* state = command->add_option("--state", options->state, "State directory (applied events are durable)");
  bundle->excludes(state);
  command->add_option("--listen", options->listen, "HOST:PORT to listen on (default 127.0.0.1:7878; port 0: any)");
  command->add_option("--tokens", options->tokens,
                      "File of `TOKEN SCOPE` lines (scope read or admin); without it only loopback clients are served");
  command->add_option("--port-file", options->port_file, "Write the port listened on to this file");
  command->add_option("--max-connections", options->max_connections, "Connections served at once (default 1024)")
      ->check(CLI::Range(1u, kMaxConnections));
  command->add_option("--max-connections-per-address", options->max_connections_per_address,
                      "Connections at once from one client address (default 64; a TLS tunnel on this machine is "
                      "one address)")
      ->check(CLI::Range(1u, kMaxConnections));
  command->add_option("--max-unauthenticated", options->max_unauthenticated,
                      "Connections at once that have not yet sent an accepted request (default: a quarter of "
                      "--max-connections); beyond it the oldest of them is closed")
      ->check(CLI::Range(1u, kMaxConnections));
  command->add_option("--idle-timeout", options->idle_timeout,
                      "Close connections idle this many seconds (default 300)")
      ->check(CLI::Range(1u, kMaxIdleTimeout));
  command->add_option("--io-timeout", options->io_timeout,
                      "Close a connection whose request or answer is stuck this many seconds (default 30)")
      ->check(CLI::Range(1u, kMaxIoTimeout));
  command->add_option("--auth-timeout", options->auth_timeout,
                      "Close a connection that has not sent an accepted request (with --tokens: a valid token) "
                      "this many seconds after connecting (default 10)")
      ->check(CLI::Range(1u, kMaxAuthTimeout));
  command->add_option("--max-request-bytes", options->max_request_bytes, "Largest request frame (default 16 MiB)")
      ->check(CLI::Range(kMinRequestBytes, kMaxRequestBytes));
  command->add_option("--max-page-items", options->max_page_items, "Most items in one page of a list (default 10000)")
      ->check(CLI::Range(1u, kMaxPageItems));
  command->add_option("--io-threads", options->io_threads,
                      "Threads reading and writing sockets and answering light queries (default: one per core)")
      ->check(CLI::Range(1u, kMaxIoThreads));
  command->add_option("--http", options->http,
                      "Also answer JSON over HTTP on HOST:PORT (port 0: any; SPEC section 11, docs/server.md)");
  command->add_option("--http-port-file", options->http_port_file, "Write the HTTP port listened on to this file");
  command->add_option("--http-rate-limit", options->http_rate_limit,
                      "HTTP requests per second per token (per client address without --tokens); over it: 429 "
                      "(default 0: no limit)")
      ->check(CLI::Range(0.0, kMaxRate));
  command->add_option("--http-rate-burst", options->http_rate_burst,
                      "Requests a token may send at once before --http-rate-limit applies (default: one second's worth)")
      ->check(CLI::Range(0.0, kMaxRate));
  command->add_option("--http-access-log", options->http_access_log,
                      "Where the HTTP request log goes, one JSON object a line: - (stderr, the default), off, or a file");
  command->add_option("--log-level", options->log_level,
                      "trace, debug, info (default), warn, error, critical or off; overrides SPDLOG_LEVEL")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));
  add_config_option(*command, options->config);
  options->evaluation.add_to(*command);
  command->callback([options, command] {
    if (!options->config.empty()) apply_config_file(*command, options->config);
    if (!options->bundle.empty() && !options->state.empty())
      throw ArgumentError("--bundle", options->bundle, "give --bundle or --state, not both");
    if (options->bundle.empty() && options->state.empty())
      throw ArgumentError("", "", "usage: serve --bundle DIR | --state DIR [--listen HOST:PORT]");
    serve(*options);
  });
}

}  // namespace accessgraph::cli
