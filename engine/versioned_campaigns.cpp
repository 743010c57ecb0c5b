// The review loop on a state directory (SPEC section 9, docs/review.md): VersionedEngine's
// open_campaign, decide and close_campaign. A campaign's items live in
// DIR/campaigns/ID/items.csv (engine/report/campaign_items.hpp); what happens to them
// is in the event log (engine/review/review_records.hpp), so the ledger and the graph
// are both rebuilt from the log on open, and a revocation is a review_revoke event on
// its identity's timeline (history shows it, a late HR event replays around it).
#include <absl/container/flat_hash_set.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <unordered_map>

#include "accessgraph/history.hpp"
#include "core/io/csv_format.hpp"
#include "core/io/output_file.hpp"
#include "engine/analysis/risk_policy.hpp"
#include "engine/batch/recertify.hpp"
#include "engine/report/campaign_items.hpp"
#include "engine/review/decision_file.hpp"
#include "engine/review/revocation_plan.hpp"
#include "engine/version/version_state.hpp"
#include "engine/version/versioned_engine_impl.hpp"

namespace accessgraph {
namespace {

namespace fs = std::filesystem;

fs::path campaign_folder(const StatePaths& paths, std::string_view id) {
  return paths.dir / "campaigns" / std::string(id);
}

// The state's clock, where campaigns are scored and decisions take effect.
Date clock_of(const Engine& engine) {
  const auto& history = state_of(engine).graph.history;
  return history ? history->current_clock() : engine.as_of();
}

int retention_of(const Engine& engine) {
  const auto& history = state_of(engine).graph.history;
  return history ? history->retention_days : 90;
}

std::uint64_t pair_key(IdentityId identity, EntitlementId entitlement) {
  return (std::uint64_t{identity.value} << 32) | entitlement.value;
}

// (identity, entitlement) pairs certified until after `clock`: left out of a new campaign.
absl::flat_hash_set<std::uint64_t> certified_pairs(const ReviewLedger& ledger, const Graph& g, Date clock) {
  absl::flat_hash_set<std::uint64_t> pairs;
  for (const auto& [id, campaign] : ledger.campaigns())
    for (const auto& [item, decision] : campaign.decided) {
      if (decision.kind != DecisionKind::kCertify || decision.item_kind != "access") continue;
      const auto until = ledger.certified_until(decision.identity_id, decision.entitlement_id);
      if (!until || *until <= clock) continue;
      const auto identity = g.identity_ids.find(decision.identity_id);
      const auto entitlement = g.entitlement_ids.find(decision.entitlement_id);
      if (identity && entitlement) pairs.insert(pair_key(*identity, *entitlement));
    }
  return pairs;
}

// Micro-certification: the access of identities touched by HR events dated on or
// after `since` that changed: gained since then, or kept from before without a role
// or rule that justifies it now (a mover's old access).
absl::flat_hash_set<std::uint64_t> changed_pairs(const Engine& engine, Date since) {
  const VersionState& state = state_of(engine);
  const Graph& g = state.graph;
  std::set<std::string> touched;
  if (g.history)
    g.history->for_each_event([&](const LoggedEvent& logged) {
      if (logged.event.type != HrEventType::kReviewRevoke && logged.event.effective_date >= since)
        touched.insert(logged.event.identity_id);
    });
  absl::flat_hash_set<std::uint64_t> pairs;
  if (touched.empty()) return pairs;
  const StateHistory history(engine);
  const std::string since_text = since.to_string();
  for (const std::string& name : touched) {
    const auto identity = g.identity_ids.find(name);
    if (!identity) continue;
    std::set<std::string> gained;
    for (const AccessChange& change : history.history(name).changes)
      if (change.effective_date >= since_text) {
        if (change.change == "gained") gained.insert(change.entitlement_id);
        else gained.erase(change.entitlement_id);
      }
    MarkedUnion<EntitlementId> actual = state.index->make_entitlement_scratch();
    actual.begin();
    state.index->add_actual_access(*identity, actual);
    for (EntitlementId e : actual.items())
      if (gained.count(std::string(g.entitlement_ids.name(e))) || !state.index->expects(*identity, e))
        pairs.insert(pair_key(*identity, e));
  }
  return pairs;
}

Date certified_until(const CampaignRecord& record, Date decided_on, std::uint16_t score_centi) {
  const double score = score_centi / 100.0;
  const std::size_t band = score >= record.band_limits[1] ? 2 : score >= record.band_limits[0] ? 1 : 0;
  return decided_on.plus_days(record.certify_days[band]);
}

std::uint16_t centi_of(std::string_view score) {
  return static_cast<std::uint16_t>(std::lround(std::stod(std::string(score)) * 100));
}

// The stored items of the named queues (all of them when `queues` is null), by item id.
std::unordered_map<std::string, StoredItem> read_queues(const fs::path& file, const CampaignRecord& record,
                                                        const std::set<std::string>* queues) {
  std::unordered_map<std::string, StoredItem> items;
  for (const ReviewerItems& range : record.reviewers) {
    if (queues && !queues->count(range.reviewer_id)) continue;
    for (StoredItem& item : read_stored_items(file, range.offset, range.bytes)) {
      std::string id = item.item_id;
      items.emplace(std::move(id), std::move(item));
    }
  }
  return items;
}

// Every stored item in file order.
std::vector<StoredItem> read_all_items(const fs::path& file, const CampaignRecord& record) {
  std::vector<StoredItem> items;
  for (const ReviewerItems& range : record.reviewers) {
    auto part = read_stored_items(file, range.offset, range.bytes);
    items.insert(items.end(), std::make_move_iterator(part.begin()), std::make_move_iterator(part.end()));
  }
  return items;
}

CampaignProgress progress_of(const CampaignState& state) {
  const CampaignRecord& record = state.record;
  CampaignProgress progress;
  progress.campaign_id = record.campaign_id;
  progress.opened_on = record.opened_on.to_string();
  progress.since = record.since;
  progress.closed = state.closed;
  progress.closed_on = state.closed ? state.closed_on.to_string() : "";
  progress.items = record.items;
  std::map<std::string, ReviewerProgress> reviewers;
  for (const ReviewerItems& range : record.reviewers) reviewers[range.reviewer_id].items += range.items;
  for (const auto& [item, moved] : state.reassigned) {
    // An item decided before... cannot be reassigned; one reassigned counts with its reviewer now.
    --reviewers[moved.queue_of].items;
    ++reviewers[moved.queue_of].reassigned_away;
    ++reviewers[moved.to].items;
  }
  for (const auto& [item, decision] : state.decided) {
    const auto moved = state.reassigned.find(item);
    ReviewerProgress& reviewer =
        reviewers[moved != state.reassigned.end() ? moved->second.to : decision.queue_of];
    ++reviewer.decided;
    ++progress.decided;
    if (decision.kind == DecisionKind::kCertify) ++reviewer.certified, ++progress.certified;
    if (decision.kind == DecisionKind::kRevoke) ++reviewer.revoked, ++progress.revoked;
  }
  progress.reassigned = state.reassigned.size();
  progress.pending = progress.items - progress.decided;
  for (auto& [id, reviewer] : reviewers) {
    reviewer.reviewer_id = id;
    reviewer.pending = reviewer.items - reviewer.decided;
    progress.reviewers.push_back(reviewer);
  }
  return progress;
}

// The item's reviewer now: whoever it was reassigned to, else its queue's reviewer.
const std::string& reviewer_now(const CampaignState& state, const StoredItem& item) {
  const auto moved = state.reassigned.find(item.item_id);
  return moved != state.reassigned.end() ? moved->second.to : item.reviewer_id;
}

// A certify or revoke of a stored item at `clock`: its subject, and the certification's
// end or what the revocation removes (on `index`, the version it is decided on).
DecisionRecord decision_on(const StoredItem& item, DecisionKind kind, const CampaignRecord& campaign, Date clock,
                           const AccessIndex& index) {
  DecisionRecord d;
  d.item_id = item.item_id;
  d.kind = kind;
  d.queue_of = item.reviewer_id;
  d.item_kind = item.kind;
  d.identity_id = item.identity_id;
  d.account_id = item.account_id;
  d.entitlement_id = item.entitlement_id;
  d.score_centi = centi_of(item.score);
  if (kind == DecisionKind::kCertify) d.certified_until = certified_until(campaign, clock, d.score_centi);
  if (kind == DecisionKind::kRevoke) {
    RevocationPlan plan = plan_revocation(index, item);
    d.removals = std::move(plan.removals);
    d.also_removed = std::move(plan.also_removed);
    d.unapplied = std::move(plan.unapplied);
  }
  return d;
}

// The campaign a decide or close acts on; NotFoundError, or ArgumentError once closed.
const CampaignState& open_campaign_state(const ReviewLedger& ledger, const std::string& id) {
  const CampaignState* state = ledger.campaign(id);
  if (!state) throw NotFoundError("campaign", id);
  if (state->closed)
    throw ArgumentError("campaign", id, "was closed on " + state->closed_on.to_string() + ": it takes no more decisions");
  return *state;
}

std::string plan_text(const DecisionRecord& d) {
  if (d.kind != DecisionKind::kRevoke) return "";
  std::string text;
  for (const AccessRemoval& r : d.removals) {
    if (!text.empty()) text += "; ";
    switch (r.kind) {
      case AccessRemoval::Kind::kMembership: text += "remove_member " + r.account_id + " " + r.target_id; break;
      case AccessRemoval::Kind::kGrant: text += "revoke " + r.account_id + " " + r.target_id; break;
      case AccessRemoval::Kind::kAccount: text += "disable_account " + r.account_id; break;
    }
  }
  if (!d.also_removed.empty()) {
    text += " (also removes:";
    for (const std::string& e : d.also_removed) text += " " + e;
    text += ")";
  }
  if (!d.unapplied.empty()) text += (text.empty() ? "" : "; ") + ("nothing applied: " + d.unapplied);
  if (text.empty()) text = "nothing to remove: the access was already gone";
  return text;
}

}  // namespace

CampaignOpened VersionedEngine::open_campaign(const CampaignOptions& options) {
  std::lock_guard lock(impl_->apply_mutex);
  impl_->require_writer("recert --state");
  Impl& impl = *impl_;
  Engine base = impl.current();
  const Date clock = clock_of(base);
  if (base.as_of() != clock) base = base.evaluated_at(clock);
  const RiskPolicy policy = RiskPolicy::load(options.recert.policy_file);  // InputError before anything is written
  if (options.since.present() && options.since > clock)
    throw ArgumentError("since", options.since.to_string(), "after the state's clock " + clock.to_string());

  CampaignRecord record;
  record.campaign_id = impl.ledger.next_campaign_id(clock);
  record.opened_on = clock;
  record.since = options.since.present() ? options.since.to_string() : "";
  record.certify_days = policy.certification.valid_days;
  record.band_limits = {policy.certification.medium_from_score, policy.certification.high_from_score};
  record.close_default = policy.certification.close_default;

  const Graph& g = state_of(base).graph;
  const auto certified = certified_pairs(impl.ledger, g, clock);
  std::optional<absl::flat_hash_set<std::uint64_t>> changed;
  if (options.since.present()) changed = changed_pairs(base, options.since);
  CampaignSettings settings;
  settings.campaign_id = record.campaign_id;
  settings.access_only = options.since.present();
  if (!certified.empty() || changed)
    settings.leave_out = [&](IdentityId identity, EntitlementId entitlement) {
      const std::uint64_t key = pair_key(identity, entitlement);
      return certified.contains(key) || (changed && !changed->contains(key));
    };

  // The items go to a staging folder first: a campaign folder exists only for a logged campaign.
  const fs::path folder = campaign_folder(*impl.paths, record.campaign_id);
  const fs::path staging = folder.parent_path() / ("." + record.campaign_id + ".tmp");
  fs::remove_all(staging);
  fs::remove_all(folder);  // left by a campaign whose record was never logged (a crash)
  fs::create_directories(staging);
  OutputFile items(staging / "items.csv");
  items.write(kStoredItemsHeader);
  std::uint64_t offset = kStoredItemsHeader.size();
  settings.store = [&](std::string_view reviewer, std::string_view rows, std::uint64_t count) {
    items.write(rows);
    record.reviewers.push_back({std::string(reviewer), offset, rows.size(), count});
    offset += rows.size();
    record.items += count;
  };
  CampaignOpened opened;
  opened.report = recertify(base, options.recert, settings, &opened.left_out);
  items.commit();  // fsync'd, renamed into place
  record.file_bytes = offset;
  fs::rename(staging, folder);
  sync_directory(folder.parent_path());

  LoggedBatch batch;
  batch.kind = LoggedBatch::Kind::kCampaign;
  batch.as_of = clock;
  batch.retention_days = retention_of(base);
  batch.record_json = encode_campaign_record(record);
  impl.log->append(encode_batch(batch));  // the campaign exists from here
  ++impl.log_records;
  impl.status.log_bytes = impl.log->size_bytes();
  impl.ledger.add(record);
  count_batch(impl.status, 0, "");
  impl.publish(impl.current());
  opened.campaign_id = record.campaign_id;
  return opened;
}

DecisionsApplied VersionedEngine::decide(const std::string& campaign_id, const std::string& decisions_csv,
                                         const std::string& source) {
  std::lock_guard lock(impl_->apply_mutex);
  impl_->require_writer("recert decide");
  Impl& impl = *impl_;
  const CampaignState* state = &open_campaign_state(impl.ledger, campaign_id);
  const std::vector<DecisionRow> rows = read_decision_rows(decisions_csv, source);
  const fs::path items_file = campaign_folder(*impl.paths, campaign_id) / "items.csv";

  // Only the queues the decisions name are read.
  std::set<std::string> queues;
  for (const DecisionRow& row : rows) {
    const auto moved = state->reassigned.find(row.item_id);
    queues.insert(moved != state->reassigned.end() ? moved->second.queue_of : row.reviewer_id);
  }
  const auto items = read_queues(items_file, state->record, &queues);
  std::optional<std::unordered_map<std::string, StoredItem>> all;  // read on the error path only

  const Engine base = impl.current();
  const Graph& g = state_of(base).graph;
  const Date clock = clock_of(base);
  ReviewRecord record;
  record.campaign_id = campaign_id;
  record.decided_on = clock;
  for (const DecisionRow& row : rows) {
    auto fail = [&](const std::string& column, const std::string& value, const std::string& reason) {
      throw InputError(source, row.line, column, value, "item \"" + row.item_id + "\": " + reason + "; nothing was recorded");
    };
    auto found = items.find(row.item_id);
    if (found == items.end()) {
      if (!all) all = read_queues(items_file, state->record, nullptr);
      const auto elsewhere = all->find(row.item_id);
      if (elsewhere == all->end()) fail("item_id", row.item_id, "no such item in campaign " + campaign_id);
      fail("reviewer_id", row.reviewer_id,
           "the item is in the queue of reviewer \"" + reviewer_now(*state, elsewhere->second) + "\"");
    }
    const StoredItem& item = found->second;
    const std::string& reviewer = reviewer_now(*state, item);
    if (row.reviewer_id != reviewer)
      fail("reviewer_id", row.reviewer_id, "the item is in the queue of reviewer \"" + reviewer + "\"");
    if (auto decided = state->decided.find(row.item_id); decided != state->decided.end())
      fail("item_id", row.item_id,
           "already decided (" + std::string(decision_kind_name(decided->second.kind)) + " by " +
               decided->second.reviewer_id + " on " + state->decided_on.at(row.item_id).to_string() + ")");
    DecisionRecord d = decision_on(item, row.kind, state->record, clock, *state_of(base).index);
    d.reviewer_id = row.reviewer_id;
    d.comment = row.comment;
    if (row.kind == DecisionKind::kReassign) {
      const auto to = g.identity_ids.find(row.reassign_to);
      if (!to) fail("decision", row.decision, "no identity \"" + row.reassign_to + "\" to reassign it to");
      if (g.identities[to->value].status == IdentityStatus::kTerminated)
        fail("decision", row.decision, "identity \"" + row.reassign_to + "\" has left (terminated)");
      if (row.reassign_to == item.identity_id) fail("decision", row.decision, "nobody reviews their own access");
      if (row.reassign_to == reviewer) fail("decision", row.decision, "the item is in that reviewer's queue already");
      d.reassign_to = row.reassign_to;
    }
    record.decisions.push_back(std::move(d));
  }
  return record_decisions(std::move(record), source);
}

// What decide and close share: the decisions applied through the lifecycle at the
// clock, logged as one record, then published.
DecisionsApplied VersionedEngine::record_decisions(ReviewRecord record, const std::string& source) {
  Impl& impl = *impl_;
  const Engine base = impl.current();
  const std::vector<HrEvent> events = review_events(record);
  LifecycleOptions options;
  options.as_of = record.decided_on;
  options.retention_days = retention_of(base);
  LifecycleRun run = events.empty() ? LifecycleRun{base, {}, {}, {}, {}, {}} : base.apply_events(events, options, source);
  // The risk model learns from what reviewers decide, as from decisions.csv.
  run.after = with_review_decisions(run.after, learnable_decisions(record, state_of(run.after).graph));

  LoggedBatch batch;
  batch.kind = LoggedBatch::Kind::kReview;
  batch.as_of = record.decided_on;
  batch.retention_days = options.retention_days;
  batch.record_json = encode_review_record(record);
  impl.log->append(encode_batch(batch));  // recorded from here
  ++impl.log_records;
  impl.status.log_bytes = impl.log->size_bytes();
  impl.ledger.add(record);
  impl.count(run, 0, "");
  impl.publish(run.after);

  DecisionsApplied applied;
  applied.campaign_id = record.campaign_id;
  for (const DecisionRecord& d : record.decisions) {
    applied.certified += d.kind == DecisionKind::kCertify;
    applied.revoked += d.kind == DecisionKind::kRevoke;
    applied.reassigned += d.kind == DecisionKind::kReassign;
    if (d.kind == DecisionKind::kRevoke && (!d.also_removed.empty() || !d.unapplied.empty()))
      applied.notes.push_back({d.item_id, d.identity_id, d.entitlement_id, d.also_removed, d.unapplied});
  }
  applied.version = impl.status.version;
  applied.plan = std::move(run.plan);
  applied.progress = progress_of(*impl.ledger.campaign(record.campaign_id));
  return applied;
}

DecisionsApplied VersionedEngine::close_campaign(const std::string& campaign_id, const fs::path& evidence_dir) {
  std::lock_guard lock(impl_->apply_mutex);
  impl_->require_writer("recert close");
  Impl& impl = *impl_;
  const CampaignState* state = &open_campaign_state(impl.ledger, campaign_id);
  const fs::path folder = campaign_folder(*impl.paths, campaign_id);
  const std::vector<StoredItem> items = read_all_items(folder / "items.csv", state->record);
  const Engine base = impl.current();
  const Date clock = clock_of(base);

  ReviewRecord record;
  record.campaign_id = campaign_id;
  record.decided_on = clock;
  record.closes = true;
  const std::string& fallback = state->record.close_default;
  if (fallback != "none")
    for (const StoredItem& item : items) {
      if (state->decided.count(item.item_id)) continue;
      DecisionRecord d = decision_on(item, fallback == "certify" ? DecisionKind::kCertify : DecisionKind::kRevoke,
                                     state->record, clock, *state_of(base).index);
      d.reviewer_id = reviewer_now(*state, item);
      d.comment = "undecided when the campaign closed: the policy's default (certification.close_default = " +
                  fallback + ")";
      d.by_default = true;
      record.decisions.push_back(std::move(d));
    }
  DecisionsApplied applied = record_decisions(std::move(record), "recert close");

  // evidence.csv: every item, with who decided what, when, and what it caused.
  const CampaignState& closed = *impl.ledger.campaign(campaign_id);
  std::string text =
      "item_id,kind,identity_id,account_id,entitlement_id,score,recommendation,reviewer_id,decision,comment,"
      "decided_at,certified_until,plan,decided_by\n";
  for (const StoredItem& item : items) {
    const auto decided = closed.decided.find(item.item_id);
    const std::string& reviewer = reviewer_now(closed, item);
    if (decided == closed.decided.end()) {
      append_human_csv_row(text, item.item_id, item.kind, item.identity_id, item.account_id, item.entitlement_id,
                           item.score, item.recommendation, reviewer, "none", "", "", "", "", "");
      continue;
    }
    const DecisionRecord& d = decided->second;
    append_human_csv_row(text, item.item_id, item.kind, item.identity_id, item.account_id, item.entitlement_id,
                         item.score, item.recommendation, d.reviewer_id, decision_kind_name(d.kind), d.comment,
                         closed.decided_on.at(item.item_id).to_string(),
                         d.certified_until.present() ? d.certified_until.to_string() : "", plan_text(d),
                         d.by_default ? "close_default" : "reviewer");
  }
  OutputFile evidence(folder / "evidence.csv");  // fsync'd: the auditors' copy
  evidence.write(text);
  evidence.commit();
  if (!evidence_dir.empty()) {
    fs::create_directories(evidence_dir);
    OutputFile copy(evidence_dir / "evidence.csv", OutputFile::Durability::kNoFsync);
    copy.write(text);
    copy.commit();
  }
  return applied;
}

CampaignProgress VersionedEngine::campaign_progress(const std::string& campaign_id) const {
  std::lock_guard lock(impl_->apply_mutex);
  const CampaignState* state = impl_->ledger.campaign(campaign_id);
  if (!state) throw NotFoundError("campaign", campaign_id);
  return progress_of(*state);
}

std::vector<CampaignProgress> VersionedEngine::campaigns() const {
  std::lock_guard lock(impl_->apply_mutex);
  std::vector<CampaignProgress> out;
  for (const auto& [id, state] : impl_->ledger.campaigns()) out.push_back(progress_of(state));
  return out;
}

}  // namespace accessgraph
