#include "server/net/query_server.hpp"

#include <spdlog/spdlog.h>

#include <asio/experimental/as_tuple.hpp>

#include <thread>

namespace accessgraph::server {
namespace {

// Errors come back as values: a closed socket or a cancelled wait is an ordinary event here.
constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

asio::ip::tcp::endpoint endpoint_for(const std::string& host, std::uint16_t port) {
  std::error_code ec;
  const auto address = asio::ip::make_address(host == "localhost" ? "127.0.0.1" : host, ec);
  if (ec) throw ArgumentError("listen", host, "not an IP address");
  return {address, port};
}

}  // namespace

QueryServer::QueryServer(VersionedEngine& engine, ServerOptions options)
    : options_(std::move(options)),
      control_(asio::make_strand(io_)),
      acceptor_(io_),
      arena_(options_.worker_threads),
      dated_(engine, options_.follow_calendar ? std::nullopt : std::optional<Date>(engine.current().as_of())),
      registry_({options_.max_connections, options_.max_connections_per_address, options_.max_unauthenticated}),
      dispatcher_(dated_, options_.dispatch, counters_),
      authenticator_(std::move(options_.tokens)),
      context_{dispatcher_,
               authenticator_,
               arena_,
               counters_,
               options_.connection,
               unauthenticated_buffers_,
               [this](const void* connection) { registry_.authenticated(connection); },
               [this](const void* connection) { registry_.closed(connection); }} {
  const auto endpoint = endpoint_for(options_.host, options_.port);
  std::error_code ec;
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) throw Error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + ": " + ec.message());
  port_ = acceptor_.local_endpoint().port();
  if (options_.handle_signals) {
    signals_.emplace(io_, SIGINT, SIGTERM);
    signals_->async_wait(asio::bind_executor(control_, [this](const std::error_code& error, int signal) {
      if (error) return;
      spdlog::info("signal {}: finishing in-flight requests, then stopping", signal);
      begin_shutdown();
    }));
  }
  asio::co_spawn(control_, accept_loop(), asio::detached);
}

QueryServer::~QueryServer() = default;

std::string QueryServer::address() const { return options_.host + ":" + std::to_string(port_); }

void QueryServer::run() {
  std::vector<std::thread> helpers;
  try {
    for (unsigned i = 1; i < std::max(1u, options_.io_threads); ++i) helpers.emplace_back([this] { io_.run(); });
  } catch (const std::system_error& error) {
    // Joinable threads must not be destroyed: stop and join those that started.
    io_.stop();
    for (auto& helper : helpers) helper.join();
    throw Error("cannot start " + std::to_string(options_.io_threads) + " I/O threads: " + error.what());
  }
  io_.run();
  for (auto& helper : helpers) helper.join();
}

void QueryServer::stop() {
  asio::post(control_, [this] { begin_shutdown(); });
}

void QueryServer::begin_shutdown() {
  if (shutting_down_) return;
  shutting_down_ = true;
  counters_.stopping = true;
  std::error_code ignored;
  acceptor_.close(ignored);
  if (signals_) signals_->cancel(ignored);
  for (const auto& connection : registry_.connections()) connection->stop_reading();
  asio::co_spawn(control_, shutdown_when_drained(), asio::detached);
}

asio::awaitable<void> QueryServer::shutdown_when_drained() {
  const auto deadline = std::chrono::steady_clock::now() + options_.shutdown_grace;
  asio::steady_timer timer(io_);
  bool cut = false;
  for (;;) {
    const std::size_t open = registry_.size();
    if (open == 0) break;
    if (!cut && std::chrono::steady_clock::now() > deadline) {
      spdlog::warn("{} connections still busy after the grace period: closing them", open);
      for (const auto& connection : registry_.connections()) connection->close();
      cut = true;
    }
    timer.expires_after(std::chrono::milliseconds(20));
    co_await timer.async_wait(kAsTuple);
  }
}

asio::awaitable<void> QueryServer::accept_loop() {
  asio::steady_timer backoff(io_);
  while (!shutting_down_) {
    auto [ec, socket] = co_await acceptor_.async_accept(asio::make_strand(io_), kAsTuple);
    if (shutting_down_) break;
    if (ec) {
      // Out of descriptors and the like: wait a little rather than spin.
      spdlog::warn("accept failed: {}", ec.message());
      backoff.expires_after(std::chrono::milliseconds(50));
      co_await backoff.async_wait(kAsTuple);
      continue;
    }
    std::error_code remote_error;
    const auto remote = socket.remote_endpoint(remote_error);
    if (remote_error) continue;
    auto connection = std::make_shared<Connection>(std::move(socket), context_);
    if (!authenticator_.admits(remote.address().is_loopback())) {
      connection->refuse(wire::ErrorCode::Unauthenticated,
                         "this server serves only loopback clients (it runs without --tokens)");
      continue;
    }
    ConnectionRegistry::Admission admission = registry_.admit(connection.get(), connection, remote.address(), &connection->idle_since());
    for (const auto& evicted : admission.evicted) evicted->close();  // oldest unauthenticated first
    if (admission.refusal) {
      connection->refuse(wire::ErrorCode::Unavailable, *admission.refusal);
      continue;
    }
    ++counters_.connections;
    connection->start();
  }
}

}  // namespace accessgraph::server
