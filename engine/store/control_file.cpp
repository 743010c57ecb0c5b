#include "engine/store/control_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>

#include "core/common/error.hpp"
#include "core/io/output_file.hpp"
#include "engine/store/crc32c.hpp"

namespace accessgraph {
namespace {

constexpr char kMagic[4] = {'A', 'G', 'C', 'T'};
constexpr std::uint32_t kFormat = 1;
constexpr std::size_t kSlotBytes = 40;
constexpr std::uint64_t kSlotOffsets[2] = {0, 512};

struct Slot {
  std::uint64_t sequence = 0;
  LogCommit commit;
};

std::string encode(const Slot& slot) {
  std::string bytes(kSlotBytes, '\0');
  std::memcpy(bytes.data(), kMagic, 4);
  std::memcpy(bytes.data() + 4, &kFormat, 4);
  std::memcpy(bytes.data() + 8, &slot.sequence, 8);
  std::memcpy(bytes.data() + 16, &slot.commit.records, 8);
  std::memcpy(bytes.data() + 24, &slot.commit.bytes, 8);
  const std::uint32_t crc = crc32c({std::string_view(bytes.data(), 32)});
  std::memcpy(bytes.data() + 32, &crc, 4);
  return bytes;  // bytes 36..39 stay zero
}

// The slot if it is whole and its checksum holds.
std::optional<Slot> decode(std::string_view bytes) {
  if (bytes.size() < kSlotBytes || std::memcmp(bytes.data(), kMagic, 4) != 0) return std::nullopt;
  std::uint32_t format = 0, crc = 0;
  std::memcpy(&format, bytes.data() + 4, 4);
  std::memcpy(&crc, bytes.data() + 32, 4);
  if (format != kFormat || crc32c({bytes.substr(0, 32)}) != crc) return std::nullopt;
  Slot slot;
  std::memcpy(&slot.sequence, bytes.data() + 8, 8);
  std::memcpy(&slot.commit.records, bytes.data() + 16, 8);
  std::memcpy(&slot.commit.bytes, bytes.data() + 24, 8);
  return slot;
}

[[noreturn]] void fail(const std::filesystem::path& path, const char* what, int error) {
  throw StateError("control file " + path.string() + ": cannot " + what + ": " + std::strerror(error));
}

void write_all(int fd, const std::string& bytes, std::uint64_t offset, const std::filesystem::path& path) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::pwrite(fd, bytes.data() + written, bytes.size() - written,
                               static_cast<off_t>(offset + written));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) fail(path, "write", n < 0 ? errno : EIO);
    written += static_cast<std::size_t>(n);
  }
}

}  // namespace

void ControlFile::create(const std::filesystem::path& path, const LogCommit& commit) {
  // Both slots hold the commit: either can be lost to a later torn write.
  std::string bytes(kFileBytes, '\0');
  const std::string first = encode({1, commit}), second = encode({0, commit});
  std::memcpy(bytes.data() + kSlotOffsets[1], first.data(), kSlotBytes);
  std::memcpy(bytes.data() + kSlotOffsets[0], second.data(), kSlotBytes);
  try {
    OutputFile out(path, OutputFile::Durability::kFsync, OutputFile::Caching::kPageCache);
    out.write(bytes);
    out.commit();  // fsync, rename, fsync of the folder
  } catch (const StateError&) {
    throw;
  } catch (const Error& error) {
    throw StateError("control file " + path.string() + ": " + error.what());
  }
}

ControlContents ControlFile::read(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) throw StateError("control file " + path.string() + " is missing");
    fail(path, "open", errno);
  }
  std::string bytes(kFileBytes, '\0');
  std::size_t have = 0;
  while (have < bytes.size()) {
    const ssize_t n = ::pread(fd, bytes.data() + have, bytes.size() - have, static_cast<off_t>(have));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int error = errno;
      ::close(fd);
      fail(path, "read", error);
    }
    if (n == 0) break;
    have += static_cast<std::size_t>(n);
  }
  ::close(fd);
  bytes.resize(have);
  std::optional<Slot> slots[2];
  for (int i = 0; i < 2; ++i)
    if (bytes.size() >= kSlotOffsets[i] + kSlotBytes)
      slots[i] = decode(std::string_view(bytes).substr(kSlotOffsets[i], kSlotBytes));
  if (!slots[0] && !slots[1])
    throw StateError("control file " + path.string() +
                     " is damaged (both commit slots fail their checksums): what events.log holds acknowledged "
                     "is unknown; nothing was changed (see `accessgraph state repair --help`)");
  const int newest = !slots[1] || (slots[0] && slots[0]->sequence > slots[1]->sequence) ? 0 : 1;
  ControlContents contents;
  contents.commit = slots[newest]->commit;
  contents.sequence = slots[newest]->sequence;
  contents.other_slot_damaged = !slots[1 - newest];
  return contents;
}

ControlFile::ControlFile(std::filesystem::path path) : path_(std::move(path)) {
  current_ = read(path_);
  fd_ = ::open(path_.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) fail(path_, "open", errno);
}

ControlFile::~ControlFile() {
  if (fd_ >= 0) ::close(fd_);
}

void ControlFile::commit(const LogCommit& commit) {
  const Slot slot{current_.sequence + 1, commit};
  write_all(fd_, encode(slot), kSlotOffsets[slot.sequence % 2], path_);
  if (::fdatasync(fd_) != 0) fail(path_, "sync", errno);
  current_.commit = commit;
  current_.sequence = slot.sequence;
}

}  // namespace accessgraph
