#pragma once
// Writes the estate as a SPEC section 1 bundle, all or nothing: every file is written
// (core/io/csv_table_writer.hpp) into a temporary sibling folder, the folder is loaded
// strictly with the bundle loader as a self-check, import_report.json is added, and
// only then is the folder renamed into place. On any error the temporary folder is
// removed and the destination is as it was.
#include <filesystem>

#include "importers/estate.hpp"
#include "importers/import_report.hpp"

namespace accessgraph::importers {

inline constexpr std::string_view kImportReportFile = "import_report.json";

// Throws InputError when `out` exists and is not an empty folder (unless `replace`):
// checked before any source is read, so a long import does not fail at its end.
void check_output_location(const std::filesystem::path& out, bool replace);

// Also fills report.bundle (rows per file) and report.seconds ("write", "verify").
// Throws Error when the bundle cannot be written or, a defect of the importer, does
// not load.
void emit_bundle(Estate& estate, ImportReport& report, const std::filesystem::path& out, bool replace);

}  // namespace accessgraph::importers
