#pragma once
// Seeded pseudo-random numbers with output fixed by this file alone.
//
// std:: engines are portable but std:: distributions are not (their algorithms differ
// between standard libraries), and a shared generator would make the output depend on
// thread scheduling. So every random draw goes through Rng below, and every unit of
// work (one identity, one department...) gets its own Rng derived from
// (run seed, stream label, index): the same seed gives the same bytes whatever the
// thread count or the order the work is done in.
#include <cstdint>
#include <string_view>

namespace accessgraph::datasets {

// SplitMix64 finaliser (Steele, Lea, Flood): a bijection with good avalanche, used to
// turn structured inputs (seed, label, index) into well-spread 64-bit seeds.
constexpr std::uint64_t mix64(std::uint64_t x) {
  x += 0x9E3779B97F4A7C15ULL;
  x = (x ^ (x >> 30U)) * 0xBF58476D1CE4E5B9ULL;
  x = (x ^ (x >> 27U)) * 0x94D049BB133111EBULL;
  return x ^ (x >> 31U);
}

// FNV-1a of a stream label, so streams are named in code rather than numbered by hand.
constexpr std::uint64_t stream_label(std::string_view label) {
  std::uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : label) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 0x100000001B3ULL;
  }
  return hash;
}

// xoshiro256** (Blackman, Vigna), seeded through SplitMix64 as its authors recommend.
class Rng {
 public:
  explicit constexpr Rng(std::uint64_t seed) {
    for (auto& word : state_) {
      seed += 0x9E3779B97F4A7C15ULL;
      word = mix64(seed);
    }
  }

  // Independent generator for one unit of work: (run seed, stream, index).
  static constexpr Rng for_stream(std::uint64_t seed, std::string_view label,
                                  std::uint64_t index = 0) {
    return Rng(mix64(seed ^ mix64(stream_label(label) ^ mix64(index))));
  }

  constexpr std::uint64_t next() {
    const std::uint64_t result = rotl(state_[1] * 5U, 7) * 9U;
    const std::uint64_t t = state_[1] << 17U;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  // Uniform integer in [0, bound), bound > 0 (Lemire's multiply-shift with rejection:
  // exact, and integer-only so it is the same on every platform).
  constexpr std::uint64_t below(std::uint64_t bound) {
    unsigned __int128 product = static_cast<unsigned __int128>(next()) * bound;
    auto low = static_cast<std::uint64_t>(product);
    if (low < bound) {
      const std::uint64_t threshold = (0 - bound) % bound;
      while (low < threshold) {
        product = static_cast<unsigned __int128>(next()) * bound;
        low = static_cast<std::uint64_t>(product);
      }
    }
    return static_cast<std::uint64_t>(product >> 64U);
  }

  // Uniform integer in [low, high], low <= high.
  constexpr std::int64_t between(std::int64_t low, std::int64_t high) {
    return low + static_cast<std::int64_t>(below(static_cast<std::uint64_t>(high - low) + 1));
  }

  // True with probability per_10k / 10000 (rates are written in basis points).
  constexpr bool chance(std::uint32_t per_10k) { return below(10'000) < per_10k; }

 private:
  static constexpr std::uint64_t rotl(std::uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
  }

  std::uint64_t state_[4]{};
};

}  // namespace accessgraph::datasets
