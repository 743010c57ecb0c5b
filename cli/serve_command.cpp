// accessgraph serve: the query server (docs/server.md) over a bundle (applied events
// live in memory until exit) or a state directory (applied events are durable).
#include <spdlog/spdlog.h>

#include <algorithm>
#include <iostream>
#include <thread>

#include "accessgraph/versioned_engine.hpp"
#include "cli/command.hpp"
#include "core/io/output_file.hpp"
#include "server/net/query_server.hpp"

namespace accessgraph::cli {
namespace {

struct ServeOptions {
  std::string bundle, state, listen = "127.0.0.1:7878", tokens, port_file;
  std::uint32_t max_connections = 1024, max_page_items = 10'000, max_request_bytes = wire::kDefaultMaxRequestBytes;
  double idle_timeout = 300, io_timeout = 30;
  unsigned io_threads = std::max(1u, std::thread::hardware_concurrency());
  EvaluationOptions evaluation;
};

std::chrono::milliseconds seconds_option(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

void serve(ServeOptions& options) {
  server::ServerOptions settings;
  const ServerEndpoint endpoint = parse_server_endpoint(options.listen, "--listen");
  settings.host = endpoint.host;
  settings.port = endpoint.port;
  settings.max_connections = options.max_connections;
  settings.io_threads = options.io_threads;
  settings.handle_signals = true;
  settings.connection.max_request_bytes = options.max_request_bytes;
  settings.connection.idle_timeout = seconds_option(options.idle_timeout);
  settings.connection.io_timeout = seconds_option(options.io_timeout);
  settings.dispatch.max_page_items = options.max_page_items;
  if (!options.tokens.empty()) settings.tokens = server::TokenTable::load(options.tokens);  // before the long load

  VersionedEngine engine = options.state.empty()
                               ? VersionedEngine::in_memory(open_engine(options.bundle, options.evaluation))
                               : VersionedEngine::open_state(options.state, options.evaluation.open_options(""));
  // Check becomes one lookup; later versions keep the table (engine/query/access_table.hpp).
  engine.current().prepare_point_queries();
  server::QueryServer query_server(engine, std::move(settings));
  if (!options.port_file.empty()) {
    // Written whole, then renamed: a reader never sees a partial port.
    OutputFile port_file(options.port_file, OutputFile::Durability::kNoFsync);
    port_file.write(std::to_string(query_server.port()) + "\n");
    port_file.commit();
  }
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
      "serve", "Answer queries over TCP (FlatBuffers, docs/server.md) from a bundle or a state directory");
  auto* bundle = command->add_option("-b,--bundle", options->bundle, "Bundle folder (applied events live in memory)");
  auto* state = command->add_option("--state", options->state, "State directory (applied events are durable)");
  bundle->excludes(state);
  command->add_option("--listen", options->listen, "HOST:PORT to listen on (default 127.0.0.1:7878; port 0: any)");
  command->add_option("--tokens", options->tokens,
                      "File of `TOKEN SCOPE` lines (scope read or admin); without it only loopback clients are served");
  command->add_option("--port-file", options->port_file, "Write the port listened on to this file");
  command->add_option("--max-connections", options->max_connections, "Connections served at once (default 1024)")
      ->check(CLI::PositiveNumber);
  command->add_option("--idle-timeout", options->idle_timeout, "Close connections idle this many seconds (default 300)")
      ->check(CLI::PositiveNumber);
  command->add_option("--io-timeout", options->io_timeout,
                      "Close a connection whose request or answer is stuck this many seconds (default 30)")
      ->check(CLI::PositiveNumber);
  command->add_option("--max-request-bytes", options->max_request_bytes, "Largest request frame (default 16 MiB)")
      ->check(CLI::PositiveNumber);
  command->add_option("--max-page-items", options->max_page_items, "Most items in one page of a list (default 10000)")
      ->check(CLI::PositiveNumber);
  command->add_option("--io-threads", options->io_threads, "Threads reading and writing sockets and answering light queries (default: one per core)")
      ->check(CLI::PositiveNumber);
  options->evaluation.add_to(*command);
  command->callback([options] {
    if (options->bundle.empty() && options->state.empty())
      throw ArgumentError("", "", "usage: serve --bundle DIR | --state DIR [--listen HOST:PORT]");
    serve(*options);
  });
}

}  // namespace accessgraph::cli
