#include "datasets/generator/bundle_files.hpp"

#include <stdexcept>
#include <string>

#include "core/schema/bundle_schema.hpp"

namespace accessgraph::datasets {
namespace {

// The bundle's files as core/schema defines them, then the generator's own two.
std::array<BundleFileSpec, kBundleFileCount> make_file_specs() {
  static_assert(bundle::kFileCount == static_cast<std::size_t>(BundleFile::kHrEvents));
  static std::array<std::string, kBundleFileCount> headers;
  std::array<BundleFileSpec, kBundleFileCount> specs;
  for (std::size_t i = 0; i < bundle::kFileCount; ++i) {
    headers[i] = bundle::header_line(bundle::kFiles[i].columns);
    specs[i] = {bundle::kFiles[i].name, headers[i]};
  }
  const auto hr_events = static_cast<std::size_t>(BundleFile::kHrEvents);
  headers[hr_events] = bundle::header_line(bundle::HrEvents::kColumns);
  specs[hr_events] = {bundle::HrEvents::kFileName, headers[hr_events]};
  specs[static_cast<std::size_t>(BundleFile::kTruth)] = {"truth.csv",
                                                          "anomaly,subject_kind,subject_id,related_id,detail"};
  return specs;
}
const std::array<BundleFileSpec, kBundleFileCount> kFileSpecs = make_file_specs();

constexpr std::size_t kFlushThreshold = 4U << 20U;

}  // namespace

const BundleFileSpec& bundle_file_spec(BundleFile file) {
  return kFileSpecs[static_cast<std::size_t>(file)];
}

BundleSink::BundleSink(const std::filesystem::path& folder) : folder_(folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) {
    throw std::runtime_error("cannot create " + folder.string() + ": " + error.message());
  }
  for (std::size_t i = 0; i < kBundleFileCount; ++i) {
    // Generated data is recomputable from its seed: no fsync.
    files_[i] = std::make_unique<OutputFile>(folder / kFileSpecs[i].name, OutputFile::Durability::kNoFsync);
    write(static_cast<BundleFile>(i), kFileSpecs[i].header);
    write(static_cast<BundleFile>(i), "\n");
  }
}

void BundleSink::write(BundleFile file, std::string_view text) {
  const auto index = static_cast<std::size_t>(file);
  files_[index]->write(text);
  totals_[index].bytes += text.size();
}

void BundleSink::append(BundleFile file, CsvBuffer& rows) {
  write(file, rows.text());
  totals_[static_cast<std::size_t>(file)].rows += rows.rows();
  rows.clear();
}

void BundleSink::append(BundleBuffers& buffers) {
  for (std::size_t i = 0; i < kBundleFileCount; ++i) {
    append(static_cast<BundleFile>(i), buffers[static_cast<BundleFile>(i)]);
  }
}

void BundleSink::flush_if_large(BundleFile file, CsvBuffer& rows) {
  if (rows.text().size() >= kFlushThreshold) {
    append(file, rows);
  }
}

void BundleSink::close() {
  for (auto& file : files_) {
    if (file) file->commit();
    file.reset();
  }
}

}  // namespace accessgraph::datasets
