#include "importers/input_window.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/common/error.hpp"

namespace accessgraph::importers {

InputWindow::InputWindow(std::filesystem::path path, std::string label, std::size_t initial_bytes)
    : path_(std::move(path)), label_(std::move(label)), capacity_(initial_bytes) {
  fd_ = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw InputError(label_, 0, "", "", std::string("cannot open: ") + std::strerror(errno));
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
  // A small file gets a window its size (the window grows anyway if a value needs it).
  struct stat status;
  if (::fstat(fd_, &status) == 0 && status.st_size >= 0)
    capacity_ = std::clamp<std::size_t>(static_cast<std::size_t>(status.st_size) + 1, 64 << 10, capacity_);
  buffer_ = std::make_unique_for_overwrite<char[]>(capacity_ + kPadding);
  std::memset(buffer_.get(), 0, kPadding);
}

InputWindow::~InputWindow() {
  if (fd_ >= 0) ::close(fd_);
}

bool InputWindow::advance(std::uint64_t anchor) {
  if (eof_) return false;
  std::size_t kept = static_cast<std::size_t>(end() - anchor);
  char* destination = buffer_.get();
  if (kept > capacity_ / 2) {
    // One value or record fills half the window: double it rather than crawl.
    std::size_t capacity = capacity_ * 2;
    auto buffer = std::make_unique_for_overwrite<char[]>(capacity + kPadding);
    std::memcpy(buffer.get(), at(anchor), kept);
    buffer_ = std::move(buffer);
    capacity_ = capacity;
    destination = buffer_.get();
  } else if (kept > 0 && anchor != begin_) {
    std::memmove(destination, at(anchor), kept);
  }
  begin_ = anchor;
  size_ = kept;
  std::size_t added = 0;
  while (size_ < capacity_) {
    ssize_t n = ::read(fd_, destination + size_, capacity_ - size_);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw InputError(label_, 0, "", "", std::string("cannot read: ") + std::strerror(errno));
    if (n == 0) {
      eof_ = true;
      break;
    }
    size_ += static_cast<std::size_t>(n);
    added += static_cast<std::size_t>(n);
  }
  std::memset(destination + size_, 0, kPadding);
  return added > 0;
}

}  // namespace accessgraph::importers
