#pragma once
// A file read front to back through a window of memory that slides forward. Only the
// bytes from the caller's anchor on are kept, so a 2 GB export costs the window, not
// 2 GB; the window grows when one record or value is larger than half of it. At least
// kPadding readable bytes follow the data, as simdjson requires of its input.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

namespace accessgraph::importers {

class InputWindow {
 public:
  static constexpr std::size_t kPadding = 64;
  static constexpr std::size_t kInitialBytes = 16 << 20;

  // Throws InputError (line 0) when the file cannot be opened.
  InputWindow(std::filesystem::path path, std::string label, std::size_t initial_bytes = kInitialBytes);
  InputWindow(const InputWindow&) = delete;
  InputWindow& operator=(const InputWindow&) = delete;
  ~InputWindow();

  const std::string& label() const { return label_; }
  // Absolute file offsets of the bytes held: [begin(), end()).
  std::uint64_t begin() const { return begin_; }
  std::uint64_t end() const { return begin_ + size_; }
  bool at_end_of_file() const { return eof_; }
  // Pointer to the byte at an absolute offset in [begin(), end()].
  const char* at(std::uint64_t offset) const { return buffer_.get() + (offset - begin_); }

  // Reads more of the file, dropping the bytes before `anchor` (begin() <= anchor <=
  // end()). Returns false, changing nothing, when the file has no more bytes.
  bool advance(std::uint64_t anchor);

 private:
  std::filesystem::path path_;
  std::string label_;
  int fd_ = -1;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;  // data bytes the buffer can hold (kPadding more are allocated)
  std::uint64_t begin_ = 0;
  std::size_t size_ = 0;
  bool eof_ = false;
};

}  // namespace accessgraph::importers
