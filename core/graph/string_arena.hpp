#pragma once
// Owns the bytes of every string the graph keeps (ids, names, attribute values) in
// large chunks, so string_views into it stay valid for the graph's lifetime and a
// million small strings cost no million allocations.
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace accessgraph {

class StringArena {
 public:
  std::string_view store(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > free_) grow(text.size());
    char* destination = cursor_;
    std::memcpy(destination, text.data(), text.size());
    cursor_ += text.size();
    free_ -= text.size();
    return {destination, text.size()};
  }

  // Takes ownership of bytes filled elsewhere (a snapshot's string section).
  const char* adopt(std::unique_ptr<char[]> bytes, std::size_t size) {
    chunks_.push_back(std::move(bytes));
    bytes_used_ += size;
    return chunks_.back().get();
  }

  std::size_t bytes_used() const { return bytes_used_; }

 private:
  static constexpr std::size_t kChunkSize = 1 << 20;

  void grow(std::size_t at_least) {
    std::size_t size = std::max(kChunkSize, at_least);
    chunks_.push_back(std::make_unique<char[]>(size));
    cursor_ = chunks_.back().get();
    free_ = size;
    bytes_used_ += size;
  }

  std::vector<std::unique_ptr<char[]>> chunks_;
  char* cursor_ = nullptr;
  std::size_t free_ = 0;
  std::size_t bytes_used_ = 0;
};

}  // namespace accessgraph
