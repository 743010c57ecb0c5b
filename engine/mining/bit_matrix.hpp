// BitMatrix: a dense 0/1 matrix, one row of 64-bit words per row. The cover search
// asks "does user u hold column c" and "which users hold all of these columns" millions
// of times on a reduced component; word-wide AND and popcount answer both far faster
// than sorted lists once the component has a few hundred rows (a 10,000 x 10,000
// component is 12.5 MB).
#pragma once

#include <bit>
#include <cstdint>
#include <span>
#include <vector>

namespace accessgraph::mining {

class BitMatrix {
 public:
  BitMatrix() = default;
  BitMatrix(std::size_t rows, std::size_t bits)
      : words_per_row_((bits + 63) / 64), words_(rows * words_per_row_, 0) {}

  std::size_t words_per_row() const { return words_per_row_; }
  std::span<std::uint64_t> row(std::size_t r) { return {words_.data() + r * words_per_row_, words_per_row_}; }
  std::span<const std::uint64_t> row(std::size_t r) const {
    return {words_.data() + r * words_per_row_, words_per_row_};
  }
  bool test(std::size_t r, std::uint32_t bit) const {
    return (words_[r * words_per_row_ + bit / 64] >> (bit % 64)) & 1u;
  }
  void set(std::size_t r, std::uint32_t bit) { words_[r * words_per_row_ + bit / 64] |= std::uint64_t{1} << (bit % 64); }
  void reset(std::size_t r, std::uint32_t bit) {
    words_[r * words_per_row_ + bit / 64] &= ~(std::uint64_t{1} << (bit % 64));
  }

 private:
  std::size_t words_per_row_ = 0;
  std::vector<std::uint64_t> words_;
};

inline std::uint64_t count_bits(std::span<const std::uint64_t> words) {
  std::uint64_t n = 0;
  for (const std::uint64_t w : words) n += static_cast<std::uint64_t>(std::popcount(w));
  return n;
}

inline std::uint64_t count_common_bits(std::span<const std::uint64_t> a, std::span<const std::uint64_t> b) {
  std::uint64_t n = 0;
  for (std::size_t k = 0; k < a.size(); ++k) n += static_cast<std::uint64_t>(std::popcount(a[k] & b[k]));
  return n;
}

// Calls f(bit) for every set bit, in increasing order.
template <typename F>
void for_each_bit(std::span<const std::uint64_t> words, F&& f) {
  for (std::size_t k = 0; k < words.size(); ++k) {
    for (std::uint64_t w = words[k]; w != 0; w &= w - 1) {
      f(static_cast<std::uint32_t>(k * 64 + static_cast<std::size_t>(std::countr_zero(w))));
    }
  }
}

}  // namespace accessgraph::mining
