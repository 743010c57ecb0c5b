#include "core/io/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <string>
#include <thread>

#include "core/common/error.hpp"
#include "core/io/zstd_stream.hpp"

namespace accessgraph {
namespace {

// O_DIRECT wants buffer addresses, lengths and file offsets aligned to the logical
// block size; 4096 covers every common device.
constexpr std::size_t kAlignment = 4096;
// Large enough that one write keeps the disk busy, small enough that three per open
// file cost nothing (untouched pages are never committed).
constexpr std::size_t kBlockBytes = std::size_t{8} << 20;
constexpr std::size_t kBlocks = 3;  // one being filled, up to two queued or being written

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int error) {
  throw Error(std::string("cannot ") + what + " " + path.string() + ": " + std::strerror(error));
}

struct FreeAligned {
  void operator()(char* p) const { std::free(p); }
};
using AlignedBytes = std::unique_ptr<char, FreeAligned>;

}  // namespace

class OutputFile::BlockWriter {
 public:
  BlockWriter(const std::filesystem::path& path, Caching caching) : path_(path) {
    const int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    if (caching == Caching::kBypass) {
      fd_ = ::open(path.c_str(), flags | O_DIRECT, 0644);
      direct_ = fd_ >= 0;
    }
    if (fd_ < 0) fd_ = ::open(path.c_str(), flags, 0644);
    if (fd_ < 0) fail(path, "create", errno);
    for (auto& block : blocks_) {
      block.reset(static_cast<char*>(std::aligned_alloc(kAlignment, kBlockBytes)));
      if (!block) throw std::bad_alloc();
    }
    for (std::size_t b = 1; b < kBlocks; ++b) free_.push_back(b);
  }

  ~BlockWriter() {
    stop();
    if (fd_ >= 0) ::close(fd_);
  }

  void append(std::string_view bytes) {
    while (!bytes.empty()) {
      const std::size_t n = std::min(bytes.size(), kBlockBytes - used_);
      std::memcpy(blocks_[current_].get() + used_, bytes.data(), n);
      used_ += n;
      bytes.remove_prefix(n);
      if (used_ == kBlockBytes) hand_off();
    }
  }

  // Writes what is left, waits for the thread and checks that every write succeeded.
  void finish() {
    stop();
    throw_if_failed();
    if (used_ > 0) {
      // The last block is padded to the alignment and the padding cut off afterwards.
      std::size_t length = used_;
      if (direct_) {
        length = (used_ + kAlignment - 1) / kAlignment * kAlignment;
        std::memset(blocks_[current_].get() + used_, 0, length - used_);
      }
      write_fully(blocks_[current_].get(), length);
      throw_if_failed();
      if (length != used_ && ::ftruncate(fd_, static_cast<off_t>(written_ - (length - used_))) != 0)
        fail(path_, "write", errno);
      used_ = 0;
    }
  }

  int fd() const { return fd_; }
  void close() {
    if (::close(fd_) != 0) {
      fd_ = -1;
      fail(path_, "write", errno);
    }
    fd_ = -1;
  }
  bool direct() const { return direct_; }

 private:
  // Queues the full current block for the thread and continues in a free one.
  void hand_off() {
    std::unique_lock lock(mutex_);
    if (!thread_.joinable()) thread_ = std::thread([this] { run(); });
    full_.push_back(current_);
    changed_.notify_all();
    changed_.wait(lock, [&] { return !free_.empty(); });
    current_ = free_.front();
    free_.pop_front();
    used_ = 0;
    if (error_ != 0) {
      lock.unlock();
      throw_if_failed();
    }
  }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      changed_.wait(lock, [&] { return !full_.empty() || stopping_; });
      if (full_.empty()) return;
      const std::size_t block = full_.front();
      lock.unlock();
      if (error_ == 0) write_fully(blocks_[block].get(), kBlockBytes);  // after a failure, only drain
      lock.lock();
      full_.pop_front();
      free_.push_back(block);
      changed_.notify_all();
    }
  }

  void stop() {
    {
      std::lock_guard lock(mutex_);
      stopping_ = true;
      changed_.notify_all();
    }
    if (thread_.joinable()) thread_.join();
    stopping_ = false;
  }

  // On the writing thread (or the caller once the thread is done).
  void write_fully(const char* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n < 0 && errno == EINTR) continue;
      if (n < 0 && errno == EINVAL && direct_) {
        // Accepted at open, refused at write (alignment the device wants, a file
        // system that ignores the flag late): carry on through the page cache.
        if (::fcntl(fd_, F_SETFL, ::fcntl(fd_, F_GETFL) & ~O_DIRECT) == 0) {
          direct_ = false;
          continue;
        }
      }
      if (n <= 0) {
        error_ = n < 0 ? errno : ENOSPC;
        return;
      }
      data += n;
      size -= static_cast<std::size_t>(n);
      written_ += static_cast<std::uint64_t>(n);
    }
  }

  void throw_if_failed() const {
    if (error_ != 0) fail(path_, "write", error_);
  }

  const std::filesystem::path path_;
  int fd_ = -1;
  std::atomic<bool> direct_ = false;
  std::array<AlignedBytes, kBlocks> blocks_;
  std::size_t current_ = 0, used_ = 0;  // the caller's block and its fill
  std::uint64_t written_ = 0;           // bytes in the file

  std::mutex mutex_;
  std::condition_variable changed_;
  std::deque<std::size_t> full_, free_;  // block numbers
  bool stopping_ = false;
  std::atomic<int> error_ = 0;  // the first failed write's errno
  std::thread thread_;          // started by the first full block: small files never start it
};

OutputFile::OutputFile(std::filesystem::path path, Durability durability, Caching caching)
    : path_(std::move(path)),
      temporary_(path_.parent_path() / ("." + path_.filename().string() + ".tmp")),
      durability_(durability),
      writer_(std::make_unique<BlockWriter>(temporary_, caching)) {
  if (is_zstd_path(path_))
    compressor_ = std::make_unique<ZstdCompressor>([writer = writer_.get()](std::string_view compressed) {
      writer->append(compressed);
    });
}

OutputFile::~OutputFile() {
  compressor_.reset();
  writer_.reset();
  if (!committed_) {
    std::error_code ignored;
    std::filesystem::remove(temporary_, ignored);
  }
}

void OutputFile::write(std::string_view bytes) {
  if (compressor_)
    compressor_->write(bytes);
  else
    writer_->append(bytes);
}

bool OutputFile::bypasses_page_cache() const { return writer_->direct(); }

void OutputFile::commit() {
  if (compressor_) compressor_->finish();
  writer_->finish();
  if (durability_ == Durability::kFsync && ::fsync(writer_->fd()) != 0) fail(temporary_, "write", errno);
  writer_->close();
  writer_.reset();
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error) throw Error("cannot rename " + temporary_.string() + " to " + path_.string() + ": " + error.message());
  committed_ = true;
  if (durability_ == Durability::kFsync) sync_directory(path_.parent_path());
}

void sync_directory(const std::filesystem::path& dir) {
  // The rename is durable only once the folder's entry is: fsync the folder too.
  const std::filesystem::path folder = dir.empty() ? std::filesystem::path(".") : dir;
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) throw Error("cannot open folder " + folder.string() + ": " + std::strerror(errno));
  const int synced = ::fsync(fd);
  ::close(fd);
  if (synced != 0) throw Error("cannot sync folder " + folder.string() + ": " + std::strerror(errno));
}

}  // namespace accessgraph
