#pragma once
// One reviewer's recertification queue (SPEC section 4 routing): the scored access
// routed to them, riskiest first, then by identity and entitlement as encoded CSV
// fields (the order of risk.csv and of the campaign's queue files). The server pages it.
#include <vector>

#include "engine/analysis/risk_model.hpp"

namespace accessgraph {

std::vector<ScoredAccess> reviewer_queue(const RiskModel& model, IdentityId reviewer);

}  // namespace accessgraph
