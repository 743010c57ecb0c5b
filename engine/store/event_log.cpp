#include "engine/store/event_log.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/error.hpp"
#include "core/io/file_text.hpp"

namespace accessgraph {
namespace {

constexpr std::uint32_t kMagic = 0x4C474741;  // "AGGL"
constexpr std::size_t kHeaderBytes = 12;
constexpr std::uint32_t kMaxPayload = 1u << 30;

std::uint32_t load32(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, 4);
  return v;  // the formats are little-endian, as is every machine this runs on
}

void store32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }

std::uint32_t record_checksum(std::uint32_t length, std::string_view payload) {
  std::string length_bytes;
  store32(length_bytes, length);
  return crc32c({length_bytes, payload});
}

// The record at `offset` if it is whole and its checksum holds; its end otherwise 0.
std::uint64_t valid_record_end(const std::string& bytes, std::uint64_t offset) {
  if (bytes.size() - offset < kHeaderBytes || load32(bytes.data() + offset) != kMagic) return 0;
  const std::uint32_t length = load32(bytes.data() + offset + 4);
  if (length > kMaxPayload || bytes.size() - offset - kHeaderBytes < length) return 0;
  std::string_view payload(bytes.data() + offset + kHeaderBytes, length);
  if (record_checksum(length, payload) != load32(bytes.data() + offset + 8)) return 0;
  return offset + kHeaderBytes + length;
}

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw StateError(std::string("event log ") + path.string() + ": cannot " + what + ": " + std::strerror(errno));
}

}  // namespace

EventLogContents read_event_log(const std::filesystem::path& path) {
  EventLogContents contents;
  const std::optional<std::string> file = read_file_text(path);
  if (!file) return contents;
  const std::string& bytes = *file;

  std::uint64_t offset = 0;
  while (offset < bytes.size()) {
    const std::uint64_t end = valid_record_end(bytes, offset);
    if (end == 0) break;
    contents.records.emplace_back(bytes.data() + offset + kHeaderBytes, end - offset - kHeaderBytes);
    offset = end;
  }
  contents.valid_bytes = offset;
  if (offset == bytes.size()) return contents;
  // A bad record: torn tail, unless a valid record starts somewhere after it.
  for (std::uint64_t next = offset + 1; next + kHeaderBytes <= bytes.size(); ++next) {
    if (load32(bytes.data() + next) == kMagic && valid_record_end(bytes, next) != 0)
      throw StateError("event log " + path.string() + ": corrupted record at byte " + std::to_string(offset) +
                  ", followed by valid records: refusing to skip acknowledged events");
  }
  contents.torn_tail = true;
  return contents;
}

EventLogWriter::EventLogWriter(std::filesystem::path path) : path_(std::move(path)) {
  const EventLogContents existing = read_event_log(path_);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd_ < 0) fail(path_, "open");
  if (::ftruncate(fd_, static_cast<off_t>(existing.valid_bytes)) != 0) fail(path_, "cut the torn tail");
  if (::lseek(fd_, static_cast<off_t>(existing.valid_bytes), SEEK_SET) < 0) fail(path_, "seek");
  size_ = existing.valid_bytes;
  if (::fsync(fd_) != 0) fail(path_, "sync");
}

EventLogWriter::~EventLogWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void EventLogWriter::append(std::string_view payload) {
  if (payload.size() > kMaxPayload) throw StateError("event log record too large");
  const auto length = static_cast<std::uint32_t>(payload.size());
  std::string record;
  record.reserve(kHeaderBytes + payload.size());
  store32(record, kMagic);
  store32(record, length);
  store32(record, record_checksum(length, payload));
  record.append(payload);
  std::size_t written = 0;
  while (written < record.size()) {
    ssize_t n = ::write(fd_, record.data() + written, record.size() - written);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      // Leave no partial record behind for the next append to follow.
      int saved = errno;
      if (::ftruncate(fd_, static_cast<off_t>(size_)) == 0) ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET);
      errno = saved;
      fail(path_, "append");
    }
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) fail(path_, "sync");
  size_ += record.size();
}

}  // namespace accessgraph
