#include "importers/import_config.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/common/error.hpp"
#include "core/io/file_text.hpp"
#include "importers/identity_words.hpp"

namespace accessgraph::importers {
namespace {

using Json = nlohmann::json;

constexpr std::array<std::string_view, 6> kFormatNames = {"hr_csv", "scim", "ldif", "aws_iam", "entra", "bloodhound"};
constexpr std::array<std::string_view, kHrFieldCount> kHrFieldNames = {
    "id",         "display_name", "kind",      "status",           "department", "title",      "location",
    "manager_id", "owner_id",     "hire_date", "termination_date", "email",      "employee_id"};

// Every check names the config file and the JSON path of what it refuses.
class ConfigReader {
 public:
  ConfigReader(std::string label, std::filesystem::path base_dir)
      : label_(std::move(label)), base_dir_(std::move(base_dir)) {}

  ImportConfig read(const Json& root) {
    expect_object(root, "$");
    only_keys(root, "$", {"sources", "correlation"});
    ImportConfig config;
    if (!root.contains("sources")) fail("$", "", "missing key \"sources\"");
    const Json& sources = root.at("sources");
    expect_array(sources, "$.sources");
    if (sources.empty()) fail("$.sources", "", "lists no source");
    std::set<std::string> systems;
    for (std::size_t i = 0; i < sources.size(); ++i) {
      SourceConfig source = read_source(sources[i], "$.sources[" + std::to_string(i) + "]");
      if (!source.system.empty() && !systems.insert(source.system).second)
        fail(source.json_path + ".system", source.system, "system id already used by an earlier source");
      config.sources.push_back(std::move(source));
    }
    if (root.contains("correlation")) {
      const Json& rules = root.at("correlation");
      expect_array(rules, "$.correlation");
      for (std::size_t i = 0; i < rules.size(); ++i)
        config.correlation.push_back(read_rule(rules[i], "$.correlation[" + std::to_string(i) + "]"));
    }
    return config;
  }

 private:
  [[noreturn]] void fail(const std::string& path, const std::string& value, const std::string& reason) const {
    throw InputError(label_, 0, "", value, "at " + path + ": " + reason);
  }

  static std::string type_name(const Json& value) { return value.type_name(); }
  // A value of the wrong type as the config writes it, cut short.
  static std::string shown(const Json& value) {
    std::string text = value.dump();
    if (text.size() <= 60) return text;
    std::size_t cut = 60;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // a whole character
    return text.substr(0, cut) + "...";
  }

  void expect_object(const Json& value, const std::string& path) const {
    if (!value.is_object()) fail(path, shown(value), "expected an object, found " + type_name(value));
  }
  void expect_array(const Json& value, const std::string& path) const {
    if (!value.is_array()) fail(path, shown(value), "expected an array, found " + type_name(value));
  }
  std::string string_at(const Json& object, const std::string& key, const std::string& path) const {
    const Json& value = object.at(key);
    if (!value.is_string()) fail(path + "." + key, shown(value), "expected a string, found " + type_name(value));
    std::string text = value.get<std::string>();
    if (text.empty()) fail(path + "." + key, "", "must not be empty");
    return text;
  }
  bool flag_at(const Json& object, const std::string& key, const std::string& path) const {
    if (!object.contains(key)) return false;
    const Json& flag = object.at(key);
    if (!flag.is_boolean()) fail(path + "." + key, shown(flag), "expected true or false, found " + type_name(flag));
    return flag.get<bool>();
  }
  void only_keys(const Json& object, const std::string& path, std::initializer_list<std::string_view> allowed) const {
    for (const auto& [key, value] : object.items()) {
      if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
      std::string expected;
      for (std::string_view name : allowed) expected += (expected.empty() ? "" : ", ") + std::string(name);
      fail(path + "." + key, key, "unknown key (expected one of: " + expected + ")");
    }
  }

  SourceConfig read_source(const Json& object, const std::string& path) {
    expect_object(object, path);
    SourceConfig source;
    source.json_path = path;
    if (!object.contains("format")) fail(path, "", "missing key \"format\"");
    std::string format = string_at(object, "format", path);
    auto found = std::find(kFormatNames.begin(), kFormatNames.end(), format);
    if (found == kFormatNames.end())
      fail(path + ".format", format, "unknown format (expected hr_csv, scim, ldif, aws_iam, entra or bloodhound)");
    source.format = static_cast<SourceFormat>(found - kFormatNames.begin());
    if (!object.contains("path")) fail(path, "", "missing key \"path\"");
    source.path_text = string_at(object, "path", path);
    source.path = base_dir_ / source.path_text;

    if (source.format == SourceFormat::kHrCsv) {
      only_keys(object, path, {"format", "path", "columns", "attributes", "values", "date_format"});
      source.hr = read_hr_mapping(object, path);
      return source;
    }
    bool active_directory = source.format == SourceFormat::kLdif || source.format == SourceFormat::kBloodhound;
    if (active_directory)
      only_keys(object, path, {"format", "path", "system", "name", "identities", "primary_groups"});
    else
      only_keys(object, path, {"format", "path", "system", "name", "identities"});
    if (!object.contains("system")) fail(path, "", "missing key \"system\" (the system id of its accounts)");
    source.system = string_at(object, "system", path);
    if (source.system.size() > 64) fail(path + ".system", source.system, "longer than 64 bytes");
    source.system_name = object.contains("name") ? string_at(object, "name", path) : source.system;
    source.identities = flag_at(object, "identities", path);
    source.primary_groups = flag_at(object, "primary_groups", path);
    return source;
  }

  HrMapping read_hr_mapping(const Json& object, const std::string& path) {
    HrMapping mapping;
    if (!object.contains("columns")) fail(path, "", "missing key \"columns\" (HR field -> CSV column)");
    const Json& columns = object.at("columns");
    std::string columns_path = path + ".columns";
    expect_object(columns, columns_path);
    for (const auto& [key, value] : columns.items()) {
      auto field = std::find(kHrFieldNames.begin(), kHrFieldNames.end(), key);
      if (field == kHrFieldNames.end()) {
        std::string expected;
        for (std::string_view name : kHrFieldNames) expected += (expected.empty() ? "" : ", ") + std::string(name);
        fail(columns_path + "." + key, key, "unknown key (expected one of: " + expected + ")");
      }
      mapping.columns[field - kHrFieldNames.begin()] = string_at(columns, key, columns_path);
    }
    if (mapping.column(HrField::kId).empty()) fail(columns_path, "", "missing key \"id\" (the column of identity ids)");
    if (object.contains("attributes")) {
      const Json& attributes = object.at("attributes");
      expect_object(attributes, path + ".attributes");
      for (const auto& [key, value] : attributes.items())
        mapping.attributes.emplace_back(key, string_at(attributes, key, path + ".attributes"));
    }
    if (object.contains("values")) read_value_tables(object.at("values"), path + ".values", mapping);
    if (object.contains("date_format")) {
      mapping.date_format = string_at(object, "date_format", path);
      const std::string& format = mapping.date_format;
      if (format.find("YYYY") == std::string::npos || format.find('M') == std::string::npos ||
          format.find('D') == std::string::npos)
        fail(path + ".date_format", format, "expected a pattern of YYYY, MM (or M) and DD (or D), e.g. MM/DD/YYYY");
    }
    return mapping;
  }

  void read_value_tables(const Json& values, const std::string& path, HrMapping& mapping) {
    expect_object(values, path);
    only_keys(values, path, {"kind", "status"});
    if (values.contains("kind"))
      read_table<IdentityKind>(values.at("kind"), path + ".kind", mapping.kind_values, mapping.default_kind);
    if (values.contains("status"))
      read_table<IdentityStatus>(values.at("status"), path + ".status", mapping.status_values, mapping.default_status);
  }

  template <class Enum>
  void read_table(const Json& table, const std::string& path, std::vector<std::pair<std::string, Enum>>& out,
                  std::optional<Enum>& fallback) {
    expect_object(table, path);
    for (const auto& [key, value] : table.items()) {
      std::string target = string_at(table, key, path);
      auto parsed = parse_enum<Enum>(target);
      if (!parsed) fail(path + "." + key, target, "expected one of: " + allowed_values<Enum>());
      if (key == "*")
        fallback = *parsed;
      else
        out.emplace_back(normalise_word(key), *parsed);
    }
  }

  CorrelationRule read_rule(const Json& object, const std::string& path) {
    expect_object(object, path);
    only_keys(object, path, {"account", "identity", "case"});
    CorrelationRule rule;
    if (!object.contains("account")) fail(path, "", "missing key \"account\" (an account attribute)");
    if (!object.contains("identity")) fail(path, "", "missing key \"identity\" (an identity attribute)");
    rule.account = string_at(object, "account", path);
    rule.identity = string_at(object, "identity", path);
    if (object.contains("case")) {
      std::string match = string_at(object, "case", path);
      if (match == "insensitive")
        rule.match_case = MatchCase::kInsensitive;
      else if (match != "sensitive")
        fail(path + ".case", match, "expected \"sensitive\" or \"insensitive\"");
    }
    return rule;
  }

  std::string label_;
  std::filesystem::path base_dir_;
};

}  // namespace

std::string_view to_string(SourceFormat format) { return kFormatNames[static_cast<std::size_t>(format)]; }

SystemKind system_kind(SourceFormat format) {
  switch (format) {
    case SourceFormat::kScim:
      return SystemKind::kSaas;
    case SourceFormat::kAwsIam:
      return SystemKind::kCloud;
    case SourceFormat::kLdif:
    case SourceFormat::kEntra:
    case SourceFormat::kBloodhound:
      return SystemKind::kDirectory;
    case SourceFormat::kHrCsv:
      break;
  }
  return SystemKind::kOther;
}

std::string_view to_string(HrField field) { return kHrFieldNames[static_cast<std::size_t>(field)]; }

ImportConfig parse_import_config(std::string_view text, const std::string& label,
                                 const std::filesystem::path& base_dir) {
  Json root;
  try {
    root = Json::parse(text);
  } catch (const Json::parse_error& error) {
    // error.byte is the 1-based position of the last character read: the end of the
    // token that could not be taken.
    std::size_t end = std::min<std::size_t>(error.byte, text.size());
    std::uint64_t line = 1 + std::count(text.begin(), text.begin() + end, '\n') - (end > 0 && text[end - 1] == '\n');
    std::size_t line_start = end == 0 ? 0 : text.rfind('\n', end - 1 - (text[end - 1] == '\n'));
    line_start = line_start == std::string_view::npos || end == 0 ? 0 : line_start + 1;
    std::string value(text.substr(line_start, end - line_start));  // the line up to the error
    value.erase(0, value.find_first_not_of(" \t"));
    while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
    std::string what = error.what();  // "[json.exception.parse_error.101] parse error at line 3, column 18: syntax..."
    std::size_t detail = what.find(": ", what.find("column"));
    throw InputError(label, line, "", value,
                     "malformed JSON at column " + std::to_string(std::max<std::size_t>(end - line_start, 1)) +
                         (detail == std::string::npos ? "" : ": " + what.substr(detail + 2)));
  }
  return ConfigReader(label, base_dir).read(root);
}

ImportConfig load_import_config(const std::filesystem::path& config_file) {
  auto text = read_file_text(config_file);
  if (!text) throw InputError(config_file.string(), 0, "", "", "cannot read the import config");
  return parse_import_config(*text, config_file.string(), config_file.parent_path());
}

}  // namespace accessgraph::importers
