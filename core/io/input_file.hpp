#pragma once
// Opening a file that accessgraph reads as input (a bundle file, an events or what-if
// file, a policy, a tokens file): only a regular file is read. A FIFO would block the
// open or the read forever, a device such as /dev/zero never ends and a directory has no
// bytes, so each is refused with an InputError naming the file, before a byte is read.
//
// The open itself cannot block: it is done with O_NONBLOCK (a FIFO without a writer
// would otherwise hang there), and fstat decides before anything is read.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace accessgraph {

class InputFile {
 public:
  // Throws InputError(label, 0, "", "", reason): "file not found", "permission denied",
  // "not a regular file (a FIFO)" and so on.
  static InputFile open(const std::filesystem::path& path, const std::string& label);
  // nullopt when nothing exists at `path`; anything else as open().
  static std::optional<InputFile> open_if_exists(const std::filesystem::path& path, const std::string& label);

  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&& other) noexcept;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;
  ~InputFile();

  int descriptor() const { return descriptor_; }
  std::uint64_t size() const { return size_; }            // when it was opened
  unsigned permissions() const { return permissions_; }   // the mode's permission bits (0644, ...)
  const std::string& label() const { return label_; }

  // The whole file; throws InputError when it holds more than `max_bytes` (also when it
  // grows past them while being read) or a read fails.
  std::string read_all(std::uint64_t max_bytes) const;

 private:
  InputFile(int descriptor, std::string label) : descriptor_(descriptor), label_(std::move(label)) {}

  int descriptor_ = -1;
  std::string label_;
  std::uint64_t size_ = 0;
  unsigned permissions_ = 0;
};

}  // namespace accessgraph
