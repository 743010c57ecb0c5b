#pragma once
// One client connection: reads size-prefixed requests, answers them, writes responses.
//
// Pipelined: a client may send many requests without waiting; each is answered with
// its id as soon as it is done, possibly out of order. Light requests (check, explain,
// access, health) are answered on the I/O thread; the rest run on the TBB arena and
// come back to this connection's strand. No more requests are taken, from the socket
// or from bytes already received, while max_in_flight requests are being answered or
// max_pending_output bytes of answers (as allocated, counted from the moment they are
// made, on the arena too) wait to be sent: a client that does not read its answers only
// stalls itself.
//
// Memory follows bytes received, never a length a client claims: the read buffer starts
// small and doubles only when it is full (up to the frame being read). Every frame is
// checked against the request cap as soon as its length prefix arrives and verified
// before any field is read; a bad frame is answered with an Error and the connection
// goes on (an oversized length prefix ends it: the stream cannot be resynchronised).
//
// A connection is unauthenticated until the server accepts one of its requests (with
// tokens: one carrying a valid token). Until then it must get there within auth_timeout,
// its read buffer counts against a budget shared by all unauthenticated connections (a
// newcomer over the budget is closed with Unavailable), and its unread answers (errors)
// are capped at 64 KiB. Idle connections,
// frames that arrive too slowly and writes that do not drain are closed by a watchdog.
#include <asio.hpp>

#include <tbb/task_arena.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
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
  std::chrono::milliseconds auth_timeout{std::chrono::seconds(10)};  // from accept to the first accepted request
  // Read-buffer bytes beyond the first 4 KiB that all unauthenticated connections
  // together may hold; at least one largest request fits.
  std::size_t unauthenticated_buffer_budget = 64u << 20;
  // Unread answers (all errors) of a connection that has not authenticated: a stream of
  // 4-byte empty frames would otherwise make 64 MiB of error answers per connection.
  std::size_t max_unauthenticated_pending_output = 64u << 10;
};

// Bytes held in read buffers by connections that have not authenticated (all of them).
struct UnauthenticatedBuffers {
  std::atomic<std::size_t> bytes{0};
};

// What every connection of a server shares.
struct ConnectionContext {
  const RequestDispatcher& dispatcher;
  const Authenticator& authenticator;
  tbb::task_arena& arena;
  ServerCounters& counters;
  ConnectionLimits limits;
  UnauthenticatedBuffers& unauthenticated_buffers;
  std::function<void(const void* connection)> on_authenticated;  // at most once, on the connection's strand
  std::function<void(const void* connection)> on_closed;         // called once, on the connection's strand
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  // `socket` must run on a strand of its own (async_accept(make_strand(io))).
  Connection(asio::ip::tcp::socket socket, ConnectionContext& context);

  void start();
  // Instead of start(): one best-effort Error answer, without waiting for a client that
  // may not read it, then closed. Only on a connection never started.
  void refuse(wire::ErrorCode code, const std::string& message);
  // Graceful: read no more requests, answer those in flight, flush, close. Thread-safe.
  void stop_reading();
  // Now, dropping unsent answers. Thread-safe.
  void close();
  // steady_clock nanoseconds since the connection last became idle (authenticated
  // requests all answered and sent); 0 while busy or before then. Read by the registry.
  const std::atomic<std::int64_t>& idle_since() const { return idle_since_; }

 private:
  using Clock = std::chrono::steady_clock;

  class ReadBuffer;  // connection.cpp: bytes received, grown as they arrive

  asio::awaitable<void> read_loop();
  // Handles the complete frames at the front of `buffer` while the connection may take
  // more work; false when the stream is broken (a length over the cap).
  bool take_frames(ReadBuffer& buffer);
  asio::awaitable<void> write_loop();
  asio::awaitable<void> watchdog();
  asio::awaitable<void> wait(asio::steady_timer& signal);

  void handle_frame(std::span<const std::uint8_t> frame);  // length prefix included
  void queue(ResponseFrame frame);
  void close_now();
  bool reading_paused() const;
  void mark_authenticated();
  // Charges a read buffer of `bytes` to the unauthenticated budget (what is beyond the
  // first 4 KiB; nothing once authenticated); false when the budget cannot take it.
  bool charge_buffer(std::size_t bytes);
  std::size_t pending_output() const;

  asio::ip::tcp::socket socket_;
  ConnectionContext& context_;
  bool loopback_client_ = false;
  // Bytes of answers made on the arena and not yet queued here (they count as unread).
  std::atomic<std::size_t> arena_output_bytes_{0};
  std::atomic<std::int64_t> idle_since_{0};

  // Everything below is touched only on the socket's strand.
  std::deque<ResponseFrame> outbox_;
  std::size_t outbox_bytes_ = 0;
  std::uint32_t in_flight_ = 0;
  bool stop_reading_ = false, reading_done_ = false, closed_ = false, writing_ = false;
  bool authenticated_ = false;
  std::size_t charged_bytes_ = 0;  // of the unauthenticated budget
  Clock::time_point accepted_at_ = Clock::now(), last_activity_ = accepted_at_, write_started_{};
  std::optional<Clock::time_point> partial_frame_since_;
  asio::steady_timer reader_signal_, writer_signal_, watchdog_timer_;
};

}  // namespace accessgraph::server
