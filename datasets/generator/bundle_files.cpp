#include "datasets/generator/bundle_files.hpp"

#include <stdexcept>
#include <string>

namespace accessgraph::datasets {
namespace {

// Column order follows SPEC section 1 (hr_events: section 6).
constexpr std::array<BundleFileSpec, kBundleFileCount> kFileSpecs{{
    {"identities.csv",
     "id,display_name,kind,status,department,title,location,manager_id,owner_id,hire_date,"
     "termination_date"},
    {"systems.csv", "id,name,kind,owner_id"},
    {"accounts.csv", "id,system_id,identity_id,username,status,created,last_used,privileged"},
    {"groups.csv", "id,system_id,name,owner_id"},
    {"entitlements.csv", "id,system_id,name,resource,action,sensitivity,owner_id"},
    {"roles.csv", "id,name,kind,owner_id"},
    {"group_members.csv", "group_id,member_kind,member_id"},
    {"group_grants.csv", "group_id,entitlement_id"},
    {"account_grants.csv", "account_id,entitlement_id,granted_at"},
    {"role_includes.csv", "role_id,included_role_id"},
    {"role_grants.csv", "role_id,target_kind,target_id"},
    {"role_assignments.csv", "identity_id,role_id,source,granted_at,expires_at"},
    {"usage.csv", "account_id,entitlement_id,last_used"},
    {"sod_rules.csv", "id,entitlement_a,entitlement_b,severity,description"},
    {"birthright.csv", "id,role_id,kind,department,title,location"},
    {"role_history.csv", "identity_id,role_id,granted_at,revoked_at"},
    {"hr_events.csv",
     "event_id,effective_date,type,identity_id,display_name,kind,department,title,location,"
     "manager_id,owner_id"},
    {"truth.csv", "anomaly,subject_kind,subject_id,related_id,detail"},
}};

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
