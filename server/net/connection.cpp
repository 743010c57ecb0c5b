#include "server/net/connection.hpp"

#include <spdlog/spdlog.h>

#include <asio/experimental/as_tuple.hpp>

#include <algorithm>
#include <cstring>

namespace accessgraph::server {
namespace {

constexpr std::size_t kReadChunk = 64 * 1024;
// Errors come back as values: a closed socket or a cancelled wait is an ordinary event here.
constexpr auto kAsTuple = asio::experimental::as_tuple(asio::use_awaitable);

}  // namespace

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

bool Connection::reading_paused() const {
  return in_flight_ >= context_.limits.max_in_flight || outbox_bytes_ >= context_.limits.max_pending_output;
}

asio::awaitable<void> Connection::read_loop() {
  std::vector<std::uint8_t> buffer(kReadChunk);
  std::size_t filled = 0;
  while (!closed_ && !stop_reading_) {
    if (reading_paused()) {
      co_await wait(reader_signal_);
      continue;
    }
    if (filled == buffer.size()) buffer.resize(buffer.size() * 2);  // a frame larger than the buffer
    auto [ec, n] = co_await socket_.async_read_some(asio::buffer(buffer.data() + filled, buffer.size() - filled),
                                                    kAsTuple);
    if (ec || closed_) break;  // end of stream, reset, or closed by the watchdog
    filled += n;
    last_activity_ = Clock::now();

    std::size_t used = 0;
    bool broken = false;
    while (filled - used >= wire::kLengthPrefixBytes) {
      const std::uint32_t length = wire::read_length_prefix(buffer.data() + used);
      if (length > context_.limits.max_request_bytes) {
        queue(RequestDispatcher::error(0, wire::ErrorCode::TooLarge,
                                       "frame of " + std::to_string(length) + " bytes is over the server's limit of " +
                                           std::to_string(context_.limits.max_request_bytes)));
        broken = true;
        break;
      }
      const std::size_t frame_end = used + wire::kLengthPrefixBytes + length;
      if (frame_end > filled) {
        // Incomplete: make room for the whole frame (its size was checked above).
        if (frame_end - used > buffer.size()) buffer.resize(frame_end - used);
        break;
      }
      handle_frame({buffer.data() + used, wire::kLengthPrefixBytes + length});
      used = frame_end;
    }
    if (broken) break;
    if (used > 0) {
      std::memmove(buffer.data(), buffer.data() + used, filled - used);
      filled -= used;
      partial_frame_since_.reset();
    }
    if (filled == 0) {
      partial_frame_since_.reset();
      if (buffer.size() > 4 * kReadChunk) buffer.assign(kReadChunk, 0);  // give back a large frame's room
    } else if (!partial_frame_since_) {
      partial_frame_since_ = Clock::now();
    }
  }
  reading_done_ = true;
  writer_signal_.cancel();
}

void Connection::handle_frame(std::span<const std::uint8_t> frame) {
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
  if (RequestDispatcher::is_light(request->body_type())) {
    queue(context_.dispatcher.answer(*request));
    return;
  }
  ++in_flight_;
  context_.arena.enqueue([self = shared_from_this(), request_bytes] {
    auto response = std::make_shared<ResponseFrame>(
        self->context_.dispatcher.answer(*flatbuffers::GetSizePrefixedRoot<wire::Request>(request_bytes->data())));
    asio::post(self->socket_.get_executor(), [self, response] {
      --self->in_flight_;
      if (!self->closed_) self->queue(std::move(*response));
      self->reader_signal_.cancel();
      self->writer_signal_.cancel();
    });
  });
}

void Connection::queue(ResponseFrame frame) {
  outbox_bytes_ += frame.size();
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
    // Everything queued goes out in one gathered write.
    batch.clear();
    batch.swap(outbox_);
    buffers.clear();
    std::size_t bytes = 0;
    for (const ResponseFrame& frame : batch) {
      buffers.emplace_back(frame.data(), frame.size());
      bytes += frame.size();
    }
    writing_ = true;
    write_started_ = Clock::now();
    auto [ec, n] = co_await asio::async_write(socket_, buffers, kAsTuple);
    writing_ = false;
    outbox_bytes_ -= bytes;
    last_activity_ = Clock::now();
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
  const auto tick = std::clamp(std::min(limits.idle_timeout, limits.io_timeout) / 4,
                               std::chrono::milliseconds(20), std::chrono::milliseconds(1000));
  while (!closed_) {
    watchdog_timer_.expires_after(tick);
    co_await watchdog_timer_.async_wait(kAsTuple);
    if (closed_) break;
    const auto now = Clock::now();
    const char* reason = nullptr;
    if (writing_ && now - write_started_ > limits.io_timeout) reason = "client does not read its answers";
    else if (partial_frame_since_ && now - *partial_frame_since_ > limits.io_timeout) reason = "request arrives too slowly";
    else if (!writing_ && in_flight_ == 0 && outbox_.empty() && now - last_activity_ > limits.idle_timeout)
      reason = "idle";
    if (reason) {
      spdlog::debug("closing a connection: {}", reason);
      close_now();
    }
  }
}

}  // namespace accessgraph::server
