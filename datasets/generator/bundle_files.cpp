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
constexpr std::size_t kFileBufferBytes = 1U << 20U;

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
    const auto path = folder / kFileSpecs[i].name;
    files_[i] = std::fopen(path.c_str(), "wb");
    if (files_[i] == nullptr) {
      close();
      throw std::runtime_error("cannot write " + path.string());
    }
    std::setvbuf(files_[i], nullptr, _IOFBF, kFileBufferBytes);
    write(static_cast<BundleFile>(i), kFileSpecs[i].header);
    write(static_cast<BundleFile>(i), "\n");
  }
}

BundleSink::~BundleSink() {
  for (auto*& file : files_) {
    if (file != nullptr) {
      std::fclose(file);
      file = nullptr;
    }
  }
}

void BundleSink::write(BundleFile file, std::string_view text) {
  const auto index = static_cast<std::size_t>(file);
  if (std::fwrite(text.data(), 1, text.size(), files_[index]) != text.size()) {
    throw std::runtime_error("cannot write " + (folder_ / kFileSpecs[index].name).string());
  }
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
  std::string failed;
  for (std::size_t i = 0; i < kBundleFileCount; ++i) {
    if (files_[i] != nullptr && std::fclose(files_[i]) != 0) {
      failed = (folder_ / kFileSpecs[i].name).string();
    }
    files_[i] = nullptr;
  }
  if (!failed.empty()) {
    throw std::runtime_error("cannot write " + failed);
  }
}

}  // namespace accessgraph::datasets
