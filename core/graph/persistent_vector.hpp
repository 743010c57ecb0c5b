#pragma once
// A vector whose copies share storage: elements live in fixed-size chunks held by
// shared pointers, and a write copies only the chunk it touches (and the small chunk
// table). Graph versions are copies of each other that differ in a few rows, so a
// new version costs the changed chunks, not the whole table.
//
// Reading costs one extra indirection against std::vector. Writing is for the single
// thread that builds the next version; readers of older versions are never disturbed.
#include <cassert>
#include <cstdint>
#include <iterator>
#include <memory>
#include <vector>

namespace accessgraph {

template <class T>
class PersistentVector {
 public:
  static constexpr std::size_t kChunkBits = 10;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;

  PersistentVector() = default;
  explicit PersistentVector(const std::vector<T>& items) {
    for (std::size_t begin = 0; begin < items.size(); begin += kChunkSize) {
      auto chunk = std::make_shared<Chunk>();
      std::size_t end = std::min(items.size(), begin + kChunkSize);
      chunk->items.assign(items.begin() + begin, items.begin() + end);
      chunks_.push_back(std::move(chunk));
    }
    size_ = items.size();
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  const T& operator[](std::size_t i) const {
    assert(i < size_);
    return chunks_[i >> kChunkBits]->items[i & (kChunkSize - 1)];
  }

  // Copy-on-write access to one element.
  T& mutable_at(std::size_t i) {
    assert(i < size_);
    return own_chunk(i >> kChunkBits).items[i & (kChunkSize - 1)];
  }
  void set(std::size_t i, T value) { mutable_at(i) = std::move(value); }

  void push_back(T value) {
    if (size_ % kChunkSize == 0) chunks_.push_back(std::make_shared<Chunk>());
    own_chunk(size_ >> kChunkBits).items.push_back(std::move(value));
    ++size_;
  }

  class const_iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = T;
    using difference_type = std::ptrdiff_t;
    using pointer = const T*;
    using reference = const T&;
    const_iterator(const PersistentVector* owner, std::size_t i) : owner_(owner), i_(i) {}
    const T& operator*() const { return (*owner_)[i_]; }
    const T* operator->() const { return &(*owner_)[i_]; }
    const_iterator& operator++() {
      ++i_;
      return *this;
    }
    bool operator==(const const_iterator& other) const { return i_ == other.i_; }

   private:
    const PersistentVector* owner_;
    std::size_t i_;
  };
  std::vector<T> to_vector() const {
    std::vector<T> items;
    items.reserve(size_);
    for (const auto& chunk : chunks_) items.insert(items.end(), chunk->items.begin(), chunk->items.end());
    return items;
  }

  const_iterator begin() const { return {this, 0}; }
  const_iterator end() const { return {this, size_}; }

 private:
  struct Chunk {
    std::vector<T> items;
  };

  Chunk& own_chunk(std::size_t c) {
    if (chunks_[c].use_count() > 1) chunks_[c] = std::make_shared<Chunk>(*chunks_[c]);
    return *chunks_[c];
  }

  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::size_t size_ = 0;
};

}  // namespace accessgraph
