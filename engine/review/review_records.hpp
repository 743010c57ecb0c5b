#pragma once
// The review loop's memory (SPEC section 9, docs/review.md): what the event log of a
// state directory records about campaigns, and the ledger those records add up to.
//
//   campaign record  a campaign opened by `recert --state`: its id, the date, the policy
//                    parts that later steps apply (certification windows, the close
//                    default), and where each reviewer's items lie in
//                    DIR/campaigns/ID/items.csv
//   review record    decisions of one `recert decide` (or `recert close`): each item's
//                    decision, reviewer and comment, its subject, and for a revocation
//                    the removals resolved when it was decided
//
// Both are log records like HR batches (fsync'd and acknowledged in the control file
// before the command reports success), so a decision is never lost. The ledger is
// rebuilt from every record of the log when a state opens: which items are decided,
// reassigned, which access is certified until when.
#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/common/date.hpp"
#include "core/graph/graph.hpp"
#include "core/schema/hr_event.hpp"

namespace accessgraph {

// Where one reviewer's items lie in items.csv.
struct ReviewerItems {
  std::string reviewer_id;  // empty: the unrouted items
  std::uint64_t offset = 0, bytes = 0, items = 0;
};

struct CampaignRecord {
  std::string campaign_id;
  Date opened_on;
  std::string since;                      // micro-certification: changes since this date; empty for a full campaign
  std::uint64_t items = 0, file_bytes = 0;
  std::vector<ReviewerItems> reviewers;  // in file order
  std::array<int, 3> certify_days{};     // certified-until windows by risk band: low, medium, high
  std::array<double, 2> band_limits{};   // score limits between the bands (low below the first)
  std::string close_default = "none";     // none, certify or revoke
};

enum class DecisionKind : std::uint8_t { kCertify, kRevoke, kReassign };
std::string_view decision_kind_name(DecisionKind kind);

struct DecisionRecord {
  std::string item_id;
  DecisionKind kind = DecisionKind::kCertify;
  std::string reassign_to;  // kReassign: the new reviewer
  std::string reviewer_id, comment;
  bool by_default = false;  // given by `recert close` (the policy's default), not by a reviewer
  // The item's subject, as stored with the campaign; `queue_of`: the reviewer whose
  // stored queue holds it (another than reviewer_id once it was reassigned).
  std::string queue_of;
  std::string item_kind, identity_id, account_id, entitlement_id;
  std::uint16_t score_centi = 0;
  Date certified_until;                  // kCertify
  std::vector<AccessRemoval> removals;   // kRevoke: what the lifecycle takes away
  std::vector<std::string> also_removed;  // kRevoke: other entitlements the identity loses with them
  std::string unapplied;                  // kRevoke: why nothing can be removed (e.g. an orphan account), if so
};

struct ReviewRecord {
  std::string campaign_id;
  Date decided_on;
  bool closes = false;  // written by `recert close`: the campaign takes no more decisions
  std::vector<DecisionRecord> decisions;
};

std::string encode_campaign_record(const CampaignRecord& record);
std::string encode_review_record(const ReviewRecord& record);
// Throw std::runtime_error on a malformed record (the caller names the log and record).
CampaignRecord decode_campaign_record(std::string_view json);
ReviewRecord decode_review_record(std::string_view json);

// The event id of a revocation: names the campaign and the item (unique for the state's life).
std::string review_event_id(std::string_view campaign_id, std::string_view item_id);
// The review_revoke events of a record: one per revocation with something to remove.
std::vector<HrEvent> review_events(const ReviewRecord& record);

// The record's reviewer decisions on access, for the risk model to learn from
// (Graph::decisions): certify and revoke by a reviewer; defaults given by `recert
// close` are no one's judgement and are left out, as are pairs the graph no longer names.
std::vector<ReviewDecision> learnable_decisions(const ReviewRecord& record, const Graph& graph);

struct CampaignState {
  CampaignRecord record;
  std::unordered_map<std::string, DecisionRecord> decided;   // by item id
  struct Reassignment {
    std::string to;        // the item's reviewer now
    std::string queue_of;  // whose stored queue holds it
  };
  std::unordered_map<std::string, Reassignment> reassigned;  // by item id
  std::unordered_map<std::string, Date> decided_on;          // by item id
  bool closed = false;
  Date closed_on;
};

class ReviewLedger {
 public:
  void add(const CampaignRecord& record);
  void add(const ReviewRecord& record);

  const CampaignState* campaign(std::string_view id) const;
  const std::map<std::string, CampaignState, std::less<>>& campaigns() const { return campaigns_; }
  // The date until which (identity, entitlement) is certified, if a decision certified it.
  std::optional<Date> certified_until(std::string_view identity, std::string_view entitlement) const;
  // A fresh campaign id for a campaign opened on `day`: c-YYYYMMDD-N.
  std::string next_campaign_id(Date day) const;

 private:
  std::map<std::string, CampaignState, std::less<>> campaigns_;
  std::unordered_map<std::string, Date> certified_;  // identity \x1f entitlement -> until
};

}  // namespace accessgraph
