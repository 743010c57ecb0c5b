#pragma once
// A recertification campaign: one review queue per reviewer (DIR/queues/<reviewer>.csv)
// and a summary (DIR/campaign.json).
//
// Items: every scored access pair at or above the minimum score, routed like risk.csv;
// plus, routed to system owners, orphaned and dormant accounts, and non-human
// identities without an accountable owner (routed to the owners of the systems of
// their accounts). Each queue lists its items highest risk first, with the chain of
// accounts and groups that gives the access and the chain of roles that justifies it.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/common/progress.hpp"
#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

struct CampaignSettings {
  std::uint32_t max_items_per_reviewer = 0;  // 0 = no cap
  std::uint16_t min_score_centi = 0;         // access items below are left out
  std::string campaign_id;                   // names the campaign in item ids; empty for one not stored
  bool json = false;                         // queues as JSON Lines (queues/<reviewer>.jsonl)
  bool compress = false;                     // queues zstd-compressed (queues/<reviewer>.csv.zst)
  Progress* progress = nullptr;              // "risk_score" and "recert_write" (queues) phases; null: silent
  bool access_only = false;                  // no account or identity items (a micro-certification)
  // Access pairs left out (certified and still valid; unchanged since --since); null: none.
  std::function<bool(IdentityId, EntitlementId)> leave_out;
  // Receives each queue's items as stored rows (engine/report/campaign_items.hpp), one
  // call per queue, in queue order: the state directory's copy of the campaign.
  std::function<void(std::string_view reviewer_id, std::string_view rows, std::uint64_t items)> store;
};

struct CampaignCounts {
  std::uint64_t items = 0, deferred = 0, reviewers = 0, unrouted = 0, left_out = 0;
  double auto_approvable_share = 0;
  std::vector<std::pair<std::string, double>> timings_seconds;
};

CampaignCounts write_campaign(const RiskModel& model, const FindingsEvaluator& findings,
                              const CampaignSettings& settings, const std::filesystem::path& out_dir);

// A file name for a reviewer's queue that any file system accepts and no two
// reviewers share: the id itself when it is plain, else a cleaned id plus a hash.
std::string queue_file_name(std::string_view reviewer_id);

}  // namespace accessgraph
