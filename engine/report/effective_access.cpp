#include "engine/report/effective_access.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>

#include "core/common/stopwatch.hpp"
#include "engine/closure/materialized_access.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/output_order.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kIdentitiesPerBlock = 2048;

struct Block {
  std::size_t first = 0;  // position in output order
  std::string text;
  std::uint64_t rows = 0, justified = 0;
};

struct Scratch {
  std::vector<std::pair<std::uint32_t, std::uint64_t>> ranked;  // (entitlement rank, pair index)
};

}  // namespace

EffectiveAccessCounts write_effective_access(const AccessIndex& index, const MaterializedAccess& access,
                                             const std::filesystem::path& path, Progress* progress) {
  EffectiveAccessCounts counts;
  Stopwatch clock;
  const Graph& g = index.graph();
  const auto identity_order = csv_output_order(g.identity_ids);
  const auto entitlement_order = csv_output_order(g.entitlement_ids);
  std::vector<std::uint32_t> entitlement_rank(entitlement_order.size());
  for (std::uint32_t r = 0; r < entitlement_order.size(); ++r) entitlement_rank[entitlement_order[r].value] = r;

  tbb::enumerable_thread_specific<Scratch> scratch;

  OutputFile out(path, OutputFile::Durability::kNoFsync);
  out.write("identity_id,entitlement_id,justified\n");
  std::size_t next_block = 0;
  const std::size_t identity_count = identity_order.size();
  ProgressPhase writing = progress_phase(progress, "effective_access_write", identity_count);

  tbb::parallel_pipeline(
      tbb::this_task_arena::max_concurrency() * 4,
      tbb::make_filter<void, Block>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& control) {
                                      if (next_block >= identity_count) {
                                        control.stop();
                                        return Block{};
                                      }
                                      Block block{next_block, {}, 0, 0};
                                      next_block += kIdentitiesPerBlock;
                                      return block;
                                    }) &
          tbb::make_filter<Block, Block>(
              tbb::filter_mode::parallel,
              [&](Block block) {
                Scratch& s = scratch.local();
                const std::size_t last = std::min(identity_count, block.first + kIdentitiesPerBlock);
                for (std::size_t position = block.first; position < last; ++position) {
                  const IdentityId identity = identity_order[position];
                  auto entitlements = access.of(identity);
                  if (entitlements.empty()) continue;
                  s.ranked.clear();
                  for (std::size_t k = 0; k < entitlements.size(); ++k)
                    s.ranked.emplace_back(entitlement_rank[entitlements[k].value], access.first_pair(identity) + k);
                  std::sort(s.ranked.begin(), s.ranked.end());
                  const std::string_view identity_name = g.identity_ids.name(identity);
                  for (const auto& [rank, pair] : s.ranked) {
                    const EntitlementId entitlement = entitlement_order[rank];
                    const bool justified = access.justified(pair);
                    append_csv_field(block.text, identity_name);
                    block.text.push_back(',');
                    append_csv_field(block.text, g.entitlement_ids.name(entitlement));
                    block.text.append(justified ? ",true\n" : ",false\n");
                    ++block.rows;
                    block.justified += justified;
                  }
                }
                return block;
              }) &
          tbb::make_filter<Block, void>(tbb::filter_mode::serial_in_order, [&](const Block& block) {
            out.write(block.text);
            writing.advance(std::min(identity_count, block.first + kIdentitiesPerBlock) - block.first);
            counts.rows += block.rows;
            counts.justified += block.justified;
          }));
  out.commit();
  writing.finish();
  counts.write_seconds = clock.seconds();
  return counts;
}

}  // namespace accessgraph
