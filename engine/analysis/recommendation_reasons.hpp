#pragma once
// A pair's recommendation in words, for the people who work a review queue (SPEC
// section 9; the `reasons` column of recert queues):
//   approve: justified by its roles; held by 82% of peers; used 12 days ago
//   revoke: terminated identity; unused for 214 days
// The first reasons are the ones that decided the recommendation (for review: what
// keeps it from approve, the weightiest first); the facts that support it follow.
#include <string>
#include <vector>

#include "engine/analysis/risk_factors.hpp"
#include "engine/analysis/risk_policy.hpp"

namespace accessgraph {

// "approve: justified by its roles; held by 82% of peers; used 12 days ago": the
// recommendation's name, ": ", and the reasons below joined by "; ". `score` is the
// pair's score (0..100) and `recommendation` what RiskModel::recommend said for it.
std::string recommendation_reasons(const RiskFactors& factors, double score, Recommendation recommendation,
                                   const RiskPolicy& policy);

// The same reasons as a list: short sentences, no trailing punctuation, never empty.
std::vector<std::string> recommendation_reason_list(const RiskFactors& factors, double score,
                                                    Recommendation recommendation, const RiskPolicy& policy);

}  // namespace accessgraph
