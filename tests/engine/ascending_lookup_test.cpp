// AscendingLookup must answer exactly as a binary search over the whole span does,
// whatever order the keys are asked in (ascending is only the fast case).
#include "engine/closure/ascending_lookup.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <vector>

namespace accessgraph {
namespace {

struct Entry {
  std::uint32_t key;
  int payload;
};
using Lookup = AscendingLookup<Entry, std::uint32_t, &Entry::key>;

const Entry* bisect(const std::vector<Entry>& sorted, std::uint32_t key) {
  auto it = std::lower_bound(sorted.begin(), sorted.end(), key, [](const Entry& e, std::uint32_t k) { return e.key < k; });
  return it != sorted.end() && it->key == key ? &*it : nullptr;
}

std::vector<Entry> sparse_entries(std::mt19937& random, std::size_t count) {
  std::vector<Entry> entries;
  std::uint32_t key = 0;
  for (std::size_t i = 0; i < count; ++i) {
    key += 1 + random() % 7;
    entries.push_back({key, static_cast<int>(i)});
  }
  return entries;
}

TEST(AscendingLookup, AscendingKeysFindWhatBisectionFinds) {
  std::mt19937 random(7);
  const auto entries = sparse_entries(random, 5000);
  Lookup lookup(entries);
  for (std::uint32_t key = 0; key <= entries.back().key + 3; key += 1 + random() % 5)
    EXPECT_EQ(lookup.find(key), bisect(entries, key)) << key;
}

TEST(AscendingLookup, AnyOrderIsStillAnsweredCorrectly) {
  std::mt19937 random(11);
  const auto entries = sparse_entries(random, 3000);
  Lookup lookup(entries);
  int found = 0;
  for (int n = 0; n < 20000; ++n) {
    const std::uint32_t key = random() % (entries.back().key + 10);
    const Entry* expected = bisect(entries, key);
    ASSERT_EQ(lookup.find(key), expected) << key;
    found += expected != nullptr;
  }
  EXPECT_GT(found, 1000);  // the keys asked hit as well as miss
}

TEST(AscendingLookup, EmptyAndRepeatedKeys) {
  Lookup empty;
  EXPECT_EQ(empty.find(3), nullptr);
  const std::vector<Entry> entries{{2, 0}, {4, 1}, {9, 2}};
  Lookup lookup(entries);
  EXPECT_EQ(lookup.find(4)->payload, 1);
  EXPECT_EQ(lookup.find(4)->payload, 1);  // the same key again
  EXPECT_EQ(lookup.find(10), nullptr);    // past the end
  EXPECT_EQ(lookup.find(2)->payload, 0);  // back to the front
}

}  // namespace
}  // namespace accessgraph
