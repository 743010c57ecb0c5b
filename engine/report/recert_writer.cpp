#include "engine/report/recert_writer.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <nlohmann/json.hpp>

#include "core/common/stopwatch.hpp"
#include "core/common/error.hpp"
#include "core/io/csv_format.hpp"
#include "engine/query/point_queries.hpp"
#include "core/io/output_file.hpp"
#include "engine/report/output_order.hpp"
#include "engine/report/risk_scan.hpp"
#include "engine/report/campaign_items.hpp"
#include "engine/analysis/recommendation_reasons.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;

enum class ItemKind : std::uint8_t { kAccess, kOrphanAccount, kDormantAccount, kNhiNoOwner, kNhiOwnerTerminated };
constexpr std::string_view kItemKindNames[] = {"access", "orphan_account", "dormant_account", "nhi_no_owner",
                                               "nhi_owner_terminated"};
constexpr std::size_t kItemKinds = std::size(kItemKindNames);
constexpr std::size_t kRiskiestIdentities = 20;

// One queue entry, small: the text is made only for the items a queue keeps.
struct Item {
  std::uint32_t slot;  // the reviewer's dense id, or the unrouted slot
  std::uint16_t score_centi;
  ItemKind kind;
  Recommendation recommendation;
  std::uint32_t rank, second_rank;  // output order among equal scores
  std::uint64_t subject;            // access: global row of the scan; else AccountId / IdentityId
  bool also_dormant = false;        // an orphan account that is dormant too
};

bool queue_order(const Item& a, const Item& b) {
  if (a.score_centi != b.score_centi) return a.score_centi > b.score_centi;
  return std::tie(a.kind, a.rank, a.second_rank) < std::tie(b.kind, b.rank, b.second_rank);
}

// What an account (or a non-human identity) can reach: the stake of leaving it unreviewed.
struct Exposure {
  std::uint32_t holds = 0;
  std::uint8_t max_sensitivity = 0;
  bool privileged = false;
};

void append_exposure(std::string& out, const Exposure& exposure) {
  out += ";holds=" + std::to_string(exposure.holds) + ";max_sensitivity=" + std::to_string(exposure.max_sensitivity);
  if (exposure.privileged) out += ";privileged";
}

struct ItemText;

class Campaign {
 public:
  Campaign(const RiskModel& model, const FindingsEvaluator& findings, const CampaignSettings& settings)
      : model_(model),
        findings_(findings),
        graph_(model.index().graph()),
        settings_(settings),
        unrouted_slot_(static_cast<std::uint32_t>(graph_.identity_count())) {}

  CampaignCounts write(const fs::path& out_dir);

 private:
  void collect_access_items();
  void collect_account_and_identity_items();
  void add_account_item(AccountId account, bool orphan, bool dormant, std::vector<Item>& out,
                        MarkedUnion<EntitlementId>& scratch) const;
  void add_ownerless_item(IdentityId identity, ItemKind kind, std::vector<Item>& out,
                          MarkedUnion<EntitlementId>& scratch) const;
  Exposure exposure_of_account(AccountId account, MarkedUnion<EntitlementId>& scratch) const;
  Exposure exposure_of_identity(IdentityId identity, MarkedUnion<EntitlementId>& scratch) const;
  std::uint32_t slot_of(IdentityId reviewer) const { return reviewer.valid() ? reviewer.value : unrouted_slot_; }
  struct QueueText {
    std::string queue;   // the reviewer's file
    std::string stored;  // the state directory's rows (settings.store only)
  };
  QueueText queue_text(std::span<const Item> items) const;
  ItemText item_text(const Item& item, MarkedUnion<EntitlementId>& scratch) const;
  void describe_identity(ItemText& text, IdentityId identity) const;
  std::string queue_file(std::uint32_t slot) const {
    std::string name = slot == unrouted_slot_ ? std::string("_unrouted.csv")
                                              : queue_file_name(graph_.identity_ids.name(IdentityId(slot)));
    if (settings_.json) name.replace(name.size() - 4, 4, ".jsonl");
    if (settings_.compress) name += ".zst";  // OutputFile compresses by the name
    return name;
  }
  void write_queues(const fs::path& out_dir);
  void rank_identities(std::span<const Item> items);
  void write_summary(const fs::path& out_dir) const;
  const ScoredAccess& access_row(std::uint64_t global) const;

  const RiskModel& model_;
  const FindingsEvaluator& findings_;
  const Graph& graph_;
  CampaignSettings settings_;
  const std::uint32_t unrouted_slot_;

  RiskScan scan_;
  std::uint64_t left_out_ = 0;
  std::vector<std::uint32_t> account_rank_;
  std::vector<Item> items_;
  std::array<std::uint64_t, kFindingTypeNames.size()> finding_counts_{};

  struct Queue {
    std::uint32_t slot;
    std::string file;
    std::uint64_t items = 0, deferred = 0;
    std::uint16_t top_score_centi = 0;
  };
  std::vector<Queue> queues_;
  std::array<std::uint64_t, 3> queued_by_recommendation_{};
  std::array<std::uint64_t, kItemKinds> queued_by_kind_{};
  struct IdentityRisk {
    IdentityId identity;
    std::uint16_t top_score_centi = 0;
    std::uint32_t items = 0, revoke = 0;
  };
  std::vector<IdentityRisk> riskiest_;
};

void Campaign::collect_access_items() {
  std::atomic<std::uint64_t> left_out{0};
  scan_ = scan_risk(model_, [&](const ScoredAccess& s) {
    if (s.score_centi < settings_.min_score_centi) return false;
    if (settings_.leave_out && settings_.leave_out(s.identity, s.entitlement)) {
      left_out.fetch_add(1, std::memory_order_relaxed);
      return false;
    }
    return true;
  }, settings_.progress);
  left_out_ = left_out.load();
  items_.resize(scan_.rows);
  tbb::parallel_for(std::size_t{0}, scan_.blocks.size(), [&](std::size_t b) {
    const auto& rows = scan_.blocks[b];
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const ScoredAccess& row = rows[i];
      items_[scan_.first_row[b] + i] = {slot_of(model_.reviewers().for_access(row.identity, row.entitlement)),
                                   row.score_centi,
                                   ItemKind::kAccess,
                                   row.recommendation,
                                   scan_.identity_rank[row.identity.value],
                                   scan_.entitlement_rank[row.entitlement.value],
                                   scan_.first_row[b] + i,
                                   false};
    }
  });
}

const ScoredAccess& Campaign::access_row(std::uint64_t global) const { return scan_.row(global); }

Exposure Campaign::exposure_of_account(AccountId account, MarkedUnion<EntitlementId>& reach) const {
  reach.begin();
  reach.add_all(graph_.account_entitlements[account]);
  for (GroupId group : graph_.account_groups[account]) model_.index().add_group_access(group, reach);
  Exposure exposure{static_cast<std::uint32_t>(reach.items().size()), 0, graph_.accounts[account.value].privileged};
  for (EntitlementId e : reach.items())
    exposure.max_sensitivity = std::max(exposure.max_sensitivity, graph_.entitlements[e.value].sensitivity);
  exposure.max_sensitivity = std::min<std::uint8_t>(exposure.max_sensitivity, 3);
  return exposure;
}

Exposure Campaign::exposure_of_identity(IdentityId identity, MarkedUnion<EntitlementId>& reach) const {
  reach.begin();
  model_.index().add_actual_access(identity, reach);
  Exposure exposure{static_cast<std::uint32_t>(reach.items().size()), 0, false};
  for (AccountId account : graph_.identity_accounts[identity])
    exposure.privileged |= graph_.accounts[account.value].enabled() && graph_.accounts[account.value].privileged;
  for (EntitlementId e : reach.items())
    exposure.max_sensitivity = std::max(exposure.max_sensitivity, graph_.entitlements[e.value].sensitivity);
  exposure.max_sensitivity = std::min<std::uint8_t>(exposure.max_sensitivity, 3);
  return exposure;
}

void Campaign::add_account_item(AccountId account, bool orphan, bool dormant, std::vector<Item>& out,
                                MarkedUnion<EntitlementId>& scratch) const {
  const RiskPolicy& p = model_.policy();
  const Exposure exposure = exposure_of_account(account, scratch);
  const double risks[] = {orphan ? p.campaign.orphan_account : 0.0, dormant ? p.campaign.dormant_account : 0.0,
                          p.sensitivity[exposure.max_sensitivity], exposure.privileged ? p.account.privileged : 0.0};
  const double score = RiskModel::score(risks);
  const std::uint16_t centi = RiskModel::score_centi(score);
  if (centi < settings_.min_score_centi) return;
  const Recommendation recommendation = orphan || score >= p.recommendation.revoke_min_score ? Recommendation::kRevoke
                                                                                             : Recommendation::kReview;
  out.push_back({slot_of(model_.reviewers().for_system(graph_.accounts[account.value].system)), centi,
                 orphan ? ItemKind::kOrphanAccount : ItemKind::kDormantAccount, recommendation,
                 account_rank_[account.value], 0, account.value, orphan && dormant});
}

void Campaign::add_ownerless_item(IdentityId identity, ItemKind kind, std::vector<Item>& out,
                                  MarkedUnion<EntitlementId>& scratch) const {
  const RiskPolicy& p = model_.policy();
  const Exposure exposure = exposure_of_identity(identity, scratch);
  const double risks[] = {p.campaign.nhi_no_owner, p.sensitivity[exposure.max_sensitivity],
                          exposure.privileged ? p.account.privileged : 0.0};
  const std::uint16_t centi = RiskModel::score_centi(RiskModel::score(risks));
  if (centi < settings_.min_score_centi) return;
  std::vector<IdentityId> reviewers = model_.reviewers().for_ownerless(identity);
  if (reviewers.empty()) reviewers.push_back({});
  for (IdentityId reviewer : reviewers)
    out.push_back({slot_of(reviewer), centi, kind, Recommendation::kReview, scan_.identity_rank[identity.value], 0,
                   identity.value, false});
}

void Campaign::collect_account_and_identity_items() {
  account_rank_ = csv_output_rank(graph_.account_ids);
  struct Local {
    std::vector<Item> items;
    std::array<std::uint64_t, kFindingTypeNames.size()> counts{};
    FindingsEvaluator::Scratch findings;
    MarkedUnion<EntitlementId> reach;
  };
  tbb::enumerable_thread_specific<Local> locals(
      [&] { return Local{{}, {}, findings_.make_scratch(), model_.index().make_entitlement_scratch()}; });
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(graph_.accounts.size()), 4096),
                    [&](const auto& range) {
                      Local& local = locals.local();
                      for (std::uint32_t a = range.begin(); a != range.end(); ++a) {
                        bool orphan = false, dormant = false;
                        findings_.account_findings(AccountId(a), [&](const FindingRecord& f) {
                          ++local.counts[static_cast<std::size_t>(f.type)];
                          orphan |= f.type == FindingType::kOrphanAccount;
                          dormant |= f.type == FindingType::kDormantAccount;
                        });
                        if (orphan || dormant) add_account_item(AccountId(a), orphan, dormant, local.items, local.reach);
                      }
                    });
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, static_cast<std::uint32_t>(graph_.identity_count()), 1024),
                    [&](const auto& range) {
                      Local& local = locals.local();
                      for (std::uint32_t i = range.begin(); i != range.end(); ++i) {
                        std::optional<ItemKind> ownerless;
                        findings_.identity_findings(IdentityId(i), local.findings, [&](const FindingRecord& f) {
                          ++local.counts[static_cast<std::size_t>(f.type)];
                          if (f.type == FindingType::kNhiNoOwner) ownerless = ItemKind::kNhiNoOwner;
                          if (f.type == FindingType::kNhiOwnerTerminated) ownerless = ItemKind::kNhiOwnerTerminated;
                        });
                        if (ownerless) add_ownerless_item(IdentityId(i), *ownerless, local.items, local.reach);
                      }
                    });
  for (Local& local : locals) {
    items_.insert(items_.end(), local.items.begin(), local.items.end());
    for (std::size_t t = 0; t < finding_counts_.size(); ++t) finding_counts_[t] += local.counts[t];
  }
}

std::string path_text(const std::vector<PathNode>& path) {
  // The chain between the identity and the entitlement, which have columns of their own.
  std::string text;
  for (std::size_t n = 1; n + 1 < path.size(); ++n)
    text.append(text.empty() ? "" : " > ").append(path[n].kind).append(":").append(path[n].id);
  return text;
}

// Everything a reviewer needs to decide one item without looking anything up.
struct ItemText {
  std::string item_id, kind, identity, identity_name, title, department, manager_name, account, entitlement,
      entitlement_name, system_name, sensitivity, last_used, score, recommendation, reasons, factors, path,
      expected_path, reviewer;
};

void Campaign::describe_identity(ItemText& text, IdentityId identity) const {
  if (!identity.valid()) return;
  const IdentityRecord& record = graph_.identities[identity.value];
  text.identity_name = record.display_name;
  text.title = id_or_empty(graph_.attribute_values, record.title);
  text.department = id_or_empty(graph_.attribute_values, record.department);
  if (record.manager.valid()) text.manager_name = graph_.identities[record.manager.value].display_name;
}

ItemText Campaign::item_text(const Item& item, MarkedUnion<EntitlementId>& scratch) const {
  ItemText text;
  text.kind = kItemKindNames[static_cast<std::size_t>(item.kind)];
  if (item.kind == ItemKind::kAccess) {
    const ScoredAccess& row = access_row(item.subject);
    const ExplainResult why = explain_access(model_.index(), row.identity, row.entitlement);
    text.identity = why.identity;
    text.entitlement = why.entitlement;
    describe_identity(text, row.identity);
    const EntitlementRecord& entitlement = graph_.entitlements[row.entitlement.value];
    text.entitlement_name = entitlement.name;
    text.system_name = graph_.systems[entitlement.system.value].name;
    text.sensitivity = std::to_string(entitlement.sensitivity);
    if (row.factors.usage == UsageState::kKnown)
      text.last_used = model_.index().as_of().plus_days(-row.factors.days_unused).to_string();
    if (why.actual.size() > 1 && why.actual[1].kind == "account") text.account = why.actual[1].id;
    append_factors(text.factors, model_, row);
    text.reasons = recommendation_reasons(row.factors, row.score_centi / 100.0, row.recommendation, model_.policy());
    text.path = path_text(why.actual);
    text.expected_path = path_text(why.expected_path);
  } else if (item.kind == ItemKind::kOrphanAccount || item.kind == ItemKind::kDormantAccount) {
    const AccountId subject(static_cast<std::uint32_t>(item.subject));
    const AccountRecord& record = graph_.accounts[subject.value];
    text.identity = record.identity_cell;
    describe_identity(text, record.identity);
    text.account = graph_.account_ids.name(subject);
    text.system_name = graph_.systems[record.system.value].name;
    const Exposure exposure = exposure_of_account(subject, scratch);
    text.factors = text.kind;
    if (item.kind == ItemKind::kOrphanAccount && item.also_dormant) text.factors += ";dormant_account";
    append_exposure(text.factors, exposure);
    text.sensitivity = std::to_string(exposure.max_sensitivity);
    const Date last = record.last_used.present() ? record.last_used : record.created;
    std::string idle;
    if (last.present()) {
      const int days = model_.index().as_of().days() - last.days();
      text.factors += ";idle=" + std::to_string(days) + "d";
      idle = "; idle for " + std::to_string(days) + " days";
    }
    if (record.last_used.present()) text.last_used = record.last_used.to_string();
    text.reasons = (item.kind == ItemKind::kOrphanAccount ? "enabled account that names no identity"
                                                          : "enabled account not used for a long time") +
                   idle + "; gives " + std::to_string(exposure.holds) + " entitlements, up to sensitivity " +
                   std::to_string(exposure.max_sensitivity) + (exposure.privileged ? "; privileged" : "");
  } else {
    const IdentityId subject(static_cast<std::uint32_t>(item.subject));
    text.identity = graph_.identity_ids.name(subject);
    describe_identity(text, subject);
    const Exposure exposure = exposure_of_identity(subject, scratch);
    text.factors = text.kind + ";kind=" + std::string(to_string(graph_.identities[subject.value].kind));
    append_exposure(text.factors, exposure);
    text.sensitivity = std::to_string(exposure.max_sensitivity);
    text.reasons = std::string(item.kind == ItemKind::kNhiNoOwner ? "non-human identity with no owner"
                                                                  : "non-human identity whose owner has left") +
                   "; holds " + std::to_string(exposure.holds) + " entitlements, up to sensitivity " +
                   std::to_string(exposure.max_sensitivity) + (exposure.privileged ? "; privileged" : "");
  }
  append_score(text.score, item.score_centi);
  text.recommendation = recommendation_name(item.recommendation);
  if (item.slot != unrouted_slot_) text.reviewer = graph_.identity_ids.name(IdentityId(item.slot));
  text.item_id = campaign_item_id(settings_.campaign_id, text.kind, text.identity, text.account, text.entitlement,
                                  text.reviewer);
  return text;
}

constexpr std::string_view kQueueColumns[] = {
    "item_id",      "kind",           "identity_id", "identity_name", "title",          "department",
    "manager_name", "account_id",     "entitlement_id", "entitlement_name", "system_name", "sensitivity",
    "last_used",    "score",          "recommendation", "reasons",   "factors",        "path",
    "expected_path", "reviewer_id",   "decision",    "comment"};

void append_queue_row(std::string& out, const ItemText& t, bool json) {
  if (!json)
    return append_human_csv_row(out, t.item_id, t.kind, t.identity, t.identity_name, t.title, t.department,
                                t.manager_name, t.account, t.entitlement, t.entitlement_name, t.system_name,
                                t.sensitivity, t.last_used, t.score, t.recommendation, t.reasons, t.factors, t.path,
                                t.expected_path, t.reviewer, "", "");
  const std::string_view values[] = {t.item_id,     t.kind,           t.identity,   t.identity_name,  t.title,
                                     t.department,  t.manager_name,   t.account,    t.entitlement,    t.entitlement_name,
                                     t.system_name, t.sensitivity,    t.last_used,  t.score,          t.recommendation,
                                     t.reasons,     t.factors,        t.path,       t.expected_path,  t.reviewer,
                                     "",            ""};
  nlohmann::ordered_json row;
  for (std::size_t c = 0; c < std::size(kQueueColumns); ++c) {
    const std::string_view column = kQueueColumns[c];
    if (column == "score") row[std::string(column)] = std::stod(std::string(values[c]));
    else if (column == "sensitivity" && !values[c].empty()) row[std::string(column)] = std::stoi(std::string(values[c]));
    else row[std::string(column)] = values[c];
  }
  out += row.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace);
  out += '\n';
}

Campaign::QueueText Campaign::queue_text(std::span<const Item> items) const {
  QueueText out;
  if (!settings_.json) {
    for (std::string_view column : kQueueColumns) out.queue.append(out.queue.empty() ? "" : ",").append(column);
    out.queue += '\n';
  }
  MarkedUnion<EntitlementId> scratch = model_.index().make_entitlement_scratch();
  for (const Item& item : items) {
    const ItemText text = item_text(item, scratch);
    append_queue_row(out.queue, text, settings_.json);
    if (settings_.store)
      append_stored_item(out.stored, {text.item_id, text.kind, text.identity, text.account, text.entitlement,
                                      text.reviewer, text.score, text.recommendation});
  }
  return out;
}

void write_whole_file(const fs::path& path, std::string_view text) {
  OutputFile file(path, OutputFile::Durability::kNoFsync);
  file.write(text);
  file.commit();
}

// The queues appear together or not at all: written into a staging folder, then
// renamed into place. Like the other batch reports they are recomputable from the
// bundle, so no fsync waits for the disk (there may be thousands of files).
void Campaign::write_queues(const fs::path& out_dir) {
  // Group by reviewer with a stable counting sort over slots.
  std::vector<std::uint64_t> start(unrouted_slot_ + 2, 0);
  for (const Item& item : items_) ++start[item.slot + 1];
  for (std::size_t slot = 0; slot + 1 < start.size(); ++slot) start[slot + 1] += start[slot];
  std::vector<Item> grouped(items_.size());
  {
    std::vector<std::uint64_t> cursor(start.begin(), start.end() - 1);
    for (const Item& item : items_) grouped[cursor[item.slot]++] = item;
  }
  std::vector<Item>().swap(items_);
  for (std::uint32_t slot = 0; slot <= unrouted_slot_; ++slot)
    if (start[slot + 1] > start[slot])
      queues_.push_back({slot, queue_file(slot)});

  const fs::path staging = out_dir / ".queues.tmp";
  fs::remove_all(staging);
  fs::create_directories(staging);
  // Queues are written in parallel, a batch at a time, so that their stored rows can
  // reach the store in queue order without all of them in memory at once.
  constexpr std::size_t kBatch = 256;
  ProgressPhase writing = progress_phase(settings_.progress, "recert_write", queues_.size());
  for (std::size_t first = 0; first < queues_.size(); first += kBatch) {
    const std::size_t last = std::min(queues_.size(), first + kBatch);
    std::vector<std::string> stored(last - first);
    tbb::parallel_for(first, last, [&](std::size_t q) {
      Queue& queue = queues_[q];
      std::span<Item> items(grouped.data() + start[queue.slot], grouped.data() + start[queue.slot + 1]);
      std::size_t kept = items.size();
      if (settings_.max_items_per_reviewer > 0 && kept > settings_.max_items_per_reviewer) {
        kept = settings_.max_items_per_reviewer;
        std::partial_sort(items.begin(), items.begin() + kept, items.end(), queue_order);
      } else {
        std::sort(items.begin(), items.end(), queue_order);
      }
      queue.items = kept;
      queue.deferred = items.size() - kept;
      queue.top_score_centi = items.front().score_centi;
      QueueText text = queue_text(items.first(kept));
      write_whole_file(staging / queue.file, text.queue);
      stored[q - first] = std::move(text.stored);
      writing.advance();
    });
    if (settings_.store)
      for (std::size_t q = first; q < last; ++q)
        settings_.store(queues_[q].slot == unrouted_slot_ ? std::string_view()
                                                          : graph_.identity_ids.name(IdentityId(queues_[q].slot)),
                        stored[q - first], queues_[q].items);
  }
  for (const Queue& queue : queues_)
    for (std::uint64_t i = start[queue.slot]; i < start[queue.slot] + queue.items; ++i) {
      ++queued_by_recommendation_[static_cast<std::size_t>(grouped[i].recommendation)];
      ++queued_by_kind_[static_cast<std::size_t>(grouped[i].kind)];
    }
  writing.finish();
  rank_identities(grouped);

  fs::remove_all(out_dir / "queues");
  fs::rename(staging, out_dir / "queues");
}

// The identities with the riskiest access items (queued or deferred).
void Campaign::rank_identities(std::span<const Item> items) {
  std::vector<IdentityRisk> per_identity(graph_.identity_count());
  for (const Item& item : items) {
    if (item.kind != ItemKind::kAccess) continue;
    IdentityRisk& risk = per_identity[access_row(item.subject).identity.value];
    risk.top_score_centi = std::max(risk.top_score_centi, item.score_centi);
    ++risk.items;
    risk.revoke += item.recommendation == Recommendation::kRevoke;
  }
  for (std::uint32_t i = 0; i < per_identity.size(); ++i) per_identity[i].identity = IdentityId(i);
  std::erase_if(per_identity, [](const IdentityRisk& risk) { return risk.items == 0; });
  auto riskier = [&](const IdentityRisk& a, const IdentityRisk& b) {
    if (a.top_score_centi != b.top_score_centi) return a.top_score_centi > b.top_score_centi;
    if (a.items != b.items) return a.items > b.items;
    return scan_.identity_rank[a.identity.value] < scan_.identity_rank[b.identity.value];
  };
  const std::size_t top = std::min(kRiskiestIdentities, per_identity.size());
  std::partial_sort(per_identity.begin(), per_identity.begin() + top, per_identity.end(), riskier);
  per_identity.resize(top);
  riskiest_ = std::move(per_identity);
}

double score_value(std::uint16_t centi) { return centi / 100.0; }

void Campaign::write_summary(const fs::path& out_dir) const {
  using Json = nlohmann::ordered_json;
  std::uint64_t queued = 0, deferred = 0, unrouted = 0;
  Json queues = Json::array();
  for (const Queue& queue : queues_) {
    queued += queue.items;
    deferred += queue.deferred;
    const bool routed = queue.slot != unrouted_slot_;
    if (!routed) unrouted = queue.items;
    queues.push_back({{"reviewer_id", routed ? std::string(graph_.identity_ids.name(IdentityId(queue.slot))) : ""},
                      {"file", "queues/" + queue.file},
                      {"items", queue.items},
                      {"deferred", queue.deferred},
                      {"top_score", score_value(queue.top_score_centi)}});
  }
  Json by_kind = Json::object(), by_recommendation = Json::object(), findings = Json::object();
  for (std::size_t k = 0; k < kItemKinds; ++k) by_kind[std::string(kItemKindNames[k])] = queued_by_kind_[k];
  for (std::size_t r = 0; r < queued_by_recommendation_.size(); ++r)
    by_recommendation[std::string(recommendation_name(static_cast<Recommendation>(r)))] = queued_by_recommendation_[r];
  for (std::size_t t = 0; t < finding_counts_.size(); ++t) findings[std::string(kFindingTypeNames[t])] = finding_counts_[t];
  Json riskiest = Json::array();
  for (const IdentityRisk& risk : riskiest_)
    riskiest.push_back({{"identity_id", graph_.identity_ids.name(risk.identity)},
                        {"top_score", score_value(risk.top_score_centi)},
                        {"access_items", risk.items},
                        {"revoke", risk.revoke}});
  const std::uint64_t approvable = queued_by_recommendation_[static_cast<std::size_t>(Recommendation::kApprove)];
  Json summary;
  summary["campaign_id"] = settings_.campaign_id;
  summary["as_of"] = model_.index().as_of().to_string();
  summary["min_score"] = score_value(settings_.min_score_centi);
  summary["max_items_per_reviewer"] = settings_.max_items_per_reviewer;
  summary["items"] = queued;
  summary["deferred_by_cap"] = deferred;
  summary["left_out_certified_or_unchanged"] = left_out_;
  summary["reviewers"] = queues_.size() - (unrouted > 0 ? 1 : 0);
  summary["unrouted_items"] = unrouted;
  summary["auto_approvable_share"] = queued ? double(approvable) / double(queued) : 0.0;
  summary["items_by_kind"] = by_kind;
  summary["items_by_recommendation"] = by_recommendation;
  summary["findings"] = findings;
  summary["riskiest_identities"] = riskiest;
  summary["queues"] = queues;
  OutputFile file(out_dir / "campaign.json");
  file.write(summary.dump(2) + "\n");
  file.commit();
}

CampaignCounts Campaign::write(const fs::path& out_dir) {
  CampaignCounts counts;
  Stopwatch clock;
  collect_access_items();
  counts.timings_seconds.emplace_back("recert_score", clock.lap());
  if (!settings_.access_only) collect_account_and_identity_items();
  counts.timings_seconds.emplace_back("recert_findings", clock.lap());
  fs::create_directories(out_dir);
  write_queues(out_dir);
  write_summary(out_dir);
  counts.timings_seconds.emplace_back("recert_write", clock.seconds());
  counts.left_out = left_out_;
  for (const Queue& queue : queues_) {
    counts.items += queue.items;
    counts.deferred += queue.deferred;
    if (queue.slot == unrouted_slot_) counts.unrouted = queue.items;
    else ++counts.reviewers;
  }
  const std::uint64_t approvable = queued_by_recommendation_[static_cast<std::size_t>(Recommendation::kApprove)];
  counts.auto_approvable_share = counts.items ? double(approvable) / double(counts.items) : 0.0;
  return counts;
}

}  // namespace

std::string queue_file_name(std::string_view reviewer_id) {
  constexpr std::size_t kMaxStem = 120;
  auto plain_char = [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' ||
           c == '-';
  };
  // Plain: only [A-Za-z0-9._-], not starting with . _ or - (hidden files, "_unrouted",
  // options), not too long. Every other name carries '~' and a hash of the id, which
  // no plain name has, so names never collide; its stem has the id's plain characters
  // with '_' for the others, and for a leading '.' or '-' too (".." is "__~HASH.csv",
  // "-2+3" is "_2_3~HASH.csv": never hidden, never read as an option).
  bool plain = !reviewer_id.empty() && reviewer_id.size() <= kMaxStem && reviewer_id.front() != '.' &&
               reviewer_id.front() != '_' && reviewer_id.front() != '-';
  std::string stem;
  for (char c : reviewer_id.substr(0, kMaxStem)) {
    plain &= plain_char(c);
    stem.push_back(plain_char(c) ? c : '_');
  }
  if (plain) return stem + ".csv";
  for (char& c : stem) {
    if (c != '.' && c != '-') break;
    c = '_';
  }
  std::uint64_t hash = 14695981039346656037ULL;  // FNV-1a, 64 bit
  for (unsigned char c : reviewer_id) hash = (hash ^ c) * 1099511628211ULL;
  char suffix[24];
  std::snprintf(suffix, sizeof suffix, "~%016llx.csv", static_cast<unsigned long long>(hash));
  return stem + suffix;
}

CampaignCounts write_campaign(const RiskModel& model, const FindingsEvaluator& findings,
                              const CampaignSettings& settings, const std::filesystem::path& out_dir) {
  return Campaign(model, findings, settings).write(out_dir);
}

}  // namespace accessgraph
