#pragma once
// The import configuration (SPEC section 10, docs/importers.md): which sources to read,
// how an HR export's columns map onto identities.csv, and the rules that link accounts
// to identities. It is parsed and checked whole before any source is opened; an unknown
// key is refused with its JSON path, so a misspelt option never silently drops data.
#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/schema/enums.hpp"

namespace accessgraph::importers {

enum class SourceFormat : std::uint8_t { kHrCsv, kScim, kLdif, kAwsIam, kEntra, kBloodhound };
std::string_view to_string(SourceFormat format);
// The systems.csv kind of a source's system: directory, saas or cloud.
SystemKind system_kind(SourceFormat format);

// The identity fields an HR column can be mapped to: the columns of identities.csv
// plus two that only serve correlation (email, employee_id).
enum class HrField : std::uint8_t {
  kId,
  kDisplayName,
  kKind,
  kStatus,
  kDepartment,
  kTitle,
  kLocation,
  kManagerId,
  kOwnerId,
  kHireDate,
  kTerminationDate,
  kEmail,
  kEmployeeId,
  kCount
};
inline constexpr std::size_t kHrFieldCount = static_cast<std::size_t>(HrField::kCount);
std::string_view to_string(HrField field);  // the config key: "id", "display_name", ...

struct HrMapping {
  std::array<std::string, kHrFieldCount> columns;               // header names; empty = not mapped
  std::vector<std::pair<std::string, std::string>> attributes;  // extra correlation attribute -> column
  // Value tables, keys normalised with normalise_word; "*" (the default) kept apart.
  std::vector<std::pair<std::string, IdentityKind>> kind_values;
  std::optional<IdentityKind> default_kind;
  std::vector<std::pair<std::string, IdentityStatus>> status_values;
  std::optional<IdentityStatus> default_status;
  std::string date_format;  // e.g. "MM/DD/YYYY"; empty = ISO 8601

  const std::string& column(HrField field) const { return columns[static_cast<std::size_t>(field)]; }
};

struct SourceConfig {
  SourceFormat format = SourceFormat::kHrCsv;
  std::filesystem::path path;   // resolved against the config file's folder
  std::string path_text;        // as written, for messages and the report
  std::string system;           // the system id; empty for hr_csv
  std::string system_name;      // systems.csv name; defaults to the id
  bool identities = false;      // its people become identities, each linked to its own account
  bool primary_groups = false;  // ldif, bloodhound: add each account's primary group (AD omits it from `member`)
  HrMapping hr;                 // hr_csv only
  std::string json_path;        // "$.sources[2]", for messages
};

enum class MatchCase : std::uint8_t { kSensitive, kInsensitive };

// Account attribute `account` equals identity attribute `identity` (docs/importers.md
// lists the attribute names each format offers).
struct CorrelationRule {
  std::string account;
  std::string identity;
  MatchCase match_case = MatchCase::kSensitive;
};

struct ImportConfig {
  std::vector<SourceConfig> sources;
  std::vector<CorrelationRule> correlation;
};

// Throws InputError naming the file and the JSON path (or the line and column of a JSON
// syntax error) of the first defect.
ImportConfig load_import_config(const std::filesystem::path& config_file);
ImportConfig parse_import_config(std::string_view text, const std::string& label,
                                 const std::filesystem::path& base_dir);

}  // namespace accessgraph::importers
