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

// The end of the record at `offset` if it is whole and its checksum holds; else 0.
std::uint64_t valid_record_end(const std::string& bytes, std::uint64_t offset) {
  if (bytes.size() - offset < kHeaderBytes || load32(bytes.data() + offset) != kMagic) return 0;
  const std::uint32_t length = load32(bytes.data() + offset + 4);
  if (length > kMaxPayload || bytes.size() - offset - kHeaderBytes < length) return 0;
  std::string_view payload(bytes.data() + offset + kHeaderBytes, length);
  if (record_checksum(length, payload) != load32(bytes.data() + offset + 8)) return 0;
  return offset + kHeaderBytes + length;
}

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int error = errno) {
  throw StateError("event log " + path.string() + ": cannot " + what + ": " + std::strerror(error));
}

std::string read_log_bytes(const std::filesystem::path& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error))
    throw StateError("event log " + path.string() + " is missing; it is never treated as empty");
  std::optional<std::string> bytes = read_file_text(path);
  if (!bytes) fail(path, "read");
  return std::move(*bytes);
}

std::string batches(std::uint64_t n) { return std::to_string(n) + (n == 1 ? " batch" : " batches"); }

// How to drop what cannot be trusted, by hand.
std::string repair_hint(const std::filesystem::path& path, std::uint64_t keep) {
  return "; to keep the first " + batches(keep) + " and drop the rest (a copy of the log is kept): accessgraph state "
         "repair --state " + path.parent_path().string() + " --truncate-after " + std::to_string(keep);
}

}  // namespace

EventLogScan scan_event_log(const std::filesystem::path& path) {
  const std::string bytes = read_log_bytes(path);
  EventLogScan scan;
  scan.file_bytes = bytes.size();
  std::uint64_t offset = 0;
  while (offset < bytes.size()) {
    const std::uint64_t end = valid_record_end(bytes, offset);
    if (end == 0) break;
    scan.record_ends.push_back(end);
    offset = end;
  }
  return scan;
}

EventLogContents read_event_log(const std::filesystem::path& path, const LogCommit& acknowledged) {
  const std::string bytes = read_log_bytes(path);
  const std::string name = "event log " + path.string();
  EventLogContents contents;
  std::uint64_t offset = 0;
  auto whole_records_from_start = [&] {
    std::uint64_t n = 0;
    for (std::uint64_t at = 0, end; at < bytes.size() && (end = valid_record_end(bytes, at)) != 0; at = end) ++n;
    return n;
  };

  // The acknowledged prefix: all of it must be there, whole and valid.
  if (bytes.size() < acknowledged.bytes)
    throw StateError(name + " is " + std::to_string(bytes.size()) + " bytes, shorter than the " +
                     std::to_string(acknowledged.bytes) + " bytes acknowledged (" + batches(acknowledged.records) +
                     "): acknowledged batches are missing from byte " + std::to_string(bytes.size()) +
                     "; nothing was changed" + repair_hint(path, std::min(whole_records_from_start(), acknowledged.records)));
  while (offset < acknowledged.bytes) {
    const std::uint64_t end = valid_record_end(bytes, offset);
    if (end == 0 || end > acknowledged.bytes)
      throw StateError(name + ": damaged record at byte " + std::to_string(offset) + " (batch " +
                       std::to_string(contents.records.size() + 1) + ", acknowledged: the log is acknowledged up to "
                       "byte " + std::to_string(acknowledged.bytes) + "); nothing was changed" +
                       repair_hint(path, contents.records.size()));
    contents.records.emplace_back(bytes.data() + offset + kHeaderBytes, end - offset - kHeaderBytes);
    offset = end;
  }
  if (contents.records.size() != acknowledged.records)
    throw StateError(name + " holds " + batches(contents.records.size()) + " up to byte " +
                     std::to_string(acknowledged.bytes) + ", but its control file acknowledges " +
                     batches(acknowledged.records) + ": one of them is damaged; nothing was changed");
  contents.acknowledged_records = contents.records.size();

  // After it: appends fsync'd whose acknowledgement a crash cut short, then a torn tail.
  while (offset < bytes.size()) {
    const std::uint64_t end = valid_record_end(bytes, offset);
    if (end == 0) break;
    contents.records.emplace_back(bytes.data() + offset + kHeaderBytes, end - offset - kHeaderBytes);
    offset = end;
  }
  contents.valid_bytes = offset;
  contents.tail_bytes = bytes.size() - offset;
  // A torn append is always the last thing in the log: a valid record after a bad one
  // means damage, not a crash.
  for (std::uint64_t next = offset + 1; next + kHeaderBytes <= bytes.size(); ++next) {
    if (load32(bytes.data() + next) == kMagic && valid_record_end(bytes, next) != 0)
      throw StateError(name + ": damaged record at byte " + std::to_string(offset) +
                       ", followed by a valid record at byte " + std::to_string(next) +
                       ": refusing to skip events; nothing was changed" +
                       repair_hint(path, contents.records.size()));
  }
  return contents;
}

void create_event_log(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "create");
  const int synced = ::fsync(fd);
  const int error = errno;
  ::close(fd);
  if (synced != 0) fail(path, "sync", error);
}

EventLogWriter::EventLogWriter(std::filesystem::path log, const std::filesystem::path& control,
                               const EventLogContents& contents)
    : path_(std::move(log)), control_(std::make_unique<ControlFile>(control)) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd_ < 0) fail(path_, "open");
  size_ = contents.valid_bytes;
  records_ = contents.records.size();
  if (contents.tail_bytes > 0) {
    // Never acknowledged: its control commit had not happened.
    if (::ftruncate(fd_, static_cast<off_t>(size_)) != 0) fail(path_, "cut the torn tail");
    if (::fsync(fd_) != 0) fail(path_, "sync");
  }
  if (::lseek(fd_, static_cast<off_t>(size_), SEEK_SET) < 0) fail(path_, "seek");
  // Whole records after the acknowledged ones are kept: count them acknowledged now.
  if (control_->current() != LogCommit{records_, size_}) control_->commit({records_, size_});
}

EventLogWriter::~EventLogWriter() {
  if (fd_ >= 0) ::close(fd_);
}

void EventLogWriter::cut_back(const std::string& why, bool control_written) {
  // The record is not acknowledged: cut it off, so that the log ends where the control
  // file says and this process's version matches it. A control commit whose write
  // landed but whose sync failed is overwritten by the previous length first.
  std::string undo_failed;
  if (control_written) {
    try {
      control_->commit({records_, size_});
    } catch (const StateError& error) {
      undo_failed = error.what();
    }
  }
  if (undo_failed.empty() && ::ftruncate(fd_, static_cast<off_t>(size_)) == 0 && ::fdatasync(fd_) == 0 &&
      ::lseek(fd_, static_cast<off_t>(size_), SEEK_SET) >= 0)
    throw StateError(why + "; the batch is NOT applied (nothing logged)");
  if (undo_failed.empty()) undo_failed = std::strerror(errno);
  broken_ = why + ", and the record could not be cut off again (" + undo_failed + ")";
  throw StateError(broken_ + ": the batch is not acknowledged; reopen the state to learn whether it was applied");
}

void EventLogWriter::append(std::string_view payload) {
  if (!broken_.empty())
    throw StateError("event log " + path_.string() + " refuses appends after an earlier failure (" + broken_ +
                     "): reopen the state");
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
    if (n <= 0) cut_back("event log " + path_.string() + ": cannot append: " + std::strerror(n < 0 ? errno : EIO), false);
    written += static_cast<std::size_t>(n);
  }
  if (::fdatasync(fd_) != 0) cut_back("event log " + path_.string() + ": cannot sync: " + std::strerror(errno), false);
  // Durable; acknowledged once the control file says so.
  try {
    control_->commit({records_ + 1, size_ + record.size()});
  } catch (const StateError& error) {
    cut_back(error.what(), true);
  }
  size_ += record.size();
  ++records_;
}

}  // namespace accessgraph
