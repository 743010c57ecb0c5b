#include "engine/closure/materialized_access.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

namespace accessgraph {
namespace {

constexpr std::size_t kIdentitiesPerBlock = 4096;

struct Block {
  std::vector<std::uint32_t> sizes;
  std::vector<EntitlementId> entitlements;
  std::vector<std::uint8_t> justified;
};

struct Scratch {
  MarkedUnion<EntitlementId> actual, expected;
};

}  // namespace

MaterializedAccess MaterializedAccess::compute(const AccessIndex& index) {
  const std::size_t identities = index.graph().identity_count();
  std::vector<Block> blocks((identities + kIdentitiesPerBlock - 1) / kIdentitiesPerBlock);
  tbb::enumerable_thread_specific<Scratch> scratch(
      [&] { return Scratch{index.make_entitlement_scratch(), index.make_entitlement_scratch()}; });
  // Each block of identities fills its own arrays; they are joined below.
  tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
    Scratch& s = scratch.local();
    Block& block = blocks[b];
    const std::size_t last = std::min(identities, (b + 1) * kIdentitiesPerBlock);
    for (std::size_t i = b * kIdentitiesPerBlock; i < last; ++i) {
      const IdentityId identity(static_cast<std::uint32_t>(i));
      s.actual.begin();
      index.add_actual_access(identity, s.actual);
      const auto& actual = s.actual.sorted();
      block.sizes.push_back(static_cast<std::uint32_t>(actual.size()));
      if (actual.empty()) continue;
      s.expected.begin();
      index.add_expected_access(identity, s.expected);
      for (EntitlementId entitlement : actual) {
        block.entitlements.push_back(entitlement);
        block.justified.push_back(s.expected.contains(entitlement));
      }
    }
  });

  MaterializedAccess result;
  std::vector<std::uint64_t> block_start(blocks.size() + 1, 0);
  for (std::size_t b = 0; b < blocks.size(); ++b) block_start[b + 1] = block_start[b] + blocks[b].entitlements.size();
  result.offsets_.resize(identities + 1);
  result.entitlements_.resize(block_start.back());
  result.justified_.resize(block_start.back());
  tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
    Block& block = blocks[b];
    std::uint64_t offset = block_start[b];
    for (std::size_t k = 0; k < block.sizes.size(); ++k) {
      result.offsets_[b * kIdentitiesPerBlock + k] = offset;
      offset += block.sizes[k];
    }
    std::copy(block.entitlements.begin(), block.entitlements.end(), result.entitlements_.begin() + block_start[b]);
    std::copy(block.justified.begin(), block.justified.end(), result.justified_.begin() + block_start[b]);
    block = Block{};
  });
  result.offsets_[identities] = block_start.back();
  return result;
}

}  // namespace accessgraph
