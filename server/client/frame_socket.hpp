#pragma once
// A blocking TCP connection that sends and receives size-prefixed frames, with a
// timeout on connecting and on each receive. Used by the C++ client.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace accessgraph::client {

class FrameSocket {
 public:
  // Throws Error when no address of `host` accepts the connection in time.
  FrameSocket(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout);
  ~FrameSocket();
  FrameSocket(const FrameSocket&) = delete;
  FrameSocket& operator=(const FrameSocket&) = delete;

  // `frame` includes its length prefix.
  void send(const std::uint8_t* frame, std::size_t size);
  // The next frame, length prefix included; throws Error on timeout, a closed
  // connection, or a frame over max_bytes.
  std::vector<std::uint8_t> receive(std::uint32_t max_bytes);
  // Whether bytes wait to be received now (for reading answers in batches).
  bool readable() const;

 private:
  void read_exactly(std::uint8_t* out, std::size_t size);

  int fd_ = -1;
  std::chrono::milliseconds timeout_;
};

}  // namespace accessgraph::client
