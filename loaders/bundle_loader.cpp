#include "loaders/bundle_loader.hpp"

#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <type_traits>

#include "core/common/error.hpp"
#include "core/common/progress.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "core/graph/graph_builder.hpp"
#include "core/schema/bundle_schema.hpp"
#include "loaders/csv_reader.hpp"
#include "core/io/zstd_stream.hpp"
#include "loaders/decisions_loader.hpp"
#include "loaders/history_loader.hpp"
#include "loaders/row_cells.hpp"

namespace accessgraph::loaders {
namespace {

using bundle::File;
using bundle::kFileCount;
namespace columns = bundle;  // columns::Identities::kManagerId and so on
// Defects found in one file. Strict mode keeps only the first by line.
//
// A dangling reference to the file's own ids (identities.manager_id and owner_id) is
// "weak" when the file also has a malformed CSV record: the id may be defined by that
// record, which could not be read, so the malformed record is the defect to report.
class FileErrors {
 public:
  explicit FileErrors(bool lenient) : lenient_(lenient) {}

  void add_syntax_error(RejectedRow row) {
    has_syntax_error_ = true;
    add(std::move(row));
  }
  void add(RejectedRow row, bool weak = false) {
    std::lock_guard lock(mutex_);
    auto& rows = weak && !lenient_ ? weak_ : rows_;
    if (!lenient_ && !rows.empty()) {
      if (row.line < rows.front().line) rows.front() = std::move(row);
      return;
    }
    rows.push_back(std::move(row));
  }
  bool empty() const { return rows_.empty() && weak_.empty(); }
  std::vector<RejectedRow> sorted() const {
    auto rows = rows_;
    if (!has_syntax_error_) rows.insert(rows.end(), weak_.begin(), weak_.end());
    std::stable_sort(rows.begin(), rows.end(),
                     [](const RejectedRow& a, const RejectedRow& b) { return a.line < b.line; });
    return rows;
  }

 private:
  bool lenient_;
  std::atomic<bool> has_syntax_error_{false};
  std::mutex mutex_;
  std::vector<RejectedRow> rows_, weak_;
};

// Rows kept as cells: those of a node file until every id of the file is interned,
// since rows may reference ids defined further down (identities.manager_id); those
// of a link file's chunk so that its id lookups can be started rows ahead.
struct RawRows {
  std::vector<std::string_view> cells;  // row-major, schema column order
  std::vector<std::uint64_t> lines;
  StringArena unescaped;  // cells that are not in the mapped file

  std::size_t size() const { return lines.size(); }
  void add(const Row& row, std::size_t width, const CsvFile& csv) {
    for (std::size_t column = 0; column < width; ++column) {
      const std::string_view cell = row[column];
      cells.push_back(csv.maps(cell) ? cell : unescaped.store(cell));
    }
    lines.push_back(row.line());
  }
  // Row r as a record whose fields are in schema column order (see schema_columns).
  CsvRecord record(std::size_t r, std::size_t width) const { return {lines[r], {cells.data() + r * width, width}}; }
};

// The column map of a record already in schema column order: 0, 1, ..., width - 1.
std::vector<std::size_t> schema_columns(std::size_t width) {
  std::vector<std::size_t> columns(width);
  for (std::size_t i = 0; i < width; ++i) columns[i] = i;
  return columns;
}

template <class T>
std::vector<T> concatenate(std::vector<std::vector<T>>& parts) {
  std::size_t total = 0;
  for (const auto& part : parts) total += part.size();
  std::vector<T> all;
  all.reserve(total);
  for (auto& part : parts) {
    all.insert(all.end(), part.begin(), part.end());
    std::vector<T>().swap(part);
  }
  return all;
}

// One load attempt. Lenient loading may run several: rows of node files rejected in
// one attempt are excluded from the next, so that rows referencing them are rejected
// too (a fixpoint), instead of resolving to a row that was dropped.
class BundleReader {
 public:
  BundleReader(std::filesystem::path dir, const LoadOptions& options,
               const std::set<std::pair<std::size_t, std::uint64_t>>& excluded)
      : dir_(std::move(dir)), options_(options), excluded_(excluded) {
    for (std::size_t i = 0; i < kFileCount; ++i) errors_.emplace_back(options.lenient);
  }

  Graph read(LoadReport& report) {
    open_files();
    std::uint64_t bytes = 0;
    for (const auto& file : files_)
      if (file) bytes += file->data_bytes();
    ProgressPhase progress = progress_phase(options_.progress, "load", bytes);
    progress_ = &progress;
    read_node_files();
    if (options_.lenient || !any_errors()) read_link_files();
    if (!options_.lenient) throw_first_error();
    for (auto& file : files_)
      if (file) report.bytes += file->data_bytes();
    return builder_.build();
  }

  std::vector<RejectedRow> rejected(std::size_t file) const { return errors_[file].sorted(); }
  std::uint64_t accepted_rows() const { return accepted_in_parallel_.load(); }
  bool rejected_node_rows() const {
    for (std::size_t i = 0; i <= static_cast<std::size_t>(File::kRoles); ++i)
      if (!errors_[i].empty()) return true;
    return false;
  }

 private:
  const bundle::FileSchema& schema(File file) const { return bundle::schema(file); }
  std::size_t index(File file) const { return static_cast<std::size_t>(file); }

  void open_files() {
    if (!std::filesystem::is_directory(dir_)) throw InputError(dir_.string(), 0, "", "", "bundle folder not found");
    files_.resize(kFileCount);
    columns_.resize(kFileCount);
    for (std::size_t i = 0; i < kFileCount; ++i) {
      const bundle::FileSchema& spec = bundle::kFiles[i];
      auto path = dir_ / spec.name;
      if (!spec.required && !plain_or_zstd_file(path, std::string(spec.name))) continue;
      // A file-level defect counts in its place in file order (a row error in an
      // earlier file comes first); the file is then not read.
      try {
        CsvFile file = CsvFile::open(path, std::string(spec.name));
        for (std::string_view column : spec.columns) {
          auto found = file.column(column);
          if (!found)
            throw InputError(std::string(spec.name), 1, std::string(column), "",
                             "required column missing from the header");
          if (file.column_count(column) > 1)
            throw InputError(std::string(spec.name), 1, std::string(column), "", "column appears twice in the header");
          columns_[i].push_back(*found);
        }
        files_[i].emplace(std::move(file));
      } catch (const InputError& error) {
        if (!options_.lenient) {
          errors_[i].add({error.file(), error.line(), error.column(), error.value(), error.reason()});
          continue;
        }
        throw;  // lenient loading skips rows, not files
      }
    }
  }

  struct NoPrefetch {
    void operator()(const Row&) const {}
  };

  // Calls `handle(part, row)` for every row of `file`, in parallel over chunks unless
  // `in_order`; returns the per-chunk parts in file order. Cell errors become rejects.
  //
  // With a `prefetch(row)` (the link files of millions of rows), each chunk is first
  // split into cells and then handled with the id lookups of a few rows ahead already
  // started: loading was half hash-table misses, one after the other.
  template <class Part, class Handle, class Prefetch = NoPrefetch>
  std::vector<Part> for_each_row(File file, bool in_order, Handle handle, Prefetch prefetch = {}) {
    constexpr bool kAhead = !std::is_same_v<Prefetch, NoPrefetch>;
    constexpr std::size_t kRowsAhead = 8;
    std::vector<Part> parts;
    const auto& csv = files_[index(file)];
    if (!csv) return parts;
    auto chunks = in_order ? csv->split(SIZE_MAX) : csv->split(options_.chunk_bytes);
    parts.resize(chunks.size());
    FileErrors& errors = errors_[index(file)];
    const auto& columns = columns_[index(file)];
    const auto& names = schema(file).columns;
    const std::vector<std::size_t> in_schema_order = schema_columns(names.size());
    tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t c) {
      auto handle_row = [&](const Row& row) {
        try {
          handle(parts[c], row);
        } catch (const CellError& error) {
          errors.add({csv->label(), row.line(), std::string(names[error.column]), error.value, error.reason});
        }
      };
      RawRows rows;  // kAhead: the chunk's cells, in schema column order
      csv->parse(
          chunks[c],
          [&](const CsvRecord& record) {
            if (!excluded_.empty() && excluded_.count({index(file), record.line})) return;
            const Row row(record, columns);
            if constexpr (kAhead) rows.add(row, names.size(), *csv);
            else handle_row(row);
          },
          [&](const CsvSyntaxError& error) {
            std::string column = error.field < csv->header().size() ? csv->header()[error.field] : "";
            errors.add_syntax_error({csv->label(), error.line, column, shown_value(error.text), error.reason});
          });
      if constexpr (kAhead) {
        for (std::size_t r = 0; r < rows.size(); ++r) {
          if (r + kRowsAhead < rows.size()) prefetch(Row(rows.record(r + kRowsAhead, names.size()), in_schema_order));
          handle_row(Row(rows.record(r, names.size()), in_schema_order));
        }
      }
      if (progress_) progress_->advance(chunks[c].end - chunks[c].begin);
    });
    return parts;
  }

  // Reads a node file's rows and interns its ids in file order (duplicates rejected).
  // Returns the rows and, per row, its dense id.
  template <class Id>
  std::pair<std::vector<RawRows>, std::vector<std::vector<Id>>> intern_node_file(File file, IdTable<Id>& table) {
    const auto& csv = files_[index(file)];
    const std::size_t width = schema(file).columns.size();
    auto parts = for_each_row<RawRows>(file, false, [&](RawRows& part, const Row& row) {
      row.id(bundle::kIdColumn);
      part.add(row, width, *csv);
    });
    std::vector<std::vector<Id>> ids(parts.size());
    std::size_t rows = 0;
    for (const auto& part : parts) rows += part.size();
    table.reserve(table.size() + rows);  // no rehashing while a million ids go in
    auto arena = std::make_shared<StringArena>();  // one per file: files intern concurrently
    for (std::size_t c = 0; c < parts.size(); ++c) {
      for (std::size_t r = 0; r < parts[c].size(); ++r) {
        std::string_view id = parts[c].cells[r * width + bundle::kIdColumn];
        auto inserted = table.insert(id, *arena);
        if (!inserted)
          errors_[index(file)].add({csv->label(), parts[c].lines[r], "id", shown_value(id), "duplicate id"});
        ids[c].push_back(inserted.value_or(Id()));
      }
    }
    keep_strings(std::move(arena));
    return {std::move(parts), std::move(ids)};
  }

  // Builds the records of a node file once all ids it may reference are known.
  template <class Id, class Record, class Fill>
  void fill_node_records(File file, std::vector<RawRows>& parts, const std::vector<std::vector<Id>>& ids,
                         std::vector<Record>& records, Fill fill) {
    const auto& csv = files_[index(file)];
    const std::size_t width = schema(file).columns.size();
    const std::vector<std::size_t> in_schema_order = schema_columns(width);
    records.resize(records.size() + [&] {
      std::size_t n = 0;
      for (const auto& part : ids)
        for (Id id : part) n += id.valid();
      return n;
    }());
    std::vector<std::shared_ptr<StringArena>> arenas(parts.size());
    tbb::parallel_for(std::size_t{0}, parts.size(), [&](std::size_t c) {
      arenas[c] = std::make_shared<StringArena>();
      for (std::size_t r = 0; r < parts[c].size(); ++r) {
        if (!ids[c][r].valid()) continue;
        const CsvRecord record = parts[c].record(r, width);
        Row row(record, in_schema_order);
        try {
          fill(records[ids[c][r].value], row, *arenas[c]);
          ++accepted_in_parallel_;
        } catch (const CellError& error) {
          errors_[index(file)].add(
              {csv->label(), row.line(), std::string(schema(file).columns[error.column]), error.value, error.reason},
              error.weak);
        }
      }
    });
    for (auto& arena : arenas) keep_strings(std::move(arena));
  }

  void keep_strings(std::shared_ptr<StringArena> arena) {
    std::lock_guard lock(strings_mutex_);
    builder_.graph.text_strings.push_back(std::move(arena));
  }

  void read_node_files() {
    Graph& g = builder_.graph;
    // Each file interns its ids in file order; the six files do so concurrently.
    std::pair<std::vector<RawRows>, std::vector<std::vector<IdentityId>>> identities;
    std::pair<std::vector<RawRows>, std::vector<std::vector<SystemId>>> systems;
    std::pair<std::vector<RawRows>, std::vector<std::vector<AccountId>>> accounts;
    std::pair<std::vector<RawRows>, std::vector<std::vector<GroupId>>> groups;
    std::pair<std::vector<RawRows>, std::vector<std::vector<EntitlementId>>> entitlements;
    std::pair<std::vector<RawRows>, std::vector<std::vector<RoleId>>> roles;
    tbb::parallel_invoke([&] { identities = intern_node_file(File::kIdentities, g.identity_ids); },
                         [&] { systems = intern_node_file(File::kSystems, g.system_ids); },
                         [&] { accounts = intern_node_file(File::kAccounts, g.account_ids); },
                         [&] { groups = intern_node_file(File::kGroups, g.group_ids); },
                         [&] { entitlements = intern_node_file(File::kEntitlements, g.entitlement_ids); },
                         [&] { roles = intern_node_file(File::kRoles, g.role_ids); });

    // Records reference ids of any node file, so filling starts once all are interned.
    tbb::parallel_invoke(
        [&] {
          fill_node_records(File::kIdentities, identities.first, identities.second, builder_.identities,
                            [&](IdentityRecord& identity, const Row& row, StringArena& text) {
                              fill_identity(identity, row, g, text);
                            });
          // Attribute values are interned in file order, after validation.
          for (std::size_t c = 0; c < identities.first.size(); ++c) {
            const RawRows& part = identities.first[c];
            for (std::size_t r = 0; r < part.size(); ++r) {
              IdentityId id = identities.second[c][r];
              if (!id.valid()) continue;
              const std::string_view* cells = part.cells.data() + r * schema(File::kIdentities).columns.size();
              using I = columns::Identities;
              IdentityRecord& identity = builder_.identities[id.value];
              identity.department = intern_attribute(cells[I::kDepartment]);
              identity.title = intern_attribute(cells[I::kTitle]);
              identity.location = intern_attribute(cells[I::kLocation]);
            }
          }
        },
        [&] {
          fill_node_records(File::kSystems, systems.first, systems.second, builder_.systems,
                            [&](SystemRecord& system, const Row& row, StringArena& text) {
                              system.name = text.store(row[columns::Systems::kName]);
                              system.kind = row.enumerated<SystemKind>(columns::Systems::kKind, false);
                              system.owner = row.reference(columns::Systems::kOwnerId, g.identity_ids, "identity", false);
                            });
        },
        [&] {
          fill_node_records(File::kAccounts, accounts.first, accounts.second, builder_.accounts,
                            [&](AccountRecord& account, const Row& row, StringArena& text) {
                              fill_account(account, row, g, text);
                            });
        },
        [&] {
          fill_node_records(File::kGroups, groups.first, groups.second, builder_.groups,
                            [&](GroupRecord& group, const Row& row, StringArena& text) {
                              group.system = row.reference(columns::Groups::kSystemId, g.system_ids, "system", true);
                              group.name = text.store(row[columns::Groups::kName]);
                              group.owner = row.reference(columns::Groups::kOwnerId, g.identity_ids, "identity", false);
                            });
        },
        [&] {
          fill_node_records(File::kEntitlements, entitlements.first, entitlements.second, builder_.entitlements,
                            [&](EntitlementRecord& entitlement, const Row& row, StringArena& text) {
                              using E = columns::Entitlements;
                              entitlement.system = row.reference(E::kSystemId, g.system_ids, "system", true);
                              entitlement.name = text.store(row[E::kName]);
                              entitlement.resource = text.store(row[E::kResource]);
                              entitlement.action = text.store(row[E::kAction]);
                              entitlement.sensitivity = row.sensitivity(E::kSensitivity);
                              entitlement.owner = row.reference(E::kOwnerId, g.identity_ids, "identity", false);
                            });
        },
        [&] {
          fill_node_records(File::kRoles, roles.first, roles.second, builder_.roles,
                            [&](RoleRecord& role, const Row& row, StringArena& text) {
                              role.name = text.store(row[columns::Roles::kName]);
                              role.kind = row.enumerated<RoleKind>(columns::Roles::kKind, false);
                              role.owner = row.reference(columns::Roles::kOwnerId, g.identity_ids, "identity", false);
                            });
        });
  }

  AttributeId intern_attribute(std::string_view value) {
    if (value.empty()) return AttributeId();
    return builder_.graph.attribute_values.intern(value, *builder_.graph.id_strings);
  }

  template <class Part, class Handle, class Prefetch = NoPrefetch>
  std::vector<Part> read_link_file(File file, Handle handle, Prefetch prefetch = {}) {
    auto parts = for_each_row<std::vector<Part>>(
        file, false, [&](std::vector<Part>& part, const Row& row) { part.push_back(handle(row)); }, prefetch);
    for (const auto& part : parts) accepted_in_parallel_ += part.size();
    return concatenate(parts);
  }

  void read_link_files() {
    Graph& g = builder_.graph;
    GraphBuilder& b = builder_;
    tbb::parallel_invoke(
        [&] {
          struct Membership {
            GroupId group;
            MemberKind kind;
            std::uint32_t member;
          };
          auto members = read_link_file<Membership>(File::kGroupMembers, [&](const Row& row) {
            GroupId group = row.reference(columns::GroupMembers::kGroupId, g.group_ids, "group", true);
            MemberKind kind = row.enumerated<MemberKind>(columns::GroupMembers::kMemberKind, true);
            if (kind == MemberKind::kAccount)
              return Membership{group, kind, row.reference(columns::GroupMembers::kMemberId, g.account_ids, "account", true).value};
            return Membership{group, kind, row.reference(columns::GroupMembers::kMemberId, g.group_ids, "group", true).value};
          }, [&](const Row& row) {
            g.group_ids.prefetch(row[columns::GroupMembers::kGroupId]);
            g.account_ids.prefetch(row[columns::GroupMembers::kMemberId]);  // nearly every member is an account
          });
          for (const Membership& m : members) {
            if (m.kind == MemberKind::kAccount)
              b.account_memberships.emplace_back(AccountId(m.member), m.group);
            else
              b.group_nesting.emplace_back(GroupId(m.member), m.group);
          }
        },
        [&] {
          b.group_grants = read_link_file<std::pair<GroupId, EntitlementId>>(File::kGroupGrants, [&](const Row& row) {
            return std::pair{row.reference(columns::GroupGrants::kGroupId, g.group_ids, "group", true),
                             row.reference(columns::GroupGrants::kEntitlementId, g.entitlement_ids, "entitlement", true)};
          });
        },
        [&] {
          b.account_grants =
              read_link_file<std::pair<AccountId, AccountGrant>>(File::kAccountGrants, [&](const Row& row) {
                AccountId account = row.reference(columns::AccountGrants::kAccountId, g.account_ids, "account", true);
                AccountGrant grant{row.reference(columns::AccountGrants::kEntitlementId, g.entitlement_ids, "entitlement", true), row.date(columns::AccountGrants::kGrantedAt)};
                return std::pair{account, grant};
              }, [&](const Row& row) {
                g.account_ids.prefetch(row[columns::AccountGrants::kAccountId]);
                g.entitlement_ids.prefetch(row[columns::AccountGrants::kEntitlementId]);
              });
        },
        [&] {
          b.role_includes = read_link_file<std::pair<RoleId, RoleId>>(File::kRoleIncludes, [&](const Row& row) {
            return std::pair{row.reference(columns::RoleIncludes::kRoleId, g.role_ids, "role", true), row.reference(columns::RoleIncludes::kIncludedRoleId, g.role_ids, "role", true)};
          });
          struct RoleGrant {
            RoleId role;
            RoleTargetKind kind;
            std::uint32_t target;
          };
          auto grants = read_link_file<RoleGrant>(File::kRoleGrants, [&](const Row& row) {
            RoleId role = row.reference(columns::RoleGrants::kRoleId, g.role_ids, "role", true);
            RoleTargetKind kind = row.enumerated<RoleTargetKind>(columns::RoleGrants::kTargetKind, true);
            if (kind == RoleTargetKind::kEntitlement)
              return RoleGrant{role, kind, row.reference(columns::RoleGrants::kTargetId, g.entitlement_ids, "entitlement", true).value};
            return RoleGrant{role, kind, row.reference(columns::RoleGrants::kTargetId, g.group_ids, "group", true).value};
          });
          for (const RoleGrant& grant : grants) {
            if (grant.kind == RoleTargetKind::kEntitlement)
              b.role_entitlement_grants.emplace_back(grant.role, EntitlementId(grant.target));
            else
              b.role_group_grants.emplace_back(grant.role, GroupId(grant.target));
          }
        },
        [&] {
          b.role_assignments =
              read_link_file<std::pair<IdentityId, RoleAssignment>>(File::kRoleAssignments, [&](const Row& row) {
                IdentityId identity = row.reference(columns::RoleAssignments::kIdentityId, g.identity_ids, "identity", true);
                RoleAssignment assignment;
                assignment.role = row.reference(columns::RoleAssignments::kRoleId, g.role_ids, "role", true);
                assignment.source = row.enumerated<AssignmentSource>(columns::RoleAssignments::kSource, false);
                assignment.granted_at = row.date(columns::RoleAssignments::kGrantedAt);
                assignment.expires_at = row.date(columns::RoleAssignments::kExpiresAt);
                return std::pair{identity, assignment};
              }, [&](const Row& row) {
                g.identity_ids.prefetch(row[columns::RoleAssignments::kIdentityId]);
                g.role_ids.prefetch(row[columns::RoleAssignments::kRoleId]);
              });
          b.role_history =
              read_link_file<std::pair<IdentityId, RoleHistoryRecord>>(File::kRoleHistory, [&](const Row& row) {
                IdentityId identity = row.reference(columns::RoleHistory::kIdentityId, g.identity_ids, "identity", true);
                RoleHistoryRecord record;
                record.role = row.reference(columns::RoleHistory::kRoleId, g.role_ids, "role", true);
                record.granted_at = row.date(columns::RoleHistory::kGrantedAt);
                record.revoked_at = row.date(columns::RoleHistory::kRevokedAt);
                return std::pair{identity, record};
              });
        },
        [&] {
          b.usage = read_link_file<std::pair<AccountId, UsageRecord>>(File::kUsage, [&](const Row& row) {
            AccountId account = row.reference(columns::Usage::kAccountId, g.account_ids, "account", true);
            UsageRecord record;
            record.entitlement = row.reference(columns::Usage::kEntitlementId, g.entitlement_ids, "entitlement", true);
            record.last_used = row.date(columns::Usage::kLastUsed);
            return std::pair{account, record};
          }, [&](const Row& row) {
            g.account_ids.prefetch(row[columns::Usage::kAccountId]);
            g.entitlement_ids.prefetch(row[columns::Usage::kEntitlementId]);
          });
        },
        [&] { read_rule_files(); });
  }

  // sod_rules and birthright: small files with ids of their own, read in file order.
  void read_rule_files() {
    Graph& g = builder_.graph;
    auto text = std::make_shared<StringArena>();
    for_each_row<int>(File::kSodRules, true, [&](int&, const Row& row) {
      std::string_view id = row.id(columns::SodRules::kId);
      SodRule rule;
      rule.entitlement_a = row.reference(columns::SodRules::kEntitlementA, g.entitlement_ids, "entitlement", true);
      rule.entitlement_b = row.reference(columns::SodRules::kEntitlementB, g.entitlement_ids, "entitlement", true);
      if (g.sod_rule_ids.find(id)) row.fail(columns::SodRules::kId, "duplicate id");
      rule.severity = text->store(row[columns::SodRules::kSeverity]);
      rule.description = text->store(row[columns::SodRules::kDescription]);
      g.sod_rule_ids.insert(id, *text);
      builder_.sod_rules.push_back(rule);
    });
    for_each_row<int>(File::kBirthright, true, [&](int&, const Row& row) {
      std::string_view id = row.id(columns::Birthright::kId);
      BirthrightRule rule;
      rule.role = row.reference(columns::Birthright::kRoleId, g.role_ids, "role", true);
      if (!row[columns::Birthright::kKind].empty()) rule.kind = row.enumerated<IdentityKind>(columns::Birthright::kKind, false);
      if (g.birthright_rule_ids.find(id)) row.fail(columns::Birthright::kId, "duplicate id");
      rule.department = intern_attribute(row[columns::Birthright::kDepartment]);
      rule.title = intern_attribute(row[columns::Birthright::kTitle]);
      rule.location = intern_attribute(row[columns::Birthright::kLocation]);
      g.birthright_rule_ids.insert(id, *text);
      builder_.birthright_rules.push_back(rule);
    });
    accepted_in_parallel_ += builder_.sod_rules.size() + builder_.birthright_rules.size();
    g.text_strings.push_back(std::move(text));
  }

  bool any_errors() const {
    return std::any_of(errors_.begin(), errors_.end(), [](const FileErrors& e) { return !e.empty(); });
  }

  void throw_first_error() const {
    for (const FileErrors& errors : errors_) {
      if (errors.empty()) continue;
      RejectedRow first = errors.sorted().front();
      throw InputError(first.file, first.line, first.column, first.value, first.reason);
    }
  }

  std::filesystem::path dir_;
  const LoadOptions& options_;
  const std::set<std::pair<std::size_t, std::uint64_t>>& excluded_;
  std::vector<std::optional<CsvFile>> files_;
  std::vector<std::vector<std::size_t>> columns_;  // per file: schema column -> file column
  std::deque<FileErrors> errors_;
  GraphBuilder builder_;
  std::atomic<std::uint64_t> accepted_in_parallel_{0};
  std::mutex strings_mutex_;
  ProgressPhase* progress_ = nullptr;  // the bytes parsed, while read() runs
};

void write_rejects(const std::filesystem::path& path, const std::vector<RejectedRow>& rows) {
  std::string out = "file,line,column,value,reason\n";
  for (const RejectedRow& row : rows)
    append_csv_row(out, row.file, std::to_string(row.line), row.column, row.value, row.reason);
  OutputFile file(path, OutputFile::Durability::kNoFsync);
  file.write(out);
  file.commit();
}

}  // namespace

Graph load_bundle(const std::filesystem::path& bundle_dir, const LoadOptions& options, LoadReport* report) {
  LoadReport local_report;
  LoadReport& out = report ? *report : local_report;
  std::set<std::pair<std::size_t, std::uint64_t>> excluded;
  std::map<std::pair<std::size_t, std::uint64_t>, RejectedRow> rejected_nodes;
  while (true) {
    BundleReader reader(bundle_dir, options, excluded);
    LoadReport attempt;
    Graph graph = reader.read(attempt);
    if (options.lenient && reader.rejected_node_rows()) {
      // Exclude the rejected node rows and read again, so their dependants go too.
      bool new_rejects = false;
      for (std::size_t f = 0; f <= static_cast<std::size_t>(File::kRoles); ++f)
        for (RejectedRow& row : reader.rejected(f))
          new_rejects |= rejected_nodes.emplace(std::pair{f, row.line}, row).second;
      if (new_rejects) {
        for (const auto& [key, row] : rejected_nodes) excluded.insert(key);
        continue;
      }
    }
    out.bytes = attempt.bytes;
    out.rows = reader.accepted_rows();
    out.rejected.clear();
    for (const auto& [key, row] : rejected_nodes) out.rejected.push_back(row);
    for (std::size_t f = static_cast<std::size_t>(File::kGroupMembers); f < kFileCount; ++f)
      for (RejectedRow& row : reader.rejected(f)) out.rejected.push_back(std::move(row));
    if (has_decisions(bundle_dir)) {
      read_decisions(bundle_dir, graph, options, out.rejected);
      out.rows += graph.decisions->size();
    }
    if (options.lenient && !options.rejects_path.empty()) write_rejects(options.rejects_path, out.rejected);
    if (has_history(bundle_dir)) read_history(bundle_dir, graph);
    return graph;
  }
}

}  // namespace accessgraph::loaders
