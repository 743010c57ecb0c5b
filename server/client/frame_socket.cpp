#include "server/client/frame_socket.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <algorithm>
#include <cstring>

#include "core/common/error.hpp"
#include "server/protocol/framing.hpp"

namespace accessgraph::client {
namespace {

std::string system_error(const std::string& what) { return what + ": " + std::strerror(errno); }

// Waits until fd is ready for `events`; false on timeout.
bool wait_for(int fd, short events, std::chrono::milliseconds timeout) {
  pollfd entry{fd, events, 0};
  for (;;) {
    const int ready = ::poll(&entry, 1, static_cast<int>(timeout.count()));
    if (ready > 0) return true;
    if (ready == 0) return false;
    if (errno != EINTR) throw Error(system_error("poll"));
  }
}

int connect_one(const addrinfo& address, std::chrono::milliseconds timeout) {
  const int fd = ::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC, address.ai_protocol);
  if (fd < 0) return -1;
  // Non-blocking only while connecting, so that the timeout applies.
  const int flags = ::fcntl(fd, F_GETFL);
  ::fcntl(fd, F_SETFL, flags | O_NONBLOCK);
  int rc = ::connect(fd, address.ai_addr, address.ai_addrlen);
  if (rc != 0 && errno == EINPROGRESS && wait_for(fd, POLLOUT, timeout)) {
    int error = 0;
    socklen_t length = sizeof error;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
    rc = error == 0 ? 0 : -1;
    errno = error;
  }
  if (rc != 0) {
    const int saved = errno;
    ::close(fd);
    errno = saved;
    return -1;
  }
  ::fcntl(fd, F_SETFL, flags);
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace

FrameSocket::FrameSocket(const std::string& host, std::uint16_t port, std::chrono::milliseconds timeout)
    : timeout_(timeout) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* addresses = nullptr;
  const std::string service = std::to_string(port);
  if (const int rc = ::getaddrinfo(host.c_str(), service.c_str(), &hints, &addresses); rc != 0)
    throw Error("cannot resolve " + host + ": " + ::gai_strerror(rc));
  for (addrinfo* a = addresses; a && fd_ < 0; a = a->ai_next) fd_ = connect_one(*a, timeout);
  const int saved = errno;
  ::freeaddrinfo(addresses);
  errno = saved;
  if (fd_ < 0) throw Error(system_error("cannot connect to " + host + ":" + service));
}

FrameSocket::~FrameSocket() {
  if (fd_ >= 0) ::close(fd_);
}

void FrameSocket::send(const std::uint8_t* frame, std::size_t size) {
  while (size > 0) {
    const ssize_t sent = ::send(fd_, frame, size, MSG_NOSIGNAL);
    if (sent < 0 && errno == EINTR) continue;
    if (sent < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      if (!wait_for(fd_, POLLOUT, timeout_)) throw Error("the server does not read (timeout)");
      continue;
    }
    if (sent <= 0) throw Error(system_error("send to the server"));
    frame += sent;
    size -= static_cast<std::size_t>(sent);
  }
}

void FrameSocket::read_exactly(std::uint8_t* out, std::size_t size) {
  while (size > 0) {
    if (!wait_for(fd_, POLLIN, timeout_)) throw Error("no answer from the server (timeout)");
    const ssize_t got = ::recv(fd_, out, size, 0);
    if (got < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (got < 0) throw Error(system_error("receive from the server"));
    if (got == 0) throw Error("the server closed the connection");
    out += got;
    size -= static_cast<std::size_t>(got);
  }
}

bool FrameSocket::readable() const { return wait_for(fd_, POLLIN, std::chrono::milliseconds(0)); }

std::vector<std::uint8_t> FrameSocket::receive(std::uint32_t max_bytes) {
  std::uint8_t prefix[4];
  read_exactly(prefix, sizeof prefix);
  const std::uint32_t length = wire::read_length_prefix(prefix);
  if (length > max_bytes)
    throw Error("answer of " + std::to_string(length) + " bytes is over the client's limit of " +
                std::to_string(max_bytes));
  std::vector<std::uint8_t> frame(sizeof prefix + length);
  std::copy(prefix, prefix + sizeof prefix, frame.begin());
  read_exactly(frame.data() + sizeof prefix, length);
  return frame;
}

}  // namespace accessgraph::client
