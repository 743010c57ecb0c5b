#pragma once
// The files of a generated bundle and the sink that writes them.
//
// Rows are built in CsvBuffers (one per file, per unit of work) and handed to the
// sink in a fixed order, so the bytes on disk never depend on which thread built them.
#include <array>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string_view>

#include "core/io/output_file.hpp"
#include "datasets/generator/csv_writer.hpp"

namespace accessgraph::datasets {

enum class BundleFile : std::uint8_t {
  kIdentities,
  kSystems,
  kAccounts,
  kGroups,
  kEntitlements,
  kRoles,
  kGroupMembers,
  kGroupGrants,
  kAccountGrants,
  kRoleIncludes,
  kRoleGrants,
  kRoleAssignments,
  kUsage,
  kSodRules,
  kBirthright,
  kRoleHistory,
  kHrEvents,
  kTruth,
};
inline constexpr std::size_t kBundleFileCount = static_cast<std::size_t>(BundleFile::kTruth) + 1;

struct BundleFileSpec {
  std::string_view name;
  std::string_view header;
};

const BundleFileSpec& bundle_file_spec(BundleFile file);

// One CsvBuffer per bundle file: the output of one unit of work.
class BundleBuffers {
 public:
  CsvBuffer& operator[](BundleFile file) { return buffers_[static_cast<std::size_t>(file)]; }
  const CsvBuffer& operator[](BundleFile file) const {
    return buffers_[static_cast<std::size_t>(file)];
  }

 private:
  std::array<CsvBuffer, kBundleFileCount> buffers_;
};

struct FileTotals {
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

// Owns the open files of a bundle. Not thread-safe: one writer appends, in order.
class BundleSink {
 public:
  // Creates the folder and every file with its header row; throws std::runtime_error
  // when that fails. Each file appears whole at close() (core/io/output_file.hpp).
  explicit BundleSink(const std::filesystem::path& folder);
  BundleSink(const BundleSink&) = delete;
  BundleSink& operator=(const BundleSink&) = delete;

  // Appends the buffer's rows to the file and clears the buffer.
  void append(BundleFile file, CsvBuffer& rows);
  // Appends every buffer, in file order, and clears them.
  void append(BundleBuffers& buffers);
  // Appends the buffer when it has grown past a few MiB: keeps catalog writing bounded.
  void flush_if_large(BundleFile file, CsvBuffer& rows);
  // Flushes and closes every file; throws std::runtime_error on a write error.
  void close();

  const FileTotals& totals(BundleFile file) const {
    return totals_[static_cast<std::size_t>(file)];
  }

 private:
  void write(BundleFile file, std::string_view text);

  std::filesystem::path folder_;
  std::array<std::unique_ptr<OutputFile>, kBundleFileCount> files_;
  std::array<FileTotals, kBundleFileCount> totals_{};
};

}  // namespace accessgraph::datasets
