#pragma once
// Writes the estate as a SPEC section 1 bundle, all or nothing: every file is written
// (core/io/csv_table_writer.hpp) into a temporary sibling folder, the folder is loaded
// strictly with the bundle loader as a self-check, import_report.json is added, and
// only then is the folder renamed into place. On any error the temporary folder is
// removed and the destination is as it was.
#include <cstdint>
#include <filesystem>

#include "importers/estate.hpp"
#include "importers/import_report.hpp"

namespace accessgraph::importers {

inline constexpr std::string_view kImportReportFile = "import_report.json";

// Loading the written bundle back costs about as much as writing it (the loader builds
// the whole graph), so by default only bundles up to kVerifyLimitBytes are checked;
// bigger ones are left to whoever loads them next (`accessgraph stats BUNDLE`).
enum class Verification { kAuto, kAlways, kNever };
inline constexpr std::uint64_t kVerifyLimitBytes = std::uint64_t{256} << 20;

// Throws InputError when `out` exists and is not an empty folder (unless `replace`):
// checked before any source is read, so a long import does not fail at its end.
void check_output_location(const std::filesystem::path& out, bool replace);

class BundleEmitter {
 public:
  // Checks the location and makes the temporary sibling folder.
  BundleEmitter(std::filesystem::path out, bool replace);
  BundleEmitter(const BundleEmitter&) = delete;
  BundleEmitter& operator=(const BundleEmitter&) = delete;
  ~BundleEmitter();  // removes the temporary folder unless committed

  // Writes the bundle's CSV files (report.bundle: rows per file; report.seconds["write"]).
  // The estate may be released afterwards.
  void write(Estate& estate, ImportReport& report);
  // Verifies as asked (a failure is the importer's defect: Error), adds
  // import_report.json and moves the folder into place.
  void commit(ImportReport& report, Verification verification);

 private:
  std::filesystem::path out_, temporary_;
  bool replace_;
  bool committed_ = false;
  std::uint64_t bytes_written_ = 0;
};

}  // namespace accessgraph::importers
