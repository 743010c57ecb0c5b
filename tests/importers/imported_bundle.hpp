#pragma once
// Runs an import for a test: writes the config (paths relative to the fixtures folder)
// into a fresh temporary folder, imports into a bundle beside it, and reads the bundle's
// files back as rows keyed by column name, plus import_report.json.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "importers/importer.hpp"
#include "tests/support/csv_rows.hpp"
#include "tests/support/run_command.hpp"

namespace accessgraph::testing {

inline std::filesystem::path importer_fixtures() {
  return std::filesystem::path(ACCESSGRAPH_SOURCE_DIR) / "tests" / "importers" / "fixtures";
}

using Row = std::map<std::string, std::string>;

class ImportedBundle {
 public:
  // `config` is the config's JSON text; its paths are relative to the fixtures folder,
  // which the config is written into (as a uniquely named file) so that they resolve.
  explicit ImportedBundle(const std::string& config, const std::string& as_of = "2026-11-01") {
    char pattern[] = "/tmp/accessgraph-import-XXXXXX";
    work_ = ::mkdtemp(pattern);
    config_ = importer_fixtures() / (".config-" + work_.filename().string() + ".json");
    std::ofstream(config_) << config;
    importers::ImportOptions options;
    options.config = config_;
    options.out = work_ / "bundle";
    options.as_of = *Date::parse(as_of);
    options.verification = importers::Verification::kAlways;
    try {
      importers::run_import(options);
    } catch (...) {
      cleanup();
      throw;
    }
    report_ = nlohmann::json::parse(read_file(work_ / "bundle" / "import_report.json"));
  }
  ~ImportedBundle() { cleanup(); }
  ImportedBundle(const ImportedBundle&) = delete;
  ImportedBundle& operator=(const ImportedBundle&) = delete;

  std::filesystem::path dir() const { return work_ / "bundle"; }
  const nlohmann::json& report() const { return report_; }
  const nlohmann::json& source(std::size_t index) const { return report_["sources"][index]; }

  std::vector<Row> rows(const std::string& file) const {
    auto table = csv_rows(read_file(dir() / file));
    std::vector<Row> rows;
    for (std::size_t r = 1; r < table.size(); ++r) {
      Row row;
      for (std::size_t c = 0; c < table[0].size() && c < table[r].size(); ++c) row[table[0][c]] = table[r][c];
      rows.push_back(std::move(row));
    }
    return rows;
  }
  // The row of `file` whose `column` is `value`; an empty row when there is none.
  Row find(const std::string& file, const std::string& column, const std::string& value) const {
    for (Row& row : rows(file))
      if (row[column] == value) return row;
    return {};
  }
  std::vector<std::string> column(const std::string& file, const std::string& name) const {
    std::vector<std::string> values;
    for (Row& row : rows(file)) values.push_back(row[name]);
    return values;
  }

 private:
  void cleanup() {
    std::error_code ignored;
    std::filesystem::remove_all(work_, ignored);
    std::filesystem::remove(config_, ignored);
  }
  std::filesystem::path work_, config_;
  nlohmann::json report_;
};

}  // namespace accessgraph::testing
