#pragma once
// recertify() with the settings only the engine gives: a campaign stored in a state
// directory (its id, the store of its items, what certifications leave out).
#include "accessgraph/batch.hpp"
#include "engine/report/recert_writer.hpp"

namespace accessgraph {

// `settings` supplies campaign_id, leave_out and store; the rest comes from `options`.
RecertReport recertify(const Engine& engine, const RecertOptions& options, CampaignSettings settings,
                       std::uint64_t* left_out = nullptr);

}  // namespace accessgraph
