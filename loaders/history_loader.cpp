#include "loaders/history_loader.hpp"

#include <algorithm>
#include <map>

#include "core/common/error.hpp"
#include "core/io/zstd_stream.hpp"
#include "loaders/events_loader.hpp"
#include "loaders/row_cells.hpp"

namespace accessgraph::loaders {
namespace {

// One file of the history in a schema of bundle_schema.hpp, read row by row.
template <class Schema>
class HistoryTable {
 public:
  HistoryTable(const std::filesystem::path& folder)
      : file_(CsvFile::open(folder / Schema::kFileName,
                            std::string(bundle::kHistoryFolder) + "/" + std::string(Schema::kFileName))) {
    for (std::string_view column : Schema::kColumns) {
      auto found = file_.column(column);
      if (!found) throw InputError(file_.label(), 1, std::string(column), "", "required column missing from the header");
      columns_.push_back(*found);
    }
  }

  template <class Visit>  // visit(const Row&); CellError becomes InputError
  void for_each_row(Visit visit) const {
    for (const CsvChunk& chunk : file_.split(SIZE_MAX))
      file_.parse(
          chunk,
          [&](const CsvRecord& record) {
            const Row row(record, columns_);
            try {
              visit(row);
            } catch (const CellError& error) {
              throw InputError(file_.label(), row.line(), std::string(Schema::kColumns[error.column]), error.value,
                               error.reason);
            }
          },
          [&](const CsvSyntaxError& error) { throw InputError(file_.label(), error.line, "", error.text, error.reason); });
  }

 private:
  CsvFile file_;
  std::vector<std::size_t> columns_;
};

}  // namespace

bool has_history(const std::filesystem::path& bundle_dir) {
  const auto clock = bundle_dir / bundle::kHistoryFolder / bundle::HistoryClock::kFileName;
  return plain_or_zstd_file(clock, clock.string()).has_value();
}

void read_history(const std::filesystem::path& bundle_dir, Graph& graph) {
  const auto folder = bundle_dir / bundle::kHistoryFolder;
  auto history = std::make_shared<LifecycleHistory>();
  auto text = std::make_shared<StringArena>();
  graph.text_strings.push_back(text);

  bool clock_read = false;
  HistoryTable<bundle::HistoryClock>(folder).for_each_row([&](const Row& row) {
    if (clock_read) row.fail(bundle::HistoryClock::kStart, "the history has one clock row");
    clock_read = true;
    history->start = row.date(bundle::HistoryClock::kStart);
    history->clock = row.date(bundle::HistoryClock::kClock);
    if (!history->start.present()) row.fail(bundle::HistoryClock::kStart, "must not be empty");
    const std::string_view days = row[bundle::HistoryClock::kRetentionDays];
    int retention = -1;
    if (!days.empty() && days.size() <= 5 && std::all_of(days.begin(), days.end(), [](char c) { return c >= '0' && c <= '9'; }))
      retention = std::stoi(std::string(days));
    if (retention < 0 || retention > kMaxRetentionDays)
      row.fail(bundle::HistoryClock::kRetentionDays, "expected a number of days from 0 to " + std::to_string(kMaxRetentionDays));
    history->retention_days = retention;
  });
  if (!clock_read) throw InputError("history/lifecycle.csv", 0, "", "", "the history has no clock row");

  auto events = std::make_shared<std::vector<LoggedEvent>>();
  for (HrEvent& event : load_events(folder / bundle::HrEvents::kFileName, true))
    events->push_back({std::move(event), events->size()});
  // What each review_revoke removes.
  std::map<std::string, std::shared_ptr<ReviewRevocation>, std::less<>> reviews;
  for (const LoggedEvent& logged : *events)
    if (logged.event.type == HrEventType::kReviewRevoke) reviews.emplace(logged.event.event_id, nullptr);
  if (!reviews.empty() || plain_or_zstd_file(folder / bundle::HistoryReviewRevocations::kFileName, "history/review_revocations.csv")) {
    using R = bundle::HistoryReviewRevocations;
    constexpr std::string_view kRemovals[] = {"membership", "grant", "account"};
    HistoryTable<R>(folder).for_each_row([&](const Row& row) {
      auto found = reviews.find(row[R::kEventId]);
      if (found == reviews.end()) row.fail(R::kEventId, "no review_revoke event of this id in history/hr_events.csv");
      auto& review = found->second;
      if (!review)
        review = std::make_shared<ReviewRevocation>(ReviewRevocation{std::string(row[R::kCampaignId]),
                                                                     std::string(row[R::kItemId]),
                                                                     std::string(row[R::kReviewerId]),
                                                                     std::string(row[R::kComment]), {}});
      const auto kind = std::find(std::begin(kRemovals), std::end(kRemovals), row[R::kRemoval]);
      if (kind == std::end(kRemovals)) row.fail(R::kRemoval, "expected membership, grant or account");
      review->removals.push_back({static_cast<AccessRemoval::Kind>(kind - std::begin(kRemovals)),
                                  std::string(row[R::kAccountId]), std::string(row[R::kTargetId])});
    });
  }
  for (LoggedEvent& logged : *events) {
    if (logged.event.type != HrEventType::kReviewRevoke) continue;
    auto& review = reviews.at(logged.event.event_id);
    if (!review)
      throw InputError("history/hr_events.csv", logged.event.line, "event_id", logged.event.event_id,
                       "a review_revoke event without its removals in history/review_revocations.csv");
    logged.event.review = review;
  }
  history->event_count = events->size();
  history->batches.push_back(std::move(events));

  // Which identities have an origin, and whether they existed before the lifecycle.
  std::map<std::uint32_t, std::shared_ptr<IdentityOrigin>> origins;
  HistoryTable<bundle::HistoryOrigins>(folder).for_each_row([&](const Row& row) {
    const IdentityId id = row.reference(bundle::HistoryOrigins::kIdentityId, graph.identity_ids, "identity", true);
    auto origin = std::make_shared<IdentityOrigin>();
    origin->existed = row.boolean(bundle::HistoryOrigins::kExisted);
    origins[id.value] = std::move(origin);
  });
  auto origin_of = [&](const Row& row, std::size_t column) -> IdentityOrigin& {
    const IdentityId id = row.reference(column, graph.identity_ids, "identity", true);
    auto found = origins.find(id.value);
    if (found == origins.end() || !found->second->existed)
      row.fail(column, "not an identity with rows before the lifecycle (history/origins.csv)");
    return *found->second;
  };

  HistoryTable<bundle::Identities>(folder).for_each_row([&](const Row& row) {
    IdentityOrigin& origin = origin_of(row, bundle::Identities::kId);
    fill_identity(origin.record, row, graph, *text);
    using I = bundle::Identities;
    auto attribute = [&](std::size_t column) {
      const std::string_view value = row[column];
      return value.empty() ? AttributeId() : graph.attribute_values.intern(value, *text);
    };
    origin.record.department = attribute(I::kDepartment);
    origin.record.title = attribute(I::kTitle);
    origin.record.location = attribute(I::kLocation);
  });

  // Accounts: those the bundle no longer has were deleted since; they come back as such.
  std::map<std::uint32_t, AccountOrigin> accounts;
  HistoryTable<bundle::Accounts>(folder).for_each_row([&](const Row& row) {
    AccountOrigin account;
    fill_account(account.record, row, graph, *text);
    const std::string_view id = row.id(bundle::Accounts::kId);
    if (auto found = graph.account_ids.find(id)) {
      account.account = *found;
    } else {
      account.account = *graph.account_ids.insert(id, *text);
      AccountRecord deleted = account.record;
      deleted.deleted = true;
      deleted.status = AccountStatus::kDisabled;
      graph.accounts.push_back(deleted);
      graph.account_groups.set_row(account.account, {});
      graph.account_entitlements.set_row(account.account, {});
      graph.account_grant_rows.set_row(account.account, {});
    }
    if (!account.record.identity.valid() || !origins.count(account.record.identity.value))
      row.fail(bundle::Accounts::kIdentityId, "not an identity of history/origins.csv");
    accounts[account.account.value] = std::move(account);
  });
  auto account_of = [&](const Row& row, std::size_t column) -> AccountOrigin& {
    const AccountId id = row.reference(column, graph.account_ids, "account", true);
    auto found = accounts.find(id.value);
    if (found == accounts.end()) row.fail(column, "not an account of history/accounts.csv");
    return found->second;
  };
  HistoryTable<bundle::GroupMembers>(folder).for_each_row([&](const Row& row) {
    using M = bundle::GroupMembers;
    if (row.enumerated<MemberKind>(M::kMemberKind, true) != MemberKind::kAccount)
      row.fail(M::kMemberKind, "the history keeps account memberships only");
    account_of(row, M::kMemberId).groups.push_back(row.reference(M::kGroupId, graph.group_ids, "group", true));
  });
  HistoryTable<bundle::AccountGrants>(folder).for_each_row([&](const Row& row) {
    using G = bundle::AccountGrants;
    account_of(row, G::kAccountId)
        .grants.push_back({row.reference(G::kEntitlementId, graph.entitlement_ids, "entitlement", true),
                           row.date(G::kGrantedAt)});
  });
  HistoryTable<bundle::RoleAssignments>(folder).for_each_row([&](const Row& row) {
    using R = bundle::RoleAssignments;
    IdentityOrigin& origin = origin_of(row, R::kIdentityId);
    RoleAssignment assignment;
    assignment.role = row.reference(R::kRoleId, graph.role_ids, "role", true);
    assignment.source = row.enumerated<AssignmentSource>(R::kSource, false);
    assignment.granted_at = row.date(R::kGrantedAt);
    assignment.expires_at = row.date(R::kExpiresAt);
    origin.assignments.push_back(assignment);
  });

  for (auto& [value, account] : accounts) {
    std::sort(account.groups.begin(), account.groups.end());
    std::sort(account.grants.begin(), account.grants.end());
    IdentityOrigin& origin = *origins[account.record.identity.value];
    origin.accounts.push_back(account.account);
    origin.account_rows.push_back(std::move(account));
  }
  std::vector<std::shared_ptr<const IdentityOrigin>> by_identity(graph.identity_count());
  for (auto& [value, origin] : origins) {
    std::sort(origin->accounts.begin(), origin->accounts.end());
    by_identity[value] = std::move(origin);
  }
  history->origins = PersistentVector<std::shared_ptr<const IdentityOrigin>>(by_identity);
  graph.history = std::move(history);
}

}  // namespace accessgraph::loaders
