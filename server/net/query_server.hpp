#pragma once
// The query server: accepts connections on one address, bounds their number (in all,
// per client address, and of those not yet authenticated: server/net/connection_registry.hpp),
// answers from a VersionedEngine, and stops cleanly: on stop() (or SIGTERM/SIGINT when
// it handles signals) it accepts nothing more, lets every connection finish the
// requests it has in flight and flush their answers, and returns from run().
#include <asio.hpp>

#include <tbb/task_arena.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "accessgraph/versioned_engine.hpp"
#include "server/net/connection.hpp"
#include "server/net/connection_registry.hpp"

namespace accessgraph::server {

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless asked otherwise
  std::uint16_t port = 0;          // 0: any free port (see QueryServer::port())
  std::uint32_t max_connections = 1024;
  std::uint32_t max_connections_per_address = 64;
  std::uint32_t max_unauthenticated = 256;  // connections at once that have not authenticated
  unsigned io_threads = 1;
  int worker_threads = tbb::task_arena::automatic;  // the arena heavy requests run on
  bool handle_signals = false;                      // SIGTERM and SIGINT stop the server
  std::chrono::milliseconds shutdown_grace{std::chrono::seconds(30)};  // then connections are cut
  ConnectionLimits connection;
  DispatchLimits dispatch;
  std::optional<TokenTable> tokens;
  // Requests are answered at today's date, moving with the calendar (serve without
  // --as-of); false pins the date the engine was evaluated at when the server started.
  bool follow_calendar = false;
};

class QueryServer {
 public:
  // Binds and listens; throws Error when the address cannot be used.
  QueryServer(VersionedEngine& engine, ServerOptions options);
  ~QueryServer();
  QueryServer(const QueryServer&) = delete;
  QueryServer& operator=(const QueryServer&) = delete;

  std::uint16_t port() const { return port_; }
  std::string address() const;  // HOST:PORT
  // The engine versions at their dates, for other front ends in this process (HTTP).
  const DatedVersions& dated_versions() const { return dated_; }

  // Serves until stopped; returns once every connection has closed. Throws Error when
  // the I/O threads cannot be started (after stopping the ones that were).
  void run();
  // Thread-safe; may be called before run() or from any thread during it.
  void stop();

 private:
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> shutdown_when_drained();
  void begin_shutdown();

  ServerOptions options_;
  asio::io_context io_;
  asio::strand<asio::io_context::executor_type> control_;  // accepting and stopping, in order
  asio::ip::tcp::acceptor acceptor_;
  std::uint16_t port_ = 0;
  tbb::task_arena arena_;
  DatedVersions dated_;
  ServerCounters counters_;
  UnauthenticatedBuffers unauthenticated_buffers_;
  ConnectionRegistry registry_;
  RequestDispatcher dispatcher_;
  Authenticator authenticator_;
  ConnectionContext context_;
  std::optional<asio::signal_set> signals_;
  bool shutting_down_ = false;  // on control_ only
};

}  // namespace accessgraph::server
