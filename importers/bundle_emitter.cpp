#include "importers/bundle_emitter.hpp"

#include <absl/container/flat_hash_set.h>
#include <fcntl.h>  // AT_FDCWD
#include <tbb/task_group.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>  // renameat2
#include <fstream>

#include "core/common/error.hpp"
#include "core/common/stopwatch.hpp"
#include "core/io/csv_table_writer.hpp"
#include "core/io/output_file.hpp"
#include "importers/cpu_clock.hpp"
#include "importers/ordered_pipeline.hpp"
#include "importers/privileged_accounts.hpp"
#include "importers/source_dates.hpp"
#include "importers/text_hash.hpp"
#include "loaders/bundle_loader.hpp"

namespace accessgraph::importers {
namespace {

namespace fs = std::filesystem;
std::string date_text(Date date) { return writable_date(date) ? date.to_string() : std::string(); }

// Writes rows 0..count-1, row i formatted by format(i, block): blocks of rows are
// formatted on every core and written in order (ordered_pipeline.hpp). Formatting
// group_members.csv on one thread was most of the time an import spent writing.
template <class Schema, class Format>
void write_rows(CsvTableWriter<Schema>& writer, std::size_t count, Format format) {
  constexpr std::size_t kRowsPerBlock = 1 << 15;
  struct Batch {
    typename CsvTableWriter<Schema>::Block block;
    std::size_t begin = 0, end = 0;
    std::exception_ptr error, produce_error;
    void clear() { block.clear(); }
  };
  std::size_t next = 0;
  run_ordered_pipeline<Batch>(
      kBatchesInFlight,
      [&](Batch& batch) {
        batch.begin = next;
        batch.end = next = std::min(count, next + kRowsPerBlock);
        return next < count;
      },
      [&](Batch& batch) {
        for (std::size_t row = batch.begin; row < batch.end; ++row) format(row, batch.block);
      },
      [&](Batch& batch) { writer.append(batch.block); });
}

class BundleFiles {
 public:
  BundleFiles(Estate& estate, ImportReport& report, const fs::path& dir)
      : estate_(estate), report_(report), dir_(dir) {}

  // The files are independent once the membership entitlements have their ids and the
  // grants are in order: they are written in parallel.
  void write() {
    prepare();
    tbb::task_group files;
    files.run([&] { write_identities(); });
    files.run([&] { write_systems(); });
    files.run([&] { write_accounts(); });
    files.run([&] { write_groups(); });
    files.run([&] { write_entitlements(); });
    files.run([&] { write_group_members(); });
    files.run([&] { write_group_grants(); });
    files.run([&] { write_account_grants(); });
    files.run([&] {
      write_empty<bundle::Roles>();
      write_empty<bundle::RoleIncludes>();
      write_empty<bundle::RoleGrants>();
      write_empty<bundle::RoleAssignments>();
    });
    files.wait();
    for (std::size_t file = 0; file < bundle::kFileCount; ++file)
      if (written_[file]) report_.bundle[std::string(bundle::kFiles[file].name)] = rows_[file];
  }

 private:
  std::string_view identity_id(Index identity) const {
    return identity == kNoIndex ? std::string_view() : estate_.identities[identity].id;
  }
  std::string_view owner_of_group(const GroupRecord& group) const {
    return group.owner_account == kNoIndex ? std::string_view()
                                           : identity_id(estate_.accounts[group.owner_account].identity);
  }
  template <class Schema>
  void committed(CsvTableWriter<Schema>& writer, std::uint64_t rows) {
    writer.commit();
    for (std::size_t file = 0; file < bundle::kFileCount; ++file)
      if (bundle::kFiles[file].name == Schema::kFileName) {
        rows_[file] = rows;
        written_[file] = true;
      }
  }

  // Ids of the membership entitlements (a group's own id unless an entitlement has it),
  // and grants sorted with repeats removed.
  void prepare() {
    absl::flat_hash_set<std::string_view, TextHash> ids;
    for (const EntitlementRecord& entitlement : estate_.entitlements) ids.insert(entitlement.id);
    membership_ids_.assign(estate_.groups.size(), {});
    for (Index group = 0; group < estate_.groups.size(); ++group) {
      const GroupRecord& record = estate_.groups[group];
      if (!record.membership_entitlement) continue;
      std::string_view id = record.id;
      if (ids.contains(id)) id = estate_.store(std::string(record.id) + "#member");
      ids.insert(id);
      membership_ids_[group] = id;
    }
    std::sort(estate_.group_grants.begin(), estate_.group_grants.end());
    estate_.group_grants.erase(std::unique(estate_.group_grants.begin(), estate_.group_grants.end()),
                               estate_.group_grants.end());
    auto& grants = estate_.account_grants;
    std::stable_sort(grants.begin(), grants.end(), [](const AccountGrant& a, const AccountGrant& b) {
      return a.account != b.account ? a.account < b.account : a.entitlement < b.entitlement;
    });
    grants.erase(std::unique(grants.begin(), grants.end(),
                             [](const AccountGrant& a, const AccountGrant& b) {
                               return a.account == b.account && a.entitlement == b.entitlement;
                             }),
                 grants.end());
  }
  template <class Schema>
  void write_empty() {
    CsvTableWriter<Schema> writer(dir_);
    committed(writer, 0);
  }

  void write_identities() {
    CsvTableWriter<bundle::Identities> writer(dir_);
    write_rows(writer, estate_.identities.size(), [&](std::size_t row, auto& block) {
      const IdentityRecord& identity = estate_.identities[row];
      block.row(identity.id, identity.display_name, to_string(identity.kind), to_string(identity.status),
                identity.department, identity.title, identity.location, identity_id(identity.manager),
                identity_id(identity.owner), date_text(identity.hire_date), date_text(identity.termination_date));
    });
    committed(writer, estate_.identities.size());
  }

  void write_systems() {
    CsvTableWriter<bundle::Systems> writer(dir_);
    for (const SystemRecord& system : estate_.systems)
      writer.row(system.id, system.name, to_string(system.kind), std::string_view());
    committed(writer, estate_.systems.size());
  }

  void write_accounts() {
    CsvTableWriter<bundle::Accounts> writer(dir_);
    write_rows(writer, estate_.accounts.size(), [&](std::size_t row, auto& block) {
      const AccountRecord& account = estate_.accounts[row];
      block.row(account.id, estate_.systems[account.system].id, identity_id(account.identity), account.username,
                to_string(account.status), date_text(account.created), date_text(account.last_used),
                std::string_view(account.privileged ? "true" : "false"));
    });
    committed(writer, estate_.accounts.size());
  }

  void write_groups() {
    CsvTableWriter<bundle::Groups> writer(dir_);
    for (const GroupRecord& group : estate_.groups)
      writer.row(group.id, estate_.systems[group.system].id, group.name, owner_of_group(group));
    committed(writer, estate_.groups.size());
  }

  // The source's entitlements, then one per group whose membership is access.
  void write_entitlements() {
    CsvTableWriter<bundle::Entitlements> writer(dir_);
    std::uint64_t rows = 0;
    for (const EntitlementRecord& entitlement : estate_.entitlements) {
      writer.row(entitlement.id, estate_.systems[entitlement.system].id, entitlement.name, entitlement.resource,
                 entitlement.action, std::to_string(entitlement.sensitivity), std::string_view());
      ++rows;
    }
    for (Index group = 0; group < estate_.groups.size(); ++group) {
      if (membership_ids_[group].empty()) continue;
      const GroupRecord& record = estate_.groups[group];
      writer.row(membership_ids_[group], estate_.systems[record.system].id, record.name, record.name,
                 std::string_view("member"), std::to_string(record.sensitivity), owner_of_group(record));
      ++rows;
    }
    committed(writer, rows);
  }

  void write_group_members() {
    CsvTableWriter<bundle::GroupMembers> writer(dir_);
    const std::size_t accounts = estate_.account_members.size(), groups = estate_.group_members.size();
    write_rows(writer, accounts + groups, [&](std::size_t row, auto& block) {
      if (row < accounts) {
        const Membership& membership = estate_.account_members[row];
        block.row(estate_.groups[membership.group].id, std::string_view("account"),
                  estate_.accounts[membership.member].id);
      } else {
        const Membership& membership = estate_.group_members[row - accounts];
        block.row(estate_.groups[membership.group].id, std::string_view("group"), estate_.groups[membership.member].id);
      }
    });
    committed(writer, accounts + groups);
  }

  void write_group_grants() {
    CsvTableWriter<bundle::GroupGrants> writer(dir_);
    std::uint64_t rows = 0;
    for (Index group = 0; group < estate_.groups.size(); ++group)
      if (!membership_ids_[group].empty()) {
        writer.row(estate_.groups[group].id, membership_ids_[group]);
        ++rows;
      }
    for (const GroupGrant& grant : estate_.group_grants)
      writer.row(estate_.groups[grant.group].id, estate_.entitlements[grant.entitlement].id);
    committed(writer, rows + estate_.group_grants.size());
  }

  void write_account_grants() {
    const auto& grants = estate_.account_grants;
    CsvTableWriter<bundle::AccountGrants> writer(dir_);
    write_rows(writer, grants.size(), [&](std::size_t row, auto& block) {
      const AccountGrant& grant = grants[row];
      block.row(estate_.accounts[grant.account].id, estate_.entitlements[grant.entitlement].id,
                date_text(grant.granted_at));
    });
    committed(writer, grants.size());
  }

  Estate& estate_;
  ImportReport& report_;
  fs::path dir_;
  std::vector<std::string_view> membership_ids_;  // per group: its membership entitlement's id
  std::array<std::uint64_t, bundle::kFileCount> rows_{};
  std::array<bool, bundle::kFileCount> written_{};
};

bool is_empty_folder(const fs::path& path) {
  std::error_code error;
  return fs::is_directory(path, error) && fs::is_empty(path, error);
}

void write_text_file(const fs::path& path, const std::string& text) {
  OutputFile file(path);
  file.write(text);
  file.commit();
}

// Moves the finished folder to `out`. An existing folder (checked before) is swapped
// out in one step where the file system allows it, then removed.
void put_in_place(const fs::path& finished, const fs::path& out) {
  std::error_code error;
  if (fs::exists(out, error)) {
    if (is_empty_folder(out)) {
      fs::remove(out);
    } else if (::renameat2(AT_FDCWD, finished.c_str(), AT_FDCWD, out.c_str(), RENAME_EXCHANGE) == 0) {
      fs::remove_all(finished);  // now holds the old bundle
      return;
    } else {
      fs::path old = finished;
      old += ".old";
      fs::rename(out, old);
      fs::rename(finished, out);
      fs::remove_all(old);
      return;
    }
  }
  fs::rename(finished, out);
}

}  // namespace

void check_output_location(const fs::path& out, bool replace) {
  std::error_code error;
  if (!fs::exists(out, error) || is_empty_folder(out)) return;
  if (!fs::is_directory(out, error)) throw InputError("--out", 0, "", out.string(), "exists and is not a folder");
  if (!replace)
    throw InputError("--out", 0, "", out.string(), "folder exists and is not empty (--replace overwrites it)");
}

BundleEmitter::BundleEmitter(fs::path out, bool replace) : replace_(replace) {
  check_output_location(out, replace);
  out_ = fs::absolute(out).lexically_normal();
  if (out_.filename().empty()) out_ = out_.parent_path();
  fs::create_directories(out_.parent_path());
  temporary_ = out_.parent_path() / ("." + out_.filename().string() + ".import-" + std::to_string(::getpid()));
  fs::remove_all(temporary_);
  fs::create_directories(temporary_);
}

BundleEmitter::~BundleEmitter() {
  std::error_code ignored;
  if (!committed_) fs::remove_all(temporary_, ignored);
}

void BundleEmitter::write(Estate& estate, ImportReport& report) {
  Stopwatch writing;
  mark_privileged_accounts(estate);
  BundleFiles(estate, report, temporary_).write();
  for (const auto& entry : fs::directory_iterator(temporary_)) bytes_written_ += entry.file_size();
  report.seconds["write"] = writing.seconds();
}

void BundleEmitter::commit(ImportReport& report, Verification verification) {
  bool verify = verification == Verification::kAlways ||
                (verification == Verification::kAuto && bytes_written_ <= kVerifyLimitBytes);
  report.verified = verify;
  if (verify) {
    // The importer's own promise, checked: what it wrote loads strictly.
    Stopwatch verifying;
    double cpu = process_cpu_seconds();
    try {
      loaders::load_bundle(temporary_);
    } catch (const InputError& error) {
      throw Error(std::string("internal error: the imported bundle does not load: ") + error.what());
    }
    report.seconds["verify"] = verifying.seconds();
    report.cpu_seconds["verify"] = process_cpu_seconds() - cpu;
  }
  write_text_file(temporary_ / kImportReportFile, import_report_json(report));
  put_in_place(temporary_, out_);
  committed_ = true;
  sync_directory(out_.parent_path());
}

}  // namespace accessgraph::importers
