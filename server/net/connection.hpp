#pragma once
// One client connection: reads size-prefixed requests, answers them, writes responses.
//
// Pipelined: a client may send many requests without waiting; each is answered with
// its id as soon as it is done, possibly out of order. Light requests (check, explain,
// health) are answered on the I/O thread; the rest run on the TBB arena and come back
// to this connection's strand. Reading pauses while too many requests are in flight or
// too many response bytes wait to be sent, so a client that does not read its answers
// only stalls itself.
//
// Every frame is checked against the request cap before anything is allocated for it
// and verified before any field is read; a bad frame is answered with an Error and the
// connection goes on (an oversized length prefix ends it: the stream cannot be
// resynchronised). Idle connections, frames that arrive too slowly and writes that do
// not drain are closed by a watchdog.
#include <asio.hpp>

#include <tbb/task_arena.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "server/auth/authenticator.hpp"
#include "server/dispatch/request_dispatcher.hpp"

namespace accessgraph::server {

struct ConnectionLimits {
  std::uint32_t max_request_bytes = wire::kDefaultMaxRequestBytes;
  std::uint32_t max_in_flight = 256;               // pipelined requests being answered at once
  std::size_t max_pending_output = 64u << 20;      // unsent response bytes before reading pauses
  std::chrono::milliseconds idle_timeout{std::chrono::minutes(5)};  // nothing asked, nothing owed
  std::chrono::milliseconds io_timeout{std::chrono::seconds(30)};   // a frame or a write in progress
};

// What every connection of a server shares.
struct ConnectionContext {
  const RequestDispatcher& dispatcher;
  const Authenticator& authenticator;
  tbb::task_arena& arena;
  ServerCounters& counters;
  ConnectionLimits limits;
  std::function<void(const void* connection)> on_closed;  // called once, on the connection's strand
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must run on a strand of its own (async_accept(make_strand(io))).
  Connection(asio::ip::tcp::socket socket, ConnectionContext& context);

  void start();
  // Graceful: read no more requests, answer those in flight, flush, close. Thread-safe.
  void stop_reading();
  // Now, dropping unsent answers. Thread-safe.
  void close();

 private:
  using Clock = std::chrono::steady_clock;

  asio::awaitable<void> read_loop();
  asio::awaitable<void> write_loop();
  asio::awaitable<void> watchdog();
  asio::awaitable<void> wait(asio::steady_timer& signal);

  void handle_frame(std::span<const std::uint8_t> frame);  // length prefix included
  void queue(ResponseFrame frame);
  void close_now();
  bool reading_paused() const;

  asio::ip::tcp::socket socket_;
  ConnectionContext& context_;
  bool loopback_client_ = false;

  // Everything below is touched only on the socket's strand.
  std::vector<ResponseFrame> outbox_;
  std::size_t outbox_bytes_ = 0;
  std::uint32_t in_flight_ = 0;
  bool stop_reading_ = false, reading_done_ = false, closed_ = false, writing_ = false;
  Clock::time_point last_activity_ = Clock::now(), write_started_{};
  std::optional<Clock::time_point> partial_frame_since_;
  asio::steady_timer reader_signal_, writer_signal_, watchdog_timer_;
};

}  // namespace accessgraph::server
