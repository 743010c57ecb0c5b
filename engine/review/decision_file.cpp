#include "engine/review/decision_file.hpp"

#include <optional>
#include <unordered_map>

#include "core/common/error.hpp"
#include "core/io/csv_format.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph {
namespace {

// A queue cell written with a guard quote ('=1+2) read back as its value.
std::string unguarded(std::string_view cell) {
  if (cell.size() > 1 && cell.front() == '\'' && csv_formula_like(cell.substr(1))) cell.remove_prefix(1);
  return std::string(cell);
}

}  // namespace

std::vector<DecisionRow> read_decision_rows(const std::string& csv_text, const std::string& label) {
  auto csv = loaders::CsvFile::from_text(csv_text, label);
  auto required = [&](std::string_view name) {
    const auto column = csv.column(name);
    if (!column)
      throw InputError(label, 1, std::string(name), "",
                       "missing column; a decisions file has item_id, decision, reviewer_id and comment");
    return *column;
  };
  const std::size_t item = required("item_id"), decision = required("decision"), reviewer = required("reviewer_id");
  const std::optional<std::size_t> comment = csv.column("comment");
  std::vector<DecisionRow> rows;
  std::unordered_map<std::string, std::uint64_t> first_line;
  std::optional<InputError> error;
  for (const auto& chunk : csv.split(SIZE_MAX))
    csv.parse(
        chunk,
        [&](const loaders::CsvRecord& record) {
          if (error) return;
          auto fail = [&](std::string column, std::string value, std::string reason) {
            error.emplace(label, record.line, std::move(column), std::move(value), std::move(reason));
          };
          DecisionRow row;
          row.line = record.line;
          row.decision = unguarded(record.fields[decision]);
          if (row.decision.empty()) return;  // not decided yet
          row.item_id = unguarded(record.fields[item]);
          row.reviewer_id = unguarded(record.fields[reviewer]);
          if (comment) row.comment = unguarded(record.fields[*comment]);
          if (row.item_id.empty()) return fail("item_id", "", "a decision needs the item it decides");
          if (row.reviewer_id.empty()) return fail("reviewer_id", "", "a decision needs the reviewer who made it");
          if (row.decision == "certify") {
            row.kind = DecisionKind::kCertify;
          } else if (row.decision == "revoke") {
            row.kind = DecisionKind::kRevoke;
          } else if (row.decision.starts_with("reassign:") && row.decision.size() > 9) {
            row.kind = DecisionKind::kReassign;
            row.reassign_to = row.decision.substr(9);
          } else {
            return fail("decision", row.decision, "expected certify, revoke or reassign:<identity id>");
          }
          if (auto [at, fresh] = first_line.emplace(row.item_id, row.line); !fresh)
            return fail("item_id", row.item_id,
                        "the item is decided twice in this file (first on line " + std::to_string(at->second) + ")");
          rows.push_back(std::move(row));
        },
        [&](const loaders::CsvSyntaxError& syntax) {
          if (!error) error.emplace(label, syntax.line, "", syntax.text, syntax.reason);
        });
  if (error) throw *error;
  return rows;
}

}  // namespace accessgraph
