#pragma once
// Picking an index with integer weights. Integer arithmetic only, so a table picks the
// same index for the same random draw on every platform (no floating-point pow/log).
#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <utility>
#include <vector>

#include "datasets/generator/prng.hpp"

namespace accessgraph::datasets {

class WeightedChoice {
 public:
  WeightedChoice() = default;
  explicit WeightedChoice(const std::vector<std::uint64_t>& weights) {
    cumulative_.reserve(weights.size());
    std::uint64_t total = 0;
    for (const std::uint64_t weight : weights) {
      total += weight;
      cumulative_.push_back(total);
    }
  }
  WeightedChoice(std::initializer_list<std::uint64_t> weights)
      : WeightedChoice(std::vector<std::uint64_t>(weights)) {}

  // Zipf with exponent 1 over n ranks: rank k has weight proportional to 1/(k+1).
  static WeightedChoice zipf(std::size_t n) {
    constexpr std::uint64_t kScale = 1'000'000'000'000ULL;
    std::vector<std::uint64_t> weights(n);
    for (std::size_t k = 0; k < n; ++k) {
      weights[k] = kScale / (k + 1);
    }
    return WeightedChoice(weights);
  }

  std::size_t size() const { return cumulative_.size(); }
  std::uint64_t total() const { return cumulative_.empty() ? 0 : cumulative_.back(); }

  // Requires a non-empty table with a positive total.
  std::size_t pick(Rng& rng) const {
    const std::uint64_t draw = rng.below(total());
    return static_cast<std::size_t>(
        std::upper_bound(cumulative_.begin(), cumulative_.end(), draw) - cumulative_.begin());
  }

 private:
  std::vector<std::uint64_t> cumulative_;
};

// A count drawn from weighted [low, high] buckets, uniform inside the bucket: how the
// heavy-tailed per-person counts (request roles, days since last use...) are shaped.
struct CountBucket {
  std::uint64_t weight;
  std::int64_t low;
  std::int64_t high;
};

class BucketedCount {
 public:
  BucketedCount(std::initializer_list<CountBucket> buckets) : buckets_(buckets) {
    std::vector<std::uint64_t> weights;
    for (const auto& bucket : buckets_) {
      weights.push_back(bucket.weight);
    }
    choice_ = WeightedChoice(weights);
  }

  std::int64_t draw(Rng& rng) const {
    const auto& bucket = buckets_[choice_.pick(rng)];
    return rng.between(bucket.low, bucket.high);
  }

 private:
  std::vector<CountBucket> buckets_;
  WeightedChoice choice_;
};

}  // namespace accessgraph::datasets
