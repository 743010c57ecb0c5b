#include "engine/report/risk_writer.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <span>

#include "core/common/stopwatch.hpp"
#include "core/common/error.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/risk_scan.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kScoreValues = 10001;  // 0.00 .. 100.00
constexpr std::size_t kRowsPerChunk = 16384;

// Where each row goes: order[k] = global row number (RiskScan::first_row) of
// the k-th row of the file. Per block and score value, a start offset; blocks and
// rows keep their order inside a score value, so the sort is stable.
std::vector<std::uint32_t> rows_by_score(const RiskScan& scan) {
  const std::size_t blocks = scan.blocks.size();
  std::vector<std::vector<std::uint32_t>> offsets(blocks);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    offsets[b].assign(kScoreValues, 0);
    for (const ScoredAccess& row : scan.blocks[b]) ++offsets[b][row.score_centi];
  });
  std::uint32_t position = 0;
  for (std::size_t value = kScoreValues; value-- > 0;)
    for (std::size_t b = 0; b < blocks; ++b) {
      const std::uint32_t count = offsets[b][value];
      offsets[b][value] = position;
      position += count;
    }
  std::vector<std::uint32_t> order(scan.rows);
  tbb::parallel_for(std::size_t{0}, blocks, [&](std::size_t b) {
    const auto& rows = scan.blocks[b];
    for (std::size_t i = 0; i < rows.size(); ++i)
      order[offsets[b][rows[i].score_centi]++] = static_cast<std::uint32_t>(scan.first_row[b] + i);
  });
  return order;
}

void count_row(RiskCounts& counts, const ScoredAccess& row) {
  ++counts.per_recommendation[static_cast<std::size_t>(row.recommendation)];
  ++counts.per_band[row.score_centi < 4000 ? 0 : row.score_centi < 7000 ? 1 : 2];
}

// `factors` is the caller's buffer, reused from row to row.
void append_row(std::string& out, std::string& factors, const RiskModel& model, const ScoredAccess& row,
                IdentityId reviewer) {
  const Graph& g = model.index().graph();
  append_csv_field(out, g.identity_ids.name(row.identity));
  out.push_back(',');
  append_csv_field(out, g.entitlement_ids.name(row.entitlement));
  out.push_back(',');
  append_score(out, row.score_centi);
  out.push_back(',');
  if (reviewer.valid()) append_csv_field(out, g.identity_ids.name(reviewer));
  out.push_back(',');
  out.append(recommendation_name(row.recommendation));
  out.push_back(',');
  factors.clear();
  append_factors(factors, model, row);
  append_csv_field(out, factors);
  out.push_back('\n');
}

// Rows leave in score order, which visits the scan, the id tables and the identity
// records at random: at 1M identities each row missed the cache several times over,
// one miss after the other, and waiting for the row itself was half the time of
// writing risk.csv. A batch goes through stages that each use what the previous one
// fetched and start the next fetches (row; id slots and identity record; the
// reviewer's record; id texts and the reviewer's slot; the reviewer's text), so that
// the misses of a batch overlap.
constexpr std::size_t kRowsPerBatch = 256;

void append_batch(std::string& out, std::string& factors, const RiskModel& model,
                  std::span<const ScoredAccess* const> rows) {
  const Graph& g = model.index().graph();
  for (const ScoredAccess* row : rows) {
    g.identity_ids.prefetch_slot(row->identity);
    g.entitlement_ids.prefetch_slot(row->entitlement);
    __builtin_prefetch(&g.identities[row->identity.value]);
  }
  for (const ScoredAccess* row : rows) model.reviewers().prefetch_for_access(row->identity);
  std::array<IdentityId, kRowsPerBatch> reviewers;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    reviewers[i] = model.reviewers().for_access(rows[i]->identity, rows[i]->entitlement);
    g.identity_ids.prefetch_text(rows[i]->identity);
    g.entitlement_ids.prefetch_text(rows[i]->entitlement);
    if (reviewers[i].valid()) g.identity_ids.prefetch_slot(reviewers[i]);
  }
  for (std::size_t i = 0; i < rows.size(); ++i)
    if (reviewers[i].valid()) g.identity_ids.prefetch_text(reviewers[i]);
  for (std::size_t i = 0; i < rows.size(); ++i) append_row(out, factors, model, *rows[i], reviewers[i]);
}

}  // namespace

RiskCounts write_risk(const RiskModel& model, const std::filesystem::path& path, const RiskWriteSettings& settings) {
  RiskCounts counts;
  Stopwatch clock;
  const RiskScan scan =
      scan_risk(
          model,
          [&](const ScoredAccess& row) {
            if (settings.aggregates) settings.aggregates->add_score(row);
            return row.score_centi >= settings.min_score_centi;
          },
          settings.progress);
  if (scan.rows >= 0xFFFFFFFFu) throw Error("risk.csv: more than 4 billion pairs; use --skip-risk");
  counts.score_seconds = clock.lap();
  std::vector<std::uint32_t> order = rows_by_score(scan);
  if (settings.max_rows > 0 && order.size() > settings.max_rows) order.resize(settings.max_rows);
  counts.order_seconds = clock.lap();
  OutputFile out(path, OutputFile::Durability::kNoFsync);  // recomputable from the bundle
  out.write("identity_id,entitlement_id,score,reviewer_id,recommendation,factors\n");
  ProgressPhase writing = progress_phase(settings.progress, "risk_write", order.size());
  struct Chunk {
    std::size_t first = 0;
    std::string text;
    RiskCounts counts;  // of its rows
  };
  std::size_t next = 0;
  tbb::parallel_pipeline(
      tbb::this_task_arena::max_concurrency() * 4,
      tbb::make_filter<void, Chunk>(tbb::filter_mode::serial_in_order,
                                    [&](tbb::flow_control& control) {
                                      if (next >= order.size()) {
                                        control.stop();
                                        return Chunk{};
                                      }
                                      Chunk chunk{next, {}, {}};
                                      next += kRowsPerChunk;
                                      return chunk;
                                    }) &
          tbb::make_filter<Chunk, Chunk>(tbb::filter_mode::parallel,
                                         [&](Chunk chunk) {
                                           const std::size_t last = std::min(order.size(), chunk.first + kRowsPerChunk);
                                           chunk.text.reserve(kRowsPerChunk * 128);
                                           std::string factors;
                                           std::array<const ScoredAccess*, kRowsPerBatch> rows;
                                           for (std::size_t k = chunk.first; k < last; k += kRowsPerBatch) {
                                             const std::size_t n = std::min(kRowsPerBatch, last - k);
                                             for (std::size_t i = 0; i < n; ++i) {
                                               rows[i] = &scan.row(order[k + i]);
                                               __builtin_prefetch(rows[i]);
                                             }
                                             append_batch(chunk.text, factors, model, {rows.data(), n});
                                             for (std::size_t i = 0; i < n; ++i) count_row(chunk.counts, *rows[i]);
                                           }
                                           return chunk;
                                         }) &
          tbb::make_filter<Chunk, void>(tbb::filter_mode::serial_in_order,
                                        [&](const Chunk& chunk) {
                                          out.write(chunk.text);
                                          writing.advance(std::min(order.size(), chunk.first + kRowsPerChunk) - chunk.first);
                                          for (std::size_t r = 0; r < counts.per_recommendation.size(); ++r)
                                            counts.per_recommendation[r] += chunk.counts.per_recommendation[r];
                                          for (std::size_t b = 0; b < counts.per_band.size(); ++b)
                                            counts.per_band[b] += chunk.counts.per_band[b];
                                        }));
  out.commit();
  writing.finish();
  counts.write_seconds = clock.seconds();

  counts.rows = order.size();
  counts.scored = scan.scored;
  return counts;
}

}  // namespace accessgraph
