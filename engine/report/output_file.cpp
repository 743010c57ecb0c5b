#include "engine/report/output_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "accessgraph/error.hpp"

namespace accessgraph {
namespace {

[[noreturn]] void fail(const std::filesystem::path& path, const char* what) {
  throw Error(std::string("cannot ") + what + " " + path.string() + ": " + std::strerror(errno));
}

}  // namespace

OutputFile::OutputFile(std::filesystem::path path, Durability durability)
    : path_(std::move(path)),
      temporary_(path_.parent_path() / ("." + path_.filename().string() + ".tmp")),
      durability_(durability) {
  file_ = std::fopen(temporary_.c_str(), "wb");
  if (!file_) fail(temporary_, "create");
  buffer_ = std::make_unique<char[]>(kBufferBytes);
  std::setvbuf(file_, buffer_.get(), _IOFBF, kBufferBytes);
}

OutputFile::~OutputFile() {
  if (file_) {
    std::fclose(file_);
    std::filesystem::remove(temporary_);
  }
}

void OutputFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail(temporary_, "write");
}

void OutputFile::commit() {
  if (std::fflush(file_) != 0) fail(temporary_, "write");
  if (durability_ == Durability::kFsync && ::fsync(fileno(file_)) != 0) fail(temporary_, "write");
  std::fclose(file_);
  file_ = nullptr;
  std::error_code error;
  std::filesystem::rename(temporary_, path_, error);
  if (error) throw Error("cannot rename " + temporary_.string() + " to " + path_.string() + ": " + error.message());
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
