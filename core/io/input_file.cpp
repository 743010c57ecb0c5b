#include "core/io/input_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "core/common/error.hpp"

namespace accessgraph {
namespace {

const char* kind_of(mode_t mode) {
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

std::string open_failure(int error) {
  switch (error) {
    case ENOENT: return "file not found";
    case EACCES: return "permission denied";
    case ENXIO: return "not a regular file (a socket or a FIFO)";  // what O_NONBLOCK opens of these give
    default: return std::strerror(error);
  }
}

}  // namespace

std::optional<InputFile> InputFile::open_if_exists(const std::filesystem::path& path, const std::string& label) {
  const int descriptor = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (descriptor < 0) {
    if (errno == ENOENT) return std::nullopt;
    throw InputError(label, 0, "", "", open_failure(errno));
  }
  InputFile file(descriptor, label);
  struct stat info {};
  if (::fstat(descriptor, &info) != 0) throw InputError(label, 0, "", "", std::strerror(errno));
  if (!S_ISREG(info.st_mode)) {
    // The label may be a bare file name ("hr_events.csv"): then the path says which one.
    const std::string what = label == path.string() ? kind_of(info.st_mode) : path.string() + " is " + kind_of(info.st_mode);
    throw InputError(label, 0, "", "", "not a regular file (" + what + ")");
  }
  // A regular file never blocks; the flag only had to protect the open.
  ::fcntl(descriptor, F_SETFL, ::fcntl(descriptor, F_GETFL) & ~O_NONBLOCK);
  file.size_ = static_cast<std::uint64_t>(info.st_size);
  file.permissions_ = static_cast<unsigned>(info.st_mode & 07777);
  return file;
}

InputFile InputFile::open(const std::filesystem::path& path, const std::string& label) {
  std::optional<InputFile> file = open_if_exists(path, label);
  if (!file) throw InputError(label, 0, "", "", open_failure(ENOENT));
  return std::move(*file);
}

InputFile::InputFile(InputFile&& other) noexcept { *this = std::move(other); }

InputFile& InputFile::operator=(InputFile&& other) noexcept {
  if (this != &other) {
    if (descriptor_ >= 0) ::close(descriptor_);
    descriptor_ = std::exchange(other.descriptor_, -1);
    label_ = std::move(other.label_);
    size_ = other.size_;
    permissions_ = other.permissions_;
  }
  return *this;
}

InputFile::~InputFile() {
  if (descriptor_ >= 0) ::close(descriptor_);
}

std::string InputFile::read_all(std::uint64_t max_bytes) const {
  auto too_large = [&] {
    return InputError(label_, 0, "", "", "larger than the limit of " + std::to_string(max_bytes) + " bytes");
  };
  if (size_ > max_bytes) throw too_large();
  std::string text;
  text.resize(static_cast<std::size_t>(size_) + 1);  // one more byte tells a file that grew
  std::size_t filled = 0;
  for (;;) {
    if (filled == text.size()) {
      if (text.size() > max_bytes) throw too_large();
      text.resize(std::min<std::uint64_t>(text.size() * 2, max_bytes + 1));
    }
    const ssize_t n = ::pread(descriptor_, text.data() + filled, text.size() - filled, static_cast<off_t>(filled));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw InputError(label_, 0, "", "", std::string("cannot read: ") + std::strerror(errno));
    }
    if (n == 0) break;
    filled += static_cast<std::size_t>(n);
  }
  if (filled > max_bytes) throw too_large();
  text.resize(filled);
  return text;
}

}  // namespace accessgraph
