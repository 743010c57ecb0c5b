#include "loaders/whatif_files.hpp"

#include "core/common/error.hpp"
#include "core/schema/bundle_schema.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::loaders {
namespace {

// The column's index; a column named twice is refused (which one would count?).
std::optional<std::size_t> find_column(const CsvFile& file, std::string_view name) {
  if (file.column_count(name) > 1)
    throw InputError(file.label(), 1, std::string(name), "", "column appears twice in the header");
  return file.column(name);
}

// Any column named twice, known or not, is refused: the file was not made for this.
void refuse_repeated_columns(const CsvFile& file) {
  for (const std::string& name : file.header())
    if (file.column_count(name) > 1)
      throw InputError(file.label(), 1, name, "", "column appears twice in the header");
}

std::size_t require_column(const CsvFile& file, std::string_view name, const std::string& reason) {
  auto column = find_column(file, name);
  if (!column) throw InputError(file.label(), 1, std::string(name), "", reason);
  return *column;
}

// Every record of the file in order; a syntax error throws.
template <class OnRecord>
void for_each_record(const CsvFile& file, OnRecord on_record) {
  for (const CsvChunk& chunk : file.split(SIZE_MAX))
    file.parse(chunk, on_record,
               [&](const CsvSyntaxError& error) { throw InputError(file.label(), error.line, "", error.text, error.reason); });
}

TransferFile transfers_of(const CsvFile& file) {
  refuse_repeated_columns(file);
  const std::size_t identity = require_column(file, "identity_id", "required column missing from the header");
  std::vector<std::pair<HrAttribute, std::size_t>> attributes;
  for (std::size_t a = 0; a < kHrAttributeNames.size(); ++a)
    if (auto column = find_column(file, kHrAttributeNames[a])) attributes.emplace_back(static_cast<HrAttribute>(a), *column);
  TransferFile transfers{file.label(), {}};
  for_each_record(file, [&](const CsvRecord& record) {
    TransferRow row{record.line, std::string(record.fields[identity]), {}};
    for (const auto& [attribute, column] : attributes) row.changes.emplace_back(attribute, record.fields[column]);
    transfers.rows.push_back(std::move(row));
  });
  return transfers;
}

// roles.csv and role_grants.csv in the rules file's folder, when both are there: the
// roles a proposed rule may name before they are in the bundle.
void read_roles_beside(const std::filesystem::path& rules_path, RuleFile& rules) {
  const std::filesystem::path folder = rules_path.parent_path().empty() ? "." : rules_path.parent_path();
  const std::filesystem::path roles_path = folder / bundle::Roles::kFileName,
                              grants_path = folder / bundle::RoleGrants::kFileName;
  if (!std::filesystem::is_regular_file(roles_path) || !std::filesystem::is_regular_file(grants_path)) return;
  using R = bundle::Roles;
  using G = bundle::RoleGrants;
  const std::string reason = "required column missing from the header";
  const CsvFile roles = CsvFile::open(roles_path, roles_path.string());
  const std::size_t role_id = require_column(roles, R::kColumns[R::kId], reason);
  for_each_record(roles, [&](const CsvRecord& r) { rules.new_roles.emplace_back(r.fields[role_id]); });
  const CsvFile grants = CsvFile::open(grants_path, grants_path.string());
  const std::size_t grant_role = require_column(grants, G::kColumns[G::kRoleId], reason),
                    target_kind = require_column(grants, G::kColumns[G::kTargetKind], reason),
                    target_id = require_column(grants, G::kColumns[G::kTargetId], reason);
  rules.grants_label = grants.label();
  for_each_record(grants, [&](const CsvRecord& r) {
    rules.new_role_grants.push_back({r.line, std::string(r.fields[grant_role]), std::string(r.fields[target_kind]),
                                     std::string(r.fields[target_id])});
  });
}

}  // namespace

TransferFile read_transfers(const std::filesystem::path& path) {
  return transfers_of(CsvFile::open(path, path.filename().string()));
}

TransferFile parse_transfers(std::string csv_text, std::string label) {
  return transfers_of(CsvFile::from_text(std::move(csv_text), std::move(label)));
}

RuleFile read_rules(const std::filesystem::path& path) {
  const CsvFile file = CsvFile::open(path, path.filename().string());
  const std::string reason = "required column missing; expected the columns of birthright.csv or of sod_rules.csv";
  refuse_repeated_columns(file);
  RuleFile rules{file.label(), {}, {}};
  if (find_column(file, bundle::SodRules::kColumns[bundle::SodRules::kEntitlementA])) {
    using S = bundle::SodRules;
    const std::size_t id = require_column(file, S::kColumns[S::kId], reason),
                      a = require_column(file, S::kColumns[S::kEntitlementA], reason),
                      b = require_column(file, S::kColumns[S::kEntitlementB], reason);
    for_each_record(file, [&](const CsvRecord& r) {
      rules.sod.push_back({r.line, std::string(r.fields[id]), std::string(r.fields[a]), std::string(r.fields[b])});
    });
    return rules;
  }
  using B = bundle::Birthright;
  const std::size_t id = require_column(file, B::kColumns[B::kId], reason),
                    role = require_column(file, B::kColumns[B::kRoleId], reason),
                    kind = require_column(file, B::kColumns[B::kKind], reason),
                    department = require_column(file, B::kColumns[B::kDepartment], reason),
                    title = require_column(file, B::kColumns[B::kTitle], reason),
                    location = require_column(file, B::kColumns[B::kLocation], reason);
  for_each_record(file, [&](const CsvRecord& r) {
    rules.birthright.push_back({r.line, std::string(r.fields[id]), std::string(r.fields[role]),
                                std::string(r.fields[kind]), std::string(r.fields[department]),
                                std::string(r.fields[title]), std::string(r.fields[location])});
  });
  read_roles_beside(path, rules);
  return rules;
}

}  // namespace accessgraph::loaders
