#include "server/net/connection.hpp"

#include <spdlog/spdlog.h>

#include <asio/experimental/as_tuple.hpp>

#include <algorithm>
#include <cstring>

namespace accessgraph::server {
namespace {

// A connection starts with a small buffer (a thousand idle connections hold 4 MiB),
// which doubles when a read fills it, up to kBusyBufferBytes for pipelined traffic, and
// beyond that only as a large frame actually arrives.
constexpr std::size_t kInitialBufferBytes = 4 * 1024;
constexpr std::size_t kBusyBufferBytes = 64 * 1024;
constexpr std::size_t kWriteBatchBytes = 1 << 20;
// Errors come back as values: a closed socket or a cancelled wait is an ordinary event here.
constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

// The bytes an answer holds: FlatBufferBuilder's allocation, which can be twice what it
// used (it grows by doubling), not only the frame's size. DetachedBuffer keeps it in a
// protected member; a pointer to it taken through a derived class is the one legal way in.
struct HeldBytes : flatbuffers::DetachedBuffer {
  static std::size_t of(const ResponseFrame& frame) {
    constexpr std::size_t flatbuffers::DetachedBuffer::*reserved = &HeldBytes::reserved_;
    return std::max(frame.*reserved, frame.size());
  }
};

}  // namespace

class Connection::ReadBuffer {
 public:
  ReadBuffer() : bytes_(kInitialBufferBytes) {}

  std::uint8_t* data() { return bytes_.data(); }
  std::size_t size() const { return bytes_.size(); }
  std::size_t filled() const { return filled_; }
  std::size_t free() const { return bytes_.size() - filled_; }
  void received(std::size_t n) { filled_ += n; }
  void resize(std::size_t bytes) { bytes_.resize(bytes); }
  // Drops the first `used` bytes (handled frames).
  void consume(std::size_t used) {
    if (used == 0) return;
    std::memmove(bytes_.data(), bytes_.data() + used, filled_ - used);
    filled_ -= used;
  }
  // Gives back a large frame's room once it is handled.
  void shrink_when_empty() {
    if (filled_ == 0 && bytes_.size() > kBusyBufferBytes) {
      bytes_.resize(kBusyBufferBytes);
      bytes_.shrink_to_fit();
    }
  }

 private:
  std::vector<std::uint8_t> bytes_;
  std::size_t filled_ = 0;
};

Connection::Connection(asio::ip::tcp::socket socket, ConnectionContext& context)
    : socket_(std::move(socket)),
      context_(context),
      reader_signal_(socket_.get_executor()),
      writer_signal_(socket_.get_executor()),
      watchdog_timer_(socket_.get_executor()) {
  std::error_code ec;
  const auto remote = socket_.remote_endpoint(ec);
  loopback_client_ = !ec && remote.address().is_loopback();
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
}

void Connection::start() {
  auto self = shared_from_this();
  auto executor = socket_.get_executor();
  asio::co_spawn(executor, [self] { return self->read_loop(); }, asio::detached);
  asio::co_spawn(executor, [self] { return self->write_loop(); }, asio::detached);
  asio::co_spawn(executor, [self] { return self->watchdog(); }, asio::detached);
}

void Connection::refuse(wire::ErrorCode code, const std::string& message) {
  const ResponseFrame frame = RequestDispatcher::error(0, code, message);
  std::error_code ignored;
  socket_.non_blocking(true, ignored);
  socket_.write_some(asio::buffer(frame.data(), frame.size()), ignored);
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  closed_ = true;
}

void Connection::stop_reading() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->stop_reading_ = true;
    std::error_code ignored;
    // Wakes a pending read with end-of-stream; answers can still be written.
    self->socket_.shutdown(asio::ip::tcp::socket::shutdown_receive, ignored);
    self->reader_signal_.cancel();
  });
}

void Connection::close() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] { self->close_now(); });
}

void Connection::close_now() {
  if (closed_) return;
  closed_ = true;
  std::error_code ignored;
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
  socket_.close(ignored);
  reader_signal_.cancel();
  writer_signal_.cancel();
  watchdog_timer_.cancel();
}

asio::awaitable<void> Connection::wait(asio::steady_timer& signal) {
  signal.expires_at(asio::steady_timer::time_point::max());
  co_await signal.async_wait(kAsTuple);
}

std::size_t Connection::pending_output() const {
  return outbox_bytes_ + arena_output_bytes_.load(std::memory_order_relaxed);
}

bool Connection::reading_paused() const {
  const std::size_t max_pending = authenticated_ ? context_.limits.max_pending_output
                                                 : context_.limits.max_unauthenticated_pending_output;
  return in_flight_ >= context_.limits.max_in_flight || pending_output() >= max_pending;
}

bool Connection::charge_buffer(std::size_t bytes) {
  auto& total = context_.unauthenticated_buffers.bytes;
  // The first 4 KiB are every connection's due, bounded by the count of unauthenticated
  // connections: a newcomer with a small first request is never refused for the budget.
  bytes = authenticated_ ? 0 : bytes - std::min(bytes, kInitialBufferBytes);
  if (bytes > charged_bytes_) {
    const std::size_t more = bytes - charged_bytes_;
    if (total.fetch_add(more) + more > context_.limits.unauthenticated_buffer_budget) {
      total.fetch_sub(more);
      return false;
    }
  } else {
    total.fetch_sub(charged_bytes_ - bytes);
  }
  charged_bytes_ = bytes;
  return true;
}

void Connection::mark_authenticated() {
  if (authenticated_) return;
  authenticated_ = true;
  charge_buffer(0);
  context_.on_authenticated(this);
}

bool Connection::take_frames(ReadBuffer& buffer) {
  std::size_t used = 0;
  bool broken = false;
  while (!closed_ && buffer.filled() - used >= wire::kLengthPrefixBytes && !reading_paused()) {
    const std::uint32_t length = wire::read_length_prefix(buffer.data() + used);
    if (length > context_.limits.max_request_bytes) {
      queue(RequestDispatcher::error(0, wire::ErrorCode::TooLarge,
                                     "frame of " + std::to_string(length) + " bytes is over the server's limit of " +
                                         std::to_string(context_.limits.max_request_bytes)));
      broken = true;
      break;
    }
    const std::size_t frame_bytes = wire::kLengthPrefixBytes + length;
    if (used + frame_bytes > buffer.filled()) break;  // the rest has not arrived
    handle_frame({buffer.data() + used, frame_bytes});
    used += frame_bytes;
    partial_frame_since_.reset();
  }
  buffer.consume(used);
  buffer.shrink_when_empty();
  if (buffer.filled() == 0) partial_frame_since_.reset();
  else if (!partial_frame_since_) partial_frame_since_ = Clock::now();
  return !broken;
}

asio::awaitable<void> Connection::read_loop() {
  ReadBuffer buffer;
  while (!closed_ && !stop_reading_) {
    // Frames already received come first, as far as the connection may take work.
    if (!take_frames(buffer)) break;
    if (closed_) break;
    charge_buffer(buffer.size());  // a handled large frame's room is given back: so is its charge
    if (reading_paused()) {
      co_await wait(reader_signal_);
      continue;
    }
    if (buffer.free() == 0) {
      // Full of one incomplete frame (whole frames were taken above): double, but never
      // past that frame's end, so the buffer is at most twice the bytes received.
      const std::size_t frame_end = wire::kLengthPrefixBytes + wire::read_length_prefix(buffer.data());
      const std::size_t grown = std::min(buffer.size() * 2, std::max(frame_end, buffer.size() + 1));
      if (!charge_buffer(grown)) {
        queue(RequestDispatcher::error(0, wire::ErrorCode::Unavailable,
                                       "the server holds too many bytes of requests from clients that have not "
                                       "authenticated; try again, or send a small request first"));
        break;
      }
      buffer.resize(grown);
    }
    const std::size_t space = buffer.free();
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer.data() + buffer.filled(), space), kAsTuple);
    if (ec || closed_) break;  // end of stream, reset, or closed by the watchdog
    buffer.received(n);
    last_activity_ = Clock::now();
    if (n == space && buffer.size() < kBusyBufferBytes) {
      // A read that fills the buffer means traffic: take bigger bites.
      if (charge_buffer(buffer.size() * 2)) buffer.resize(buffer.size() * 2);
    }
  }
  charge_buffer(0);  // the buffer goes; nothing charges again (frames are handled only above)
  reading_done_ = true;
  writer_signal_.cancel();
}

void Connection::handle_frame(std::span<const std::uint8_t> frame) {
  idle_since_.store(0, std::memory_order_relaxed);
  // A private, aligned copy: the read buffer is reused, and the Verifier and the
  // accessors want the frame at an aligned address.
  auto request_bytes = std::make_shared<std::vector<std::uint8_t>>(frame.begin(), frame.end());
  const wire::Request* request = wire::verified_request(*request_bytes);
  if (!request) {
    queue(RequestDispatcher::error(0, wire::ErrorCode::BadRequest, "not a valid Request message"));
    return;
  }
  const std::string_view token = request->token() ? request->token()->string_view() : std::string_view();
  const AuthDecision decision = context_.authenticator.authorize(token, request->body_type(), loopback_client_);
  if (!decision.allowed) {
    queue(RequestDispatcher::error(request->id(), decision.code, decision.message));
    return;
  }
  mark_authenticated();
  if (RequestDispatcher::is_light(request->body_type())) {
    queue(context_.dispatcher.answer(*request));
    return;
  }
  ++in_flight_;
  context_.arena.enqueue([self = shared_from_this(), request_bytes] {
    auto response = std::make_shared<ResponseFrame>(
        self->context_.dispatcher.answer(*flatbuffers::GetSizePrefixedRoot<wire::Request>(request_bytes->data())));
    const std::size_t held = HeldBytes::of(*response);
    self->arena_output_bytes_ += held;  // unread from now on, though not yet queued
    asio::post(self->socket_.get_executor(), [self, response, held] {
      --self->in_flight_;
      self->arena_output_bytes_ -= held;
      if (!self->closed_) self->queue(std::move(*response));
      self->reader_signal_.cancel();
      self->writer_signal_.cancel();
    });
  });
}

void Connection::queue(ResponseFrame frame) {
  outbox_bytes_ += HeldBytes::of(frame);
  outbox_.push_back(std::move(frame));
  writer_signal_.cancel();
}

asio::awaitable<void> Connection::write_loop() {
  std::vector<ResponseFrame> batch;
  std::vector<asio::const_buffer> buffers;
  while (!closed_) {
    if (outbox_.empty()) {
      if (reading_done_ && in_flight_ == 0) break;
      co_await wait(writer_signal_);
      continue;
    }
    // What is queued goes out in gathered writes of up to kWriteBatchBytes, so that a
    // client draining a full outbox frees it (and lets reading resume) a little at a
    // time: freeing 64 MiB at once while the next answers were made took the server
    // to twice the cap (+134 MiB against +76 MiB, 20k unread access answers).
    batch.clear();
    buffers.clear();
    std::size_t held = 0, bytes = 0;
    while (!outbox_.empty() && (batch.empty() || bytes + outbox_.front().size() <= kWriteBatchBytes)) {
      bytes += outbox_.front().size();
      held += HeldBytes::of(outbox_.front());
      batch.push_back(std::move(outbox_.front()));
      outbox_.pop_front();
    }
    for (const ResponseFrame& frame : batch) buffers.emplace_back(frame.data(), frame.size());
    writing_ = true;
    write_started_ = Clock::now();
    auto [ec, n] = co_await asio::async_write(socket_, buffers, kAsTuple);
    writing_ = false;
    batch.clear();  // the answers' memory goes now, before reading resumes
    outbox_bytes_ -= held;
    last_activity_ = Clock::now();
    if (authenticated_ && outbox_.empty() && in_flight_ == 0)
      idle_since_.store(last_activity_.time_since_epoch() / std::chrono::nanoseconds(1), std::memory_order_relaxed);
    reader_signal_.cancel();
    if (ec) break;
  }
  close_now();
  // Answers still being computed hold this connection; wait for them so that nothing
  // is posted to it after the server stops.
  while (in_flight_ > 0) co_await wait(writer_signal_);
  --context_.counters.connections;
  context_.on_closed(this);
}

asio::awaitable<void> Connection::watchdog() {
  const auto& limits = context_.limits;
  const auto tick = std::clamp(std::min({limits.idle_timeout, limits.io_timeout, limits.auth_timeout}) / 4,
                               std::chrono::milliseconds(20), std::chrono::milliseconds(1000));
  while (!closed_) {
    watchdog_timer_.expires_after(tick);
    co_await watchdog_timer_.async_wait(kAsTuple);
    if (closed_) break;
    const auto now = Clock::now();
    const char* reason = nullptr;
    if (!authenticated_ && now - accepted_at_ > limits.auth_timeout) reason = "no accepted request within the auth timeout";
    else if (writing_ && now - write_started_ > limits.io_timeout) reason = "client does not read its answers";
    else if (partial_frame_since_ && !reading_paused() && now - *partial_frame_since_ > limits.io_timeout)
      reason = "request arrives too slowly";
    else if (!writing_ && in_flight_ == 0 && outbox_.empty() && now - last_activity_ > limits.idle_timeout)
      reason = "idle";
    if (reason) {
      spdlog::debug("closing a connection: {}", reason);
      close_now();
    }
  }
}

}  // namespace accessgraph::server
