#include "importers/hr_csv_source.hpp"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/common/error.hpp"
#include "importers/bundle_ids.hpp"
#include "importers/identity_words.hpp"
#include "importers/source_dates.hpp"
#include "importers/source_files.hpp"
#include "loaders/csv_reader.hpp"

namespace accessgraph::importers {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// The config's table first, then its "*" default, then the known words.
template <class Enum>
std::optional<Enum> mapped(const std::vector<std::pair<std::string, Enum>>& table, std::optional<Enum> fallback,
                           std::string_view text, std::optional<Enum> (*known_word)(std::string_view)) {
  std::string word = normalise_word(text);
  for (const auto& [key, value] : table)
    if (key == word) return value;
  if (fallback) return fallback;
  return known_word(text);
}

class HrImporter {
 public:
  explicit HrImporter(const SourceContext& context) : context_(context), mapping_(context.config.hr) {}

  void read_file(const SourceFile& file) {
    loaders::CsvFile csv = loaders::CsvFile::open(file.path, file.label);
    locate_columns(csv);
    // HR rows run from ~100 bytes (a dozen short columns) up: room for the most it can hold.
    context_.estate.reserve_identities(static_cast<std::size_t>(file.bytes / 100));
    for (const loaders::CsvChunk& chunk : csv.split(SIZE_MAX)) {
      csv.parse(
          chunk, [&](const loaders::CsvRecord& record) { on_row(record); },
          [&](const loaders::CsvSyntaxError& error) {
            std::string column = error.field < csv.header().size() ? csv.header()[error.field] : "";
            throw InputError(file.label, error.line, column, error.text, error.reason);
          });
    }
  }

  // Managers and owners are resolved once every row is in: a manager may come later.
  void finish() {
    Estate& estate = context_.estate;
    for (const auto& [identity, manager] : managers_) {
      if (auto found = estate.find_identity(manager))
        estate.identities[identity].manager = *found;
      else
        context_.report.skip("manager_id names no identity (left empty)", manager);
    }
    for (const auto& [identity, owner] : owners_) {
      if (auto found = estate.find_identity(owner))
        estate.identities[identity].owner = *found;
      else
        context_.report.skip("owner_id names no identity (left empty)", owner);
    }
  }

 private:
  void locate_columns(const loaders::CsvFile& csv) {
    for (std::size_t field = 0; field < kHrFieldCount; ++field) {
      const std::string& name = mapping_.columns[field];
      positions_[field] = name.empty() ? std::nullopt : csv.column(name);
      if (!name.empty() && !positions_[field])
        throw InputError(csv.label(), 1, name, name,
                         "the config maps " + std::string(to_string(HrField(field))) + " to a column the header lacks");
    }
    attribute_positions_.clear();
    for (const auto& [attribute, name] : mapping_.attributes) {
      auto position = csv.column(name);
      if (!position)
        throw InputError(csv.label(), 1, name, name,
                         "the config maps attribute " + attribute + " to a column the header lacks");
      attribute_positions_.emplace_back(attribute, *position);
    }
    // The correlation attribute each mapped column feeds, looked up once, not per row.
    for (std::size_t field = 0; field < kHrFieldCount; ++field)
      value_slots_[field] = positions_[field] ? context_.estate.identity_attribute(to_string(HrField(field)))
                                               : std::nullopt;
    attribute_slots_.clear();
    for (const auto& [attribute, position] : attribute_positions_)
      attribute_slots_.push_back(context_.estate.identity_attribute(attribute));
  }

  std::string_view cell(const loaders::CsvRecord& record, HrField field) const {
    const auto& position = positions_[static_cast<std::size_t>(field)];
    return position ? trimmed(record.fields[*position]) : std::string_view();
  }

  Date date(const loaders::CsvRecord& record, HrField field) {
    std::string_view text = cell(record, field);
    if (text.empty()) return Date();
    Date date = date_from_pattern(text, mapping_.date_format);
    if (!date.present())
      context_.report.skip("unreadable " + std::string(to_string(field)) + " (cell left empty)", text);
    return date;
  }

  void on_row(const loaders::CsvRecord& record) {
    SourceReport& report = context_.report;
    report.count_read("rows");
    std::string_view id = cell(record, HrField::kId);
    if (id.empty()) {
      report.skip("row without id", "line " + std::to_string(record.line));
      return;
    }
    if (id.size() > kMaxIdBytes) {
      report.skip("id longer than 256 bytes", "line " + std::to_string(record.line));
      return;
    }
    IdentityRecord identity;
    std::string_view kind_text = cell(record, HrField::kKind);
    auto kind = kind_text.empty() ? mapping_.default_kind.value_or(IdentityKind::kEmployee)
                                  : mapped(mapping_.kind_values, mapping_.default_kind, kind_text, kind_from_word);
    if (!kind) {
      report.skip("kind value not mapped (add it to values.kind)", kind_text);
      return;
    }
    identity.kind = *kind;
    identity.hire_date = date(record, HrField::kHireDate);
    identity.termination_date = date(record, HrField::kTerminationDate);
    std::string_view status_text = cell(record, HrField::kStatus);
    std::optional<IdentityStatus> status;
    if (!status_text.empty()) {
      status = mapped(mapping_.status_values, mapping_.default_status, status_text, status_from_word);
      if (!status) {
        report.skip("status value not mapped (add it to values.status)", status_text);
        return;
      }
    } else {
      bool gone = identity.termination_date.present() && identity.termination_date <= context_.as_of;
      status = gone ? IdentityStatus::kTerminated : IdentityStatus::kActive;
    }
    identity.status = *status;

    Estate& estate = context_.estate;
    identity.id = estate.store(id);
    identity.display_name = estate.store(cell(record, HrField::kDisplayName));
    identity.department = estate.store(cell(record, HrField::kDepartment));
    identity.title = estate.store(cell(record, HrField::kTitle));
    identity.location = estate.store(cell(record, HrField::kLocation));
    identity.source = context_.source;
    Index index = estate.add_identity(identity);
    if (index == kNoIndex) {
      report.duplicate("identities", id);
      return;
    }
    report.count_imported("identities");
    if (auto manager = cell(record, HrField::kManagerId); !manager.empty()) managers_.emplace_back(index, manager);
    if (auto owner = cell(record, HrField::kOwnerId); !owner.empty()) owners_.emplace_back(index, owner);
    // Every mapped field is also an attribute correlation rules may name.
    for (std::size_t field = 0; field < kHrFieldCount; ++field)
      if (value_slots_[field])
        estate.add_identity_value(index, *value_slots_[field], trimmed(record.fields[*positions_[field]]));
    for (std::size_t i = 0; i < attribute_positions_.size(); ++i)
      if (attribute_slots_[i])
        estate.add_identity_value(index, *attribute_slots_[i], trimmed(record.fields[attribute_positions_[i].second]));
  }

  const SourceContext& context_;
  const HrMapping& mapping_;
  std::array<std::optional<std::size_t>, kHrFieldCount> positions_;
  std::vector<std::pair<std::string, std::size_t>> attribute_positions_;
  std::array<std::optional<std::uint16_t>, kHrFieldCount> value_slots_;  // empty: no rule names the field
  std::vector<std::optional<std::uint16_t>> attribute_slots_;
  std::vector<std::pair<Index, std::string>> managers_, owners_;
};

}  // namespace

void import_hr_csv(const SourceContext& context) {
  HrImporter importer(context);
  for (const SourceFile& file :
       source_files(context.config.path, context.config.path.lexically_normal().string(), {".csv"})) {
    ++context.report.files;
    context.report.bytes += file.bytes;
    importer.read_file(file);
  }
  importer.finish();
}

}  // namespace accessgraph::importers
