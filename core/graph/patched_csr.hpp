#pragma once
// A CSR relation that later graph versions change row by row: the CSR built at load
// stays shared, and a version replaces single rows (and adds rows for new nodes)
// through a persistent table of overrides. Reading a row costs one check more.
#include <array>
#include <memory>
#include <span>
#include <vector>

#include "core/graph/csr.hpp"

namespace accessgraph {

template <class From, class To>
class PatchedCsr {
 public:
  PatchedCsr() = default;
  explicit PatchedCsr(Csr<From, To> base) : base_(std::move(base)), node_count_(base_.node_count()) {}

  std::span<const To> operator[](From from) const {
    const std::size_t c = from.value >> kChunkBits;
    if (c < chunks_.size() && chunks_[c]) {
      if (const auto& row = (*chunks_[c])[from.value & (kChunkSize - 1)]) return {row->data(), row->size()};
    }
    if (from.value < base_.node_count()) return base_[from];
    return {};
  }
  bool contains(From from, To to) const {  // for sorted rows
    auto row = (*this)[from];
    return std::binary_search(row.begin(), row.end(), to);
  }

  // Replaces a row (adding rows up to `from` when it is new).
  void set_row(From from, std::vector<To> row) {
    const std::size_t c = from.value >> kChunkBits;
    if (chunks_.size() <= c) chunks_.resize(c + 1);
    if (!chunks_[c]) chunks_[c] = std::make_shared<Chunk>();
    else if (chunks_[c].use_count() > 1) chunks_[c] = std::make_shared<Chunk>(*chunks_[c]);  // copy on write
    auto& slot = (*chunks_[c])[from.value & (kChunkSize - 1)];
    if (!slot) patched_.push_back(from);
    slot = std::make_shared<const std::vector<To>>(std::move(row));
    node_count_ = std::max<std::size_t>(node_count_, from.value + 1);
  }

  // Rows replaced since the base was built (each once), e.g. for reverse lookups
  // that only the base indexes.
  const std::vector<From>& patched_rows() const { return patched_; }
  const Csr<From, To>& base() const { return base_; }
  // Every row, patched or not, as one plain CSR (compaction, snapshots).
  Csr<From, To> flattened() const {
    if (patched_.empty()) return base_;
    std::vector<std::pair<From, To>> pairs;
    pairs.reserve(edge_count());
    for (std::uint32_t node = 0; node < node_count_; ++node)
      for (const To& to : (*this)[From(node)]) pairs.emplace_back(From(node), to);
    return Csr<From, To>::from_rows(node_count_, pairs);
  }
  std::size_t node_count() const { return node_count_; }
  std::size_t edge_count() const {
    std::size_t count = base_.edge_count();
    for (From from : patched_) {
      count += (*this)[from].size();
      if (from.value < base_.node_count()) count -= base_[from].size();
    }
    return count;
  }

 private:
  // Overrides in chunks of rows; a missing chunk overrides nothing, so a version
  // costs one pointer per 1024 rows plus the chunks it wrote.
  static constexpr std::size_t kChunkBits = 10;
  static constexpr std::size_t kChunkSize = std::size_t{1} << kChunkBits;
  using Chunk = std::array<std::shared_ptr<const std::vector<To>>, kChunkSize>;

  Csr<From, To> base_;
  std::vector<std::shared_ptr<Chunk>> chunks_;
  std::vector<From> patched_;  // copied with each version; bounded by compaction
  std::size_t node_count_ = 0;
};

}  // namespace accessgraph
