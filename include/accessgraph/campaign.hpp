#pragma once
// The review loop on a state directory (SPEC section 9, docs/review.md): a campaign
// stored with the state, reviewers' decisions in, revocations out through the
// lifecycle, certified-until, and the evidence auditors ask for.
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "accessgraph/lifecycle.hpp"
#include "accessgraph/risk.hpp"

namespace accessgraph {

struct CampaignOptions {
  RecertOptions recert;  // out_dir: where the queues and campaign.json are written
  // Micro-certification: only access that changed for identities touched by events
  // dated on or after this day (new access, and old access kept without justification).
  Date since;
};

struct CampaignOpened {
  std::string campaign_id;
  RecertReport report;
  std::uint64_t left_out = 0;  // certified and still valid, or (with since) unchanged
};

// One reviewer's progress in a campaign.
struct ReviewerProgress {
  std::string reviewer_id;
  std::uint64_t items = 0, decided = 0, certified = 0, revoked = 0, reassigned_away = 0, pending = 0;
};

struct CampaignProgress {
  std::string campaign_id, opened_on, since;
  bool closed = false;
  std::string closed_on;
  std::uint64_t items = 0, decided = 0, certified = 0, revoked = 0, reassigned = 0, pending = 0;
  std::vector<ReviewerProgress> reviewers;  // by reviewer id ("" = unrouted)
};

// A revocation beyond its own access: the memberships it removes give more, or the
// lifecycle cannot act (an orphan account belongs to no identity).
struct RevocationNote {
  std::string item_id, identity_id, entitlement_id;
  std::vector<std::string> also_removed;
  std::string unapplied;
};

// What one `recert decide` or `recert close` did.
struct DecisionsApplied {
  std::string campaign_id;
  std::uint64_t certified = 0, revoked = 0, reassigned = 0;
  std::uint64_t version = 0;        // the state version that holds them
  std::vector<PlanAction> plan;     // the revocations' provisioning actions
  std::vector<RevocationNote> notes;  // revocations that take more, or that the lifecycle cannot apply
  CampaignProgress progress;        // after
};

}  // namespace accessgraph
