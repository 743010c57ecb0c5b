#pragma once
// Lookups of keys in a span sorted by key, for callers that ask in ascending key
// order, as a scan over an identity's sorted entitlements does: each search gallops
// forward from where the previous one ended (O(log distance) and cache-warm) instead
// of bisecting the whole span again. A key smaller than the previous one starts over
// from the front, so any order is still answered correctly.
#include <cstddef>
#include <span>

namespace accessgraph {

template <class Entry, class Key, Key Entry::*kKey>
class AscendingLookup {
 public:
  AscendingLookup() = default;
  explicit AscendingLookup(std::span<const Entry> sorted) : sorted_(sorted) {}

  // The entry with `key`, or null.
  const Entry* find(Key key) {
    if (position_ != 0 && !(sorted_[position_ - 1].*kKey < key)) position_ = 0;
    // Gallop: probe 1, 2, 4... entries ahead until one is not below the key (or the
    // end), then bisect the stretch since the last probe that was below it.
    std::size_t low = position_, high = position_, step = 1;  // entries before low are below key
    while (high < sorted_.size() && sorted_[high].*kKey < key) {
      low = high + 1;
      high = low + step;
      step *= 2;
    }
    if (high > sorted_.size()) high = sorted_.size();
    while (low < high) {  // first entry in [low, high) not below key
      const std::size_t middle = low + (high - low) / 2;
      if (sorted_[middle].*kKey < key) low = middle + 1;
      else high = middle;
    }
    position_ = low;
    return low < sorted_.size() && !(key < sorted_[low].*kKey) ? &sorted_[low] : nullptr;
  }

 private:
  std::span<const Entry> sorted_;
  std::size_t position_ = 0;  // no entry before it is at or above the last key asked
};

}  // namespace accessgraph
