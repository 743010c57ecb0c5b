#pragma once
// A recommendation's reasons in words, for the people who work a review queue
// (SPEC section 9): "justified by its roles; held by 82% of peers; used 12 days ago".
#include <string>

#include "engine/analysis/risk_factors.hpp"
#include "engine/analysis/risk_policy.hpp"

namespace accessgraph {

// The facts that decided `recommendation` for a pair with these factors and score,
// most telling first, joined by "; ".
std::string recommendation_reasons(const RiskFactors& factors, double score, Recommendation recommendation,
                                   const RiskPolicy& policy);

}  // namespace accessgraph
