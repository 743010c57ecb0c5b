#pragma once
// The JSON form of query results (SPEC section 7 keys), shared by the CLI's --json and
// the HTTP server, so that both print exactly the same objects.
#include <nlohmann/json.hpp>
#include <vector>

#include "accessgraph/history.hpp"
#include "accessgraph/lifecycle.hpp"
#include "accessgraph/results.hpp"
#include "accessgraph/risk.hpp"

namespace accessgraph {

using Json = nlohmann::ordered_json;

Json to_json(const CheckResult& result);
Json to_json(const AccessResult& result);
Json to_json(const WhoHasResult& result);
Json to_json(const ExplainResult& result);
Json to_json(const GraphStats& stats);
Json to_json(const std::vector<Finding>& findings);
Json to_json(const WhatIfResult& result);
Json to_json(const ReorgResult& result);
Json to_json(const std::vector<RuleImpact>& impacts);
Json to_json(const HoldersBetween& result);
Json to_json(const AccessHistory& result);
Json to_json(const RequestRiskResult& result);
Json to_json(const RiskItem& item);  // one item of a reviewer's risk queue (a row of risk.csv)

}  // namespace accessgraph
