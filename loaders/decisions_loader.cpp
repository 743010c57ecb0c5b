#include "loaders/decisions_loader.hpp"

#include <tbb/parallel_for.h>

#include <algorithm>
#include <mutex>

#include "core/common/error.hpp"
#include "core/io/zstd_stream.hpp"
#include "loaders/row_cells.hpp"

namespace accessgraph::loaders {

bool has_decisions(const std::filesystem::path& bundle_dir) {
  return plain_or_zstd_file(bundle_dir / bundle::Decisions::kFileName, std::string(bundle::Decisions::kFileName))
      .has_value();
}

void read_decisions(const std::filesystem::path& bundle_dir, Graph& graph, const LoadOptions& options,
                    std::vector<RejectedRow>& rejected) {
  using D = bundle::Decisions;
  const std::string label(D::kFileName);
  CsvFile file = CsvFile::open(bundle_dir / D::kFileName, label);
  std::vector<std::size_t> columns;
  for (std::string_view column : D::kColumns) {
    auto found = file.column(column);
    if (!found) throw InputError(label, 1, std::string(column), "", "required column missing from the header");
    if (file.column_count(column) > 1) throw InputError(label, 1, std::string(column), "", "column appears twice in the header");
    columns.push_back(*found);
  }
  const auto chunks = file.split(options.chunk_bytes);
  std::vector<std::vector<ReviewDecision>> parts(chunks.size());
  std::mutex errors_mutex;
  std::vector<RejectedRow> errors;
  auto reject = [&](RejectedRow row) {
    std::lock_guard lock(errors_mutex);
    errors.push_back(std::move(row));
  };
  tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t c) {
    file.parse(
        chunks[c],
        [&](const CsvRecord& record) {
          const Row row(record, columns);
          try {
            ReviewDecision decision;
            decision.identity = row.reference(D::kIdentityId, graph.identity_ids, "identity", true);
            decision.entitlement = row.reference(D::kEntitlementId, graph.entitlement_ids, "entitlement", true);
            const std::string_view word = row[D::kDecision];
            if (word == "revoke") decision.revoked = true;
            else if (word != "certify") row.fail(D::kDecision, word.empty() ? "must not be empty"
                                                                           : "unknown value; expected one of certify, revoke");
            decision.decided_at = row.date(D::kDecidedAt);
            const std::string_view reviewer = row[D::kReviewerId];
            if (reviewer.size() > kMaxIdBytes) row.fail(D::kReviewerId, "id longer than 256 bytes");
            decision.reviewer_id = std::string(reviewer);
            parts[c].push_back(std::move(decision));
          } catch (const CellError& error) {
            reject({label, row.line(), std::string(D::kColumns[error.column]), error.value, error.reason});
          }
        },
        [&](const CsvSyntaxError& error) {
          std::string column = error.field < file.header().size() ? file.header()[error.field] : "";
          reject({label, error.line, column, shown_value(error.text), error.reason});
        });
  });
  std::stable_sort(errors.begin(), errors.end(), [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
  if (!errors.empty() && !options.lenient) {
    const RejectedRow& first = errors.front();
    throw InputError(first.file, first.line, first.column, first.value, first.reason);
  }
  rejected.insert(rejected.end(), errors.begin(), errors.end());
  auto all = std::make_shared<std::vector<ReviewDecision>>();
  std::size_t total = 0;
  for (const auto& part : parts) total += part.size();
  all->reserve(total);
  for (auto& part : parts) std::move(part.begin(), part.end(), std::back_inserter(*all));
  graph.decisions = std::move(all);
}

}  // namespace accessgraph::loaders
