#include "engine/report/findings_writer.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "core/common/stopwatch.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/output_order.hpp"

namespace accessgraph {
namespace {

constexpr std::size_t kSubjectsPerBlock = 4096;
constexpr std::size_t kTypeCount = kFindingTypeNames.size();

// The rows of one block of subjects, split by type: the file is all rows of the
// first type (in subject order), then the next type, and so on.
struct Block {
  std::array<std::string, kTypeCount> text;
  std::array<std::uint64_t, kTypeCount> rows{};
};

struct Row {
  FindingType type;
  std::uint32_t related_rank;  // position of the related id in output order
  std::string_view related, detail;
};

void append_row(Block& block, std::string_view subject_kind, std::string_view subject, const Row& row) {
  std::string& out = block.text[static_cast<std::size_t>(row.type)];
  append_csv_row(out, finding_type_name(row.type), subject_kind, subject, row.related, row.detail);
  ++block.rows[static_cast<std::size_t>(row.type)];
}

// Evaluates `subjects` (in output order) block by block in parallel.
template <class Id, class Evaluate>
std::vector<Block> evaluate_blocks(const std::vector<Id>& subjects, ProgressPhase& progress, Evaluate evaluate) {
  std::vector<Block> blocks((subjects.size() + kSubjectsPerBlock - 1) / kSubjectsPerBlock);
  tbb::parallel_for(std::size_t{0}, blocks.size(), [&](std::size_t b) {
    const std::size_t last = std::min(subjects.size(), (b + 1) * kSubjectsPerBlock);
    for (std::size_t i = b * kSubjectsPerBlock; i < last; ++i) evaluate(subjects[i], blocks[b]);
    progress.advance(last - b * kSubjectsPerBlock);
  });
  return blocks;
}

}  // namespace

FindingCounts write_findings(const FindingsEvaluator& evaluator, const std::filesystem::path& path,
                             Progress* progress, ReportAggregates* aggregates) {
  Stopwatch clock;
  const Graph& g = evaluator.index().graph();
  ProgressPhase evaluating = progress_phase(progress, "findings", g.accounts.size() + g.identity_count());

  auto account_blocks = evaluate_blocks(csv_output_order(g.account_ids), evaluating, [&](AccountId account, Block& block) {
    std::string_view name = g.account_ids.name(account);
    evaluator.account_findings(account, [&](const FindingRecord& f) {
      if (aggregates) aggregates->add_finding(f);
      append_row(block, "account", name, {f.type, 0, f.related, f.detail});
    });
  });

  // Related ids of identity findings are entitlements or SoD rules; their output
  // ranks order an identity's rows like the bytes of the lines would.
  const auto entitlement_rank = csv_output_rank(g.entitlement_ids);
  const auto rule_rank = csv_output_rank(g.sod_rule_ids);
  auto related_rank = [&](const FindingRecord& f) -> std::uint32_t {
    if (f.type == FindingType::kSodViolation) return rule_rank[f.related_index];
    if (f.type == FindingType::kMissingAccess || f.type == FindingType::kUnjustifiedAccess)
      return entitlement_rank[f.related_index];
    return 0;  // at most one row of the type per identity
  };
  tbb::enumerable_thread_specific<FindingsEvaluator::Scratch> scratch([&] { return evaluator.make_scratch(); });
  auto identity_blocks = evaluate_blocks(csv_output_order(g.identity_ids), evaluating, [&](IdentityId identity, Block& block) {
    std::vector<Row> rows;
    evaluator.identity_findings(identity, scratch.local(), [&](const FindingRecord& f) {
      if (aggregates) aggregates->add_finding(f);
      rows.push_back({f.type, related_rank(f), f.related, f.detail});
    });
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
      return std::tie(a.type, a.related_rank) < std::tie(b.type, b.related_rank);
    });
    std::string_view name = g.identity_ids.name(identity);
    for (const Row& row : rows) append_row(block, "identity", name, row);
  });

  OutputFile out(path, OutputFile::Durability::kNoFsync);
  out.write("type,subject_kind,subject_id,related_id,detail\n");
  FindingCounts counts;
  for (std::size_t type = 0; type < kTypeCount; ++type) {
    const auto& blocks = has_account_subject(static_cast<FindingType>(type)) ? account_blocks : identity_blocks;
    for (const Block& block : blocks) {
      out.write(block.text[type]);
      counts.per_type[type] += block.rows[type];
    }
  }
  out.commit();
  evaluating.finish();
  counts.seconds = clock.seconds();
  return counts;
}

}  // namespace accessgraph
