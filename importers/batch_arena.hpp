#pragma once
// The text of one batch of extracted records: bump-allocated in 1 MiB chunks that are
// kept when the batch is reset and reused by the next batch, so a multi-gigabyte import
// does not fault fresh pages in for every few megabytes it reads.
#include <algorithm>
#include <cstring>
#include <memory>
#include <string_view>
#include <vector>

namespace accessgraph::importers {

class BatchArena {
 public:
  std::string_view store(std::string_view text) {
    if (text.empty()) return {};
    if (text.size() > free_) next_chunk(text.size());
    char* destination = cursor_;
    std::memcpy(destination, text.data(), text.size());
    cursor_ += text.size();
    free_ -= text.size();
    return {destination, text.size()};
  }

  // Forgets every string; keeps the standard chunks for reuse, frees oversized ones.
  void reset() {
    oversized_.clear();
    used_ = 0;
    cursor_ = nullptr;
    free_ = 0;
  }

 private:
  static constexpr std::size_t kChunkBytes = 1 << 20;

  void next_chunk(std::size_t at_least) {
    if (at_least > kChunkBytes) {
      oversized_.push_back(std::make_unique_for_overwrite<char[]>(at_least));
      cursor_ = oversized_.back().get();
      free_ = at_least;
      return;
    }
    if (used_ == chunks_.size()) chunks_.push_back(std::make_unique_for_overwrite<char[]>(kChunkBytes));
    cursor_ = chunks_[used_++].get();
    free_ = kChunkBytes;
  }

  std::vector<std::unique_ptr<char[]>> chunks_;
  std::vector<std::unique_ptr<char[]>> oversized_;
  std::size_t used_ = 0;  // chunks in use
  char* cursor_ = nullptr;
  std::size_t free_ = 0;
};

}  // namespace accessgraph::importers
